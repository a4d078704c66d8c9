#pragma once
// Binlog event type codes, MySQL (0..42) and MariaDB (160..).
#include <cstdint>

namespace cdc::binlog {

enum EventType : uint8_t {
    start_v3 = 1,
    query = 2,
    stop = 3,
    rotate = 4,
    format_description = 15,
    xid = 16,
    execute_load_query = 18, // LOAD DATA logged as a statement (its file in BEGIN_LOAD_QUERY, 17)
    table_map = 19,
    pre_ga_write_rows = 20,
    pre_ga_update_rows = 21,
    pre_ga_delete_rows = 22,
    write_rows_v1 = 23,
    update_rows_v1 = 24,
    delete_rows_v1 = 25,
    incident = 26,
    heartbeat = 27,
    rows_query = 29,
    write_rows_v2 = 30,
    update_rows_v2 = 31,
    delete_rows_v2 = 32,
    mysql_gtid = 33,
    mysql_anonymous_gtid = 34,
    previous_gtids = 35,
    xa_prepare = 38,
    partial_update_rows = 39,
    transaction_payload = 40,
    heartbeat_v2 = 41,
    mysql_gtid_tagged = 42,
    mariadb_annotate_rows = 160,
    mariadb_binlog_checkpoint = 161,
    mariadb_gtid = 162,
    mariadb_gtid_list = 163,
    mariadb_start_encryption = 164,
    mariadb_query_compressed = 165,
    mariadb_write_rows_compressed_v1 = 166,
    mariadb_delete_rows_compressed = 171,
};

} // namespace cdc::binlog
