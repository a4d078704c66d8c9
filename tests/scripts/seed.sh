#!/usr/bin/env bash
# seed.sh against a fresh source: the original's rows and changes, its options, its errors.
set -euo pipefail
ROOT=$PWD
export CDC_HOME=$(mktemp -d)
trap '"$ROOT/scripts/infra" down >/dev/null 2>&1 || true; rm -rf "$CDC_HOME"' EXIT
port() { echo $((20000 + RANDOM % 30000)); }
export CDC_SOURCE_PORT=$(port) CDC_SINK_PORT=$(port) CDC_REDIS_PORT=$(port) CDC_KAFKA_PORT=$(port) CDC_KAFKA_CONTROLLER_PORT=$(port)
# Only the source is needed: start the whole set anyway, as a user would.
scripts/infra up 2>/dev/null

./seed.sh --help | grep -q -- --skip-cdc
out=$(./seed.sh -c)
grep -Eq 'order_items +9' <<<"$out" || { echo "$out"; exit 1; }
out=$(./seed.sh -v)
grep -Eq 'products +6' <<<"$out" && grep -Eq 'orders +6' <<<"$out" && grep -Eq 'order_items +8' <<<"$out"
source "$CDC_HOME/env"
q() { mariadb --defaults-extra-file=<(printf '[client]\npassword=%s\n' "$(<"$CDC_SOURCE_ADMIN_PASSWORD_FILE")") \
    --protocol=TCP -h127.0.0.1 -P"$CDC_SOURCE_PORT" -ucdc_admin -N ecommerce_db -e "$1"; }
[[ $(q "SELECT category FROM products WHERE product_id = 102") == "Computer Accessories" ]]
[[ $(q "SELECT COUNT(*) FROM orders WHERE order_status = 'PAID'") == 2 ]]
[[ $(q "SELECT price FROM order_items WHERE order_item_id = 2") == 4500.00 ]]
[[ $(q "SELECT COUNT(*) FROM order_items WHERE order_item_id = 3") == 0 ]]

# A server that is not there: one clear line, exit 1.
set +e
err=$(MYSQL_HOST=127.0.0.1 MYSQL_PORT=1 ./seed.sh 2>&1 >/dev/null)
status=$?
set -e
[[ $status -eq 1 && $err == *"cannot use"*"is the source running?"* ]] || { echo "status $status: $err"; exit 1; }
./seed.sh --bogus 2>/dev/null && exit 1
echo "seed: rows, changes, options and errors as expected"
