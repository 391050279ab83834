#!/usr/bin/env bash
# Backup benchmark: a >= 1 GiB PostgreSQL database, `pg_dump -Fc > /dev/null` alone, then the same dump through
# Fediflow (age + SHA-256 + multipart upload into S3Mock) with the heap capped at 256 MiB; prints wall times and
# the peak heap seen by `jcmd GC.heap_info` once a second.
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

start=$(date +%s.%N); pg_dump -Fc --dbname="$PG/$DB" > /dev/null; end=$(date +%s.%N)
BARE=$(echo "$end - $start" | bc)
echo "bare pg_dump -Fc > /dev/null: ${BARE}s"

age-keygen -o "$WORK/key.txt" 2>/dev/null
RECIPIENT=$(grep -o 'age1[a-z0-9]*' "$WORK/key.txt" | head -n 1)
S3PORT=19191; FFPORT=18080
java -Xmx256m -jar target/s3mock/s3mock.jar --http.port=$S3PORT --server.port=0 \
  --com.adobe.testing.s3mock.store.initial-buckets=bench --com.adobe.testing.s3mock.store.root="$WORK/s3" \
  --com.adobe.testing.s3mock.max-payload-size=64MB > "$WORK/s3mock.log" 2>&1 &
S3PID=$!
(cd "$WORK" && exec java -Xmx256m -jar "$OLDPWD/target/fediflow.jar" --server.port=$FFPORT \
  --fediflow.admin.password=bench --fediflow.storage.endpoint=http://127.0.0.1:$S3PORT --fediflow.storage.bucket=bench \
  --fediflow.storage.key-id=k --fediflow.storage.application-key=s --fediflow.backup.recipients="$RECIPIENT" \
  --fediflow.backup.postgres.url="$PG/$DB" --fediflow.backup.redis.url=redis://127.0.0.1:6379 > "$WORK/fediflow.log" 2>&1) &
FFPID=$!
until curl -sf http://127.0.0.1:$FFPORT/actuator/health > /dev/null && curl -sf http://127.0.0.1:$S3PORT/ > /dev/null; do sleep 1; done
JPID=$(pgrep -f "fediflow.jar --server.port=$FFPORT" | head -n 1)
PEAK=0
start=$(date +%s.%N)
curl -sf -u admin:bench -H 'Content-Type: application/json' -d '{}' http://127.0.0.1:$FFPORT/api/definitions/backup/start > /dev/null
while true; do
  USED=$(jcmd "$JPID" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -n 1 | grep -oE '[0-9]+' || echo 0)
  [ "$USED" -gt "$PEAK" ] && PEAK=$USED
  STATUS=$(curl -sf -u admin:bench "http://127.0.0.1:$FFPORT/api/backups?limit=1" | grep -oE '"status":"[a-z]+"' | head -n 1 || true)
  case "$STATUS" in *complete*) [ "$STATUS" = '"status":"complete"' ] && break;; esac
  case "$STATUS" in *incomplete*) echo "backup failed: $(curl -s -u admin:bench http://127.0.0.1:$FFPORT/api/backups?limit=1)"; exit 1;; esac
  sleep 1
done
end=$(date +%s.%N)
RUN=$(curl -sf -u admin:bench "http://127.0.0.1:$FFPORT/api/backups?limit=1")
DUMPMS=$(echo "$RUN" | grep -oE '"postgres":\{[^}]*"durationMillis":[0-9]+' | grep -oE '[0-9]+$')
STORED=$(echo "$RUN" | grep -oE '"postgres":\{[^}]*"size":[0-9]+' | grep -oE '[0-9]+$')
WALL=$(echo "$end - $start" | bc)
echo "fediflow backup (start to manifest, incl. Redis and polling granularity 1 s): ${WALL}s"
echo "fediflow postgres step (pg_dump | age | sha256 | upload): $(echo "scale=2; $DUMPMS / 1000" | bc)s, stored $((STORED / 1024 / 1024)) MiB"
echo "ratio postgres step / bare dump: $(echo "scale=3; $DUMPMS / 1000 / $BARE" | bc)"
echo "peak heap used (sampled): $((PEAK / 1024)) MiB of -Xmx256m"
