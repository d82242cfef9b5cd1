package io.strata.service.metering;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.strata.service.BuildInfo;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What an operator watches about the process rather than the data: Micrometer's JVM and process
 * binders ({@code jvm_memory_*}, {@code jvm_gc_*}, {@code jvm_threads_*}, {@code jvm_classes_*},
 * {@code process_cpu_usage}, {@code process_files_open_files} against {@code
 * process_files_max_files}, {@code process_uptime_seconds}, ...), plus:
 *
 * <pre>
 * ddb_build_info                                gauge  version, java   always 1
 * ddb_tls_certificate_expiry_timestamp_seconds  gauge                  the API certificate's notAfter
 * </pre>
 *
 * The certificate gauge follows hot reloads: it reads the certificate being served at each scrape.
 * Closing stops the garbage-collection listener, which would otherwise outlive the registry.
 */
public final class ProcessMetrics implements AutoCloseable {
  private final JvmGcMetrics garbageCollection = new JvmGcMetrics();

  /**
   * @param certificateNotAfter the end of validity of the certificate the API serves now
   */
  public ProcessMetrics(MeterRegistry registry, Supplier<Instant> certificateNotAfter) {
    new JvmMemoryMetrics().bindTo(registry);
    garbageCollection.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("ddb.build.info", () -> 1)
        .description("The running build: its version and the Java runtime's")
        .tag("version", BuildInfo.VERSION)
        .tag("java", Runtime.version().toString())
        .register(registry);
    Gauge.builder(
            "ddb.tls.certificate.expiry.timestamp",
            certificateNotAfter,
            notAfter -> notAfter.get().getEpochSecond())
        .baseUnit("seconds")
        .description("When the certificate the API serves expires, in seconds since the epoch")
        // a gauge holds its object weakly, and nothing else holds this supplier
        .strongReference(true)
        .register(registry);
  }

  @Override
  public void close() {
    garbageCollection.close();
  }
}
