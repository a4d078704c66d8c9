#include "events/statement.h"

#include "events/sql_words.h"

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
    } else if (w.keyword("XA")) { // MySQL logs XA START .. XA END around the rows, as BEGIN
        if (w.keyword("START") || w.keyword("BEGIN")) st.kind = Statement::begin;
        else if (w.keyword("COMMIT")) st.kind = Statement::commit; // ONE PHASE, or of one prepared before
        else if (w.keyword("ROLLBACK")) st.kind = Statement::rollback;
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
