#pragma once
// TABLE_MAP_EVENT: the table a rows event changes, its column types and type metadata, and,
// with binlog_row_metadata=MINIMAL/FULL, signedness and charsets (+ names, ENUM/SET strings
// and primary key with FULL).
#include "binlog/event.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cdc::binlog {

// How a value the binlog holds as fixed bytes is written: MariaDB's UUID, INET4 and INET6 look
// like BINARY(16) or BINARY(4) there; only the schema tells them apart.
enum class TextForm : uint8_t { bytes, uuid, inet4, inet6 };

struct Column {
    uint8_t type = 0;  // real type (CHAR-coded ENUM/SET resolved)
    uint16_t meta = 0; // type metadata (length, precision/scale, fsp, ...)
    bool is_unsigned = false;
    uint32_t collation = 0;          // 0: unknown
    std::string name;                // empty: unknown
    std::vector<std::string> values; // ENUM/SET strings
    std::string json_member;         // ,"name": ready to write after another member
    TextForm form = TextForm::bytes;
    // MariaDB's old-format TIME/DATETIME/TIMESTAMP with a fraction (/* mariadb-5.3 */): its
    // precision, which the binlog does not carry (from the tracked schema); 0 for none.
    uint8_t hires_fsp = 0;

    bool operator==(const Column&) const = default; // decoded alike
};

struct TableMap {
    uint64_t table_id = 0;
    std::string db;
    std::string table;
    std::vector<Column> columns;
    std::vector<uint32_t> primary_key; // column indexes
    bool has_names = false;
    bool has_primary_key = false;
    // Whether the map says which numeric columns are UNSIGNED and what the character sets of
    // its text columns are (binlog_row_metadata MINIMAL or FULL; NO_LOG and servers before
    // MySQL 8.0 say neither, and then the tracked schema must, or integers read as signed and
    // text as UTF-8).
    bool signedness_known = false;
    bool charsets_known = false;
};

// CHAR, VARCHAR, TEXT and their binary kinds: the columns a character set is logged for.
bool is_character_type(uint8_t type);

TableMap parse_table_map(const Event& e);

// Names the columns col_1, col_2, ... (an explicit user choice when the binlog has no names).
void name_columns_by_position(TableMap& table);

} // namespace cdc::binlog
