#!/usr/bin/env bash
# Makes previous-release.sql.gz, the database of the previous release (commit 66feeac, the state before the
# production work) after some use: a Ko-fi donation recorded, a report from Mastodon (an incident: Slack not set up),
# a backup started by hand (an incident: no bucket), the generated admin password stored (printed at the end; the
# test knows it). PreviousReleaseUpgradeTest starts the current code on it.
# Run from the repository root, with PostgreSQL on 127.0.0.1:5432 (trust, user postgres), Java 17 and Maven.
set -euo pipefail
commit=${1:-66feeac}
out=$(pwd)/src/test/resources/upgrade/previous-release.sql.gz
# PREVIOUS_JAR: a jar already built from that commit; otherwise it is built here.
jar=${PREVIOUS_JAR:-}
if [ -z "$jar" ]; then
  work=$(mktemp -d)
  git archive "$commit" | tar -x -C "$work"
  (cd "$work" && mvn -B -q -o -DskipTests -Dexec.skip=true package)
  jar=$work/target/fediflow.jar
fi

db=fediflow_previous_release
psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $db" -c "create database $db"
port=18765
run=$(mktemp -d)
cd "$run"
java -jar "$jar" --server.port=$port \
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$db --spring.datasource.username=postgres \
  --fediflow.kofi.verification-token=kofi-fixture-token --fediflow.mastodon.webhook-secret=mastodon-fixture-secret \
  --fediflow.workflow.retries=1 --fediflow.inbox.poll-interval=200ms > "$run/out.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 900); do curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 1; done
password=$(grep -oE "Password: +[^ ]+" "$run/out.log" | head -1 | awk "{print \$2}")
echo "generated admin password: $password"

kofi='{"verification_token":"kofi-fixture-token","message_id":"3a1fac0c-f960-4506-a60e-824979a74e74","timestamp":"2026-11-20T10:00:00Z","type":"Donation","is_public":true,"from_name":"Ada","message":"Keep it up","amount":"5.00","url":"https://ko-fi.com/Home/CoffeeShop?txid=00000000-1111-2222-3333-444444444444","email":"ada@example.org","currency":"EUR","is_subscription_payment":false,"is_first_subscription_payment":false,"kofi_transaction_id":"00000000-1111-2222-3333-444444444444","shop_items":null,"tier_name":null,"shipping":""}'
curl -fs -o /dev/null -X POST "http://127.0.0.1:$port/webhooks/kofi" --data-urlencode "data=$kofi"

report='{"event":"report.created","created_at":"2026-11-20T10:01:00Z","object":{"id":"4711","action_taken":false,"category":"spam","comment":"spam","forwarded":false,"created_at":"2026-11-20T10:01:00Z","account":{"id":"1","username":"reporter","acct":"reporter"},"target_account":{"id":"2","username":"spammer","acct":"spammer"},"statuses":[],"rules":[]}}'
signature=$(printf '%s' "$report" | openssl dgst -sha256 -hmac mastodon-fixture-secret -hex | awk '{print $NF}')
curl -fs -o /dev/null -X POST "http://127.0.0.1:$port/webhooks/mastodon" -H 'Content-Type: application/json' \
  -H "X-Hub-Signature: sha256=$signature" --data-binary "$report"

curl -fs -o /dev/null -u "admin:$password" -X POST "http://127.0.0.1:$port/api/definitions/backup/start" \
  -H 'Content-Type: application/json' -d '{}'

for _ in $(seq 1 60); do
  n=$(curl -fs -u "admin:$password" "http://127.0.0.1:$port/api/incidents" | grep -o '"instanceId"' | wc -l)
  [ "$n" -ge 2 ] && break
  sleep 1
done
echo "incidents: $n"
kill $pid; wait $pid || true
pg_dump -h 127.0.0.1 -U postgres --no-owner --no-privileges "$db" | gzip -9 > "$out"
psql -q -h 127.0.0.1 -U postgres -c "drop database $db"
echo "wrote $out (admin password $password)"
