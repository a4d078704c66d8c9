#pragma once
// What a QUERY event's statement means for capture: transaction control, savepoints,
// TRUNCATE (emitted as op t), or anything else (DDL, statement-based DML: no row changes).
#include <string>
#include <string_view>

namespace cdc::events {

struct Statement {
    enum Kind { begin, commit, rollback, savepoint, rollback_to_savepoint, truncate, other } kind = other;
    std::string name; // savepoint or truncated table
    std::string db;   // truncated table's database, if the statement names it
};

Statement classify_statement(std::string_view sql);

} // namespace cdc::events
