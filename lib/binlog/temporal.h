#pragma once
// DATE, TIME, DATETIME, TIMESTAMP and YEAR of the binlog row format, as ISO-8601 JSON strings:
// DATE "2024-01-31", TIME "-838:59:59.000000" (negative and past 24 h kept), DATETIME
// "2024-01-31T23:59:59.5", TIMESTAMP in UTC "2024-01-31T23:59:59.5Z". Fractions keep the
// column's precision (fsp). Zero dates stay zero ("0000-00-00").
#include "binlog/byte_cursor.h"

#include <cstdint>
#include <string>

namespace cdc::binlog {

void append_date(std::string& out, ByteCursor& c);                // DATE: 3 bytes
void append_time(std::string& out, ByteCursor& c);                // old TIME: 3 bytes
void append_time2(std::string& out, ByteCursor& c, unsigned fsp); // TIME(fsp)
void append_datetime(std::string& out, ByteCursor& c);            // old DATETIME: 8 bytes
void append_datetime2(std::string& out, ByteCursor& c, unsigned fsp);
void append_timestamp(std::string& out, ByteCursor& c); // old TIMESTAMP: 4 bytes
void append_timestamp2(std::string& out, ByteCursor& c, unsigned fsp);

// MariaDB's old-format TIME(fsp), DATETIME(fsp), TIMESTAMP(fsp) with fsp 1 to 6 (SHOW CREATE
// TABLE marks them /* mariadb-5.3 */): logged with the codes of the old types, their precision
// only in the schema.
void append_time_hires(std::string& out, ByteCursor& c, unsigned fsp);
void append_datetime_hires(std::string& out, ByteCursor& c, unsigned fsp);
void append_timestamp_hires(std::string& out, ByteCursor& c, unsigned fsp);

// The packed 64-bit values inside binary JSON, in MySQL's JSON text form
// ("2024-01-31 23:59:59.000000").
void append_packed_datetime(std::string& out, int64_t packed, bool with_date, bool with_time);
void append_packed_time(std::string& out, int64_t packed);

} // namespace cdc::binlog
