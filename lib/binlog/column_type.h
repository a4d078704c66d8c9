#pragma once
// MySQL column type codes as written in TABLE_MAP events.
#include <cstdint>

namespace cdc::binlog {

enum ColumnType : uint8_t {
    t_decimal = 0,
    t_tiny = 1,
    t_short = 2,
    t_long = 3,
    t_float = 4,
    t_double = 5,
    t_null = 6,
    t_timestamp = 7,
    t_longlong = 8,
    t_int24 = 9,
    t_date = 10,
    t_time = 11,
    t_datetime = 12,
    t_year = 13,
    t_newdate = 14,
    t_varchar = 15,
    t_bit = 16,
    t_timestamp2 = 17,
    t_datetime2 = 18,
    t_time2 = 19,
    t_blob_compressed = 140,    // MariaDB: TEXT/BLOB ... COMPRESSED
    t_varchar_compressed = 141, // MariaDB: VARCHAR ... COMPRESSED
    t_json = 245,
    t_newdecimal = 246,
    t_enum = 247,
    t_set = 248,
    t_tiny_blob = 249,
    t_medium_blob = 250,
    t_long_blob = 251,
    t_blob = 252,
    t_var_string = 253,
    t_string = 254,
    t_geometry = 255
};

} // namespace cdc::binlog
