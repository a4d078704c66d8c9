#pragma once
// One column value of a row image, decoded from the binlog row format to its JSON text.
// The JSON mapping (documented in man/cdc-capture.1):
//   integers          number, signed or unsigned to 64 bits exactly
//   DECIMAL           string with the exact digits ("-12.50")
//   FLOAT, DOUBLE     number (shortest text that reads back the same)
//   temporal types    ISO-8601 strings (see temporal.h), YEAR a number
//   CHAR/VARCHAR/TEXT string, converted from the column's charset to UTF-8
//   BINARY/BLOB       base64 string (BINARY(n) keeps its trailing zero bytes)
//   BIT(1)            true/false; BIT(n>1) unsigned number
//   ENUM/SET          the string(s); the 1-based index / bit mask when the binlog has no strings
//   JSON              the JSON value itself
//   GEOMETRY          {"wkb": base64 WKB, "srid": n}
#include "binlog/byte_cursor.h"
#include "binlog/table_map.h"

#include <string>

namespace cdc::binlog {

void append_value(std::string& out, ByteCursor& c, const Column& column);

// The bytes of a JSON column's value (its length prefix consumed).
std::string_view read_json_bytes(ByteCursor& c, const Column& column);

} // namespace cdc::binlog
