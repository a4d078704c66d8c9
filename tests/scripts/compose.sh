#!/usr/bin/env bash
# compose-infrastructure.yml cannot run here (no Docker engine); it must at least parse and
# describe the same servers, ports and settings as scripts/infra.
set -euo pipefail
/usr/bin/python3 - compose-infrastructure.yml <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
services = doc["services"]
def ports(name): return [p.split(":")[0] for p in services[name]["ports"]]
assert ports("mysql-source") == ["3306"], ports("mysql-source")
assert ports("mysql-sink") == ["3307"]
assert ports("kafka") == ["9092"]
assert ports("redis") == ["6379"]
source = services["mysql-source"]["command"]
for setting in ["--binlog-format=ROW", "--binlog-row-image=FULL", "--binlog-row-metadata=FULL"]:
    assert setting in source, setting
assert services["mysql-source"]["image"].startswith("mysql:8")
assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
assert services["redis"]["image"].startswith("redis:7")
assert "./mysql/source-init:/docker-entrypoint-initdb.d:ro" in services["mysql-source"]["volumes"]
assert "./mysql/sink-init:/docker-entrypoint-initdb.d:ro" in services["mysql-sink"]["volumes"]
for name in ["mysql-source", "mysql-sink", "kafka", "redis"]:
    assert "healthcheck" in services[name], name
topics = services["kafka-topics"]["command"][0]
for topic in ["cdc-products", "cdc-orders", "cdc-order_items", "dl-order_items", "dl-sales_analysis", "dl-meta_info"]:
    assert topic in topics, topic
print("compose-infrastructure.yml: 5 services, ports and binlog settings as scripts/infra")
PY
