# syntax=docker/dockerfile:1
#
# The WindowOps image: one fat jar, any service or the CLI.
#   docker build -t windowops:local .
#   docker run --rm windowops:local service scheduler   # needs KAFKA_BOOTSTRAP_SERVERS etc.
# docker-compose.yml builds it and runs the four services; deploy/README.md explains.

# ---- build: the fat jar launcher/target/windowops.jar --------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# .dockerignore keeps target/, .git and local state out of the context.
COPY . .
# The cache mount keeps downloaded dependencies between builds (BuildKit, the default
# builder of Docker Engine 23 and later). .mvn/maven.config applies .mvn/settings.xml.
RUN --mount=type=cache,target=/root/.m2/repository \
    mvn -B -DskipTests package -pl launcher -am

# ---- runtime -------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# A fixed, unprivileged uid/gid (not the base image's uid 1000 "ubuntu" user).
RUN groupadd --system --gid 10001 windowops \
 && useradd --system --uid 10001 --gid windowops \
      --home-dir /var/lib/windowops --create-home --shell /usr/sbin/nologin windowops

COPY --from=build /src/launcher/target/windowops.jar /app/windowops.jar

# Writable working directory (local mode keeps its data under ./.windowops).
WORKDIR /var/lib/windowops
USER 10001:10001

ENV HTTP_PORT=8080 \
    WINDOWOPS_LOG_FORMAT=json
EXPOSE 8080

# Ready when /health/ready answers 2xx; bash's /dev/tcp, no curl needed.
# docker-compose.yml defines the same check for each service.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HTTP_PORT:-8080} && printf 'GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r -t 4 _ status _ <&3 && [[ $status == 2?? ]]"]

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/windowops.jar"]
