# syntax=docker/dockerfile:1
# Strata's image: build the service with the Maven wrapper, then run it on a JRE as a non-root
# user. Build from the repository root:  docker build -t strata .
# The Helm chart in k8s/ runs this image; k8s/README.md has the details.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
# The whole tree (minus .dockerignore): the root pom lists every module, and Maven reads all of
# their poms even when it builds only the service and what it depends on.
COPY . .
# The cache mount keeps ~/.m2 between builds, so a source change does not download Maven Central.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package -pl service -am

FROM eclipse-temurin:17-jre
# A fixed numeric uid/gid: Kubernetes can verify runAsNonRoot only against a number, and the chart's
# fsGroup (10001) makes the data volume writable by it.
RUN groupadd --system --gid 10001 strata \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home strata \
    && mkdir /data \
    && chown 10001:10001 /data
# The same jar and runtime classpath the ./strata launcher runs.
COPY --from=build /workspace/service/target/strata-service.jar /app/strata-service.jar
COPY --from=build /workspace/service/target/lib/ /app/lib/
ENV STRATA_DATA_DIR=/data
VOLUME /data
WORKDIR /data
USER 10001:10001
EXPOSE 8443 8444 9464
# The --add-opens flags are the ones ./strata passes: lmdbjava reads ByteBuffer addresses directly.
# JVM options go in JAVA_TOOL_OPTIONS (the chart sets it from jvmOptions).
ENTRYPOINT ["java", \
  "--add-opens", "java.base/java.nio=ALL-UNNAMED", \
  "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", \
  "-cp", "/app/strata-service.jar:/app/lib/*", \
  "io.strata.service.Main"]
