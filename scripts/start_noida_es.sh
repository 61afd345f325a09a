#!/usr/bin/env bash
# Start the noida-db Elasticsearch emulator for CI and print the URL to export.
#
#   eval "$(scripts/start_noida_es.sh)"        # sets HUANJIE_ES_URL and NOIDA_ES_PID
#   ... run tests (tests/test_index_contract.py uses HUANJIE_ES_URL) ...
#   scripts/start_noida_es.sh --stop "$NOIDA_ES_PID"
#
# Environment: NOIDA_ES_PORT (default 19201), NOIDA_ES_DATA (default: a fresh temp folder).
# The tests start their own emulator when HUANJIE_ES_URL is unset, so calling this
# script is optional; it lets CI share one server across test files.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--stop" ]]; then
  pid="${2:?usage: $0 --stop PID}"
  # the server runs in its own session started below: stop exactly that process group
  kill -TERM -- "-$pid" 2>/dev/null || true
  exit 0
fi

NOIDA=".venv/bin/noida-db"
[[ -x "$NOIDA" ]] || NOIDA="$(command -v noida-db || true)"
if [[ -z "$NOIDA" ]]; then
  echo "noida-db not installed (pip install 'noida-db>=0.2.3,<0.3')" >&2
  exit 1
fi
PORT="${NOIDA_ES_PORT:-19201}"
DATA="${NOIDA_ES_DATA:-$(mktemp -d -t noida-es-XXXXXX)}"
LOG="$DATA/server.log"
mkdir -p "$DATA"
setsid "$NOIDA" start --only elasticsearch --host 127.0.0.1 --elasticsearch-port "$PORT" \
  --data-dir "$DATA" >"$LOG" 2>&1 < /dev/null &
PID=$!
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 150); do
  if curl -fsS "$URL/" >/dev/null 2>&1; then
    echo "export HUANJIE_ES_URL=$URL"
    echo "export NOIDA_ES_PID=$PID"
    exit 0
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "noida-db exited; log follows" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.2
done
echo "noida-db did not answer at $URL within 30 s; log: $LOG" >&2
kill -TERM -- "-$PID" 2>/dev/null || true
exit 1
