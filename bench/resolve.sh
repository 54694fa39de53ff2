#!/usr/bin/env bash
# Benchmark (not a test): re-solve after one access change against a cold solve of the same scenario
# version, on the Afghanistan scenario and its 10x synthetic instance (SyntheticScenarios, seed 42).
# Events (illustrative): close Torkham (EntryPointClosed BC_TORKHAM); close Salang (RoadClosed R12);
# deny an agency a province (AreaDenied UN_FOOD in AF09); raise a road's risk (RiskOverride 0.10 on
# R12's neighbour R47, the Salang bypass); reopen a crossing (lift EPC-GHULAM-KHAN).
# Per instance: one cold plan of the base version (plan1, not timed); then per round and event, in
# rotating order so load hits all alike:
#   cold     = `corridor plan --rules rulesE.json` of the new version
#   re-solve = `corridor resolve --plan plan1.json --events eventE.json` (the default: convoys not kept are repaired)
#   optimise = the same with `--convoys OPTIMISE` (CP-SAT schedules the convoys not kept)
# Times are the plans' own stage timings summed (solver.stageMillis: compile, routes, LP, convoys,
# last mile), so JVM start and file reading count in neither. "Unaffected unchanged" is the share of
# plan1's convoys no event touches (PlanDiff.unaffectedConvoys, the definition the re-solve uses)
# that the re-solved plan keeps exactly. Coverage difference: re-solve minus cold, in points (the convoy option does
# not change it). Tonnes on convoys: the plans' convoy manifests summed, cold / re-solve / optimise.
# Then the same comparison in one long-lived JVM (ResolveBenchmark, WARM_ROUNDS measured rounds on Afghanistan and
# X10_WARM_ROUNDS on 10x, after warm-up rounds until the JIT compiler has settled), as the service runs re-solves: on its worker threads
# in its own JVM. A fresh JVM makes every stage also load and compile its code, a fixed cost that weighs more
# in a one-second re-solve than in a seven-second cold solve; the warm rows show the solves without it. There each
# re-solve also runs taking over the cold solve's compiled views and candidate routes (RoutePool, as the service's
# re-solves do from its in-memory cache): the "routes reused" rows, interleaved with the others.
# Writes the table into README.md between <!-- bench:resolve:start --> and <!-- bench:resolve:end -->.
#
# usage: bench/resolve.sh [ROUNDS [X10_ROUNDS [WARM_ROUNDS [X10_WARM_ROUNDS]]]]   (defaults 3, 1, 3 and 1; medians over
#        rounds; X10_ROUNDS 0 skips the 10x instance's command-line rows, WARM_ROUNDS 0 and X10_WARM_ROUNDS 0 the warm-JVM rows)
#        About 20 minutes with the defaults on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
X10_ROUNDS="${2:-1}"
WARM_ROUNDS="${3:-3}"
X10_WARM_ROUNDS="${4:-1}"
JAR=optimizer/target/corridor.jar
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

mvn -q -B -o -pl optimizer package -DskipTests
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- optimizer || echo '+local changes')"
java -cp "$JAR" org.corridor.scenario.SyntheticScenarios data/afghanistan 10 42 "$WORK/af-x10" > /dev/null
echo '{"threads": 2}' > "$WORK/options.json"

# one events file and one rules file (base rules with the event applied) per event
python3 - "$WORK" data/afghanistan/rules.json "$WORK/af-x10/rules.json" <<'PY'
import json, sys
work = sys.argv[1]
prov = {"who": "bench/resolve.sh", "source": "ILLUSTRATIVE: benchmark event", "reliability": "B", "asOf": "2026-11-28T06:00:00Z"}
rprov = {"source": "ILLUSTRATIVE: benchmark event", "reliability": "B", "asOf": "2026-11-28"}
always = {"fromDay": 0, "toDay": 3650}
added = {
    "close-torkham": {"type": "EntryPointClosed", "id": "B-TORKHAM", "entryPoint": "BC_TORKHAM", "provenance": rprov, "validity": always},
    "close-salang": {"type": "RoadClosed", "id": "B-SALANG", "road": "R12", "provenance": rprov, "validity": always},
    "deny-agency": {"type": "AreaDenied", "id": "B-DENY", "province": "AF09", "agency": "UN_FOOD", "provenance": rprov, "validity": always},
    "raise-risk": {"type": "RiskOverride", "id": "B-RISK", "road": "R47", "risk": 0.10, "provenance": rprov, "validity": always},
}
for inst, path in (("afghanistan", sys.argv[2]), ("x10", sys.argv[3])):
    base = json.load(open(path))
    for name, rule in added.items():
        json.dump([{"type": "RuleAdded", "id": "E-" + name, "provenance": prov, "rule": rule}], open(f"{work}/{inst}-{name}.events.json", "w"))
        json.dump(base + [rule], open(f"{work}/{inst}-{name}.rules.json", "w"))
    json.dump([{"type": "RuleLifted", "id": "E-reopen-crossing", "provenance": prov, "ruleId": "EPC-GHULAM-KHAN"}],
              open(f"{work}/{inst}-reopen-crossing.events.json", "w"))
    json.dump([r for r in base if r["id"] != "EPC-GHULAM-KHAN"], open(f"{work}/{inst}-reopen-crossing.rules.json", "w"))
PY
EVENTS="close-torkham close-salang deny-agency raise-risk reopen-crossing"

measure() { # kind instance dir event round
  local kind=$1 inst=$2 dir=$3 ev=$4 round=$5 out="$WORK/$2-$4-$1.json" log="$WORK/$2-$4-$1.log"
  if [ "$kind" = cold ]; then
    java -jar "$JAR" plan --scenario "$dir" --rules "$WORK/$inst-$ev.rules.json" --options "$WORK/options.json" --out "$out" > "$log"
  else
    local how=REPAIR; [ "$kind" = optimise ] && how=OPTIMISE
    java -jar "$JAR" resolve --scenario "$dir" --plan "$WORK/$inst-plan1.json" --events "$WORK/$inst-$ev.events.json" --convoys "$how" --out "$out" > "$log"
  fi
  python3 - "$out" "$log" "$kind" "$inst" "$ev" "$round" >> "$WORK/results.tsv" <<'PY'
import json, re, sys
p = json.load(open(sys.argv[1]))
ms = sum(p["solver"]["stageMillis"].values())
kept, unaffected = "", ""
m = re.search(r"unaffected convoys unchanged: (\d+) of (\d+)", open(sys.argv[2]).read())
if m: kept, unaffected = m.group(1), m.group(2)
tonnes = sum(t for c in p["convoys"] for t in c["manifest"].values())
print("\t".join([sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[3], str(ms), repr(p["kpis"]["coverage"]), kept, unaffected, str(len(p["convoys"])), repr(tonnes)]))
PY
  echo "round $round $inst $ev $kind: $(tail -1 "$WORK/results.tsv" | cut -f5) ms" >&2
}

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
: > "$WORK/results.tsv"
for inst in afghanistan x10; do
  [ "$inst" = x10 ] && [ "$X10_ROUNDS" = 0 ] && continue # ROUNDS 0: the Afghanistan rows only
  dir=data/afghanistan; [ "$inst" = x10 ] && dir="$WORK/af-x10"
  java -jar "$JAR" plan --scenario "$dir" --options "$WORK/options.json" --out "$WORK/$inst-plan1.json" > /dev/null
  rounds=$ROUNDS; [ "$inst" = x10 ] && rounds=$X10_ROUNDS
  for round in $(seq 1 "$rounds"); do
    for ev in $EVENTS; do
      kinds=(cold resolve optimise)
      for k in 0 1 2; do measure "${kinds[$(( (k + round - 1) % 3 ))]}" "$inst" "$dir" "$ev" "$round"; done
    done
  done
done
# the harness is a test class (not in the jar); the jar carries everything else it needs
if [ "$WARM_ROUNDS" -gt 0 ]; then
  java -cp "optimizer/target/test-classes:$JAR" org.corridor.resolve.ResolveBenchmark data/afghanistan afghanistan "$WORK" 2 "$WARM_ROUNDS" 4 $EVENTS \
    | sed 's/^afghanistan\t/afghanistan-warm\t/; s/^warmup\tafghanistan\t/warmup\tafghanistan-warm\t/' >> "$WORK/results.tsv"
fi
if [ "$X10_WARM_ROUNDS" -gt 0 ]; then # 10x warm-up rounds take about two minutes each: at least 2, at most 3
  java -cp "optimizer/target/test-classes:$JAR" org.corridor.resolve.ResolveBenchmark "$WORK/af-x10" x10 "$WORK" 2 "$X10_WARM_ROUNDS" 3 $EVENTS \
    | sed 's/^x10\t/x10-warm\t/; s/^warmup\tx10\t/warmup\tx10-warm\t/' >> "$WORK/results.tsv"
fi
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

table="$(python3 - "$WORK/results.tsv" "$ROUNDS $X10_ROUNDS $WARM_ROUNDS $X10_WARM_ROUNDS" "$load_start" "$load_end" "$COMMIT" <<'PY'
import statistics, sys, subprocess, os
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cpu = "unknown CPU"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip(); break
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
names = {"afghanistan": "Afghanistan", "x10": "10x synthetic (seed 42)", "afghanistan-warm": "Afghanistan, one warm JVM",
         "x10-warm": "10x synthetic, one warm JVM"}
events = ["close-torkham", "close-salang", "deny-agency", "raise-risk", "reopen-crossing"]
warm = {r[1]: r[2] for r in rows if r[0] == "warmup"}
pool = {r[1]: (r[2], r[3]) for r in rows if r[0] == "pool"}
out = ["| instance | event | runs | cold, median s | re-solve, median s | re-solve / cold | re-solve with `--convoys OPTIMISE`, median s | its share of cold "
       "| unaffected convoys unchanged | tonnes on convoys: cold / re-solve / OPTIMISE | coverage cold | coverage re-solve | difference |",
       "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
def of(inst, ev, kind): return [r for r in rows if r[0] == inst and r[1] == ev and r[3] == kind]
def med(rs, i, scale=1): return statistics.median(float(r[i]) for r in rs) / scale
for inst in ["afghanistan", "x10", "afghanistan-warm", "x10-warm"]:
    for ev in events:
        cold, res, opt = of(inst, ev, "cold"), of(inst, ev, "resolve"), of(inst, ev, "optimise")
        if not cold or not res or not opt: continue
        c, s, o = med(cold, 4, 1000), med(res, 4, 1000), med(opt, 4, 1000)
        kept, unaff = int(res[0][6]), int(res[0][7])
        share = f"{kept} of {unaff} ({100 * kept / unaff:.0f} %)" if unaff else "none unaffected"
        if int(opt[0][6]) != kept: share += f"; OPTIMISE {opt[0][6]}"
        cc, rc = med(cold, 5), med(res, 5)
        out.append(f"| {names[inst]} | {ev} | {len(res)} | {c:.1f} | {s:.2f} | {100 * s / c:.0f} % | {o:.2f} | {100 * o / c:.0f} % | {share} "
                   f"| {med(cold, 9):,.0f} / {med(res, 9):,.0f} / {med(opt, 9):,.0f} | {100 * cc:.2f} % | {100 * rc:.2f} % | {100 * (rc - cc):+.2f} pt |")
def reuse(inst):
    return ", ".join(f"{ev} {statistics.median(int(r[11]) for r in of(inst, ev, 'resolve')):.0f} / {statistics.median(int(r[11]) for r in of(inst, ev, 'reuse')):.0f}"
                     for ev in events if of(inst, ev, "reuse"))
out.append("")
out.append(f"Measured {subprocess.run(['date', '-u', '+%Y-%m-%d %H:%M UTC'], capture_output=True, text=True).stdout.strip()} "
           f"by `bench/resolve.sh {sys.argv[2]}` at commit {sys.argv[5]} on {os.cpu_count()} cores ({cpu}), {java}, 2 solve threads; load average "
           f"{sys.argv[3]} at start, {sys.argv[4]} at end. Times: the plan's stage timings summed (compile to last mile), medians over runs; "
           f"the unaffected share is deterministic (the same every run). Re-solve: the default options (convoys not kept are repaired: "
           f"previous convoys placed again where they fit, the rest greedily); OPTIMISE: CP-SAT schedules them. "
           + (f"Warm rows: one JVM (`ResolveBenchmark`) per instance after warm-up rounds of every event's cold solve and re-solves "
              f"({', '.join(f'{names[k]} {v}' for k, v in warm.items())}), as the service runs re-solves; the other rows start a fresh JVM (the command line) per solve. " if warm else "")
           + "".join(f"Routes reused ({names[inst]}): a third re-solve takes over the cold solve's compiled views and candidate routes (`RoutePool`, "
                     f"{pool[inst.replace('-warm', '')][0]} candidates, {pool[inst.replace('-warm', '')][1]} MB of heap) and makes the same plan; compile and routes, "
                     f"median ms without / with reuse: {reuse(inst)}. "
                     for inst in ["afghanistan-warm", "x10-warm"] if inst.replace("-warm", "") in pool and reuse(inst))
           + f"Targets: re-solve <= 20 % of cold, >= 90 % of unaffected convoys unchanged, coverage within 1 %.")
print("\n".join(out))
PY
)"
echo "$table"
echo "$table" | bench/readme-table resolve
