#!/usr/bin/env bash
# Backup benchmark: a >= 1 GiB PostgreSQL database, `pg_dump -Fc > /dev/null` alone, then the same dump through
# Fediflow (age + SHA-256 + multipart upload into S3Mock) with the heap capped at 256 MiB, twice (the first backup
# after a start, and the next one, as every 6 hours on a node that stays up), then the bare dump again (the ratios are
# against the mean of the two bare dumps); prints wall times (and how long pg_dump itself ran within the step), the
# CPU time of Fediflow and S3Mock, and the peak heap used as Fediflow's own Prometheus metrics show it once a second
# (a `jcmd` a second would start a JVM a second on the same two cores and slow the dump it measures).
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
PEAK=0
# backup LABEL: one backup through the API, timed until its manifest; prints its figures
backup() {
  local ffcpu0 s3cpu0 start end id status used run dumpms stored watcher
  ffcpu0=$(cpu "$FFPID"); s3cpu0=$(cpu "$S3PID")
  start=$(date +%s.%N)
  # When pg_dump exits (the step goes on with the last part, the multipart completion and the check): its PID once,
  # then `kill -0` five times a second.
  (pid=""; until pid=$(pgrep -f -- "pg_dump --format=custom"); do sleep 0.2; done
   first=$(date +%s.%N); while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
   echo "$(date +%s.%N) - $first" | bc > "$WORK/$1.pgdump") &
  watcher=$!
  id=$(curl -sf -u admin:bench -H 'Content-Type: application/json' -d '{}' http://127.0.0.1:$FFPORT/api/definitions/backup/start \
    | grep -oE '"id":"[^"]+"' | cut -d'"' -f4)
  while true; do
    used=$(curl -sf -H 'Authorization: Bearer bench-metrics' http://127.0.0.1:$FFPORT/actuator/prometheus \
      | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { sum += $NF } END { printf "%d", sum / 1024 }')
    [ "$used" -gt "$PEAK" ] && PEAK=$used
    status=$(curl -sf -u admin:bench "http://127.0.0.1:$FFPORT/api/backups?limit=5" \
      | grep -oE "\"runId\":\"$id\"[^}]*\"status\":\"[a-z]+\"" | grep -oE '"status":"[a-z]+"' || true)
    [ "$status" = '"status":"complete"' ] && break
    [ "$status" = '"status":"incomplete"' ] && { kill "$watcher" 2>/dev/null
      echo "backup failed: $(curl -s -u admin:bench "http://127.0.0.1:$FFPORT/api/backups?limit=5" | grep -oE "\"runId\":\"$id\"[^}]*")"; exit 1; }
    sleep 1
  done
  end=$(date +%s.%N)
  run=$(curl -sf -u admin:bench "http://127.0.0.1:$FFPORT/api/backups?limit=5" | grep -oE "\"runId\":\"$id\".*")
  dumpms=$(echo "$run" | grep -oE '"postgres":\{[^}]*"durationMillis":[0-9]+' | head -n 1 | grep -oE '[0-9]+$')
  stored=$(echo "$run" | grep -oE '"postgres":\{[^}]*"size":[0-9]+' | head -n 1 | grep -oE '[0-9]+$')
  wait "$watcher"
  echo "$1: whole backup (start to manifest, with the Redis snapshot, 1 s polling) $(echo "$end - $start" | bc)s;" \
    "postgres step (pg_dump | age | sha256 | upload) $(echo "scale=2; $dumpms / 1000" | bc)s, stored $((stored / 1024 / 1024)) MiB," \
    "pg_dump itself ran $(printf '%.1f' "$(cat "$WORK/$1.pgdump")")s (the rest: last part, multipart completion, metadata copy, check);" \
    "CPU seconds: Fediflow's JVM $(echo "$(cpu "$FFPID") - $ffcpu0" | bc) (age, SHA-256, upload, its own polling)," \
    "S3Mock $(echo "$(cpu "$S3PID") - $s3cpu0" | bc) (receiving, hashing, writing, the copy for the metadata)"
  echo "$dumpms" > "$WORK/$1.ms"
}
# The first backup after a start compiles its own code (age, SHA-256, the upload) as it goes, and so does S3Mock;
# a node up for days has run one every 6 hours before, which the second backup stands for.
backup first
backup second
kill $FFPID $S3PID 2>/dev/null || true; wait $FFPID $S3PID 2>/dev/null || true
BARE2=$(bare)
echo "bare pg_dump -Fc > /dev/null, again after Fediflow's: ${BARE2}s"
BARE=$(echo "scale=3; ($BARE1 + $BARE2) / 2" | bc)
for which in first second; do
  echo "ratio postgres step / bare dump (mean ${BARE}s), $which backup: $(echo "scale=3; $(cat "$WORK/$which.ms") / 1000 / $BARE" | bc)" \
    "(pg_dump's own run inside it: $(echo "scale=3; $(cat "$WORK/$which.pgdump") / $BARE" | bc))"
done
echo "peak heap used over both (Prometheus jvm_memory_used_bytes, area heap, once a second): $((PEAK / 1024)) MiB of -Xmx256m"
