#!/usr/bin/env bash
# scripts/infra on free ports in a temporary folder: up is idempotent and recovers from a
# crash, status tells what runs, and down stops what up started and nothing else.
set -euo pipefail
ROOT=$PWD
export CDC_HOME=$(mktemp -d)
decoy_dir=$(mktemp -d)
cleanup() {
    local status=$?
    if [[ $status -ne 0 ]]; then # show the servers' own words before they are removed
        for log in "$CDC_HOME"/*/*.log; do [[ -f $log ]] && { echo "== $log"; tail -n 20 "$log"; }; done
    fi
    "$ROOT/scripts/infra" down >/dev/null 2>&1 || true
    [[ -f $decoy_dir/redis.pid ]] && kill "$(<"$decoy_dir/redis.pid")" 2>/dev/null || true
    rm -rf "$CDC_HOME" "$decoy_dir"
}
trap cleanup EXIT
port() { echo $((20000 + RANDOM % 30000)); }
export CDC_SOURCE_PORT=$(port) CDC_SINK_PORT=$(port) CDC_REDIS_PORT=$(port) CDC_KAFKA_PORT=$(port) CDC_KAFKA_CONTROLLER_PORT=$(port)

# A Redis that is not ours, which down must leave alone.
decoy_port=$(port)
redis-server --port "$decoy_port" --bind 127.0.0.1 --dir "$decoy_dir" --daemonize yes --pidfile "$decoy_dir/redis.pid" --save "" >/dev/null
sleep 0.5

scripts/infra up
# shellcheck source=/dev/null
source "$CDC_HOME/env"
[[ $CDC_SOURCE == "mysql://cdc@127.0.0.1:$CDC_SOURCE_PORT/ecommerce_db" ]]
[[ $CDC_BROKERS == "127.0.0.1:$CDC_KAFKA_PORT" ]]
scripts/infra status | tee "$CDC_HOME/status"
[[ $(grep -c running "$CDC_HOME/status") -eq 4 ]]

# The source has the binlog settings capture needs.
pw=$(<"$CDC_SOURCE_ADMIN_PASSWORD_FILE")
vars=$(mariadb --defaults-extra-file=<(printf '[client]\npassword=%s\n' "$pw") --protocol=TCP -h127.0.0.1 \
    -P"$CDC_SOURCE_PORT" -ucdc_admin -N -e "SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@binlog_row_metadata")
[[ $vars == $'1\tROW\tFULL\tFULL' ]] || { echo "binlog settings: $vars"; exit 1; }

# Idempotent, and a crashed server comes back.
kill -9 "$(<"$CDC_HOME/redis/redis.pid")"
sleep 0.5
scripts/infra up
redis-cli -p "$CDC_REDIS_PORT" ping | grep -q PONG

scripts/infra down
scripts/infra status | tee "$CDC_HOME/status"
[[ $(grep -c stopped "$CDC_HOME/status") -eq 4 ]]
redis-cli -p "$decoy_port" ping | grep -q PONG # not ours: still running
echo "infra: up, status, crash recovery and down work"
