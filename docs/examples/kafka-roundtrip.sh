#!/usr/bin/env bash
# A bot's round trip through Kafka: put a file (or a reference to one) in a request record, produce it, and wait for
# its result. Prints the result (the same JSON POST /v1/documents/analyze answers) on standard output.
#   docs/examples/kafka-roundtrip.sh ../shared/data/sroie-dev/img/000.jpg
#   TASK=screen FIND=Vendor,TOTAL TARGET=input \
#     docs/examples/kafka-roundtrip.sh gateway/src/test/resources/screens/invoice-form.png
#   CONTENT_TYPE=application/pdf PAGES=1-2 docs/examples/kafka-roundtrip.sh s3://invoices/2026/inv-0001.pdf
# Needs kcat (Debian: apt-get install kcat) and python3. Exit 0: a result; 1: no answer within TIMEOUT; 2: the
# request went to the dead-letter topic (its reason is printed); 3: the result is an error.
# Environment: KAFKA_BOOTSTRAP (localhost:9092), REQUEST_ID (a new one), TASK (document), CONTENT_TYPE (from the
# file's extension), PAGES, FEATURES and FIND (comma-separated), MIN_SCORE, LIMIT, TARGET, TENANT (the envelope's
# tenant: routes match on it, the record counts under it), REPLY_TO, TIMEOUT (120 s), REQUESTS_TOPIC, RESULTS_TOPIC,
# DLQ_TOPIC.
set -euo pipefail
[ $# -eq 1 ] || { sed -n '2,13s/^# \{0,1\}//p' "$0" >&2; exit 64; }
document=$1
bootstrap=${KAFKA_BOOTSTRAP:-localhost:9092}
requests=${REQUESTS_TOPIC:-rpa.ocr.requests}
results=${REPLY_TO:-${RESULTS_TOPIC:-rpa.ocr.results}}
dlq=${DLQ_TOPIC:-rpa.ocr.dlq}
timeout=${TIMEOUT:-120}
id=${REQUEST_ID:-inv-$(python3 -c 'import uuid; print(uuid.uuid4().hex[:12])')}
# W3C trace context: the gateway's spans for this request join this trace.
traceparent="00-$(python3 -c 'import secrets; print(secrets.token_hex(16) + "-" + secrets.token_hex(8))')-01"
envelope=$(mktemp)
trap 'rm -f "$envelope"' EXIT

# The request envelope (docs/kafka.md): one JSON object; the document inline as base64 or by reference.
REQUEST_ID=$id python3 - "$document" >"$envelope" <<'EOF'
import base64, json, os, sys
doc = sys.argv[1]
types = {'jpg': 'image/jpeg', 'jpeg': 'image/jpeg', 'png': 'image/png', 'tif': 'image/tiff', 'tiff': 'image/tiff',
         'bmp': 'image/bmp', 'gif': 'image/gif', 'webp': 'image/webp', 'pdf': 'application/pdf'}
env = lambda name: os.environ.get(name) or None
csv = lambda name: [v.strip() for v in env(name).split(',')] if env(name) else None
request = {'requestId': os.environ['REQUEST_ID'], 'task': env('TASK') or 'document',
           'contentType': env('CONTENT_TYPE') or types.get(doc.rsplit('.', 1)[-1].lower(), 'application/octet-stream')}
if doc.startswith(('s3://', 'https://')):
    request['source'] = doc
else:
    with open(doc, 'rb') as f:
        request['data'] = base64.b64encode(f.read()).decode('ascii')
optional = {'pages': env('PAGES'), 'features': csv('FEATURES'), 'find': csv('FIND'),
            'minScore': float(env('MIN_SCORE')) if env('MIN_SCORE') else None,
            'limit': int(env('LIMIT')) if env('LIMIT') else None, 'target': env('TARGET'),
            'tenant': env('TENANT'), 'replyTo': env('REPLY_TO')}
request.update({k: v for k, v in optional.items() if v is not None})
json.dump(request, sys.stdout, separators=(',', ':'))
EOF

# Results are looked up from a little before the request was sent (by record time, so the broker's and the
# gateway's clocks may differ by up to that much) and told apart by key.
since=$(( $(date +%s%3N) - 30000 ))
kcat -b "$bootstrap" -P -t "$requests" -k "$id" -H "traceparent=$traceparent" \
  -X message.max.bytes=10485760 -X message.timeout.ms=30000 "$envelope"
echo "sent $id to $requests (traceparent $traceparent); waiting for its result on $results" >&2

# Prints the value of the first record whose key is the request id (its headers on standard error); exit 1 when
# there is none. It reads to the end, so that kcat is never cut off mid-write.
find_record='
import json, sys
found = None
for line in sys.stdin:
    record = json.loads(line)
    if found is None and record.get("key") == sys.argv[1]:
        found = record
if found is None:
    sys.exit(1)
headers = found.get("headers") or []
for name, value in zip(headers[::2], headers[1::2]):
    print(f"{name}: {value}", file=sys.stderr)
print(found["payload"])'
read_topic() { # the committed records of a topic since the request was sent, as JSON lines
  kcat -b "$bootstrap" -C -t "$1" -o "s@$since" -e -q -J -X isolation.level=read_committed \
    -X fetch.message.max.bytes=10485760
}
deadline=$((SECONDS + timeout))
while [ $SECONDS -lt $deadline ]; do
  if result=$(read_topic "$results" | python3 -c "$find_record" "$id"); then
    echo "$result"
    # A request that failed for good is answered with the HTTP API's error object.
    python3 -c 'import json, sys; sys.exit(3 if "error" in json.load(sys.stdin) else 0)' <<<"$result"
    exit
  fi
  if reason=$(read_topic "$dlq" | python3 -c "$find_record" "$id" 2>&1 >/dev/null); then
    echo "$id went to the dead-letter topic $dlq:" >&2
    echo "$reason" >&2
    exit 2
  fi
  sleep 1
done
echo "no result for $id within $timeout s" >&2
exit 1
