#!/usr/bin/env bash
# Benchmark (not a test) of the last-mile routing core, in two parts, each writing a README table:
#  1. VrpBenchmark: the parallel portfolio against (a) plain single-thread OR-Tools GLS and (b) jsprit
#     1.8 at the same wall time, on the 6 Solomon and 4 CVRPLIB instances in bench/instances
#     (10 s per Solomon and small CVRPLIB instance, 30 s for X-n200-k36; 3 runs each, median);
#     table between <!-- bench:vrp:start --> and <!-- bench:vrp:end -->. About 20-25 minutes.
#  2. LastMileBenchmark: the last-mile stage inside full solves of Afghanistan and its 10x and 100x
#     synthetic instances, 1 and 2 threads; table between <!-- bench:lastmile:start/end -->.
# jsprit is a test-scoped dependency, so both run from the test classpath.
#
# usage: bench/vrp.sh [vrp|lastmile|all] [key=value ...]   e.g. bench/vrp.sh vrp runs=1 instances=C101,A-n32-k5
set -euo pipefail
cd "$(dirname "$0")/.."
PART="${1:-all}"; shift || true
mvn -q -B -o -pl optimizer test-compile
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -q -B -o -pl optimizer dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" > /dev/null
CP="optimizer/target/test-classes:optimizer/target/classes:$(cat "$CP_FILE")"
if [ "$PART" = vrp ] || [ "$PART" = all ]; then
  java -cp "$CP" org.corridor.lastmile.VrpBenchmark "$@"
fi
if [ "$PART" = lastmile ] || [ "$PART" = all ]; then
  java -cp "$CP" org.corridor.lastmile.LastMileBenchmark "$@"
fi
