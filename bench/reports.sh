#!/usr/bin/env bash
# Report latency: signed report.created webhook -> chat.postMessage at Slack, through bpmn/report-to-moderators.bpmn.
# Usage: bench/reports.sh [rate] [seconds]   (default 20/s for 60 s, embedded H2)
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-20}; seconds=${2:-60}
[ -f target/fediflow.jar ] || mvn -B -q -DskipTests package
work=$(mktemp -d /tmp/fediflow-reports.XXXXXX)
port=18080; slack=18099; secret=bench-webhook-secret-0123
mkdir -p "$work/bpmn" && cp bpmn/report-to-moderators.bpmn "$work/bpmn/"
(cd "$work" && java -jar "$OLDPWD/target/fediflow.jar" --server.port=$port --fediflow.admin.password=bench-admin \
  --fediflow.mastodon.webhook-secret=$secret --fediflow.mastodon.base-url=https://mastodon.example \
  --fediflow.slack.api-url=http://127.0.0.1:$slack/api/ --fediflow.slack.bot-token=xoxb-bench \
  --fediflow.slack.channels.moderation=C0BENCH --fediflow.bpmn.dir="$work/bpmn" > "$work/app.log" 2>&1 &)
until curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health"; do sleep 0.2; done
java bench/ReportLatencyBench.java --url "http://127.0.0.1:$port" --secret $secret --slack-port $slack \
  --rate "$rate" --seconds "$seconds"
pkill -f "fediflow.jar.*--server.port=$port" || true
