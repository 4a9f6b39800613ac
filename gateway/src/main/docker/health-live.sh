#!/bin/bash
# The image's HEALTHCHECK: exit 0 when GET /health/live on the public port answers 200. Bash's /dev/tcp needs no
# curl in the image. Plain HTTP only: with GATEWAY_TLS_CERT set, leave health to the orchestrator's probes.
set -eu
exec 3<>"/dev/tcp/127.0.0.1/${GATEWAY_HTTP_PORT:-8080}"
printf 'GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 2 status <&3
[[ $status == *" 200 "* ]]
