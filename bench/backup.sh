#!/usr/bin/env bash
# Backup benchmark: a >= 1 GiB PostgreSQL database, `pg_dump -Fc > /dev/null` alone, then the same dump through
# Fediflow (age + SHA-256 + multipart upload into S3Mock) with the heap capped at 256 MiB, then the bare dump again
# (the ratio is against the mean of the two bare dumps); prints wall times, the CPU time of Fediflow and S3Mock, and
# the peak heap used as Fediflow's own Prometheus metrics show it once a second (a `jcmd` a second would start a JVM
# a second on the same two cores and slow the dump it measures).
# BENCH_JAVA: the java that runs Fediflow (default: java on the PATH; the Dockerfile's image runs Java 25).
# Needs: the built jar (mvn -B -DskipTests package), PostgreSQL on 127.0.0.1:5432 (trust, user postgres), Redis,
# age, and S3Mock's exec jar in target/s3mock (mvn -B test-compile puts it there).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${BENCH_DB:-fediflow_bench}
ROWS=${BENCH_ROWS:-7000000}
PG=postgresql://postgres@127.0.0.1:5432
WORK=$(mktemp -d)
trap 'kill $S3PID $FFPID 2>/dev/null || true; wait 2>/dev/null; rm -rf "$WORK"' EXIT

if ! psql -qtA "$PG/postgres" -c "select 1 from pg_database where datname='$DB'" | grep -q 1; then
  echo "building $DB ($ROWS rows)"
  psql -q "$PG/postgres" -c "create database $DB"
  psql -q "$PG/$DB" -c "create table accounts (id bigint primary key, username text, note text, created_at timestamptz)"
  psql -q "$PG/$DB" -c "insert into accounts select g, 'user' || g, md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text), now() - g * interval '1 second' from generate_series(1, $ROWS) g"
fi
SIZE=$(psql -qtA "$PG/$DB" -c "select pg_database_size('$DB')")
echo "database size: $((SIZE / 1024 / 1024)) MiB"

# CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"; }

bare() { local start end; start=$(date +%s.%N); pg_dump -Fc --dbname="$PG/$DB" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
BARE1=$(bare)
echo "bare pg_dump -Fc > /dev/null: ${BARE1}s"

age-keygen -o "$WORK/key.txt" 2>/dev/null
RECIPIENT=$(grep -o 'age1[a-z0-9]*' "$WORK/key.txt" | head -n 1)
S3PORT=19191; FFPORT=18080
java -Xmx256m -jar target/s3mock/s3mock.jar --http.port=$S3PORT --server.port=0 \
  --com.adobe.testing.s3mock.store.initial-buckets=bench --com.adobe.testing.s3mock.store.root="$WORK/s3" \
  --com.adobe.testing.s3mock.max-payload-size=64MB > "$WORK/s3mock.log" 2>&1 &
S3PID=$!
(cd "$WORK" && exec "${BENCH_JAVA:-java}" -Xmx256m -jar "$OLDPWD/target/fediflow.jar" --server.port=$FFPORT \
  --fediflow.admin.password=bench --fediflow.metrics.token=bench-metrics --fediflow.storage.endpoint=http://127.0.0.1:$S3PORT --fediflow.storage.bucket=bench \
  --fediflow.storage.key-id=k --fediflow.storage.application-key=s --fediflow.backup.recipients="$RECIPIENT" \
  --fediflow.backup.postgres.url="$PG/$DB" --fediflow.backup.redis.url=redis://127.0.0.1:6379 > "$WORK/fediflow.log" 2>&1) &
FFPID=$!
until curl -sf http://127.0.0.1:$FFPORT/actuator/health > /dev/null && curl -sf http://127.0.0.1:$S3PORT/ > /dev/null; do
  kill -0 $FFPID 2>/dev/null || { echo "Fediflow did not start:"; tail -n 20 "$WORK/fediflow.log"; exit 1; }
  sleep 1
done
# A scheduled backup finds the node up for hours: let the JIT finish compiling the start's own code first (measured:
# C1/C2 used 8.3 CPU seconds over a backup started at once, 7.0 s after 60 s of settling: the rest is the backup's own
# code being compiled, which a real backup pays too).
sleep "${SETTLE_SECONDS:-60}"
# Both JVMs are the processes started above ($FFPID: the subshell execs java).
FFCPU0=$(cpu "$FFPID"); S3CPU0=$(cpu "$S3PID")
PEAK=0
start=$(date +%s.%N)
curl -sf -u admin:bench -H 'Content-Type: application/json' -d '{}' http://127.0.0.1:$FFPORT/api/definitions/backup/start > /dev/null
while true; do
  USED=$(curl -sf -H 'Authorization: Bearer bench-metrics' http://127.0.0.1:$FFPORT/actuator/prometheus \
    | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { sum += $NF } END { printf "%d", sum / 1024 }')
  [ "$USED" -gt "$PEAK" ] && PEAK=$USED
  STATUS=$(curl -sf -u admin:bench "http://127.0.0.1:$FFPORT/api/backups?limit=1" | grep -oE '"status":"[a-z]+"' | head -n 1 || true)
  case "$STATUS" in *complete*) [ "$STATUS" = '"status":"complete"' ] && break;; esac
  case "$STATUS" in *incomplete*) echo "backup failed: $(curl -s -u admin:bench http://127.0.0.1:$FFPORT/api/backups?limit=1)"; exit 1;; esac
  sleep 1
done
end=$(date +%s.%N)
FFCPU=$(echo "$(cpu "$FFPID") - $FFCPU0" | bc); S3CPU=$(echo "$(cpu "$S3PID") - $S3CPU0" | bc)
RUN=$(curl -sf -u admin:bench "http://127.0.0.1:$FFPORT/api/backups?limit=1")
DUMPMS=$(echo "$RUN" | grep -oE '"postgres":\{[^}]*"durationMillis":[0-9]+' | grep -oE '[0-9]+$')
STORED=$(echo "$RUN" | grep -oE '"postgres":\{[^}]*"size":[0-9]+' | grep -oE '[0-9]+$')
WALL=$(echo "$end - $start" | bc)
kill $FFPID $S3PID 2>/dev/null || true; wait $FFPID $S3PID 2>/dev/null || true
BARE2=$(bare)
echo "bare pg_dump -Fc > /dev/null, again after Fediflow's: ${BARE2}s"
BARE=$(echo "scale=3; ($BARE1 + $BARE2) / 2" | bc)
echo "fediflow backup (start to manifest, incl. Redis and polling granularity 1 s): ${WALL}s"
echo "fediflow postgres step (pg_dump | age | sha256 | upload): $(echo "scale=2; $DUMPMS / 1000" | bc)s, stored $((STORED / 1024 / 1024)) MiB"
echo "ratio postgres step / bare dump (mean ${BARE}s): $(echo "scale=3; $DUMPMS / 1000 / $BARE" | bc)"
echo "CPU seconds over the whole backup run: Fediflow's JVM ${FFCPU}s (age, SHA-256, upload, and its own polling), S3Mock ${S3CPU}s (receiving, hashing, writing, the copy for the metadata)"
echo "peak heap used (Prometheus jvm_memory_used_bytes, area heap, once a second): $((PEAK / 1024)) MiB of -Xmx256m"
