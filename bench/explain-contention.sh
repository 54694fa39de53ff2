#!/usr/bin/env bash
# Experiment (not a test, no README table): what slows a value-of-access re-solve when two run at once?
# A 1-thread explanation loop (ContentionProbe steady) runs while other work on the second core comes and
# goes in phases of PHASE seconds; per kind of other work, the steady runs inside "on" phases are compared
# with those inside "off" phases, in wall time and in the thread's CPU time (which, unlike wall time, does
# not grow when other processes take turns on the core). Kinds: spin (ALU loop: clock, hypervisor),
# stream (memory bandwidth), explain (1-thread explanations in a second JVM: everything shared in
# hardware), inproc (the same in one JVM: hardware plus whatever the process shares).
# Run it through the shared lock: flock /work/team/heavy.lock bench/explain-contention.sh
#
# usage: bench/explain-contention.sh [SECONDS [PHASE [WARMUP]]]   (defaults 60 6 25; about 6 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-60}"; PH="${2:-6}"; WU="${3:-25}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mvn -q -B -o -pl optimizer test-compile
mvn -q -B -o -pl optimizer dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" > /dev/null
CP="optimizer/target/test-classes:optimizer/target/classes:$(cat "$WORK/cp.txt")"
P=org.corridor.explain.ContentionProbe
for kind in spin stream explain inproc; do
  echo "$kind: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  if [ "$kind" = inproc ]; then
    java -cp "$CP" $P data/afghanistan "$WU" inproc "$SECS" "$PH" > "$WORK/$kind.txt"
  else
    java -cp "$CP" $P data/afghanistan "$WU" steady "$SECS" > "$WORK/$kind.txt" &
    java -cp "$CP" $P data/afghanistan "$WU" pulse "$kind" "$SECS" "$PH" > "$WORK/$kind.pulse"
    wait
    cat "$WORK/$kind.pulse" >> "$WORK/$kind.txt"
  fi
done
python3 - "$WORK" <<'PY'
import statistics, sys
print("| other work on the second core | steady runs alone / with it | wall, median ms | thread CPU, median ms |")
print("|---|---|---|---|")
for kind in ["spin", "stream", "explain", "inproc"]:
    steady, on, off = [], [], []
    for line in open(f"{sys.argv[1]}/{kind}.txt"):
        f = line.split()
        if f[0] == "steady": steady.append([int(v) for v in f[1:]])
        elif f[0] in ("on", "off"): (on if f[0] == "on" else off).append((int(f[1]), int(f[2])))
    inside = lambda r, phases: any(a <= r[0] and r[1] <= b for a, b in phases)
    alone = [r for r in steady if inside(r, off)]; busy = [r for r in steady if inside(r, on)]
    if not alone or not busy:
        print(f"| {kind} | {len(alone)} / {len(busy)} | n/a | n/a |"); continue
    m = lambda rs, i: statistics.median(r[i] for r in rs)
    print(f"| {kind} | {len(alone)} / {len(busy)} | {m(alone, 2):.0f} / {m(busy, 2):.0f} ({100 * (m(busy, 2) / m(alone, 2) - 1):+.1f} %) "
          f"| {m(alone, 4):.0f} / {m(busy, 4):.0f} ({100 * (m(busy, 4) / m(alone, 4) - 1):+.1f} %) |")
PY
