#!/usr/bin/env bash
# Bounded-history soak on the local PostgreSQL: N report runs through pruning (bench/RetentionSoak.java).
# Usage: bench/retention.sh [runs] [rate]   (default 100000 runs sent at 40/s; needs PostgreSQL on 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100000}; rate=${2:-40}
[ -f target/fediflow.jar ] || mvn -B -q -DskipTests package
driver=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -n 1)
java -cp "$driver" bench/RetentionSoak.java --jar target/fediflow.jar --runs "$runs" --rate "$rate" "${@:3}"
