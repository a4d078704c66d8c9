#include "events/statement.h"

#include "binlog/control_events.h"
#include "events/sql_words.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <tuple>

namespace cdc::events {
namespace {

void skip_modifiers(SqlWords& w) {
    while (w.keyword("LOW_PRIORITY") || w.keyword("HIGH_PRIORITY") || w.keyword("DELAYED") || w.keyword("QUICK") ||
           w.keyword("IGNORE") || w.keyword("CONCURRENT") || w.keyword("LOCAL")) {}
}

// A table name, db.table or table, if one comes next.
void table_name(SqlWords& w, Statement& st) {
    auto name = w.table_name();
    if (!name.first.empty() || !name.second.empty()) st.tables.push_back(std::move(name));
}

// Every name up to one of the keywords that end a table reference list.
void table_references(SqlWords& w, Statement& st) {
    while (!w.at_end() && !w.keyword("SET") && !w.keyword("WHERE") && !w.keyword("ORDER") && !w.keyword("LIMIT") &&
           !w.keyword("RETURNING")) {
        if (w.keyword("FROM") || w.keyword("USING") || w.keyword("JOIN") || w.keyword("ON") || w.keyword("AS"))
            continue;
        size_t before = st.tables.size();
        table_name(w, st);
        if (st.tables.size() == before) w.skip_token();
    }
}

// One part of an XID: X'hex' or 'text'; nothing if neither comes next.
std::optional<std::string> xid_part(SqlWords& w) {
    bool hex = w.keyword("X");
    std::optional<std::string> text = w.string_literal();
    if (!text || !hex) return text;
    if (text->size() % 2) return std::nullopt;
    std::string bytes;
    for (size_t i = 0; i < text->size(); i += 2) {
        unsigned value = 0;
        if (std::sscanf(text->c_str() + i, "%2x", &value) != 1) return std::nullopt;
        bytes += static_cast<char>(value);
    }
    return bytes;
}

// The XID of an XA statement: gtrid[,bqual[,formatID]], as binlog::xid_text; empty if there is none.
std::string xid(SqlWords& w) {
    std::optional<std::string> gtrid = xid_part(w), bqual;
    if (!gtrid) return "";
    long long format_id = 1;
    if (w.consume(',')) bqual = xid_part(w);
    if (bqual && w.consume(',')) format_id = std::atoll(w.identifier().c_str());
    return binlog::xid_text(format_id, *gtrid, bqual.value_or(""));
}

} // namespace

Statement classify_statement(std::string_view sql) {
    Statement st;
    SqlWords w(sql);
    if (w.keyword("BEGIN")) {
        if (w.at_end()) st.kind = Statement::begin;
    } else if (w.keyword("COMMIT")) {
        if (w.at_end()) st.kind = Statement::commit;
    } else if (w.keyword("SAVEPOINT")) {
        st.kind = Statement::savepoint;
        st.name = w.identifier();
    } else if (w.keyword("ROLLBACK")) {
        if (w.at_end()) {
            st.kind = Statement::rollback;
        } else if (w.keyword("TO")) {
            w.keyword("SAVEPOINT");
            st.kind = Statement::rollback_to_savepoint;
            st.name = w.identifier();
        }
    } else if (w.keyword("XA")) {
        if (w.keyword("START") || w.keyword("BEGIN")) {
            st.kind = Statement::xa_start;
        } else if (w.keyword("COMMIT")) {
            st.name = xid(w);
            st.kind = w.keyword("ONE") ? Statement::commit : Statement::xa_commit;
        } else if (w.keyword("ROLLBACK")) {
            st.name = xid(w);
            st.kind = Statement::xa_rollback;
        }
    } else if (w.keyword("TRUNCATE")) {
        w.keyword("TABLE");
        std::tie(st.db, st.name) = w.table_name();
        if (!st.name.empty()) st.kind = Statement::truncate;
    } else if (w.keyword("INSERT") || w.keyword("REPLACE")) {
        st.kind = Statement::data_change;
        skip_modifiers(w);
        w.keyword("INTO");
        table_name(w, st);
    } else if (w.keyword("UPDATE") || w.keyword("DELETE")) {
        st.kind = Statement::data_change;
        skip_modifiers(w);
        table_references(w, st);
    } else if (w.keyword("LOAD")) {
        st.kind = Statement::data_change;
        while (!w.at_end() && !w.keyword("TABLE")) w.skip_token(); // LOAD DATA|XML ... INTO TABLE t
        table_name(w, st);
    }
    return st;
}

} // namespace cdc::events
