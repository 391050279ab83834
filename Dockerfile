# Fediflow from a fresh checkout: `docker compose up --build` (or `docker build .`) is the whole install.
# Three stages: the console's front end (Node), the jar (Maven), and the runtime image (JRE plus the programs backups
# run: pg_dump, redis-cli, rclone, age).

# ---- the console's front end, bundled by esbuild from the lock file --------------------------------------------------
FROM node:22-bookworm-slim AS console
WORKDIR /build/src/main/frontend
COPY src/main/frontend/package.json src/main/frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY src/main/frontend/ ./
RUN FEDIFLOW_ASSETS_DIR=/build/assets npm run build

# ---- the jar ----------------------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS jar
WORKDIR /build
# Dependencies first, so a source change does not download them again (a warm-up only: package fetches the rest).
COPY pom.xml ./
RUN mvn -B -q -Dexec.skip=true dependency:go-offline || true
COPY src/ src/
COPY bpmn/ bpmn/
COPY connectors/ connectors/
COPY --from=console /build/assets target/classes/static/assets
# The front end is built above; no tests and no test-only downloads here (mvn verify runs them in CI).
RUN mvn -B -q -Dmaven.test.skip=true -Dmdep.skip=true -Dexec.skip=true package

# ---- the runtime ------------------------------------------------------------------------------------------------------
# Java 25 at run time (the jar is built for 17 and runs on either): its AOT cache starts Fediflow faster than Java 17's
# CDS archive did (bench/figures.sh, "the Dockerfile's way").
FROM eclipse-temurin:25-jre
# pg_dump from PostgreSQL's own repository: the newest client dumps every older server (Mastodon's supported majors
# included), so one major is enough. Ubuntu's redis-tools, rclone and age; curl for the health check.
ARG PG_CLIENT_MAJOR=18
RUN apt-get update -q \
 && apt-get install -y -q --no-install-recommends ca-certificates curl gnupg \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && . /etc/os-release \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update -q \
 && apt-get install -y -q --no-install-recommends postgresql-client-${PG_CLIENT_MAJOR} redis-tools rclone age openssh-client \
 && apt-get purge -y -q gnupg && apt-get autoremove -y -q && rm -rf /var/lib/apt/lists/*

COPY --from=jar /build/target/fediflow.jar /tmp/fediflow.jar
# Start faster: the jar unpacked into plain jars, and an AOT cache (JEP 483/514: classes loaded and linked, method
# profiles) recorded by one training start on an in-memory database, stopped once it answers its health check: the
# cache then holds what the whole start loads, the web server's and the engine's start included (stopping at the
# context's refresh left those out; a start with the cache is about 0.3 s faster this way, bench/README.md). The cache
# is only used with the class path and the JVM options it was recorded with, so the training start names the jar by
# the same absolute path and the same options as the ENTRYPOINT. Both start from the bean definitions the jar's build
# wrote as code, as every packaged start does (src/main/java/org/fediflow/BuildTimeBeans.java).
RUN java -Djarmode=tools -jar /tmp/fediflow.jar extract --destination /opt/fediflow && rm /tmp/fediflow.jar
RUN java -XX:AOTCacheOutput=/opt/fediflow/fediflow.aot -XX:+UseSerialGC -Xss512k -jar /opt/fediflow/fediflow.jar \
      --server.port=18080 --spring.datasource.url=jdbc:h2:mem:training --fediflow.bpmn.dir=/tmp/training-bpmn \
      --fediflow.admin.password=training-only & \
    pid=$!; up=; \
    for i in $(seq 300); do \
      if curl -fs -o /dev/null http://127.0.0.1:18080/actuator/health; then up=1; break; fi; \
      kill -0 $pid 2> /dev/null || break; sleep 1; \
    done; \
    kill $pid 2> /dev/null; wait $pid; rm -rf /tmp/training-bpmn; \
    [ -n "$up" ] && [ -s /opt/fediflow/fediflow.aot ]

# Not root: Fediflow owns only its data folder (the H2 database when no PostgreSQL is set, the operator's diagrams
# in data/bpmn) and reads the optional config/application.yml.
RUN useradd --system --uid 10001 --home-dir /srv/fediflow --shell /usr/sbin/nologin fediflow \
 && install -d -o fediflow -g fediflow /srv/fediflow /srv/fediflow/data /srv/fediflow/config
WORKDIR /srv/fediflow
USER fediflow
VOLUME /srv/fediflow/data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=4 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-XX:AOTCache=/opt/fediflow/fediflow.aot", "-XX:+UseSerialGC", "-Xss512k", "-jar", "/opt/fediflow/fediflow.jar"]
