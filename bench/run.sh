#!/usr/bin/env bash
# Measures Fediflow on this machine: startup to ready, idle RSS, webhook acceptance and processing.
# Usage: bench/run.sh [h2|postgres]   (PostgreSQL: the local server on 127.0.0.1:5432, user postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-h2}
[ -f target/fediflow.jar ] || mvn -B -q -DskipTests package
work=$(mktemp -d /tmp/fediflow-bench.XXXXXX)
port=18080
secret=bench-webhook-secret-0123
args=(--server.port=$port --fediflow.admin.password=bench-admin --fediflow.mastodon.webhook-secret=$secret
      --fediflow.bpmn.dir=$work/bpmn --logging.level.fediflow.diagram=warn)
if [ "$db" = postgres ]; then
  name=fediflow_bench_$$
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $name" postgres
  trap 'psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" postgres' EXIT
  args+=(--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$name --spring.datasource.username=postgres --spring.datasource.password=)
fi
mkdir -p "$work/bpmn" && cp bench/bench-report.bpmn "$work/bpmn/"

ready() {  # seconds from start to a 200 from /actuator/health
  local t0 now
  t0=$(date +%s.%N)
  until curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health"; do sleep 0.05; done
  now=$(date +%s.%N)
  echo "$now - $t0" | bc
}

echo "== $db: first start (schema created)"
(cd "$work" && java -jar "$OLDPWD/target/fediflow.jar" "${args[@]}" > "$work/app1.log" 2>&1 &)
echo "ready after $(ready) s"
pkill -f "fediflow.jar.*--server.port=$port" || true; sleep 3
echo "== $db: second start"
(cd "$work" && java -jar "$OLDPWD/target/fediflow.jar" "${args[@]}" > "$work/app2.log" 2>&1 &)
echo "ready after $(ready) s"
sleep 20
pid=$(pgrep -f "fediflow.jar.*--server.port=$port")
echo "idle RSS after 20 s: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"

echo "== burst: 20000 distinct report.created, 32 concurrent senders"
java bench/WebhookBench.java --url "http://127.0.0.1:$port" --secret $secret --admin admin:bench-admin \
  --mode burst --count 20000 --concurrency 32
echo "== burst with every delivery sent twice: 5000 distinct"
java bench/WebhookBench.java --url "http://127.0.0.1:$port" --secret $secret --admin admin:bench-admin \
  --mode burst --count 5000 --concurrency 32 --duplicates
echo "== steady 200/s for 30 s"
java bench/WebhookBench.java --url "http://127.0.0.1:$port" --secret $secret --admin admin:bench-admin \
  --mode rate --rate 200 --seconds 30
echo "RSS after load: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
kill "$pid"; sleep 3

echo "== acceptance alone: the same node with its dispatcher off (fediflow.inbox.threads=0)"
(cd "$work" && java -jar "$OLDPWD/target/fediflow.jar" "${args[@]}" --fediflow.inbox.threads=0 > "$work/app3.log" 2>&1 &)
echo "ready after $(ready) s"
java bench/WebhookBench.java --url "http://127.0.0.1:$port" --secret $secret --admin admin:bench-admin \
  --mode burst --count 20000 --concurrency 32 --no-wait
pkill -f "fediflow.jar.*--server.port=$port" || true
