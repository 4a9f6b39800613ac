#!/usr/bin/env bash
# A one-node Apache Kafka 4.3.1 on localhost (KRaft: broker and controller in one JVM) from Maven Central jars, no
# Docker, with the gateway's topics. Needs Java 17 and Maven; online the first time (the jars), offline after.
#   bench/kafka-broker.sh start     # fetch, format (first time), start, wait until it answers, create the topics
#   bench/kafka-broker.sh status    # exit 0 when running, 3 when not
#   bench/kafka-broker.sh stop      # SIGTERM, wait for a clean shutdown; the data stays for the next start
#   bench/kafka-broker.sh topics    # create the topics (named by GATEWAY_KAFKA_*_TOPIC) on a running broker
# Environment: KAFKA_HOST (localhost: the address clients reach, e.g. a network namespace's), KAFKA_PORT (9092),
# KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP (512m), KAFKA_REQUEST_PARTITIONS (6),
# KAFKA_STATE_DIR (bench/kafka/target/broker: data, server.properties, broker.log, broker.pid; delete it to start
# afresh), and the gateway's GATEWAY_KAFKA_*_TOPIC names. Then: GATEWAY_KAFKA_BOOTSTRAP=$KAFKA_HOST:$KAFKA_PORT.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HERE="$BENCH/kafka"
HOST=${KAFKA_HOST:-localhost}
PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
HEAP=${KAFKA_HEAP:-512m}
REQUEST_PARTITIONS=${KAFKA_REQUEST_PARTITIONS:-6}
# Not the reactor's target/: `mvn clean` must not delete a running broker's data.
STATE=$(realpath -m "${KAFKA_STATE_DIR:-$HERE/target/broker}")
PID_FILE="$STATE/broker.pid"
LOG="$STATE/broker.log"
CLASSPATH_FILE="$HERE/target/classpath.txt"
# Inline documents are base64 in the record (a third larger): room for a 7 MiB scan.
MESSAGE_MAX_BYTES=10485760
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

say() { echo "kafka-broker: $*"; }
fail() { echo "kafka-broker: $*" >&2; exit 1; }

running_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid=$(cat "$PID_FILE")
  # The pid must still be this broker, not a process that reused the number.
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $STATE/server.properties" \
    || return 1
  echo "$pid"
}

listener() { sed -n 's|^advertised.listeners=PLAINTEXT://||p' "$STATE/server.properties"; }

port_open() { # port [host]: the clients' address unless given; localhost as 127.0.0.1, which the broker binds
  local host=${2:-$HOST}
  [ "$host" = localhost ] && host=127.0.0.1
  (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null
}

classpath() {
  local cp
  if [ -s "$CLASSPATH_FILE" ] && [ "$CLASSPATH_FILE" -nt "$HERE/pom.xml" ]; then
    cp=$(cat "$CLASSPATH_FILE")
    # Every jar still in the local repository: the file can be reused without asking Maven.
    if ! tr ':' '\n' <<<"$cp" | while read -r jar; do [ -f "$jar" ] || exit 1; done; then cp=; fi
    [ -n "$cp" ] && { echo "$cp"; return; }
  fi
  local args=(-B -q -Dstyle.color=never -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime
              "-Dmdep.outputFile=$CLASSPATH_FILE")
  if ! mvn -o "${args[@]}" >/dev/null 2>&1; then
    say "fetching Kafka 4.3.1 and its dependencies from Maven Central" >&2
    mvn "${args[@]}" >&2 || fail "Maven could not resolve $HERE/pom.xml (online the first time)"
  fi
  cat "$CLASSPATH_FILE"
}

tool() { # runs a Kafka command-line tool's main class on the broker's classpath
  "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$HERE/log4j2.properties" -Dkafka.log.level=warn \
    -Dkafka.log.target=SYSTEM_ERR -cp "$CP" "$@"
}

write_config() {
  cat >"$STATE/server.properties" <<EOF
# Written by bench/kafka-broker.sh at every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://localhost:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$STATE/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
message.max.bytes=$MESSAGE_MAX_BYTES
EOF
}

create_topics() {
  local bootstrap="$HOST:$PORT" existing topic partitions config pids=()
  existing=$(tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --list) \
    || fail "the broker does not list its topics; see $LOG"
  # name, partitions, config
  while read -r topic partitions config; do
    grep -qxF "$topic" <<<"$existing" && continue
    tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --create --if-not-exists \
      --topic "$topic" --partitions "$partitions" --replication-factor 1 ${config:+--config "$config"} >/dev/null &
    pids+=($!)
  done <<EOF
${GATEWAY_KAFKA_REQUESTS_TOPIC:-rpa.ocr.requests} $REQUEST_PARTITIONS
${GATEWAY_KAFKA_RESULTS_TOPIC:-rpa.ocr.results} $REQUEST_PARTITIONS
${GATEWAY_KAFKA_DLQ_TOPIC:-rpa.ocr.dlq} 1
${GATEWAY_KAFKA_POLICY_TOPIC:-rpa.gateway.policy} 1 cleanup.policy=compact
EOF
  for pid in "${pids[@]}"; do wait "$pid" || fail "creating a topic failed; see $LOG"; done
}

start() {
  local pid
  if pid=$(running_pid); then say "already running (pid $pid) on $(listener)"; return; fi
  for p in "$PORT $HOST" "$CONTROLLER_PORT localhost"; do
    port_open $p && fail "port ${p% *} on ${p#* } is taken by another process;" \
      "choose others with KAFKA_PORT / KAFKA_CONTROLLER_PORT"
  done
  command -v "$JAVA" >/dev/null || fail "java (17 or later) is not on PATH and JAVA_HOME is not set"
  mkdir -p "$STATE"
  CP=$(classpath)
  write_config
  if [ ! -f "$STATE/data/meta.properties" ]; then
    tool kafka.tools.StorageTool format --cluster-id "$(tool kafka.tools.StorageTool random-uuid)" \
      --config "$STATE/server.properties" >/dev/null || fail "formatting $STATE/data failed"
  fi
  # Its own session: a Ctrl-C in the terminal that started it does not stop it.
  setsid "$JAVA" "-Xmx$HEAP" -Xms64m -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
    -cp "$CP" kafka.Kafka "$STATE/server.properties" </dev/null >>"$LOG" 2>&1 &
  echo $! >"$PID_FILE"
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until port_open "$PORT"; do
    running_pid >/dev/null || { tail -n 20 "$LOG" >&2; fail "the broker stopped while starting; see $LOG"; }
    [ $SECONDS -lt $deadline ] || fail "$HOST:$PORT did not answer within ${KAFKA_START_TIMEOUT:-90} s; see $LOG"
    sleep 0.5
  done
  create_topics
  say "running (pid $(cat "$PID_FILE")) on $HOST:$PORT; data in $STATE/data, log $LOG"
  say "point the gateway at it: GATEWAY_KAFKA_BOOTSTRAP=$HOST:$PORT"
}

stop() {
  local pid
  if ! pid=$(running_pid); then say "not running"; rm -f "$PID_FILE"; return; fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + ${KAFKA_STOP_TIMEOUT:-60}))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      say "no clean shutdown within ${KAFKA_STOP_TIMEOUT:-60} s; killing pid $pid (its logs recover on the next start)"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.5
  done
  rm -f "$PID_FILE"
  say "stopped; data kept in $STATE/data"
}

status() {
  local pid
  if pid=$(running_pid); then
    say "running (pid $pid) on $(listener); data in $STATE/data, log $LOG"
  else
    say "not running"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  topics) CP=$(classpath); create_topics; say "topics ready on $HOST:$PORT" ;;
  *) sed -n '2,11s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
