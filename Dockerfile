# Strata's container image: `docker build -t strata:0.1.0 .` at the repository root.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests package -pl service -am

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 strata \
 && useradd --system --uid 10001 --gid strata --home-dir /data strata \
 && mkdir -p /data /opt/strata \
 && chown strata:strata /data
COPY --from=build /src/service/target/strata-service.jar /opt/strata/strata-service.jar
COPY --from=build /src/service/target/lib/ /opt/strata/lib/
COPY k8s/image/strata /usr/local/bin/strata
ENV STRATA_DATA_DIR=/data
USER strata
WORKDIR /data
VOLUME /data
EXPOSE 8443 8444 9464
ENTRYPOINT ["/usr/local/bin/strata"]
