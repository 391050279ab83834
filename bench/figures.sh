#!/usr/bin/env bash
# The published figures (bench/README.md), each beside its baseline, in one run on this machine.
# Usage: bench/figures.sh   (needs target/fediflow.jar and PostgreSQL on 127.0.0.1:5432, user postgres, trust)
# Prints one markdown table row per figure at the end; the full output of each step is in $work.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/fediflow.jar ] || mvn -B -q -DskipTests package
jar=$PWD/target/fediflow.jar
work=$(mktemp -d /tmp/fediflow-figures.XXXXXX)
secret=bench-webhook-secret-0123
burst=${BURST:-10000}
rows=()
row() { rows+=("| $1 | $2 | $3 |"); echo "  -> $1: $2 (baseline $3)"; }

ready() {  # seconds from now until $1/actuator/health answers 200
  local t0 now
  t0=$(date +%s.%N)
  until curl -fs -o /dev/null "$1/actuator/health"; do sleep 0.05; done
  now=$(date +%s.%N)
  printf '%.1f' "$(echo "$now - $t0" | bc)"
}
rss() { echo $(( $(ps -o rss= -p "$(pgrep -f "$1" | head -n 1)") / 1024 )); }
field() { grep -o "$2=[0-9.]*" "$1" | head -n 1 | cut -d= -f2; }
rate() { grep -o '[0-9]* requests/s' "$1" | head -n 1 | cut -d' ' -f1; }
processed() { grep -o '[0-9]* events/s' "$1" | head -n 1 | cut -d' ' -f1; }
bench() { java bench/WebhookBench.java --secret $secret "$@"; }

fediflow() {  # name port db-url [extra args]; starts a node in $work/$name
  local name=$1 port=$2 url=$3; shift 3
  mkdir -p "$work/$name/bpmn"; cp bench/bench-report.bpmn "$work/$name/bpmn/"
  local db=()
  [ -n "$url" ] && db=(--spring.datasource.url="$url" --spring.datasource.username=postgres --spring.datasource.password=)
  (cd "$work/$name" && exec java -jar "$jar" --server.port="$port" --fediflow.admin.password=bench-admin \
     --fediflow.mastodon.webhook-secret=$secret --fediflow.bpmn.dir="$work/$name/bpmn" "${db[@]}" "$@" \
     > "$work/$name/app.log" 2>&1 &)
}
stop() { pkill -f "$1" || true; sleep 3; }

echo "== baseline: the JDK's HTTP server answering 200 (bench/BareHttp.java)"
t0=$(date +%s.%N); (java bench/BareHttp.java 18090 > "$work/bare.log" 2>&1 &)
until curl -fs -o /dev/null http://127.0.0.1:18090/; do sleep 0.05; done
bare_start=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)"); sleep 20; bare_rss=$(rss "BareHttp.java 18090")
bench --url http://127.0.0.1:18090 --mode burst --count "$burst" --concurrency 32 --no-wait | tee "$work/bare-burst.txt"
bench --url http://127.0.0.1:18090 --mode rate --rate 200 --seconds 20 --no-wait | tee "$work/bare-steady.txt"
stop "BareHttp.java 18090"

echo "== one node, embedded H2 (the default)"
fediflow h2 18080 "" ; ready http://127.0.0.1:18080 > /dev/null; stop "server.port=18080"
fediflow h2 18080 ""; h2_start=$(ready http://127.0.0.1:18080); sleep 20; h2_rss=$(rss "server.port=18080")
bench --url http://127.0.0.1:18080 --admin admin:bench-admin --mode burst --count "$burst" --concurrency 32 | tee "$work/h2-burst.txt"
bench --url http://127.0.0.1:18080 --admin admin:bench-admin --mode rate --rate 200 --seconds 20 | tee "$work/h2-steady.txt"
stop "server.port=18080"

db=fediflow_figures_$$
psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" postgres
trap 'pkill -f "server.port=1808" || true; psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres' EXIT
pg=jdbc:postgresql://127.0.0.1:5432/$db
echo "== one node, PostgreSQL"
fediflow pg1 18080 "$pg"; ready http://127.0.0.1:18080 > /dev/null
bench --url http://127.0.0.1:18080 --admin admin:bench-admin --mode burst --count "$burst" --concurrency 32 | tee "$work/pg1-burst.txt"
bench --url http://127.0.0.1:18080 --admin admin:bench-admin --mode rate --rate 200 --seconds 20 | tee "$work/pg1-steady.txt"
echo "== two nodes, PostgreSQL (the same database), requests spread over both"
fediflow pg2 18081 "$pg"; ready http://127.0.0.1:18081 > /dev/null
both=http://127.0.0.1:18080,http://127.0.0.1:18081
bench --url $both --admin admin:bench-admin --mode burst --count "$burst" --concurrency 32 | tee "$work/pg2-burst.txt"
bench --url $both --admin admin:bench-admin --mode rate --rate 200 --seconds 20 | tee "$work/pg2-steady.txt"
stop "server.port=1808"

echo "== report to Slack, shipped diagram, H2, 20 reports/s for 60 s"
bench/reports.sh 20 60 | tee "$work/reports.txt"

row "startup to ready (s)" "$h2_start" "$bare_start"
row "idle RSS after 20 s (MiB)" "$h2_rss" "$bare_rss"
for setup in h2 pg1 pg2; do
  row "$setup: accepted/s, burst of $burst (32 senders)" "$(rate "$work/$setup-burst.txt")" "$(rate "$work/bare-burst.txt")"
  row "$setup: processed/s (run started, step done)" "$(processed "$work/$setup-burst.txt")" "—"
  row "$setup: accept latency at 200/s, p50 / p99 (ms)" \
      "$(field "$work/$setup-steady.txt" p50) / $(field "$work/$setup-steady.txt" p99)" \
      "$(field "$work/bare-steady.txt" p50) / $(field "$work/bare-steady.txt" p99)"
done
row "report → Slack at 20/s, p50 / p99 (ms)" \
    "$(grep 'webhook ->' "$work/reports.txt" | grep -o 'p50=[0-9]*' | cut -d= -f2) / $(grep 'webhook ->' "$work/reports.txt" | grep -o 'p99=[0-9]*' | cut -d= -f2)" \
    "$(grep baseline "$work/reports.txt" | grep -o 'p50=[0-9.]*' | cut -d= -f2) / $(grep baseline "$work/reports.txt" | grep -o 'p99=[0-9.]*' | cut -d= -f2)"

echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(java -version 2>&1 | head -n 1), $(psql --version)"
echo "| figure | Fediflow | baseline |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"
