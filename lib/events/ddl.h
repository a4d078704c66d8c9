#pragma once
// The column names of tables as DDL statements change them: what capture needs when the
// binlog carries no names (binlog_row_metadata MINIMAL or NOBLOB). Pure functions over the
// statement's text; a statement that changes a tracked table in a way not understood here
// leaves the table unknown, never guessed.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdc::events {

struct ColumnDef {
    std::string name;
    std::string type;                // lower-case data type word ("int", "varchar"); empty: unknown
    std::vector<std::string> values; // of an ENUM or SET
    // Fractional digits of a TIME, DATETIME or TIMESTAMP: the binlog does not carry them for
    // MariaDB's old-format (/* mariadb-5.3 */) columns, whose size depends on them.
    unsigned fsp = 0;
    // What a binlog without metadata (binlog_row_metadata=NO_LOG) does not say: whether an integer
    // is UNSIGNED, and the collation id of a text column (63, binary, for BINARY, VARBINARY and
    // BLOB; 0: not known, as for a text column a DDL statement declared without one).
    bool is_unsigned = false;
    uint32_t collation = 0;
    bool operator==(const ColumnDef&) const = default;
};

struct TrackedTable {
    std::vector<ColumnDef> columns;       // in ordinal order
    std::vector<std::string> primary_key; // column names, in key order
    std::string unknown;                  // why the columns are not known any more; empty: known
    bool operator==(const TrackedTable&) const = default;
};

using TableKey = std::pair<std::string, std::string>; // database, table
using Schema = std::map<TableKey, TrackedTable>;
using TableWanted = std::function<bool(const std::string& db, const std::string& table)>;

// Applies the statement `sql` of a QUERY event (run in database `default_db`) to the tables of
// `schema` that `wanted` selects: CREATE/DROP/RENAME TABLE, ALTER TABLE (ADD/DROP/CHANGE/MODIFY/
// RENAME COLUMN, FIRST/AFTER, keys, table options), DROP DATABASE. `where` (a binlog position)
// goes into the reason of a table left unknown. Returns whether the statement is DDL on a
// wanted table.
bool apply_ddl(std::string_view sql, const std::string& default_db, const TableWanted& wanted, Schema& schema,
               const std::string& where);

// The members of an ENUM or SET column type ("enum('a','b')"), as information_schema shows it.
std::vector<std::string> enum_values(std::string_view column_type);

} // namespace cdc::events
