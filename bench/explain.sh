#!/usr/bin/env bash
# Benchmark (not a test): value of access over every access rule in force, on the Afghanistan
# scenario and on its 10x synthetic instance (SyntheticScenarios, seed 42), with 1 and 2 worker
# threads in the same run. Each instance runs in one long-lived JVM (ExplainBenchmark, test classpath),
# as the service runs explanations. Warm-up rounds (not reported) repeat until the JIT compiler has
# settled (three rounds in a row each spending under 5 % of its wall time compiling): the compiler thread has the second
# core to itself in a 1-thread run but takes it from a 2-thread one, and on this code it stays busy for
# about 25 s. Measured rounds alternate the order of the thread counts (1, 2, then 2, 1), and each
# measured run follows an unmeasured one with the same thread count (switching costs a transient of
# recompiling, 0.15-0.3 s, that a service keeping its thread count does not pay).
# The time reported is the explanation's own valueOfAccess stage (estimates + re-solves of every rule,
# wall time), so the base solve is not counted. Every re-solve is the allocation stage only.
# Writes the table into README.md between <!-- bench:explain:start --> and <!-- bench:explain:end -->.
#
# Each instance runs in several JVMs, one after the other, and the medians are over the rounds of all of them: on
# these VMs the speed-up of one JVM's rounds moved between 1.47x and 2.21x on Afghanistan and between 1.65x and
# 2.56x on 10x within two hours (2026-11-29, code 50a6f0b-dcb2471), as the two workers' slowing of each other (caches,
# time waiting for a core) changes with the machine's state over minutes, which more rounds in one JVM do not average
# out. The table's note gives each JVM's own speed-up.
#
# usage: bench/explain.sh [ROUNDS [X10_ROUNDS [JVMS [X10_JVMS]]]]   (defaults 7, 3, 3 and 2; ROUNDS per JVM;
#        warm-up: 3 to 60 rounds on Afghanistan, 1 to 3 on 10x, in each JVM; about 15 minutes on a quiet 2-core
#        machine with 15 5 3 2)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-7}"
X10_ROUNDS="${2:-3}"
JVMS="${3:-3}"
X10_JVMS="${4:-2}"
T0=$SECONDS
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# always rebuild, so the code measured is the commit named in the table
mvn -q -B -o -pl optimizer test-compile
mvn -q -B -o -pl optimizer dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" > /dev/null
CP="optimizer/target/test-classes:optimizer/target/classes:$(cat "$WORK/cp.txt")"
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- optimizer || echo '+local changes')"
java -cp "$CP" org.corridor.scenario.SyntheticScenarios data/afghanistan 10 42 "$WORK/af-x10" > /dev/null

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
results="$WORK/results.tsv"
# one line per measured run: instance, threads, round, rules valued, re-solves, stage ms, estimates ms, re-solves ms,
# JIT compile ms during the run, the whole run's wall ms, process CPU ms, GC ms and steal ms (the hypervisor running
# something else on this VM's CPUs; -1 where /proc/stat has none), re-solves' thread CPU ms summed over rules;
# then "warmup", instance, warm-up rounds; this script appends the JVM's number (1, 2, ...) to every line
: > "$results"
for jvm in $(seq 1 "$JVMS"); do
  java -cp "$CP" org.corridor.explain.ExplainBenchmark data/afghanistan afghanistan 3 "$ROUNDS" 60 | sed "s/\$/\t$jvm/" >> "$results"
done
if [ "$X10_ROUNDS" -gt 0 ]; then
  for jvm in $(seq 1 "$X10_JVMS"); do
    java -cp "$CP" org.corridor.explain.ExplainBenchmark "$WORK/af-x10" x10 1 "$X10_ROUNDS" 3 | sed "s/\$/\t$jvm/" >> "$results"
  done
fi
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "measured in $((SECONDS - T0)) s (build included)" >&2

table="$(python3 - "$results" "$ROUNDS $X10_ROUNDS $JVMS $X10_JVMS" "$load_start" "$load_end" "$COMMIT" <<'PY'
import statistics, sys, subprocess, platform, os
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cpu = "unknown CPU"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip(); break
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
names = {"afghanistan": "Afghanistan (34 provinces)", "x10": "10x synthetic (seed 42)"}
warm = {}
for r in rows:
    if r[0] == "warmup": warm.setdefault(r[1], []).append(r[2])
rows = [r for r in rows if r[0] != "warmup"]
per_jvm = {}  # instance -> each JVM's own speed-up (ratio of its medians)
for inst in ["afghanistan", "x10"]:
    for jvm in sorted({r[14] for r in rows if r[0] == inst}, key=int):
        m = {t: statistics.median(int(r[5]) for r in rows if r[0] == inst and r[14] == jvm and r[1] == t) for t in "12"}
        per_jvm.setdefault(inst, []).append(f"{m['1'] / m['2']:.2f}x")
out = ["| instance | rules valued | JVMs | warm-up rounds per JVM | rounds, all JVMs | threads | value of access, median ms | estimates / re-solves, median ms summed over rules | re-solves' thread CPU, median ms summed | JIT compiling during the run, median ms | cores busy (process CPU / wall, whole run) | GC, median ms | steal, median ms | speed-up |",
       "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for inst in ["afghanistan", "x10"]:
    med = {}
    for t in ["1", "2"]:
        rs = [r for r in rows if r[0] == inst and r[1] == t]
        if not rs: continue
        med[t] = statistics.median(int(r[5]) for r in rs)
        est = statistics.median(int(r[6]) for r in rs); res = statistics.median(int(r[7]) for r in rs)
        jit = statistics.median(int(r[8]) for r in rs)
        rcpu = statistics.median(int(r[13]) for r in rs)
        busy = statistics.median(int(r[10]) / max(1, int(r[9])) for r in rs)
        gc = statistics.median(int(r[11]) for r in rs)
        steal = statistics.median(int(r[12]) for r in rs)
        steal = "n/a" if steal < 0 else f"{steal:,.0f}"
        speed = "" if t == "1" else f"{med['1'] / med['2']:.2f}x"
        out.append(f"| {names[inst]} | {rs[0][3]} | {len(per_jvm[inst])} | {', '.join(warm.get(inst, []))} | {len(rs)} | {t} | {med[t]:,.0f} | {est:,.0f} / {res:,.0f} | {rcpu:,.0f} | {jit:,.0f} | {busy:.2f} | {gc:,.0f} | {steal} | {speed} |")
out.append("")
out.append(f"Medians over the rounds of all JVMs, measured {subprocess.run(['date', '-u', '+%Y-%m-%d %H:%M UTC'], capture_output=True, text=True).stdout.strip()} "
           f"by `bench/explain.sh {sys.argv[2]}` (warm JVMs, one after the other) at commit {sys.argv[5]} on {os.cpu_count()} cores ({cpu}), {java}; load average "
           f"{sys.argv[3]} at start, {sys.argv[4]} at end (2 threads cannot reach 2x when other work holds a core). "
           + "Each JVM's own speed-up: " + "; ".join(f"{names[i]} {', '.join(v)}" for i, v in per_jvm.items()) + ".")
print("\n".join(out))
PY
)"
echo "$table"
echo "$table" | bench/readme-table explain
