#!/usr/bin/env bash
# Startup to ready (/actuator/health answers 200), second start on an existing H2 database, three ways:
#   java -jar target/fediflow.jar; the jar extracted (java -Djarmode=tools … extract); the extracted jar with a CDS
#   archive from a training start (what the Dockerfile does), beside the bare JDK HTTP server (bench/BareHttp.java).
# Usage: bench/startup.sh [runs]   (needs target/fediflow.jar); prints the median of each.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/fediflow.jar ] || mvn -B -q -DskipTests package
runs=${1:-3}
work=$(mktemp -d /tmp/fediflow-startup.XXXXXX)
mkdir -p "$work/bpmn" && cp bench/bench-report.bpmn "$work/bpmn/"
java -Djarmode=tools -jar target/fediflow.jar extract --destination "$work/app" > /dev/null
# The archive is used only with the very class path it was recorded with: the same absolute jar path both times.
(cd "$work" && java -XX:ArchiveClassesAtExit="$work/app/fediflow.jsa" -Dspring.context.exit=onRefresh -jar "$work/app/fediflow.jar" \
   --server.port=0 --spring.datasource.url=jdbc:h2:mem:training --fediflow.bpmn.dir="$work/training-bpmn" \
   --fediflow.admin.password=training-only > "$work/training.log" 2>&1)

ready() {  # command…: seconds until 127.0.0.1:18087 is ready
  local t0; t0=$(date +%s.%N)
  ("$@" > "$work/app.log" 2>&1 &)
  until curl -fs -o /dev/null "$url"; do sleep 0.05; done
  printf '%.1f\n' "$(echo "$(date +%s.%N) - $t0" | bc)"
  pkill -f "$stop" || true; sleep 3
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
app=(--server.port=18087 --fediflow.admin.password=bench-admin --fediflow.bpmn.dir="$work/bpmn"
     --spring.datasource.url=jdbc:h2:file:"$work/db")
url=http://127.0.0.1:18087/actuator/health; stop="server.port=18087"
ready java -jar target/fediflow.jar "${app[@]}" > /dev/null   # first start: creates the schema
for i in $(seq "$runs"); do
  url=http://127.0.0.1:18090/; stop="BareHttp.java 18090"; echo "bare $(ready java bench/BareHttp.java 18090)"
  url=http://127.0.0.1:18087/actuator/health; stop="server.port=18087"
  echo "jar $(ready java -jar target/fediflow.jar "${app[@]}")"
  echo "extracted $(ready java -jar "$work/app/fediflow.jar" "${app[@]}")"
  echo "cds $(ready java -XX:SharedArchiveFile="$work/app/fediflow.jsa" -jar "$work/app/fediflow.jar" "${app[@]}")"
done | tee "$work/times.txt"
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(java -version 2>&1 | head -n 1); median of $runs, seconds to ready:"
for kind in bare jar extracted cds; do echo "$kind: $(grep "^$kind " "$work/times.txt" | cut -d' ' -f2 | median)"; done
rm -rf "$work"
