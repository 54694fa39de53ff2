#!/usr/bin/env bash
# Benchmark (not a test): value of access over every access rule in force, on the Afghanistan
# scenario and on its 10x synthetic instance (SyntheticScenarios, seed 42), with 1 and 2 worker
# threads in the same run. Each measurement is one `corridor explain --value-only` process; the
# time reported is the explanation's own valueOfAccess stage (estimates + re-solves of every rule,
# wall time), read from the JSON it writes, so JVM start and the base solve are not counted.
# Thread counts alternate inside each round so that a change of machine load hits both alike.
# Writes the table into README.md between <!-- bench:explain:start --> and <!-- bench:explain:end -->.
#
# Every re-solve is the allocation stage only (the base solve too, with --value-only).
#
# usage: bench/explain.sh [ROUNDS [X10_ROUNDS]]   (defaults 5 and 2; medians over rounds are reported;
#        a 10x round is two explanations of 22 rules each, so the defaults keep the whole script,
#        build included, under about 6 minutes on a quiet 2-core machine)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
X10_ROUNDS="${2:-2}"
T0=$SECONDS
JAR=optimizer/target/corridor.jar
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# always rebuild, so the jar measured is the commit named in the table
mvn -q -B -o -pl optimizer package -DskipTests
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- optimizer || echo '+local changes')"
java -cp "$JAR" org.corridor.scenario.SyntheticScenarios data/afghanistan 10 42 "$WORK/af-x10" > /dev/null

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
results="$WORK/results.tsv"
: > "$results"
for round in $(seq 1 "$ROUNDS"); do
  for instance in afghanistan x10; do
    dir=data/afghanistan; [ "$instance" = x10 ] && dir="$WORK/af-x10"
    [ "$instance" = x10 ] && [ "$round" -gt "$X10_ROUNDS" ] && continue
    for threads in 1 2; do
      echo "{\"threads\": $threads}" > "$WORK/options.json"
      java -jar "$JAR" explain --scenario "$dir" --options "$WORK/options.json" --value-only --out "$WORK/explain.json" > /dev/null
      python3 - "$WORK/explain.json" "$instance" "$threads" "$round" >> "$results" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
m = e["run"]["stageMillis"]
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], str(len(e["valueOfAccess"])), str(e["run"]["resolves"]),
                 str(m["valueOfAccess"]), str(m["valueOfAccess.estimates"]), str(m["valueOfAccess.resolves"])]))
PY
      echo "round $round $instance threads=$threads: $(tail -1 "$results" | cut -f6) ms" >&2
    done
  done
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "measured in $((SECONDS - T0)) s (build included)" >&2

table="$(python3 - "$results" "$ROUNDS $X10_ROUNDS" "$load_start" "$load_end" "$COMMIT" <<'PY'
import statistics, sys, subprocess, platform, os
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cpu = "unknown CPU"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip(); break
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
names = {"afghanistan": "Afghanistan (34 provinces)", "x10": "10x synthetic (seed 42)"}
out = ["| instance | rules valued | rounds | threads | value of access, median ms | estimates / re-solves, median ms summed over rules | speed-up |",
       "|---|---:|---:|---:|---:|---:|---:|"]
for inst in ["afghanistan", "x10"]:
    med = {}
    for t in ["1", "2"]:
        rs = [r for r in rows if r[0] == inst and r[1] == t]
        med[t] = statistics.median(int(r[5]) for r in rs)
        est = statistics.median(int(r[6]) for r in rs); res = statistics.median(int(r[7]) for r in rs)
        speed = "" if t == "1" else f"{med['1'] / med['2']:.2f}x"
        out.append(f"| {names[inst]} | {rs[0][3]} | {len(rs)} | {t} | {med[t]:,.0f} | {est:,.0f} / {res:,.0f} | {speed} |")
out.append("")
out.append(f"Medians over rounds, measured {subprocess.run(['date', '-u', '+%Y-%m-%d %H:%M UTC'], capture_output=True, text=True).stdout.strip()} "
           f"by `bench/explain.sh {sys.argv[2]}` at commit {sys.argv[5]} on {os.cpu_count()} cores ({cpu}), {java}; load average "
           f"{sys.argv[3]} at start, {sys.argv[4]} at end (2 threads cannot reach 2x when other work holds a core).")
print("\n".join(out))
PY
)"
echo "$table"
echo "$table" | bench/readme-table explain
