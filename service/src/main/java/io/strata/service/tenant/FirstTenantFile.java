package io.strata.service.tenant;

import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.WriteSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * On a member of a cluster, writes the first tenant's credentials ({@link FirstTenant}) into this
 * node's data directory once the write set that created the tenant reaches it, whichever node
 * evaluated it: the tenant is created once, by the leader, through the log, and an operator finds
 * its keys on every node. The secret comes from the tenant directory, which unseals it with the
 * master key every member shares. Runs on the writer thread, like every projection.
 */
public final class FirstTenantFile implements Projection {
  private final Path dataDirectory;
  private final TenantDirectory tenants;
  private boolean written;

  public FirstTenantFile(Path dataDirectory, TenantDirectory tenants) {
    this.dataDirectory = dataDirectory;
    this.tenants = tenants;
    this.written = Files.exists(dataDirectory.resolve(FirstTenant.FILE_NAME));
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    if (written || tenants.isEmpty()) {
      return;
    }
    TenantRecord first = tenants.tenants().get(0);
    List<AccessKeyRecord> keys = tenants.accessKeys(first.id());
    if (keys.isEmpty()) {
      return;
    }
    String accessKeyId = keys.get(0).accessKeyId();
    tenants
        .accessKey(accessKeyId)
        .ifPresent(
            key -> {
              FirstTenant.write(
                  dataDirectory, new Credentials(first.id(), accessKeyId, key.secretAccessKey()));
              written = true;
            });
  }
}
