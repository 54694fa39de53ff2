#!/usr/bin/env bash
# Load benchmark of the service (not a test). Starts the packaged service on loopback with a fresh
# H2 database, solves the Afghanistan scenario once, then measures with wrk a field team's dispatch
# (GET, bearer token, gzip, 200 connections), RUNS times each:
#   1. paced: each connection waits a random 0..2*200/RATE s between requests, so the 200
#      connections offer about RATE requests/s whatever the latency (the realistic case: teams poll);
#   2. saturated: no pause, every connection re-sends at once (closed loop): the throughput ceiling,
#      where latency is mostly queueing behind the other 199 connections;
#   3. paced again while a flood of solve requests hits POST /api/v1/solves: the flood's status
#      codes (only 202 up to capacity, then 503 + Retry-After) and the read latency meanwhile.
# Prints the results and rewrites the README table between the bench:api markers.
# Usage: bench/api-load.sh   (env: RUNS=3 DURATION=20s CONNECTIONS=200 RATE=2000 FLOOD=300 PORT=18080)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}; DURATION=${DURATION:-20s}; CONNECTIONS=${CONNECTIONS:-200}; RATE=${RATE:-2000}; FLOOD=${FLOOD:-300}; PORT=${PORT:-18080}
JAR=api/target/corridor-api.jar
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
[ -f "$JAR" ] || mvn -q -B -pl api -am package -DskipTests
WORK=$(mktemp -d)
java -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 --corridor.data-dir="$WORK/db" > "$WORK/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
B=http://127.0.0.1:$PORT/api/v1
for _ in $(seq 1 120); do curl -sf "$B/health" >/dev/null && break; sleep 1; done
token() { curl -sf -X POST -u "$1:$2" "$B/auth/token" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
COORD=$(token coordinator demo-coordinator)
TEAM=$(token team-unfood-kabul demo-team-unfood-kabul)
JOB=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $COORD" -H 'Content-Type: application/json' \
      -d '{"scenario":"afghanistan"}' "$B/solves" | tr -d '\r' | sed -n 's/^Location: //p')
until curl -sf -H "Authorization: Bearer $COORD" "http://127.0.0.1:$PORT$JOB" | grep -q '"status":"SUCCEEDED"'; do sleep 1; done
DISPATCH="$B/teams/UN_FOOD/AF01/dispatch"
SIZE=$(curl -sf -H "Authorization: Bearer $TEAM" "$DISPATCH" | wc -c)
GZ=$(curl -sf -H "Authorization: Bearer $TEAM" -H 'Accept-Encoding: gzip' "$DISPATCH" | wc -c)

# wrk's delay() hook: a random pause before each request, mean CONNECTIONS/RATE seconds
cat > "$WORK/paced.lua" <<LUA
local mean_ms = 1000 * $CONNECTIONS / $RATE
function delay() return math.random(0, math.floor(2 * mean_ms)) end
LUA
# wrk run (arguments: duration, paced|saturated) -> "p50 p90 p99 req/s errors" (latencies in ms)
measure() {
  local script=(); [ "$2" = paced ] && script=(-s "$WORK/paced.lua")
  wrk -t2 -c"$CONNECTIONS" -d"$1" --timeout 10s --latency "${script[@]}" -H "Authorization: Bearer $TEAM" -H 'Accept-Encoding: gzip' "$DISPATCH" > "$WORK/wrk.txt"
  awk 'function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
       $1=="50%" {p50=ms($2)} $1=="90%" {p90=ms($2)} $1=="99%" {p99=ms($2)} $1=="Requests/sec:" {rps=$2}
       /Non-2xx/ {bad=$NF} /Socket errors/ {gsub(",", ""); bad+=$4+$6+$8+$10}
       END {printf "%.2f %.2f %.2f %.0f %d\n", p50, p90, p99, rps, bad+0}' "$WORK/wrk.txt"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
measure 10s saturated > /dev/null   # warm-up (JIT, caches)
: > "$WORK/paced.txt"; : > "$WORK/saturated.txt"
for _ in $(seq 1 "$RUNS"); do   # interleaved, so both see the same machine
  measure "$DURATION" paced >> "$WORK/paced.txt"
  measure "$DURATION" saturated >> "$WORK/saturated.txt"
done

# the flood: FLOOD distinct solve requests, 50 at a time, while wrk reads dispatches
( seq 1 "$FLOOD" | xargs -P 50 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $COORD" \
    -H 'Content-Type: application/json' -d '{"scenario":"afghanistan","options":{"seed":{},"threads":1}}' "$B/solves" > "$WORK/flood.txt" ) &
FLOODPID=$!
measure "$DURATION" paced > "$WORK/loaded.txt"
wait $FLOODPID
ACCEPTED=$(grep -c '^202$' "$WORK/flood.txt" || true); REFUSED=$(grep -c '^503$' "$WORK/flood.txt" || true)
OTHER=$(grep -vc '^20[2]$\|^503$' "$WORK/flood.txt" || true)
LIMIT=$(curl -sf "$B/health" | sed 's/.*"limit":\([0-9]*\).*/\1/')

col() { awk -v c="$1" '{print $c}' "$2" | median; }
LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)
row() {  # median row of a results file
  echo "$(col 1 "$1") | $(col 2 "$1") | $(col 3 "$1") | $(col 4 "$1")"
}
bad() { awk '{s+=$5} END {print s+0}' "$1"; }
read -r L50 L90 L99 LRPS LBAD < "$WORK/loaded.txt"
MACHINE="$(nproc) cores ($(lscpu | sed -n 's/^Model name:[ ]*//p' | head -1)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, Java $(java -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/'), $(date -u +%Y-%m-%d)"

TABLE=$(cat <<TABLE
Measured by \`bench/api-load.sh\` on $MACHINE; service and wrk on the same machine (loopback),
embedded H2, dispatch of team UN_FOOD@AF01 ($SIZE bytes, $GZ gzipped), bearer token, $CONNECTIONS connections, wrk -t2
--timeout 10s. Machine load average $LOAD_BEFORE before and $LOAD_AFTER after the runs (other processes included).

| load | p50 (ms) | p90 (ms) | p99 (ms) | requests/s |
|---|---|---|---|---|
| dispatch reads paced at about $RATE/s (median of $RUNS runs of $DURATION; $(bad "$WORK/paced.txt") errors or timeouts in all) | $(row "$WORK/paced.txt") |
| dispatch reads saturated, closed loop (median of $RUNS runs of $DURATION; $(bad "$WORK/saturated.txt") errors or timeouts in all) | $(row "$WORK/saturated.txt") |
| dispatch reads paced at about $RATE/s during a flood of $FLOOD solve requests ($LBAD errors or timeouts) | $L50 | $L90 | $L99 | $LRPS |

Flood of $FLOOD solve requests (50 concurrent clients) against an admission limit of $LIMIT solves (running + queued):
$ACCEPTED answered 202, $REFUSED answered 503 with Retry-After, $OTHER anything else.
TABLE
)
echo "$TABLE"
echo "$TABLE" | bench/readme-table api
