#!/usr/bin/env bash
# A three-region gateway fleet on this machine: regions us-east, eu-west and ap-southeast as network namespaces
# joined by veth links to one bridge, with delays between regions (tc netem; NFQUEUE and wan_delay.py on a kernel
# without netem); two gateway replicas per region; one HAProxy per region that sends its region's clients to its
# region and fails over to the next; one Kafka broker (bench/kafka-broker.sh, in us-east) carrying the shared routing
# policy. Needs root, iproute2, haproxy (iptables without netem), Java 17 and gateway/target/gateway.jar.
#   bench/fleet/fleet.sh start            # network, broker, six replicas, three load balancers; waits until ready
#   bench/fleet/fleet.sh status           # every part, its state and RSS; exit 0 when all is up, 3 otherwise
#   bench/fleet/fleet.sh stop             # everything above, in reverse; logs stay in the state directory
#   bench/fleet/fleet.sh replica start|stop|kill|status NAME   # one replica (eu-west-1, ...), used by scenarios.py
#   bench/fleet/fleet.sh env              # the addresses, ports, files and settings, as JSON
#   bench/fleet/fleet.sh lb-log REGION    # the region's balancer's last requests, a line each (HAProxy's httplog)
# Environment: FLEET_STATE_DIR (bench/fleet/target), FLEET_JAR (gateway/target/gateway.jar), FLEET_HEAP (512m),
# FLEET_CHECK_INTER_MS (500: HAProxy's health-check interval), FLEET_LB_OBSERVE (1: a refused connection marks its
# server down at once; 0: only the active health checks do), FLEET_PROVIDER_LATENCY_MS (100),
# FLEET_DELAY_MODE (auto: tc netem when the kernel has it, else NFQUEUE and wan_delay.py; netem; nfqueue).
set -euo pipefail
FLEET="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$FLEET/../.." && pwd)"
STATE=$(realpath -m "${FLEET_STATE_DIR:-$FLEET/target}")
JAR=$(realpath -m "${FLEET_JAR:-$REPO/gateway/target/gateway.jar}")
HEAP=${FLEET_HEAP:-512m}
CHECK_INTER_MS=${FLEET_CHECK_INTER_MS:-500}
PROVIDER_LATENCY_MS=${FLEET_PROVIDER_LATENCY_MS:-100}
LB_OBSERVE=${FLEET_LB_OBSERVE:-1}
# A running fleet keeps the settings it was started with, for every later command (a replica restarted alike).
if [ "${1:-}" != start ] && [ -f "$STATE/fleet.conf" ]; then . "$STATE/fleet.conf"; fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PYTHON=$(python3 -c "import sys; print(sys.executable)")

REGIONS=(us-east eu-west ap-southeast)
# Each region's failover target: the nearest other region by the delays below.
declare -A NEXT=([us-east]=eu-west [eu-west]=us-east [ap-southeast]=us-east)
declare -A INDEX=([us-east]=1 [eu-west]=2 [ap-southeast]=3)
# One-way delay in ms between two regions, added on the sender's side (so a round trip pays it twice).
declare -A DELAY=([us-east/eu-west]=35 [us-east/ap-southeast]=60 [eu-west/ap-southeast]=80)
NS_PREFIX=fleet-
BRIDGE=fleet0
NET=10.77
HOST_ADDR=$NET.0.1
KAFKA_ADDR=$NET.1.5     # in us-east
KAFKA_PORT=9092
LB_PORT=8080
DRAIN_READY_DELAY=2s    # above HAProxy's interval × fall (2 checks), so it sees 503 before the listener closes
SHUTDOWN_TIMEOUT=5s

say() { echo "fleet: $*"; }
fail() { echo "fleet: $*" >&2; exit 1; }

ns() { echo "$NS_PREFIX$1"; }
lb_addr() { echo "$NET.${INDEX[$1]}.1"; }
# Replica NAME is REGION-N (N = 1, 2): address 10.77.<region>.1N, HTTP port 18<region>N0, admin port 18<region>N1.
replica_region() { echo "${1%-*}"; }
replica_n() { echo "${1##*-}"; }
replica_addr() { echo "$NET.${INDEX[$(replica_region "$1")]}.1$(replica_n "$1")"; }
replica_http() { echo "18${INDEX[$(replica_region "$1")]}$(replica_n "$1")0"; }
replica_admin() { echo "18${INDEX[$(replica_region "$1")]}$(replica_n "$1")1"; }
replicas_of() { echo "$1-1 $1-2"; }
all_replicas() { local r; for r in "${REGIONS[@]}"; do replicas_of "$r"; done; }
delay() { echo "${DELAY[$1/$2]:-${DELAY[$2/$1]}}"; }
delays_of() { # region format: the format (other region, delay) for every other region
  local o
  for o in "${REGIONS[@]}"; do [ "$o" = "$1" ] || printf "$2" "$o" "$(delay "$1" "$o")"; done
}

valid_replica() {
  local name=$1 region
  region=$(replica_region "$name")
  [ -n "${INDEX[$region]:-}" ] && [[ $(replica_n "$name") =~ ^[12]$ ]] \
    || fail "no replica '$name' (us-east-1 ... ap-southeast-2)"
}

alive() { # pid file, a string its command line must hold: the pid, if that process still runs
  local pid cmd
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmd == *"$2"* ]] || return 1
  echo "$pid"
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

http_status() { # host port path
  curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$1:$2$3" 2>/dev/null || true
}

# ---------------------------------------------------------------- network

network_up() {
  if ip link show "$BRIDGE" >/dev/null 2>&1; then say "network already up"; return; fi
  ip netns add "${NS_PREFIX}probe" 2>/dev/null && ip netns del "${NS_PREFIX}probe" \
    || fail "network namespaces are not available here (ip netns add failed); the fleet needs them and root"
  ip link add "$BRIDGE" type bridge
  ip addr add "$HOST_ADDR/16" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  local r i peer
  for r in "${REGIONS[@]}"; do
    i=${INDEX[$r]}
    ip netns add "$(ns "$r")"
    ip -n "$(ns "$r")" link set lo up
    peer="fl-$r"; peer=${peer:0:15}
    ip link add "$peer" type veth peer name eth0 netns "$(ns "$r")"
    ip link set "$peer" master "$BRIDGE" up
    ip -n "$(ns "$r")" addr add "$(lb_addr "$r")/16" dev eth0     # first: the source of the balancer's traffic
    ip -n "$(ns "$r")" addr add "$NET.$i.11/16" dev eth0
    ip -n "$(ns "$r")" addr add "$NET.$i.12/16" dev eth0
    [ "$r" = us-east ] && ip -n "$(ns "$r")" addr add "$KAFKA_ADDR/16" dev eth0
    ip -n "$(ns "$r")" link set eth0 up
    delays_up "$r"
  done
  say "network up: bridge $BRIDGE $HOST_ADDR/16; namespaces $(printf "$NS_PREFIX%s " "${REGIONS[@]}")"
}

# Packets leaving a region for another wait there for the one-way delay: tc netem under an HTB class per
# destination region where the kernel has netem; otherwise NFQUEUE rules and wan_delay.py, which holds each packet
# in user space for the delay (same effect on TCP: handshakes, segments and acknowledgements all wait).
delays_up() {
  local r=$1 mode=${FLEET_DELAY_MODE:-auto} other class specs=() n
  local in_ns=(ip netns exec "$(ns "$r")")
  if [ "$mode" = auto ]; then
    if "${in_ns[@]}" tc qdisc add dev eth0 root netem delay 1ms 2>/dev/null; then
      "${in_ns[@]}" tc qdisc del dev eth0 root
      mode=netem
    else
      mode=nfqueue
    fi
  fi
  if [ "$mode" = netem ]; then
    "${in_ns[@]}" tc qdisc add dev eth0 root handle 1: htb default 1 r2q 100000
    "${in_ns[@]}" tc class add dev eth0 parent 1: classid 1:1 htb rate 10gbit
    for other in "${REGIONS[@]}"; do
      [ "$other" = "$r" ] && continue
      class=$((10 + ${INDEX[$other]}))
      "${in_ns[@]}" tc class add dev eth0 parent 1: classid "1:$class" htb rate 10gbit
      "${in_ns[@]}" tc qdisc add dev eth0 parent "1:$class" handle "$class:" netem delay "$(delay "$r" "$other")ms" \
        limit 100000 || fail "tc netem is not available in this kernel; FLEET_DELAY_MODE=nfqueue delays in user space"
      "${in_ns[@]}" tc filter add dev eth0 parent 1: protocol ip prio 1 u32 \
        match ip dst "$NET.${INDEX[$other]}.0/24" flowid "1:$class"
    done
  fi
  if [ "$mode" = nfqueue ]; then
    command -v iptables >/dev/null \
      || fail "no tc netem in this kernel, and no iptables for NFQUEUE: apt-get install -y iptables"
    for other in "${REGIONS[@]}"; do
      [ "$other" = "$r" ] && continue
      n=${INDEX[$other]}
      specs+=("$n:$(delay "$r" "$other")")
    done
    # The delayer first: a packet queued with no reader is dropped.
    setsid "${in_ns[@]}" "$PYTHON" "$FLEET/wan_delay.py" "${specs[@]}" </dev/null >>"$STATE/delay-$r.log" 2>&1 &
    echo $! >"$STATE/delay-$r.pid"
    sleep 0.3
    alive "$STATE/delay-$r.pid" wan_delay.py >/dev/null || fail "wan_delay.py did not start; see $STATE/delay-$r.log"
    for other in "${REGIONS[@]}"; do
      [ "$other" = "$r" ] && continue
      "${in_ns[@]}" iptables -t mangle -A OUTPUT -d "$NET.${INDEX[$other]}.0/24" \
        -j NFQUEUE --queue-num "${INDEX[$other]}"
    done
  fi
  echo "$mode" >"$STATE/delay-mode"
}

network_down() {
  local r pid
  for r in "${REGIONS[@]}"; do
    pid=$(alive "$STATE/delay-$r.pid" wan_delay.py) && kill -TERM "$pid"
    rm -f "$STATE/delay-$r.pid" "$STATE/delay-mode"
    ip netns del "$(ns "$r")" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
}

# ---------------------------------------------------------------- broker

broker() { # start|stop|status
  ip netns exec "$(ns us-east)" env KAFKA_HOST="$KAFKA_ADDR" KAFKA_PORT="$KAFKA_PORT" KAFKA_HEAP=256m \
    KAFKA_STATE_DIR="$STATE/kafka" "$REPO/bench/kafka-broker.sh" "$1"
}

# ---------------------------------------------------------------- replicas

policy_seed() {
  local latency=$PROVIDER_LATENCY_MS
  cat <<EOF
{
  "providers": {
    "test:eu-primary": {"kind": "test", "mode": "ok", "latencyMs": $latency, "lines": ["READ BY EU PRIMARY"]},
    "test:eu-fallback": {"kind": "test", "mode": "ok", "latencyMs": $latency, "lines": ["READ BY EU FALLBACK"]},
    "test:us-primary": {"kind": "test", "mode": "ok", "latencyMs": $latency, "lines": ["READ BY US PRIMARY"]},
    "test:us-fallback": {"kind": "test", "mode": "ok", "latencyMs": $latency, "lines": ["READ BY US FALLBACK"]},
    "test:ap-primary": {"kind": "test", "mode": "ok", "latencyMs": $latency, "lines": ["READ BY AP PRIMARY"]}
  },
  "routes": [
    {"name": "eu-residency", "match": {"region": ["eu-west"]},
     "variants": [{"name": "eu", "provider": "test:eu-primary", "weight": 100}],
     "fallback": ["test:eu-fallback"]},
    {"name": "ap-southeast", "match": {"region": ["ap-southeast"]},
     "variants": [{"name": "ap", "provider": "test:ap-primary", "weight": 100}],
     "fallback": ["test:us-primary"]},
    {"name": "default", "match": {},
     "variants": [{"name": "us", "provider": "test:us-primary", "weight": 100}],
     "fallback": ["test:us-fallback"]}
  ]
}
EOF
}

replica_start() {
  local name=$1 region dir pid
  valid_replica "$name"
  region=$(replica_region "$name")
  dir="$STATE/$name"
  if pid=$(alive "$dir/pid" "-Dfleet.replica=$name "); then say "$name already running (pid $pid)"; return; fi
  [ -f "$JAR" ] || fail "$JAR is missing: mvn -B -o -q -DskipTests package"
  mkdir -p "$dir"
  [ -f "$dir/policy.json" ] || policy_seed >"$dir/policy.json"
  # setsid execs (the shell's background job is not a group leader), ip execs java: $! is the JVM's pid.
  setsid ip netns exec "$(ns "$region")" env \
    GATEWAY_REGION="$region" \
    GATEWAY_HOST="$(replica_addr "$name")" \
    GATEWAY_HTTP_PORT="$(replica_http "$name")" \
    GATEWAY_ADMIN_PORT="$(replica_admin "$name")" \
    GATEWAY_ADMIN_TOKEN="$(cat "$STATE/admin-token")" \
    GATEWAY_KAFKA_BOOTSTRAP="$KAFKA_ADDR:$KAFKA_PORT" \
    GATEWAY_KAFKA_INSTANCE_ID="$name" \
    GATEWAY_POLICY_FILE="$dir/policy.json" \
    GATEWAY_TRUSTED_PROXIES="$(for r in "${REGIONS[@]}"; do printf '%s,' "$(lb_addr "$r")"; done | sed 's/,$//')" \
    GATEWAY_INFERENCE_THREADS=1 \
    GATEWAY_ORT_INTRA_THREADS=1 \
    GATEWAY_DECODE_THREADS=1 \
    GATEWAY_DRAIN_READY_DELAY="$DRAIN_READY_DELAY" \
    GATEWAY_SHUTDOWN_TIMEOUT="$SHUTDOWN_TIMEOUT" \
    GATEWAY_REQUEST_LOG_LEVEL=OFF \
    "$JAVA" "-Dfleet.replica=$name" "-Xmx$HEAP" -Xms32m -XX:+UseSerialGC -XX:MinHeapFreeRatio=5 \
    -XX:MaxHeapFreeRatio=15 -jar "$JAR" </dev/null >>"$dir/gateway.log" 2>&1 &
  echo $! >"$dir/pid"
}

replica_wait_ready() {
  local name=$1 deadline=$((SECONDS + ${FLEET_START_TIMEOUT:-180})) log="$STATE/$1/gateway.log"
  until [ "$(http_status "$(replica_addr "$name")" "$(replica_http "$name")" /health/ready)" = 200 ]; do
    # Alive, not yet its command line: between fork and exec the child still shows this script's.
    kill -0 "$(cat "$STATE/$name/pid")" 2>/dev/null \
      || { tail -n 5 "$log" >&2; fail "$name stopped while starting; see $log"; }
    [ $SECONDS -lt $deadline ] || fail "$name not ready within ${FLEET_START_TIMEOUT:-180} s; see $log"
    sleep 0.5
  done
}

replica_stop() { # name signal
  local name=$1 sig=$2 pid deadline
  valid_replica "$name"
  pid=$(alive "$STATE/$name/pid" "-Dfleet.replica=$name ") || { rm -f "$STATE/$name/pid"; return 0; }
  kill "-$sig" "$pid"
  deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { say "$name did not stop within 30 s; SIGKILL"; kill -KILL "$pid"; }
    sleep 0.1
  done
  rm -f "$STATE/$name/pid"
}

replica_status() {
  local name=$1 pid ready
  if pid=$(alive "$STATE/$name/pid" "-Dfleet.replica=$name "); then
    ready=$(http_status "$(replica_addr "$name")" "$(replica_http "$name")" /health/ready)
    printf '%-15s pid %-7s %s:%s admin :%s  ready %s  RSS %s MiB\n' "$name" "$pid" "$(replica_addr "$name")" \
      "$(replica_http "$name")" "$(replica_admin "$name")" "$ready" "$(( $(rss_kib "$pid") / 1024 ))"
    [ "$ready" = 200 ]
  else
    printf '%-15s stopped\n' "$name"
    return 1
  fi
}

# ---------------------------------------------------------------- load balancers

lb_config() {
  local r=$1 next=${NEXT[$1]} s
  cat <<EOF
# Written by bench/fleet/fleet.sh at every start.
global
    maxconn 4096
    pidfile $STATE/lb-$r.pid
    stats socket $STATE/lb-$r.sock mode 600 level admin
    # Room for a whole document in one buffer, so a request can be sent again (retry-on below).
    tune.bufsize 1048576

# Each request's log line, kept in memory: fleet.sh lb-log REGION prints them.
ring requests
    format timed
    maxlen 2048
    size 4194304

defaults
    mode http
    log ring@requests local0 info
    option httplog
    option forwardfor
    timeout connect 1s
    timeout client 60s
    timeout server 35s
    timeout check 1s
    timeout http-keep-alive 10s
    # A refused connection is tried again on another server; with observe, one refused connection marks its
    # server down, so a retry can go to the backup region before the next active check. Refused connections
    # come back within milliseconds and the mark-down takes effect a little later: the retries must outlast it,
    # or a request bounces between a lost region's replicas until it is failed.
    retries 10
    option redispatch 1
    # A replica that dies with the request sent closes without an answer: reading a document changes nothing, so
    # the request is sent again to another server rather than failed.
    retry-on conn-failure empty-response
    option http-buffer-request

frontend $r
    bind $(lb_addr "$r"):$LB_PORT
    # The region a request belongs to is the balancer's to say, never the client's.
    http-request set-header X-Region $r
    default_backend $r

backend $r
    balance roundrobin
    option allbackups
    option httpchk GET /health/ready
    http-check expect status 200
    http-response set-header X-Fleet-Server %[srv_name]
    default-server check inter ${CHECK_INTER_MS}ms fall 2 rise 2$([ "$LB_OBSERVE" = 1 ] && printf ' %s' \
      'observe layer4 error-limit 1 on-error mark-down')
EOF
  for s in $(replicas_of "$r"); do
    echo "    server $s $(replica_addr "$s"):$(replica_http "$s")"
  done
  for s in $(replicas_of "$next"); do
    echo "    server $s $(replica_addr "$s"):$(replica_http "$s") backup"
  done
}

lb_start() {
  local r=$1 pid
  if pid=$(alive "$STATE/lb-$r.pid" "$STATE/lb-$r.cfg"); then say "lb-$r already running (pid $pid)"; return; fi
  command -v haproxy >/dev/null || fail "haproxy is not installed: apt-get update && apt-get install -y haproxy"
  lb_config "$r" >"$STATE/lb-$r.cfg"
  haproxy -c -q -f "$STATE/lb-$r.cfg" || fail "HAProxy refuses $STATE/lb-$r.cfg"
  ip netns exec "$(ns "$r")" haproxy -D -f "$STATE/lb-$r.cfg" 2>>"$STATE/lb-$r.log"
}

lb_stop() {
  local pid
  if pid=$(alive "$STATE/lb-$1.pid" "$STATE/lb-$1.cfg"); then
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$STATE/lb-$1.pid" "$STATE/lb-$1.sock"
}

lb_command() { # region command: a line for HAProxy's stats socket, its answer on stdout
  "$PYTHON" -c 'import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
sys.stdout.write(s.makefile().read())' "$STATE/lb-$1.sock" "$2" 2>/dev/null
}

lb_status() {
  local r=$1 pid
  if pid=$(alive "$STATE/lb-$r.pid" "$STATE/lb-$r.cfg"); then
    printf '%-15s pid %-7s %s:%s  servers %s  RSS %s MiB\n' "lb-$r" "$pid" "$(lb_addr "$r")" "$LB_PORT" \
      "$(lb_command "$r" 'show stat' \
         | awk -F, '$2 != "" && $2 != "FRONTEND" && $2 != "BACKEND" && NR > 1 {printf "%s=%s ", $2, $18}')" \
      "$(( $(rss_kib "$pid") / 1024 ))"
  else
    printf '%-15s stopped\n' "lb-$r"
    return 1
  fi
}

# ---------------------------------------------------------------- the fleet

start() {
  command -v haproxy >/dev/null || fail "haproxy is not installed: apt-get update && apt-get install -y haproxy"
  [ "$(id -u)" = 0 ] || fail "needs root (network namespaces, veth, tc)"
  [ -f "$JAR" ] || fail "$JAR is missing: mvn -B -o -q -DskipTests package"
  mkdir -p "$STATE"
  # Every start is a fresh fleet: a fresh broker (so the seed policy is version 1) and fresh policy files.
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    rm -rf "$STATE/kafka" "$STATE"/*-[12]/policy.json
  fi
  if [ ! -f "$STATE/admin-token" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$STATE/admin-token")
  fi
  printf 'HEAP=%s\nCHECK_INTER_MS=%s\nPROVIDER_LATENCY_MS=%s\nLB_OBSERVE=%s\n' "$HEAP" "$CHECK_INTER_MS" \
    "$PROVIDER_LATENCY_MS" "$LB_OBSERVE" >"$STATE/fleet.conf"
  network_up
  broker start
  local name r
  for name in $(all_replicas); do replica_start "$name"; done
  for name in $(all_replicas); do replica_wait_ready "$name"; done
  for r in "${REGIONS[@]}"; do lb_start "$r"; done
  sleep $(( (CHECK_INTER_MS * 3 + 999) / 1000 ))   # rise 2: two passing checks before a server takes traffic
  status
  say "a client of eu-west: ip netns exec $(ns eu-west) curl -s -H 'Content-Type: image/png'" \
    "--data-binary @gateway/src/test/resources/screens/invoice-form.png" \
    "http://$(lb_addr eu-west):$LB_PORT/v1/documents/analyze"
  say "the admin API of eu-west-1: curl -H \"Authorization: Bearer \$(cat $STATE/admin-token)\"" \
    "http://$(replica_addr eu-west-1):$(replica_admin eu-west-1)/admin/routing"
}

stop() {
  local name r pids=()
  for r in "${REGIONS[@]}"; do lb_stop "$r"; done
  # All six drain at once: each takes the drain delay plus what it is still reading.
  for name in $(all_replicas); do replica_stop "$name" TERM & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || true; done
  if ip netns list | grep -q "^$(ns us-east)\b"; then broker stop; fi
  network_down
  rm -f "$STATE/fleet.conf"
  say "stopped; logs in $STATE"
}

status() {
  local ok=0 name r total=0 pid
  for r in "${REGIONS[@]}"; do
    if ip netns list | grep -q "^$(ns "$r")\b"; then
      echo "namespace $(ns "$r"): $(lb_addr "$r")/16, one-way delays $(delays_of "$r" '→%s %s ms ')"
    else
      echo "namespace $(ns "$r"): absent"
      ok=3
    fi
  done
  if ip netns list | grep -q "^$(ns us-east)\b"; then broker status || ok=3; else ok=3; fi
  for name in $(all_replicas); do replica_status "$name" || ok=3; done
  for r in "${REGIONS[@]}"; do lb_status "$r" || ok=3; done
  for name in $(all_replicas); do
    pid=$(alive "$STATE/$name/pid" "-Dfleet.replica=$name ") && total=$((total + $(rss_kib "$pid")))
  done
  for r in "${REGIONS[@]}"; do
    pid=$(alive "$STATE/lb-$r.pid" "$STATE/lb-$r.cfg") && total=$((total + $(rss_kib "$pid")))
    pid=$(alive "$STATE/delay-$r.pid" wan_delay.py) && total=$((total + $(rss_kib "$pid")))
  done
  pid=$(alive "$STATE/kafka/broker.pid" "kafka.Kafka") && total=$((total + $(rss_kib "$pid")))
  echo "delays: $(cat "$STATE/delay-mode" 2>/dev/null || echo none)"
  echo "fleet RSS: $((total / 1024)) MiB (replicas, balancers, broker, delayers)"
  return $ok
}

env_json() { # what scenarios.py needs to know, as JSON
  local r name first=1
  printf '{"state": "%s", "adminTokenFile": "%s", "checkInterMs": %s, "checkFall": 2, "checkRise": 2,\n' \
    "$STATE" "$STATE/admin-token" "$CHECK_INTER_MS"
  printf ' "drainReadyDelay": "%s", "shutdownTimeout": "%s", "providerLatencyMs": %s, "heap": "%s",\n' \
    "$DRAIN_READY_DELAY" "$SHUTDOWN_TIMEOUT" "$PROVIDER_LATENCY_MS" "$HEAP"
  printf ' "lbObserve": %s,\n' "$LB_OBSERVE"
  printf ' "delayMode": "%s", "kafka": "%s:%s", "brokerPidFile": "%s", "regions": {' \
    "$(cat "$STATE/delay-mode" 2>/dev/null || echo none)" "$KAFKA_ADDR" "$KAFKA_PORT" "$STATE/kafka/broker.pid"
  for r in "${REGIONS[@]}"; do
    [ $first = 1 ] || printf ','
    first=0
    printf '\n  "%s": {"namespace": "%s", "lb": "%s:%s", "next": "%s", "lbSocket": "%s", "lbPidFile": "%s",' \
      "$r" "$(ns "$r")" "$(lb_addr "$r")" "$LB_PORT" "${NEXT[$r]}" "$STATE/lb-$r.sock" "$STATE/lb-$r.pid"
    printf ' "delayPidFile": "%s", "replicas": ["%s-1", "%s-2"], "delaysMs": {%s}}' "$STATE/delay-$r.pid" \
      "$r" "$r" "$(delays_of "$r" '"%s": %s, ' | sed 's/, $//')"
  done
  printf '},\n "replicas": {'
  first=1
  for name in $(all_replicas); do
    [ $first = 1 ] || printf ','
    first=0
    printf '\n  "%s": {"region": "%s", "address": "%s", "http": %s, "admin": %s,' "$name" \
      "$(replica_region "$name")" "$(replica_addr "$name")" "$(replica_http "$name")" "$(replica_admin "$name")"
    printf ' "pidFile": "%s", "log": "%s"}' "$STATE/$name/pid" "$STATE/$name/gateway.log"
  done
  printf '}}\n'
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) env_json ;;
  lb-log)
    [ $# -eq 2 ] || fail "usage: fleet.sh lb-log REGION"
    lb_command "$2" 'show events requests' ;;
  replica)
    [ $# -eq 3 ] || fail "usage: fleet.sh replica start|stop|kill|status NAME"
    case "$2" in
      start) replica_start "$3"; replica_wait_ready "$3" ;;
      stop) replica_stop "$3" TERM ;;
      kill) replica_stop "$3" KILL ;;
      status) replica_status "$3" ;;
      *) fail "usage: fleet.sh replica start|stop|kill|status NAME" ;;
    esac ;;
  *) sed -n '2,17s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
