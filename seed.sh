#!/usr/bin/env bash
# seed.sh — fills the source database with the original system's sample shop (6 products,
# 6 orders, 9 order items), then makes the changes a pipeline must follow: product 102 moves
# to 'Computer Accessories', orders 1001 and 1002 are paid, item 2's price drops to 4500.00,
# and item 3 is deleted.
#
# Talks to the local servers of scripts/infra (reading $CDC_HOME/env), to any server given by
# MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_PASSWORD, or, when MYSQL_CONTAINER is set, through
# `docker exec` into that container (the compose-infrastructure.yml set-up).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENV_FILE=${CDC_HOME:-$ROOT/.cdc}/env
VERBOSE=false VALIDATE=true CHANGES=true

usage() {
    cat <<EOF
Usage: seed.sh [-h] [-v] [-s] [-c]

Fills ecommerce_db with sample products, orders and order items, then updates and deletes
some of them so that every kind of change event is produced.

  -h, --help              this help
  -v, --verbose           show each step and the connection used
  -s, --skip-validation   do not check the server and database first
  -c, --skip-cdc          insert only; skip the updates and the delete

Environment:
  MYSQL_HOST, MYSQL_PORT  server (default: the source of scripts/infra, else 127.0.0.1:3306)
  MYSQL_USER              user (default: the local admin of scripts/infra, else root)
  MYSQL_PASSWORD          password (default: the local admin's, from \$CDC_HOME/secrets)
  MYSQL_DB                database (default: ecommerce_db)
  MYSQL_CONTAINER         run the client inside this Docker container (e.g. mysql-source)
EOF
}

while [[ $# -gt 0 ]]; do
    case $1 in
    -h | --help) usage; exit 0 ;;
    -v | --verbose) VERBOSE=true ;;
    -s | --skip-validation) VALIDATE=false ;;
    -c | --skip-cdc) CHANGES=false ;;
    *) echo "seed.sh: unknown option $1 (see seed.sh --help)" >&2; exit 2 ;;
    esac
    shift
done

# Defaults come from the local servers when scripts/infra has set them up.
if [[ -z ${MYSQL_CONTAINER:-} && -f $ENV_FILE ]]; then
    # shellcheck source=/dev/null
    source "$ENV_FILE"
    admin=${CDC_SOURCE_ADMIN#mysql://}
    : "${MYSQL_USER:=${admin%%@*}}"
    hostport=${admin#*@}
    hostport=${hostport%%/*}
    : "${MYSQL_HOST:=${hostport%:*}}" "${MYSQL_PORT:=${hostport##*:}}"
    [[ -n ${MYSQL_PASSWORD:-} ]] || MYSQL_PASSWORD=$(<"$CDC_SOURCE_ADMIN_PASSWORD_FILE")
fi
MYSQL_HOST=${MYSQL_HOST:-127.0.0.1} MYSQL_PORT=${MYSQL_PORT:-3306}
MYSQL_USER=${MYSQL_USER:-root} MYSQL_PASSWORD=${MYSQL_PASSWORD:-root} MYSQL_DB=${MYSQL_DB:-ecommerce_db}

step() { printf '%s\n' "$*"; }
detail() { if [[ $VERBOSE == true ]]; then printf '  %s\n' "$*"; fi; }

# The password reaches the client through a file descriptor, never its command line.
run_sql() { # SQL on stdin; rows out, tab-separated, without a header
    if [[ -n ${MYSQL_CONTAINER:-} ]]; then
        docker exec -i -e MYSQL_PWD="$MYSQL_PASSWORD" "$MYSQL_CONTAINER" \
            mysql -h127.0.0.1 -P3306 -u"$MYSQL_USER" --batch --skip-column-names "$MYSQL_DB"
    else
        mariadb --defaults-extra-file=<(printf '[client]\npassword=%s\n' "$MYSQL_PASSWORD") \
            --protocol=TCP -h"$MYSQL_HOST" -P"$MYSQL_PORT" -u"$MYSQL_USER" --batch --skip-column-names "$MYSQL_DB"
    fi
}

where() { [[ -n ${MYSQL_CONTAINER:-} ]] && echo "container $MYSQL_CONTAINER" || echo "$MYSQL_USER@$MYSQL_HOST:$MYSQL_PORT/$MYSQL_DB"; }

validate() {
    detail "server: $(where)"
    if [[ -n ${MYSQL_CONTAINER:-} ]]; then
        command -v docker >/dev/null || { echo "seed.sh: MYSQL_CONTAINER is set but docker is not installed" >&2; exit 1; }
    else
        command -v mariadb >/dev/null || { echo "seed.sh: the mariadb client is missing (apt-get install -y mariadb-client)" >&2; exit 1; }
    fi
    local error
    if ! error=$(echo "SELECT COUNT(*) FROM products" | run_sql 2>&1 >/dev/null); then
        echo "seed.sh: cannot use $(where): ${error##*ERROR } (is the source running? try scripts/infra up)" >&2
        exit 1
    fi
}

insert_rows() {
    step "inserting 6 products, 6 orders and 9 order items"
    run_sql <<'SQL'
INSERT INTO products (product_id, merchant_id, category, name) VALUES
    (101, 10, 'Electronics', 'Laptop Pro 15"'),
    (102, 10, 'Electronics', 'Wireless Mouse'),
    (103, 10, 'Electronics', 'USB-C Hub'),
    (201, 20, 'Furniture', 'Office Chair'),
    (202, 20, 'Furniture', 'Standing Desk'),
    (301, 30, 'Appliances', 'Coffee Maker')
ON DUPLICATE KEY UPDATE merchant_id = VALUES(merchant_id), category = VALUES(category), name = VALUES(name);

INSERT INTO orders (order_id, customer_id, merchant_id, order_status, order_time) VALUES
    (1001, 501, 10, 'CREATED', UTC_TIMESTAMP()),
    (1002, 502, 10, 'CREATED', UTC_TIMESTAMP()),
    (1003, 503, 10, 'CREATED', UTC_TIMESTAMP()),
    (2001, 601, 20, 'CREATED', UTC_TIMESTAMP()),
    (2002, 602, 20, 'CREATED', UTC_TIMESTAMP()),
    (3001, 701, 30, 'CREATED', UTC_TIMESTAMP())
ON DUPLICATE KEY UPDATE order_status = VALUES(order_status);

INSERT INTO order_items (order_item_id, order_id, product_id, quantity, price) VALUES
    (1, 1001, 101, 1, 150000.00),
    (2, 1001, 102, 2, 5000.00),
    (3, 1002, 102, 1, 5000.00),
    (4, 1003, 101, 1, 150000.00),
    (5, 1003, 103, 3, 8000.00),
    (6, 2001, 201, 1, 35000.00),
    (7, 2002, 201, 2, 35000.00),
    (8, 2002, 202, 1, 75000.00),
    (9, 3001, 301, 1, 12000.00)
ON DUPLICATE KEY UPDATE quantity = VALUES(quantity), price = VALUES(price);
SQL
}

change_rows() {
    step "updating product 102, orders 1001 and 1002, item 2; deleting item 3"
    detail "product 102 -> Computer Accessories"
    echo "UPDATE products SET category = 'Computer Accessories' WHERE product_id = 102;" | run_sql
    detail "orders 1001, 1002 -> PAID"
    echo "UPDATE orders SET order_status = 'PAID' WHERE order_id IN (1001, 1002);" | run_sql
    detail "item 2 price -> 4500.00"
    echo "UPDATE order_items SET price = 4500.00 WHERE order_item_id = 2;" | run_sql
    detail "delete item 3"
    echo "DELETE FROM order_items WHERE order_item_id = 3;" | run_sql
}

summary() {
    echo "row counts in $MYSQL_DB:"
    run_sql <<'SQL' | while IFS=$'\t' read -r table rows; do printf '  %-12s %6s\n' "$table" "$rows"; done
SELECT 'products', COUNT(*) FROM products
UNION ALL SELECT 'orders', COUNT(*) FROM orders
UNION ALL SELECT 'order_items', COUNT(*) FROM order_items;
SQL
}

[[ $VALIDATE == true ]] && validate
insert_rows
if [[ $CHANGES == true ]]; then change_rows; else step "skipping the updates and the delete (-c)"; fi
summary
