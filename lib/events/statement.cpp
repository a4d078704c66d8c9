#include "events/statement.h"

#include "events/sql_words.h"

namespace cdc::events {

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
    } else if (w.keyword("TRUNCATE")) {
        w.keyword("TABLE");
        std::string first = w.identifier();
        if (w.consume('.')) {
            st.db = first;
            st.name = w.identifier();
        } else {
            st.name = first;
        }
        if (!st.name.empty()) st.kind = Statement::truncate;
    }
    return st;
}

} // namespace cdc::events
