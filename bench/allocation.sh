#!/usr/bin/env bash
# Benchmark of the cold allocation solve (not a test): the Afghanistan scenario and seeded synthetic
# instances 10x and 100x its size, with 1 and 2 threads, RUNS cold solves each, every one in a fresh
# JVM through the packaged command line (`java -jar optimizer/target/corridor.jar plan`).
#
# Per run it records the solver wall time (sum of the stage times in the plan's solver record), the
# LP time (its lp.* stages), the whole process's wall time and its peak resident memory
# (/usr/bin/time -v), then writes the medians, with the machine and the date, into README.md
# between <!-- bench:allocation:start --> and <!-- bench:allocation:end -->.
#
# Usage: bench/allocation.sh            (RUNS=5, RUNS_LARGE=3 for scales >= 100, SCALES="1 10 100", THREADS="1 2",
#                                        SEED=42 by default; the table states the runs of every row)
#        RUNS=3 SCALES="1 10" bench/allocation.sh
# Needs: bash, java 17, maven (to build the jar if missing), python3, GNU time at /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
RUNS_LARGE=${RUNS_LARGE:-3}
SCALES=${SCALES:-"1 10 100"}
THREADS=${THREADS:-"1 2"}
SEED=${SEED:-42}
JAR=${JAR:-optimizer/target/corridor.jar}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/corridor-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
[ -f "$JAR" ] || mvn -q -B -pl optimizer -am package -DskipTests

RESULTS="$WORK/results.csv"
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
echo "scale,threads,run,status,solver_ms,alloc_ms,lp_ms,convoy_ms,lastmile_ms,wall_s,cpu_percent,max_rss_kb,locations,roads,needs,rules,routes" > "$RESULTS"

# Writes the table of every run so far into README.md (after each instance, so a long run that is
# stopped still leaves what it measured).
report() {
  python3 - "$RESULTS" "$SEED" "$COMMIT" "$LOAD_START" <<'PY' | tee /dev/stderr | bench/readme-table allocation
import csv, datetime, os, platform, re, statistics, subprocess, sys
results, seed, commit, load_start = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
rows = list(csv.DictReader(open(results)))
groups = {}
for r in rows:
    groups.setdefault((int(r["scale"]), int(r["threads"])), []).append(r)

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem_gb = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) / 1024 / 1024
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
load = os.getloadavg()[0]

out = []
out.append(f"Cold solves through `java -jar optimizer/target/corridor.jar plan`, a fresh JVM per run, medians over the runs "
           f"(`bench/allocation.sh`; synthetic instances from `SyntheticScenarios` with seed {seed}).")
out.append(f"Machine: {os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GB RAM, {java}; "
           f"code at commit {commit}; run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, 1-minute load average "
           f"{load_start:.1f} at the start and {load:.1f} at the end.")
out.append("")
out.append("| instance | locations | roads | needs | rules | threads | runs | status | routes | allocation | of which LP | convoys | last mile | all stages | process wall | CPU share | peak RSS (max) |")
out.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for (scale, threads), g in sorted(groups.items()):
    first = g[0]
    statuses = sorted({r["status"] for r in g})
    med = lambda k: statistics.median(float(r[k]) for r in g)
    name = "Afghanistan" if scale == 1 else f"synthetic x{scale}"
    out.append(f"| {name} | {first['locations']} | {first['roads']} | {first['needs']} | {first['rules']} | {threads} | {len(g)} | "
               f"{'/'.join(statuses)} | {first['routes']} | {med('alloc_ms') / 1000:.2f} s | {med('lp_ms') / 1000:.2f} s | "
               f"{med('convoy_ms') / 1000:.2f} s | {med('lastmile_ms') / 1000:.2f} s | {med('solver_ms') / 1000:.2f} s | "
               f"{med('wall_s'):.1f} s | {med('cpu_percent'):.0f} % | {max(int(r['max_rss_kb']) for r in g) / 1024:.0f} MB |")
out.append("")
out.append("Medians. Allocation = the solver wall time of the allocation stages in the plan's solver record (compile, "
           "route generation, LP build and solves, plan assembly); convoys (CP-SAT) and last mile (routing) are the later stages, "
           "all stages their sum with the allocation; process wall "
           "adds JVM start, loading the OR-Tools natives and reading the CSVs; "
           "CPU share is the process's CPU time over its wall time (GNU time), so values far below 100 % x threads mean "
           "the machine was busy with other work during the run. "
           "Targets: Afghanistan under 1 s of solver wall time, the 100x instance under 60 s.")
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
    # a generous time limit, so that the benchmark measures the solve rather than the limit
    echo "{\"threads\": $threads, \"timeLimitSeconds\": 900}" > "$WORK/options.json"
    runs=$RUNS; [ "$scale" -ge 100 ] && runs=$RUNS_LARGE
    for run in $(seq 1 "$runs"); do
      echo "x$scale threads=$threads run $run/$runs" >&2
      /usr/bin/time -v -o "$WORK/time.txt" java -jar "$JAR" plan --scenario "$dir" --options "$WORK/options.json" \
          --out "$WORK/plan.json" > "$WORK/plan.log" 2>&1 || { cat "$WORK/plan.log" >&2; exit 1; }
      python3 - "$WORK/plan.json" "$WORK/time.txt" "$dir" "$scale" "$threads" "$run" >> "$RESULTS" <<'PY'
import csv, json, os, re, sys
plan_file, time_file, scenario_dir, scale, threads, run = sys.argv[1:]
plan = json.load(open(plan_file))
timing = open(time_file).read()
def seconds(text):
    parts = [float(x) for x in text.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
wall = seconds(re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", timing).group(1))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
cpu = int(re.search(r"Percent of CPU this job got: (\d+)%", timing).group(1))
stages = plan["solver"]["stageMillis"]
ALLOCATION = {"compile", "routes", "plan"}
def rows(name):
    with open(f"{scenario_dir}/{name}") as f:
        return sum(1 for line in f if line.strip() and not line.startswith("#")) - 1
rules = len(json.load(open(f"{scenario_dir}/rules.json")))
print(",".join(str(x) for x in [scale, threads, run, plan["solver"]["status"], sum(stages.values()),
      sum(v for k, v in stages.items() if k in ALLOCATION or k.startswith("lp.")),
      sum(v for k, v in stages.items() if k.startswith("lp.")), stages.get("convoys", 0), stages.get("lastMile", 0), wall, cpu, rss,
      rows("provinces.csv") + rows("entry_points.csv") + (rows("places.csv") if os.path.exists(f"{scenario_dir}/places.csv") else 0),
      rows("roads.csv"), rows("needs.csv"), rules, len(plan["routes"])]))
PY
    done
  done
  report
done
