#pragma once
// What a QUERY event's statement means for capture: transaction control (XA's too), savepoints,
// TRUNCATE (emitted as op t), a data change logged as a statement (its rows are not in the
// binlog), or anything else (DDL).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdc::events {

struct Statement {
    enum Kind {
        begin,
        commit,
        rollback,
        savepoint,
        rollback_to_savepoint,
        xa_start,    // MySQL: the rows of an XA transaction follow, ended by XA_PREPARE
        xa_commit,   // of an XA transaction prepared before, in a transaction of its own
        xa_rollback, // the same, rolled back
        truncate,
        data_change,
        other
    } kind = other;
    std::string name; // savepoint, truncated table, or XA transaction (as binlog::xid_text)
    std::string db;   // truncated table's database, if the statement names it
    // data_change (INSERT, REPLACE, UPDATE, DELETE, LOAD DATA): every table it may write, as
    // {database or "" for the statement's default, table}. Erring on the side of naming too
    // many: aliases and qualified columns of a multi-table UPDATE or DELETE are listed too.
    std::vector<std::pair<std::string, std::string>> tables;
};

Statement classify_statement(std::string_view sql);

} // namespace cdc::events
