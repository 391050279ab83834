#!/usr/bin/env bash
# Issue #18's target table in one run on this machine: the code at filing (commit 66feeac) and this code, each figure
# beside the bare JDK HTTP server (bench/BareHttp.java, with sun.net.httpserver.nodelay=true) as the floor.
#
# Usage: bench/figures.sh        needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), Maven, git;
#                                about 30 minutes on 2 cores. Prints one markdown table at the end; each step's
#                                full output is kept in the work folder it names.
# Builds target/fediflow.jar from this checkout (SKIP_BUILD=1 uses the one there), and the code at filing once into
# $FILING_CACHE (default /tmp/fediflow-bench-cache/<commit>/fediflow.jar) from a git worktree of that commit.
# Smaller runs: BURST_SECONDS (20), REPORT_RATE (20), REPORT_SECONDS (60), WAITING (3000), PROBE (100); a part of
# the run: JARS="new" and/or PHASES="floor start docker burst reports waiting" (each list a subset).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
filing_commit=${FILING_COMMIT:-66feeac}
cache=${FILING_CACHE:-/tmp/fediflow-bench-cache}/$filing_commit
burst_seconds=${BURST_SECONDS:-20}
report_rate=${REPORT_RATE:-20}; report_seconds=${REPORT_SECONDS:-60}
waiting=${WAITING:-3000}; probe=${PROBE:-100}
java17=${JAVA17:-$(command -v java)}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
work=$(mktemp -d /tmp/fediflow-figures.XXXXXX)
secret=bench-webhook-secret-0123
port=18180; slack=18199; bare_port=18190; train_port=18181
jars=${JARS:-filing new}; phases=${PHASES:-floor start docker burst reports waiting}
phase() { [[ " $phases " == *" $1 "* ]]; }
# A process left listening on one of the ports (an earlier run's node, say) would answer the health checks and be
# measured in place of the jar under test: stop before measuring anything.
for p in $port $slack $bare_port $train_port; do
  if (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null; then
    echo "port $p is already in use on 127.0.0.1: stop what listens there first"; rmdir "$work"; exit 1
  fi
done
echo "work folder: $work"

# ---- the two jars ------------------------------------------------------------------------------------------------------
mkdir -p "$work/jars"
if [ -n "${NEW_JAR:-}" ]; then cp "$NEW_JAR" "$work/jars/new.jar"; else   # NEW_JAR: a jar built before
  if [ -z "${SKIP_BUILD:-}" ] || [ ! -f target/fediflow.jar ]; then mvn -B -q -DskipTests package; fi
  cp target/fediflow.jar "$work/jars/new.jar"   # a rebuild during the run does not change what is measured
fi
if [ ! -f "$cache/fediflow.jar" ]; then
  echo "== building the code at filing ($filing_commit) into $cache"
  mkdir -p "$cache"; rm -rf "$cache/src"
  git worktree add --detach "$cache/src" "$filing_commit" > /dev/null
  (cd "$cache/src" && mvn -B -q -DskipTests package) && cp "$cache/src/target/fediflow.jar" "$cache/fediflow.jar"
  git worktree remove --force "$cache/src"
fi
cp "$cache/fediflow.jar" "$work/jars/filing.jar"
git show "$filing_commit:bpmn/report-to-moderators.bpmn" > "$work/jars/filing-report-to-moderators.bpmn"
cp bpmn/report-to-moderators.bpmn "$work/jars/new-report-to-moderators.bpmn"

# ---- helpers -----------------------------------------------------------------------------------------------------------
declare -A fig
pid=
launch() {  # folder log command…: starts it in the background in that folder; $pid is its process id
  local dir=$1 log=$2; shift 2
  mkdir -p "$dir"
  (cd "$dir" && exec "$@" > "$log" 2>&1) &
  pid=$!
}
halt() {  # pid: stops a process this script started, and waits for it to end
  kill "$1" 2> /dev/null || true
  for _ in $(seq 300); do kill -0 "$1" 2> /dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2> /dev/null || true
}
started=()
trap 'for p in "${started[@]}"; do kill "$p" 2> /dev/null || true; done; for d in "${dbs[@]}"; do psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" postgres > /dev/null 2>&1 || true; done' EXIT
dbs=()
ready() {  # t0 url: seconds from t0 until url answers 200 (gives up after 15 minutes or when $pid ended)
  local t0=$1 url=$2
  until curl -fs -o /dev/null "$url"; do
    kill -0 "$pid" 2> /dev/null || { echo "FAILED"; return 0; }
    (( $(echo "$(date +%s.%N) - $t0 > 900" | bc) )) && { echo "TIMEOUT"; return 0; }
    sleep 0.05
  done
  printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)"
}
rss() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }
rate() { grep -o '[0-9]* requests/s' "$1" | head -n 1 | cut -d' ' -f1; }
processed() { grep -o '[0-9]* events/s' "$1" | head -n 1 | cut -d' ' -f1; }
newdb() { db=fediflow_figures_$$_$1; psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" postgres; dbs+=("$db"); }  # sets $db
pgargs() { echo "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$1 --spring.datasource.username=postgres --spring.datasource.password="; }
webhook() { "$java17" bench/WebhookBench.java --secret $secret "$@"; }
phases() {  # log: where a start's time went, from the log's own timestamps (seconds since the JVM's first line)
  local log=$1 t0 line
  t0=$(date -d "$(grep -m 1 '^20[0-9][0-9]-' "$log" | cut -c1-23)" +%s.%N)
  for line in "Starting.*FediflowApplication" "Tomcat initialized" "HikariPool-1 - Starting" "Creating thread pool queue" \
              "ProcessEngine default created" "Global AuthenticationManager" "Tomcat started" "Started FediflowApplication"; do
    local at; at=$(grep -m 1 "$line" "$log" | cut -c1-23 || true)  # a step this start did not log is left out
    [ -n "$at" ] && printf '  %6.1f s  %s\n' "$(echo "$(date -d "$at" +%s.%N) - $t0" | bc)" "$line"
  done
  grep -o 'process running for [0-9.]*' "$log" | head -n 1 | sed 's/^/  JVM: /'
  return 0
}

fediflow() {  # which folder [args…]: Fediflow `which` (filing|new) with java -jar, in folder, on $port; $pid
  local which=$1 dir=$2; shift 2
  mkdir -p "$dir/bpmn"
  [ -f "$dir/bpmn/bench-report.bpmn" ] || [ -n "${NO_BENCH_DIAGRAM:-}" ] || cp bench/bench-report.bpmn "$dir/bpmn/"
  launch "$dir" "$dir/app.log" "$java17" -jar "$work/jars/$which.jar" --server.port=$port \
    --fediflow.admin.password=bench-admin --fediflow.mastodon.webhook-secret=$secret --fediflow.bpmn.dir="$dir/bpmn" "$@"
  started+=("$pid")
}
# The new code deploys the shipped diagrams from the jar (the code at filing did not): the webhook benchmarks turn
# that off, so that both jars run the same one diagram for each report.created.
only_bench() { [ "$1" = new ] && echo "--fediflow.bpmn.shipped=false" || true; }

# ---- the floor ---------------------------------------------------------------------------------------------------------
if phase floor; then
echo "== floor: the JDK's HTTP server answering 200 (bench/BareHttp.java, nodelay)"
t0=$(date +%s.%N); launch "$work/bare" "$work/bare/out.log" "$java17" -Dsun.net.httpserver.nodelay=true "$root/bench/BareHttp.java" $bare_port
started+=("$pid")
fig[start_bare]=$(ready "$t0" http://127.0.0.1:$bare_port/); sleep 20; fig[rss_bare]=$(rss "$pid")
webhook --url http://127.0.0.1:$bare_port --mode burst --seconds "$burst_seconds" --concurrency 32 --no-wait | tee "$work/bare-burst.txt"
fig[burst_bare]=$(rate "$work/bare-burst.txt")
halt "$pid"
fi

# ---- start to ready, java -jar, second start; idle RSS -----------------------------------------------------------------
if phase start; then
for which in $jars; do
  echo "== $which: start to ready, java -jar (first start creates the schema; the second is measured)"
  d=$work/$which-start
  fediflow "$which" "$d"; ready "$(date +%s.%N)" http://127.0.0.1:$port/actuator/health > /dev/null; halt "$pid"
  t0=$(date +%s.%N); fediflow "$which" "$d"; fig[start_$which]=$(ready "$t0" http://127.0.0.1:$port/actuator/health)
  sleep 20; fig[idle_$which]=$(rss "$pid"); halt "$pid"
  echo "  start ${fig[start_$which]} s, idle RSS ${fig[idle_$which]} MiB; the start's steps (from its log):"
  phases "$d/app.log" | tee "$work/$which-start-phases.txt"
done
fi

# ---- start to ready, the Dockerfile's way ------------------------------------------------------------------------------
if phase docker; then
# filing: jar extracted and a CDS archive from a training start (Java 17), as its Dockerfile; new: as this Dockerfile
# (the extracted jar with an AOT cache of Java 25, the Temurin 25 JDK installed here, when it names AOTCache).
dockerway() {  # which: prints seconds to ready on the database of the java -jar starts
  local which=$1 d=$work/$which-start app=$work/$which-app
  mkdir -p "$d/bpmn"
  "$java17" -Djarmode=tools -jar "$work/jars/$which.jar" extract --destination "$app" > /dev/null
  local train=(--server.port=0 --spring.datasource.url=jdbc:h2:mem:training --fediflow.bpmn.dir="$work/$which-training-bpmn"
               --fediflow.admin.password=training-only)
  local run=(--server.port=$port --fediflow.admin.password=bench-admin --fediflow.mastodon.webhook-secret=$secret
             --fediflow.bpmn.dir="$d/bpmn")
  if [ "$which" = new ] && grep -q 'AOTCache' Dockerfile; then
    # as the Dockerfile: the training start runs until it answers its health check, then stops
    train[0]=--server.port=$train_port
    launch "$d" "$work/$which-training.log" "$java25" -XX:AOTCacheOutput="$app/fediflow.aot" -XX:+UseSerialGC -Xss512k \
      -jar "$app/$which.jar" "${train[@]}"
    started+=("$pid")
    ready "$(date +%s.%N)" http://127.0.0.1:$train_port/actuator/health > /dev/null; halt "$pid"
    # a training start killed before it wrote the cache would make the measured start one without it
    [ -s "$app/fediflow.aot" ] || { echo "FAILED"; return 0; }
    local t0; t0=$(date +%s.%N)
    launch "$d" "$d/docker.log" "$java25" -XX:AOTCache="$app/fediflow.aot" -XX:+UseSerialGC -Xss512k -jar "$app/$which.jar" "${run[@]}"
  else
    (cd "$d" && "$java17" -XX:ArchiveClassesAtExit="$app/fediflow.jsa" -XX:+UseSerialGC -Xss512k -Dspring.context.exit=onRefresh \
       -jar "$app/$which.jar" "${train[@]}" > "$work/$which-training.log" 2>&1)
    local t0; t0=$(date +%s.%N)
    launch "$d" "$d/docker.log" "$java17" -XX:SharedArchiveFile="$app/fediflow.jsa" -XX:+UseSerialGC -Xss512k -jar "$app/$which.jar" "${run[@]}"
  fi
  started+=("$pid")
  ready "$t0" http://127.0.0.1:$port/actuator/health
  halt "$pid"
}
for which in $jars; do
  echo "== $which: start to ready, the Dockerfile's way"
  fig[docker_$which]=$(dockerway "$which"); echo "  ${fig[docker_$which]} s"
done
fi

# ---- bursts: H2 and PostgreSQL; processed runs; RSS after the burst ---------------------------------------------------
if phase burst; then
for which in $jars; do
  echo "== $which, H2: burst of $burst_seconds s from 32 senders, dispatcher running; runs processed (core.log step done)"
  d=$work/$which-h2
  fediflow "$which" "$d" $(only_bench "$which"); ready "$(date +%s.%N)" http://127.0.0.1:$port/actuator/health > /dev/null
  webhook --url http://127.0.0.1:$port --admin admin:bench-admin --mode burst --seconds "$burst_seconds" --concurrency 32 \
    --done-log "$d/app.log" | tee "$work/$which-h2-burst.txt"
  sleep 30; fig[after_$which]=$(rss "$pid"); halt "$pid"
  fig[burst_h2_$which]=$(rate "$work/$which-h2-burst.txt"); fig[proc_h2_$which]=$(processed "$work/$which-h2-burst.txt")
  echo "== $which, PostgreSQL: the same"
  newdb "$which"; d=$work/$which-pg
  fediflow "$which" "$d" $(pgargs "$db") $(only_bench "$which"); ready "$(date +%s.%N)" http://127.0.0.1:$port/actuator/health > /dev/null
  webhook --url http://127.0.0.1:$port --admin admin:bench-admin --mode burst --seconds "$burst_seconds" --concurrency 32 \
    --done-log "$d/app.log" | tee "$work/$which-pg-burst.txt"
  halt "$pid"
  fig[burst_pg_$which]=$(rate "$work/$which-pg-burst.txt"); fig[proc_pg_$which]=$(processed "$work/$which-pg-burst.txt")
done
fi

# ---- report -> Slack through the shipped diagram, from a cold start (H2) ---------------------------------------------
if phase reports; then
reportnode() {  # which folder [args…]
  local which=$1 dir=$2; shift 2
  mkdir -p "$dir/bpmn"; cp "$work/jars/$which-report-to-moderators.bpmn" "$dir/bpmn/report-to-moderators.bpmn"
  NO_BENCH_DIAGRAM=1 fediflow "$which" "$dir" --fediflow.mastodon.base-url=https://mastodon.example \
    --fediflow.mastodon.access-token=bench-token --fediflow.slack.api-url=http://127.0.0.1:$slack/api/ \
    --fediflow.slack.bot-token=xoxb-bench --fediflow.slack.signing-secret=bench-signing \
    --fediflow.slack.channels.moderation=C0BENCH "$@"
}
for which in $jars; do
  echo "== $which: report -> Slack card, $report_rate/s for $report_seconds s from a cold start; then one a second (warm)"
  d=$work/$which-reports
  reportnode "$which" "$d"; ready "$(date +%s.%N)" http://127.0.0.1:$port/actuator/health > /dev/null
  "$java17" bench/ReportLatencyBench.java --url http://127.0.0.1:$port --secret $secret --slack-port $slack \
    --rate "$report_rate" --seconds "$report_seconds" | tee "$work/$which-reports.txt"
  halt "$pid"
  fig[cold_$which]=$(grep 'webhook ->' "$work/$which-reports.txt" | grep -o 'p99=[0-9]*' | cut -d= -f2)
  fig[warm_$which]=$(grep 'baseline' "$work/$which-reports.txt" | grep -o 'p99=[0-9]*' | cut -d= -f2)
done
fi

# ---- waiting runs; rows and bytes per report run (PostgreSQL) ---------------------------------------------------------
if phase waiting; then
for which in $jars; do
  echo "== $which, PostgreSQL: $probe reports probed, $waiting more left waiting for a moderator, probed again"
  newdb "${which}_wait"; d=$work/$which-wait
  reportnode "$which" "$d" $(pgargs "$db"); ready "$(date +%s.%N)" http://127.0.0.1:$port/actuator/health > /dev/null
  "$java17" bench/WaitingRunsBench.java --url http://127.0.0.1:$port --secret $secret --slack-port $slack --pid "$pid" \
    --jcmd "$(dirname "$java17")/jcmd" --database "$db" --waiting "$waiting" --probe "$probe" --rate 10 | tee "$work/$which-wait.txt"
  halt "$pid"
  f=$work/$which-wait.txt
  fig[wlo_$which]=$(grep '^waiting' "$f" | head -n 1 | grep -o 'p50=[0-9-]*' | cut -d= -f2)
  fig[whi_$which]=$(grep '^waiting' "$f" | tail -n 1 | grep -o 'p50=[0-9-]*' | cut -d= -f2)
  fig[wheap_$which]=$(grep -o 'heap per waiting run: [0-9.-]*' "$f" | grep -o '[0-9.-]*$')
  fig[rows_$which]=$(grep -o 'rows written [0-9.]*' "$f" | grep -o '[0-9.]*$')
  fig[bytes_$which]=$(grep -o 'bytes stored [0-9]*' "$f" | grep -o '[0-9]*$')
  fig[fill_$which]=$(grep -o '[0-9]* report runs/s' "$f" | cut -d' ' -f1)
done
fi

set +u  # a figure left out (JARS, PHASES) is shown empty
# ---- the table ---------------------------------------------------------------------------------------------------------
num() { [[ "$1" =~ ^-?[0-9.]+$ ]]; }
verdict() {  # awk condition on a (new) and b (reference): met / miss
  if num "$2" && num "$3"; then awk -v a="$2" -v b="$3" "BEGIN { print (($1) ? \"met\" : \"**miss**\") }"; else echo "—"; fi
}
times() { if num "$1" && num "$2"; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; else echo "—"; fi; }
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }
row "start to ready, \`java -jar\`, second start (s)" "${fig[start_filing]}" "${fig[start_new]} ($(times "${fig[start_new]}" "${fig[start_filing]}"))" \
    "${fig[start_bare]}" "≤ 0.6× filing" "$(verdict 'a <= 0.6 * b' "${fig[start_new]}" "${fig[start_filing]}")"
row "start to ready, the Dockerfile's way (s)" "${fig[docker_filing]}" "${fig[docker_new]} ($(times "${fig[docker_new]}" "${fig[start_filing]}") filing's \`java -jar\`)" \
    "${fig[start_bare]}" "≤ 0.35× filing's \`java -jar\`" "$(verdict 'a <= 0.35 * b' "${fig[docker_new]}" "${fig[start_filing]}")"
row "idle RSS, 20 s after ready (MiB)" "${fig[idle_filing]}" "${fig[idle_new]}" "${fig[rss_bare]}" "≤ 250" \
    "$(verdict 'a <= 250' "${fig[idle_new]}" 0)"
row "RSS 30 s after the H2 burst's runs are done (MiB)" "${fig[after_filing]}" "${fig[after_new]}" "" "≤ 600" \
    "$(verdict 'a <= 600' "${fig[after_new]}" 0)"
for db in h2 pg; do
  name=$([ $db = h2 ] && echo H2 || echo PostgreSQL)
  row "$name: burst acceptance, 32 senders for $burst_seconds s, dispatcher running (requests/s)" "${fig[burst_${db}_filing]}" \
      "${fig[burst_${db}_new]} ($(times "${fig[burst_${db}_new]}" "${fig[burst_${db}_filing]}"))" "${fig[burst_bare]}" "≥ 2× filing" \
      "$(verdict 'a >= 2 * b' "${fig[burst_${db}_new]}" "${fig[burst_${db}_filing]}")"
  row "$name: runs processed/s (message start + core.log step, until the last step's line)" "${fig[proc_${db}_filing]}" \
      "${fig[proc_${db}_new]} ($(times "${fig[proc_${db}_new]}" "${fig[proc_${db}_filing]}"))" "" "≥ 3× filing" \
      "$(verdict 'a >= 3 * b' "${fig[proc_${db}_new]}" "${fig[proc_${db}_filing]}")"
done
row "report → Slack, $report_rate/s for $report_seconds s from a cold start, p99 / warm one-a-second p99 (ms)" \
    "${fig[cold_filing]} / ${fig[warm_filing]}" "${fig[cold_new]} / ${fig[warm_new]} ($(times "${fig[cold_new]}" "${fig[warm_new]}"))" "" \
    "cold ≤ 3× warm" "$(verdict 'a <= 3 * b' "${fig[cold_new]}" "${fig[warm_new]}")"
row "backup postgres step / bare \`pg_dump -Fc\`" "" "not in this run: \`bench/backup.sh\`" "" "≤ 1.15×" "—"
row "rows written per report run (PostgreSQL: inserted + updated + deleted)" "${fig[rows_filing]}" "${fig[rows_new]}" "" \
    "lower than filing" "$(verdict 'a < b' "${fig[rows_new]}" "${fig[rows_filing]}")"
row "bytes stored per report run (PostgreSQL: database growth)" "${fig[bytes_filing]}" "${fig[bytes_new]}" "" \
    "lower than filing" "$(verdict 'a < b' "${fig[bytes_new]}" "${fig[bytes_filing]}")"
row "report → Slack p50 (ms) with $probe waiting runs / with $((waiting + probe)) more (PostgreSQL, 10/s)" \
    "${fig[wlo_filing]} / ${fig[whi_filing]}" "${fig[wlo_new]} / ${fig[whi_new]}" "" "does not grow (≤ 1.5×)" \
    "$(verdict 'a <= 1.5 * b' "${fig[whi_new]}" "${fig[wlo_new]}")"
row "heap per waiting run, after a full GC (KiB)" "${fig[wheap_filing]}" "${fig[wheap_new]}" "" "does not grow (≤ 1 KiB)" \
    "$(verdict 'a <= 1' "${fig[wheap_new]}" 0)"
row "report runs/s while filling the waiting runs (8 senders, PostgreSQL)" "${fig[fill_filing]}" "${fig[fill_new]}" "" "" ""

{
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores, $("$java17" -version 2>&1 | head -n 1), $(psql --version); work folder $work"
  echo "| figure | filing ($filing_commit) | new ($(git rev-parse --short HEAD)) | floor (bare JDK server) | target | verdict |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$work/table.md"
