#!/usr/bin/env bash
# Load benchmark of the service (not a test). Starts the packaged service twice on loopback, each with
# a fresh H2 database and solve threads at nice NICE (the default): once with every solve in a child
# JVM (corridor.jobs.isolation=process, the default) and once on the job worker threads in the
# service's JVM (isolation=thread). It solves the Afghanistan scenario SOLO times alone on each
# (interleaved; the job's run time, JVM start included), then warms each service up and measures with wrk
# a field team's dispatch (GET, bearer token, gzip, 200 connections), RUNS rounds, each round interleaving
# the two services so both see the same machine.
# Warm-up: first the solve POST's paths (the admission limit + 5 requests: 202s, then 503s with their problem
# body; the admitted jobs cancelled), then paced reads at RATE in 5 s windows until the service JVM's JIT compiler spent less than
# WARM_COMPILE_MS of compile time in a window (jstat -compiler), at least 20 s, at most WARM_MAX windows.
# Measured (02:17 UTC 2026-11-29, one service, load 5-7, after one solve): at 2,000 reads/s the compiler
# spent 9.6, 9.3, 5.8, 5.2, 4.5, 4.7 s in the first six 5 s windows and 0.7, 0.2, 0.8, 0.2 s in the next
# four; the windows' p99 went 2,380, 391, 61, 50, 89, 65 ms, then 19-102 ms (median 38) over 18 more; CPU per read 3.3 ms in the first
# window, 1.0 to 0.74 ms in windows 3-6, 0.37-0.55 ms from window 7 on. The earlier fixed 10 s saturated
# warm-up left the first measured round in that compiling phase (its p99 in the hundreds of ms).
# The rounds:
#   1. paced, on each service: each connection waits a random 0..2*200/RATE s between requests, so the
#      200 connections offer about RATE requests/s whatever the latency (the realistic case: teams poll);
#      on the default service also at each rate of SWEEP (windows of SWEEP_DURATION), no solve running;
#   2. saturated (the default service only; no solve runs, so isolation plays no part): no pause,
#      every connection re-sends at once (closed loop): the throughput ceiling, where latency is mostly
#      queueing behind the other 199 connections;
#   3. paced again on each service while a flood of FLOOD solve requests (distinct seeds, sent by a
#      second wrk over 50 connections, one thread) hits POST /api/v1/solves at the start of the read
#      window: the flood's status codes (only 202 up to capacity, then 503 + Retry-After), the read
#      latency meanwhile (the admitted solves keep both workers busy for the whole window), the
#      service JVM's GC pauses in the window (-Xlog:gc,gc+phases; a child JVM's own pauses stop only
#      its solve); on the default service, right after that window, paced reads at each rate of SWEEP
#      while the admitted solves still run (the solves admitted at each window's end are recorded);
#      then it waits until every admitted job has finished and records their status and run time.
# Every read window also records the service JVM's CPU time per read (/proc/PID/stat, user + system, the
# JVM's own threads only: a child JVM's solve is not in it, a solve on a worker thread is).
# Prints the results and rewrites the README table between the bench:api markers.
# Usage: bench/api-load.sh   (env: RUNS=3 DURATION=20s CONNECTIONS=200 RATE=2000 SWEEP="1000 500 250" SWEEP_DURATION=10s
#                             FLOOD=300 NICE=10 SOLO=3 PORT=18080 WARM_COMPILE_MS=1000 WARM_MAX=24
#                             JAVA_OPTS= (empty): JVM options of both services, none as in the README's run command (the
#                             JVM's default collector, G1); JAVA_OPTS=-XX:+UseZGC for ZGC)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}; DURATION=${DURATION:-20s}; CONNECTIONS=${CONNECTIONS:-200}; RATE=${RATE:-2000}; FLOOD=${FLOOD:-300}
SWEEP=${SWEEP-1000 500 250}; SWEEP_DURATION=${SWEEP_DURATION:-10s}; WARM_COMPILE_MS=${WARM_COMPILE_MS:-1000}; WARM_MAX=${WARM_MAX:-24}
NICE=${NICE:-10}; SOLO=${SOLO:-3}; PORT=${PORT:-18080}; JAVA_OPTS=${JAVA_OPTS-}
JAR=api/target/corridor-api.jar
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed (job list parsing)" >&2; exit 2; }
command -v jstat >/dev/null || { echo "jstat (the JDK's) is needed: the warm-up watches the JIT compiler" >&2; exit 2; }
[ -f "$JAR" ] || mvn -q -B -pl api -am package -DskipTests
WORK=$(mktemp -d)
PIDS=()
# (|| true: under set -e a failing wait, as for a killed process, would end the trap before the next service)
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
VARIANTS=(process thread)   # corridor.jobs.isolation; both at corridor.jobs.nice=NICE
declare -A PORTS=([process]=$PORT [thread]=$((PORT + 1))) COORD TEAM SPID

for v in "${VARIANTS[@]}"; do
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  java $JAVA_OPTS -Xlog:gc,gc+phases:file="$WORK/gc-$v.log":timemillis -jar "$JAR" --server.port="${PORTS[$v]}" --server.address=127.0.0.1 \
       --corridor.data-dir="$WORK/db-$v" --corridor.jobs.nice="$NICE" --corridor.jobs.isolation="$v" > "$WORK/service-$v.log" 2>&1 &
  PIDS+=($!); SPID[$v]=$!
done
base() { echo "http://127.0.0.1:${PORTS[$1]}"; }
token() { curl -sf -X POST -u "$2:$3" "$(base "$1")/api/v1/auth/token" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
health() { curl -sf "$(base "$1")/api/v1/health"; }
for v in "${VARIANTS[@]}"; do
  for _ in $(seq 1 120); do health "$v" >/dev/null && break; sleep 1; done
  COORD[$v]=$(token "$v" coordinator demo-coordinator)
  TEAM[$v]=$(token "$v" team-unfood-kabul demo-team-unfood-kabul)
  : > "$WORK/solo-$v.txt"
done
# one solve alone (default options), run time from the job's startedAt to finishedAt -> seconds
solo() {
  local job
  job=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer ${COORD[$1]}" -H 'Content-Type: application/json' \
        -d "{\"scenario\":\"afghanistan\",\"options\":{\"seed\":$2}}" "$(base "$1")/api/v1/solves" | tr -d '\r' | sed -n 's/^Location: //p')
  until curl -sf -H "Authorization: Bearer ${COORD[$1]}" "$(base "$1")$job" | grep -q '"status":"\(SUCCEEDED\|FAILED\)"'; do sleep 1; done
  curl -sf -H "Authorization: Bearer ${COORD[$1]}" "$(base "$1")$job" | python3 -c '
import datetime, json, sys
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
j = json.load(sys.stdin)
assert j["status"] == "SUCCEEDED", j["status"]
print("%.1f" % (t(j["finishedAt"]) - t(j["startedAt"])).total_seconds())'
}
for i in $(seq 1 "$SOLO"); do   # interleaved; the first also makes the plan whose dispatch is read
  for v in "${VARIANTS[@]}"; do solo "$v" "$((7 + i))" >> "$WORK/solo-$v.txt"; done
done
DISPATCH=/api/v1/teams/UN_FOOD/AF01/dispatch
SIZE=$(curl -sf -H "Authorization: Bearer ${TEAM[process]}" "$(base process)$DISPATCH" | wc -c)
GZ=$(curl -sf -H "Authorization: Bearer ${TEAM[process]}" -H 'Accept-Encoding: gzip' "$(base process)$DISPATCH" | wc -c)
LIMIT=$(health process | sed 's/.*"limit":\([0-9]*\).*/\1/')

# wrk's delay() hook: a random pause before each request, mean CONNECTIONS/rate seconds (rate: the script's argument)
cat > "$WORK/paced.lua" <<LUA
local mean_ms = 0
function init(args) mean_ms = 1000 * $CONNECTIONS / tonumber(args[1]) end
function delay() return math.random(0, math.floor(2 * mean_ms)) end
LUA
# The flood, for one wrk thread: exactly COUNT POSTs (the second argument) (wrk asks delay() before every request of a
# connection, its first included; one that would exceed COUNT just waits), each with its own seed
# (from the SEED argument on); it counts the answers by kind and stops when all COUNT have come back.
FLOOD_CONNECTIONS=$(( FLOOD < 50 ? FLOOD : 50 ))
cat > "$WORK/flood.lua" <<LUA
local flood, reserved, sent, answered, seed = 0, 0, 0, 0, 0
local accepted, refused, other = 0, 0, 0
function init(args) seed = tonumber(args[1]); flood = tonumber(args[2]) end
function delay()
  if reserved >= flood then return 3600000 end
  reserved = reserved + 1
  return 0
end
function request()
  sent = sent + 1
  return wrk.format("POST", "/api/v1/solves", nil,
    string.format('{"scenario":"afghanistan","options":{"seed":%d,"threads":1}}', seed + sent))
end
function response(status, headers, body)
  local retry = false
  for k, _ in pairs(headers) do if string.lower(k) == "retry-after" then retry = true end end
  if status == 202 then accepted = accepted + 1
  elseif status == 503 and retry then refused = refused + 1
  else other = other + 1 end
  answered = answered + 1
  if answered == flood then
    io.write(string.format("%d %d %d\n", accepted, refused, other))
    wrk.thread:stop()
  end
end
LUA
# the service JVM's CPU time so far, user + system, in clock ticks (its own threads; a child JVM's are not in it)
ticks() { awk '{print $14 + $15}' "/proc/${SPID[$1]}/stat"; }
# wrk run (arguments: variant, duration, paced RATE | saturated) -> "p50 p90 p99 req/s errors cpu_ms_per_read" (latencies in ms)
measure() {
  local script=() rate=(); [ "$3" = paced ] && { script=(-s "$WORK/paced.lua"); rate=(-- "$4"); }
  local before; before=$(ticks "$1")
  wrk -t2 -c"$CONNECTIONS" -d"$2" --timeout 10s --latency "${script[@]}" -H "Authorization: Bearer ${TEAM[$1]}" \
      -H 'Accept-Encoding: gzip' "$(base "$1")$DISPATCH" "${rate[@]}" > "$WORK/wrk.txt"
  awk -v ticks=$(( $(ticks "$1") - before )) -v hz="$(getconf CLK_TCK)" \
      'function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
       $1=="50%" {p50=ms($2)} $1=="90%" {p90=ms($2)} $1=="99%" {p99=ms($2)} $1=="Requests/sec:" {rps=$2}
       /requests in/ {n=$1} /Non-2xx/ {bad=$NF} /Socket errors/ {gsub(",", ""); bad+=$4+$6+$8+$10}
       END {printf "%.2f %.2f %.2f %.0f %d %.2f\n", p50, p90, p99, rps, bad+0, n ? 1000 * ticks / hz / n : 0}' "$WORK/wrk.txt"
}
# the service JVM's JIT compile time so far (ms), from jstat -compiler's Time column (seconds)
compiling() { jstat -compiler "${SPID[$1]}" | awk 'NR == 2 {printf "%d\n", $4 * 1000}'; }
# paced 5 s windows at RATE until one spends less than WARM_COMPILE_MS compiling (at least 4, at most WARM_MAX)
# -> "windows compile_ms_per_window..." (stderr: each window's p99)
warm() {
  local i c0 c1 log=""
  for i in $(seq 1 "$WARM_MAX"); do
    c0=$(compiling "$1")
    local r; r=$(measure "$1" 5s paced "$RATE")
    c1=$(compiling "$1")
    log="$log $((c1 - c0))"
    echo "warm-up $1 window $i: compile $((c1 - c0)) ms, p99 $(echo "$r" | cut -d' ' -f3) ms, CPU/read $(echo "$r" | cut -d' ' -f6) ms" >&2
    [ "$i" -ge 4 ] && [ $((c1 - c0)) -lt "$WARM_COMPILE_MS" ] && break
  done
  echo "$i$log"
}
# the solves admitted (queued or running) on a variant's service now
admitted() { health "$1" | sed 's/.*"admitted":\([0-9]*\).*/\1/'; }
# GC pauses of a variant's service between two epoch-millisecond instants -> "count max_ms total_ms"
pauses() {
  awk -v from="$2" -v to="$3" '/GC\([0-9]+\) Pause/ { t = substr($1, 2) + 0; ms = $NF; sub(/ms$/, "", ms)
       if (t >= from && t <= to) { n++; s += ms; if (ms + 0 > m) m = ms + 0 } }
       END {printf "%d %.1f %.1f\n", n, m, s}' "$WORK/gc-$1.log"
}
# the flood's jobs of a variant, once all have finished -> "succeeded first_two_median_s all_median_s"
flood_jobs() {
  until health "$1" | grep -q '"admitted":0'; do sleep 1; done
  curl -sf -H "Authorization: Bearer ${COORD[$1]}" "$(base "$1")/api/v1/jobs?limit=$2" | python3 -c '
import datetime, json, statistics, sys
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
jobs = sorted(json.load(sys.stdin), key=lambda j: t(j["startedAt"] or j["createdAt"]))
run = [(t(j["finishedAt"]) - t(j["startedAt"])).total_seconds() for j in jobs if j["startedAt"] and j["finishedAt"]]
print(sum(j["status"] == "SUCCEEDED" for j in jobs), "%.1f" % statistics.median(run[:2]), "%.1f" % statistics.median(run))'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now_ms() { date +%s%3N; }

# The solve POST's paths before any round: LIMIT + 5 POSTs over 5 connections (202 up to the admission limit,
# then 503 + Retry-After with its problem body), then the admitted jobs cancelled -> "202s 503s others".
# Without it the first measured flood window paid the first 503's class loading and problem serializer construction,
# request threads queueing behind them (JFR, one such window: 94 monitor waits of 10 ms or more on request threads).
warm_solves() {
  local n=$((LIMIT + 5)) answers
  answers=$(wrk -t1 -c5 -d30s --timeout 10s -s "$WORK/flood.lua" -H "Authorization: Bearer ${COORD[$1]}" \
            -H 'Content-Type: application/json' "$(base "$1")" -- 100 "$n" | grep -E '^[0-9]+ [0-9]+ [0-9]+$' || true)
  curl -sf -H "Authorization: Bearer ${COORD[$1]}" "$(base "$1")/api/v1/jobs?limit=$n" \
    | python3 -c 'import json, sys; print("\n".join(j["id"] for j in json.load(sys.stdin) if j["status"] in ("QUEUED", "RUNNING")))' \
    | while read -r id; do curl -sf -o /dev/null -X POST -H "Authorization: Bearer ${COORD[$1]}" "$(base "$1")/api/v1/jobs/$id/cancel" || true; done
  until health "$1" | grep -q '"admitted":0'; do sleep 1; done
  echo "$answers"
}
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
declare -A WARM WARM_SOLVES
for v in "${VARIANTS[@]}"; do WARM_SOLVES[$v]=$(warm_solves "$v"); done
for v in "${VARIANTS[@]}"; do WARM[$v]=$(warm "$v"); done   # JIT compilation of the read path done before any round
for v in "${VARIANTS[@]}"; do : > "$WORK/paced-$v.txt"; : > "$WORK/loaded-$v.txt"; : > "$WORK/flood-$v.txt"; : > "$WORK/gc-$v.txt"; : > "$WORK/jobs-$v.txt"; done
for r in $SWEEP; do : > "$WORK/sweep-$r.txt"; : > "$WORK/sweep-flood-$r.txt"; done
: > "$WORK/saturated.txt"; : > "$WORK/sweep-admitted.txt"
SEED=1000
for _ in $(seq 1 "$RUNS"); do   # interleaved, so both services see the same machine
  for v in "${VARIANTS[@]}"; do measure "$v" "$DURATION" paced "$RATE" >> "$WORK/paced-$v.txt"; done
  for r in $SWEEP; do measure process "$SWEEP_DURATION" paced "$r" >> "$WORK/sweep-$r.txt"; done
  measure process "$DURATION" saturated >> "$WORK/saturated.txt"
  for v in "${VARIANTS[@]}"; do
    SEED=$((SEED + FLOOD))
    wrk -t1 -c"$FLOOD_CONNECTIONS" -d"$DURATION" --timeout 10s -s "$WORK/flood.lua" -H "Authorization: Bearer ${COORD[$v]}" \
        -H 'Content-Type: application/json' "$(base "$v")" -- "$SEED" "$FLOOD" | grep -E '^[0-9]+ [0-9]+ [0-9]+$' >> "$WORK/flood-$v.txt" &
    FLOODPID=$!
    FROM=$(now_ms)
    measure "$v" "$DURATION" paced "$RATE" >> "$WORK/loaded-$v.txt"
    pauses "$v" "$FROM" "$(now_ms)" >> "$WORK/gc-$v.txt"
    wait $FLOODPID || echo "the flood on $v did not get all $FLOOD answers within $DURATION" >&2
    if [ "$v" = process ]; then   # the rate sweep while the admitted solves still run
      ADMITTED="$(admitted process)"
      for r in $SWEEP; do measure process "$SWEEP_DURATION" paced "$r" >> "$WORK/sweep-flood-$r.txt"; ADMITTED="$ADMITTED $(admitted process)"; done
      echo "$ADMITTED" >> "$WORK/sweep-admitted.txt"
    fi
    flood_jobs "$v" "$(tail -1 "$WORK/flood-$v.txt" | cut -d' ' -f1)" >> "$WORK/jobs-$v.txt"
  done
done
LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)

col() { awk -v c="$1" '{print $c}' "$2" | median; }
sum() { awk -v c="$1" '{s+=$c} END {print s+0}' "$2"; }
row() { echo "$(col 1 "$1") | $(col 2 "$1") | $(col 3 "$1") | $(col 4 "$1") | $(sum 5 "$1") | ${2:-$(col 6 "$1")}"; }
MACHINE="$(nproc) cores ($(lscpu | sed -n 's/^Model name:[ ]*//p' | head -1)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, Java $(java -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/'), $(date -u +%Y-%m-%d)"
label() { [ "$1" = process ] && echo "solves in a child JVM (isolation=process, default)" || echo "solves on worker threads in the service's JVM (isolation=thread)"; }
SWEEP_QUIET=""; SWEEP_FLOOD=""
for r in $SWEEP; do
  SWEEP_QUIET="$SWEEP_QUIET
| paced at about $r/s ($SWEEP_DURATION windows), no solve running, $(label process) | $(row "$WORK/sweep-$r.txt") |"
  SWEEP_FLOOD="$SWEEP_FLOOD
| paced at about $r/s ($SWEEP_DURATION windows, after the $RATE/s one) while the flood's admitted solves run, $(label process) | $(row "$WORK/sweep-flood-$r.txt") |"
done
warmed() { echo "${WARM[$1]}" | awk '{printf "%d windows (compile time per window, ms:", $1; for (i = 2; i <= NF; i++) printf " %s", $i; printf ")"}'; }

TABLE=$(cat <<TABLE
Measured by \`bench/api-load.sh\` on $MACHINE; services and wrk on the same machine (loopback),
embedded H2, JVM options ${JAVA_OPTS:-none (G1 by default)}, solves at nice $NICE in both services, dispatch of team UN_FOOD@AF01 ($SIZE bytes, $GZ gzipped), bearer token, $CONNECTIONS connections, wrk -t2
--timeout 10s; medians of $RUNS interleaved rounds of $DURATION per row (rate-sweep rows: $SWEEP_DURATION). Machine load average $LOAD_BEFORE before and
$LOAD_AFTER after the runs (other processes included). Warm-up, paced at $RATE/s in 5 s windows until the JIT compiler spent
under $WARM_COMPILE_MS ms in one: $(warmed process) with process isolation, $(warmed thread) with thread isolation; before that
$((LIMIT + 5)) solve requests on each service (202, 503, other: $(echo "${WARM_SOLVES[process]}" | tr ' ' ,) and $(echo "${WARM_SOLVES[thread]}" | tr ' ' ,)), the admitted jobs cancelled.
Service CPU per read: the service JVM's user + system CPU time in the window over the reads answered.

| dispatch reads | p50 (ms) | p90 (ms) | p99 (ms) | requests/s | errors or timeouts (all rounds) | service CPU per read (ms) |
|---|---|---|---|---|---|---|
| paced at about $RATE/s, no solve running, service with $(label process) | $(row "$WORK/paced-process.txt") |$SWEEP_QUIET
| paced at about $RATE/s, no solve running, service with $(label thread) | $(row "$WORK/paced-thread.txt") |
| saturated, closed loop, no solve running | $(row "$WORK/saturated.txt") |
| paced at about $RATE/s during a flood of $FLOOD solve requests, $(label process) | $(row "$WORK/loaded-process.txt") |$SWEEP_FLOOD
| paced at about $RATE/s during a flood of $FLOOD solve requests, $(label thread) | $(row "$WORK/loaded-thread.txt" "(includes the solves)") |

| flood of $FLOOD solve requests (50 connections) against an admission limit of $LIMIT | answered 202 | 503 with Retry-After | anything else | admitted jobs SUCCEEDED | run time of the first 2 solves (s, during the reads) | run time of all admitted solves (s) | service JVM's GC pauses in the read window: count, longest, total (ms) | one solve alone, default options (s, median of $SOLO) |
|---|---|---|---|---|---|---|---|---|
| $(label process) | $(sum 1 "$WORK/flood-process.txt") | $(sum 2 "$WORK/flood-process.txt") | $(sum 3 "$WORK/flood-process.txt") | $(sum 1 "$WORK/jobs-process.txt") | $(col 2 "$WORK/jobs-process.txt") | $(col 3 "$WORK/jobs-process.txt") | $(col 1 "$WORK/gc-process.txt"), $(col 2 "$WORK/gc-process.txt"), $(col 3 "$WORK/gc-process.txt") | $(median < "$WORK/solo-process.txt") |
| $(label thread) | $(sum 1 "$WORK/flood-thread.txt") | $(sum 2 "$WORK/flood-thread.txt") | $(sum 3 "$WORK/flood-thread.txt") | $(sum 1 "$WORK/jobs-thread.txt") | $(col 2 "$WORK/jobs-thread.txt") | $(col 3 "$WORK/jobs-thread.txt") | $(col 1 "$WORK/gc-thread.txt"), $(col 2 "$WORK/gc-thread.txt"), $(col 3 "$WORK/gc-thread.txt") | $(median < "$WORK/solo-thread.txt") |

Counts are totals over the $RUNS floods of each service; run times and GC figures are medians over its rounds.
Solves admitted (queued or running) on the default service at the end of its $RATE/s flood window and of each sweep window after it, per round: $(paste -sd';' "$WORK/sweep-admitted.txt" | sed 's/;/; /g').
A job's run time is from its start on a worker to its end: with isolation=process it includes the child JVM's start.
TABLE
)
echo "$TABLE"
for v in "${VARIANTS[@]}"; do   # per-round figures, for whoever wants the spread
  echo "$v: solo $(tr '\n' ';' < "$WORK/solo-$v.txt") warm-up ${WARM[$v]} paced $(tr '\n' ';' < "$WORK/paced-$v.txt") flooded $(tr '\n' ';' < "$WORK/loaded-$v.txt") gc $(tr '\n' ';' < "$WORK/gc-$v.txt") jobs $(tr '\n' ';' < "$WORK/jobs-$v.txt")"
done
for r in $SWEEP; do echo "sweep $r/s: quiet $(tr '\n' ';' < "$WORK/sweep-$r.txt") flood $(tr '\n' ';' < "$WORK/sweep-flood-$r.txt")"; done
echo "$TABLE" | bench/readme-table api
