#pragma once
// Declared column types (the type words of DDL and information_schema) against the type codes
// of TABLE_MAP events: whether a table's tracked columns still describe the binlog's rows.
#include <cstdint>
#include <string>
#include <string_view>

namespace cdc::events {

// Whether a TABLE_MAP column type code can hold a column declared with `type` (true when
// either is unknown to this check).
bool type_matches(uint8_t binlog_type, std::string_view type);
// The type word of a TABLE_MAP type code, as type_matches reads it (empty when unknown).
std::string type_word(uint8_t binlog_type);
// Whether columns declared with `type` hold bytes, never text (BINARY, VARBINARY, BLOB, and
// MariaDB's UUID and INET): their collation is binary whatever the table's.
bool is_binary_type(std::string_view type);
// Whether columns declared with `type` hold text in a character set (CHAR, VARCHAR, TEXT, ENUM,
// SET).
bool is_text_type(std::string_view type);

} // namespace cdc::events
