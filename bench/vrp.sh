#!/usr/bin/env bash
# Benchmark (not a test) of the last-mile routing core: VrpBenchmark runs the parallel portfolio against
# (a) plain single-thread OR-Tools GLS and (b) jsprit 1.8 at the same wall time, on the 6 Solomon and
# 4 CVRPLIB instances in bench/instances (10 s per Solomon and small CVRPLIB instance, 30 s for
# X-n200-k36; 3 runs each, median), and writes the table between <!-- bench:vrp:start --> and
# <!-- bench:vrp:end --> of the README. About 20-25 minutes.
# The last-mile stage inside full plans is timed by bench/allocation.sh (its last-mile columns).
# jsprit is a test-scoped dependency, so this runs from the test classpath.
#
# usage: bench/vrp.sh [vrp] [key=value ...]   e.g. bench/vrp.sh vrp runs=1 instances=C101,A-n32-k5
#        (keys: runs width solomonSeconds cvrpSeconds x200Seconds solvers instances readme; see VrpBenchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-vrp}" = vrp ]; then shift || true; fi
mvn -q -B -o -pl optimizer test-compile
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -q -B -o -pl optimizer dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" > /dev/null
CP="optimizer/target/test-classes:optimizer/target/classes:$(cat "$CP_FILE")"
java -cp "$CP" org.corridor.lastmile.VrpBenchmark "$@"
