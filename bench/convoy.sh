#!/usr/bin/env bash
# Benchmark of the convoy stage (not a test): the Afghanistan scenario and seeded synthetic instances
# 10x and 100x its size, with 1 and 2 threads, RUNS plans each, every one in a fresh JVM through the
# packaged command line (`java -jar optimizer/target/corridor.jar plan`), whose pipeline ends with the
# convoy stage (CP-SAT per agency, deterministic mode, ConvoyOptions.DEFAULTS).
#
# Per run it reads the plan's solver record: the convoy stage's wall time (stageMillis.convoys), its
# status and models, and from the plan the convoys, trucks, truck-days and the share of the routes'
# tonnes that the convoys carry. It writes medians, with the machine and the date, into README.md
# between <!-- bench:convoy:start --> and <!-- bench:convoy:end -->.
#
# Usage: bench/convoy.sh            (RUNS=3 SCALES="1 10 100" THREADS="1 2" SEED=42 by default;
#                                    RUNS_LARGE runs, default RUNS, for the synthetic instances)
#        RUNS=5 RUNS_LARGE=1 SCALES="1 10" bench/convoy.sh
#        JARS="before=/tmp/old/corridor.jar after=optimizer/target/corridor.jar" WRITE_README=0 bench/convoy.sh
#            compares jars within one run: every run of an instance and thread count goes through each
#            jar in turn (interleaved, so machine load hits both alike); the table gets a variant column.
#            WRITE_README=0 prints the table without touching README.md.
# The jar is rebuilt when missing or older than any optimizer source, so an unattended run measures
# the code checked out. The table's header reads the work budget from ConvoyOptions.DEFAULTS.
# Needs: bash, java 17, maven (to build the jar), python3.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
RUNS_LARGE=${RUNS_LARGE:-$RUNS}
SCALES=${SCALES:-"1 10 100"}
THREADS=${THREADS:-"1 2"}
SEED=${SEED:-42}
JAR=optimizer/target/corridor.jar
JARS=${JARS:-"default=$JAR"}
WRITE_README=${WRITE_README:-1}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/corridor-convoy-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if [ ! -f "$JAR" ] || [ -n "$(find optimizer/src/main optimizer/pom.xml pom.xml -newer "$JAR" -print -quit)" ]; then
  mvn -q -B -pl optimizer -am package -DskipTests
fi

RESULTS="$WORK/results.csv"
echo "variant,scale,threads,run,convoy_ms,status,deterministic,models,routes,convoys,trucks,truck_days,asked_t,scheduled_t,trucked_asked_t,trucked_scheduled_t,bound_gap" > "$RESULTS"

# writes the README table from the runs so far (after every instance, so a long run keeps its rows)
write_table() {
python3 - "$RESULTS" "$SEED" <<'PY' | if [ "$WRITE_README" = 1 ]; then tee /dev/stderr | bench/readme-table convoy; else cat >&2; fi
import csv, datetime, os, platform, re, statistics, subprocess, sys
results, seed = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(results)))
groups = {}
for r in rows:
    groups.setdefault((int(r["scale"]), int(r["threads"]), r["variant"]), []).append(r)
variants = sorted({r["variant"] for r in rows})
# the default work budget, from the source the jar was built from
defaults = re.search(r"DEFAULTS\s*=\s*new ConvoyOptions\(([^;]*)\);", open("optimizer/src/main/java/org/corridor/convoy/ConvoyOptions.java").read())
budget = defaults.group(1).split(",")[-1].strip() if defaults else "?"
budget_text = f"ConvoyOptions.DEFAULTS: {budget} deterministic seconds of work per agency model"
if len(variants) > 1: budget_text = "jars compared: " + ", ".join(variants) + "; the checked-out code's " + budget_text
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem_gb = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) / 1024 / 1024
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
load = os.getloadavg()[0]
out = [f"Convoy stage of `java -jar optimizer/target/corridor.jar plan` (CP-SAT per agency, deterministic mode, "
       f"{budget_text}), a fresh JVM per run, median over the runs counted in the table "
       f"(`bench/convoy.sh`, synthetic instances from `SyntheticScenarios` with seed {seed}).",
       f"Machine: {os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GB RAM, {java}; "
       f"run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, load average {load:.1f} at the end "
       f"(1-minute average, other processes included: wall times grow with it).",
       "",
       ("| variant " if len(variants) > 1 else "") + "| instance | threads | runs | convoy stage wall (median) | status | deterministic | agency models | routes | convoys | trucks | truck-days | trucked tonnes scheduled | gap to CP-SAT bound |",
       ("|---" if len(variants) > 1 else "") + "|---|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|"]
for (scale, threads, variant), g in sorted(groups.items()):
    f = g[-1]
    med = lambda k: statistics.median(float(r[k]) for r in g)
    name = "Afghanistan" if scale == 1 else f"synthetic x{scale}"
    share = med("trucked_scheduled_t") / max(1e-9, med("trucked_asked_t"))
    out.append((f"| {variant} " if len(variants) > 1 else "") + f"| {name} | {threads} | {len(g)} | {med('convoy_ms') / 1000:.2f} s | {'/'.join(sorted({r['status'] for r in g}))} | "
               f"{'/'.join(sorted({r['deterministic'] for r in g}))} | {f['models']} | {f['routes']} | {med('convoys'):.0f} | "
               f"{med('trucks'):.0f} | {med('truck_days'):.0f} | {med('trucked_scheduled_t'):.0f} of {med('trucked_asked_t'):.0f} t ({share:.0%}) | "
               f"{med('bound_gap'):.1%} |")
out.append("")
out.append("Trucked tonnes: the allocation's tonnes on routes that drive at least one road (stock already at its destination "
           "needs no convoy), and how much of it whole trucks carry by the needs' deadlines within the fleets, round trips, "
           "convoy caps, permits and open days; the rest is explained per route in the plan's `routeSchedules`. "
           "Gap: severity-weighted tonnes delivered against CP-SAT's bound, summed over the agency models. "
           "GREEDY: some model kept its greedy schedule (CP-SAT found nothing better within its work limit).")
table = "\n".join(out)
print(table)
PY
}

for scale in $SCALES; do
  if [ "$scale" = 1 ]; then
    dir=data/afghanistan
  else
    dir="$WORK/x$scale"
    echo "generating synthetic instance x$scale (seed $SEED)" >&2
    java -cp "$JAR" org.corridor.scenario.SyntheticScenarios data/afghanistan "$scale" "$SEED" "$dir" >&2
  fi
  for threads in $THREADS; do
    # a generous time limit: the deterministic work limit, not the clock, should end the convoy search
    echo "{\"threads\": $threads, \"timeLimitSeconds\": 900}" > "$WORK/options.json"
    runs=$([ "$scale" = 1 ] && echo "$RUNS" || echo "$RUNS_LARGE")
    for run in $(seq 1 "$runs"); do
     for spec in $JARS; do
      variant=${spec%%=*} jar=${spec#*=}
      echo "x$scale threads=$threads run $run/$runs $variant" >&2
      java -jar "$jar" plan --scenario "$dir" --options "$WORK/options.json" --out "$WORK/plan.json" > "$WORK/plan.log" 2>&1 \
          || { cat "$WORK/plan.log" >&2; exit 1; }
      python3 - "$WORK/plan.json" "$variant" "$scale" "$threads" "$run" >> "$RESULTS" <<'PY'
import json, sys
plan_file, variant, scale, threads, run = sys.argv[1:]
p = json.load(open(plan_file))
rec = p["convoySolver"]
routes = {r["id"]: r for r in p["routes"]}
trucked = [s for s in p["routeSchedules"] if routes[s["route"]]["legs"]]
gap = (rec["weightedDeliveredBound"] - rec["weightedDelivered"]) / max(1e-9, rec["weightedDeliveredBound"]) if rec["weightedDeliveredBound"] else 0
print(",".join(str(x) for x in [variant, scale, threads, run, p["solver"]["stageMillis"]["convoys"], rec["status"], rec["deterministic"],
      rec["models"], len(p["routes"]), len(p["convoys"]), sum(sum(c["trucks"].values()) for c in p["convoys"]), rec["truckDays"],
      round(sum(s["askedTonnes"] for s in p["routeSchedules"]), 1), round(sum(s["scheduledTonnes"] for s in p["routeSchedules"]), 1),
      round(sum(s["askedTonnes"] for s in trucked), 1), round(sum(s["scheduledTonnes"] for s in trucked), 1), round(gap, 4)]))
PY
     done
    done
  done
  write_table
done

