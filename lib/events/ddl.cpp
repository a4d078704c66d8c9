#include "events/ddl.h"

#include "binlog/charset.h"
#include "events/sql_words.h"
#include "events/type_words.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace cdc::events {
namespace {

// Thrown where a statement touches a tracked table in a way this file does not model.
struct NotUnderstood {
    std::string why;
};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool same_column(const std::string& a, const std::string& b) { return lower(a) == lower(b); } // names ignore case

TableKey table_name(SqlWords& w, const std::string& default_db) {
    auto [db, table] = w.table_name();
    if (db.empty() && table.empty()) throw NotUnderstood{"no table name"};
    return {db.empty() ? default_db : db, table};
}

bool if_exists(SqlWords& w) { return w.keyword("IF") && w.keyword("EXISTS"); }
bool if_not_exists(SqlWords& w) { return w.keyword("IF") && w.keyword("NOT") && w.keyword("EXISTS"); }

// The quoted members of ENUM(...) or SET(...), after the '('.
std::vector<std::string> members(SqlWords& w) {
    std::vector<std::string> values;
    do {
        std::optional<std::string> value = w.string_literal();
        if (!value) throw NotUnderstood{"an ENUM or SET member that is not a string"};
        values.push_back(std::move(*value));
    } while (w.consume(','));
    if (!w.consume(')')) throw NotUnderstood{"an ENUM or SET list that does not end"};
    return values;
}

// A column definition with what matters here among its attributes.
struct ColumnSpec {
    ColumnDef def;
    bool first = false;
    std::string after;
    bool primary = false; // PRIMARY KEY (or KEY) on the column itself
};

bool is_temporal_with_fraction(const std::string& type) {
    return type == "time" || type == "datetime" || type == "timestamp";
}

// "6)" of TIME(6): the fractional digits.
unsigned precision(SqlWords& w) {
    std::string digits = w.identifier();
    if (digits.size() != 1 || digits[0] < '0' || digits[0] > '6' || !w.consume(')'))
        throw NotUnderstood{"a TIME, DATETIME or TIMESTAMP precision that is not 0 to 6"};
    return static_cast<unsigned>(digits[0] - '0');
}

// The collation a CHARACTER SET, CHARSET or COLLATE clause names (0: not known).
uint32_t named_collation(SqlWords& w) {
    std::optional<std::string> quoted = w.string_literal();
    return binlog::collation_named(quoted ? *quoted : w.identifier());
}

ColumnSpec column_spec(SqlWords& w) {
    ColumnSpec c;
    c.def.name = w.identifier();
    c.def.type = lower(w.identifier());
    if (c.def.type == "national") c.def.type = lower(w.identifier());
    if (c.def.name.empty() || c.def.type.empty()) throw NotUnderstood{"a column definition without name or type"};
    if (c.def.type == "serial") { // BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
        c.def.type = "bigint";
        c.def.is_unsigned = true;
    }
    if (is_binary_type(c.def.type)) c.def.collation = 63;
    if ((c.def.type == "enum" || c.def.type == "set") && w.consume('(')) c.def.values = members(w);
    if (is_temporal_with_fraction(c.def.type) && w.consume('(')) c.def.fsp = precision(w);
    while (!w.at_element_end()) {
        if (w.keyword("FIRST")) c.first = true;
        else if (w.keyword("AFTER")) c.after = w.identifier();
        else if (w.keyword("UNIQUE")) w.keyword("KEY");
        else if (w.keyword("PRIMARY") || w.keyword("KEY")) c.primary = true;
        else if (w.keyword("UNSIGNED") || w.keyword("ZEROFILL")) c.def.is_unsigned = true;
        else if ((w.keyword("CHARACTER") && w.keyword("SET")) || w.keyword("CHARSET") || w.keyword("COLLATE"))
            c.def.collation = named_collation(w);
        else w.skip_token();
    }
    return c;
}

// The column names of a key: "[name] [USING ...] (a, b(10) DESC, ...)".
std::vector<std::string> key_columns(SqlWords& w) {
    while (!w.consume('(')) {
        if (w.at_element_end()) throw NotUnderstood{"a key without columns"};
        w.skip_token();
    }
    std::vector<std::string> names;
    do {
        names.push_back(w.identifier());
        w.skip_element();
    } while (w.consume(','));
    if (!w.consume(')')) throw NotUnderstood{"a key's column list does not end"};
    w.skip_element();
    return names;
}

// Index, key and constraint elements (CREATE TABLE, ALTER TABLE ADD): the primary key's
// columns replace `table`'s; others change no column. False if a column definition comes next.
bool key_element(SqlWords& w, TrackedTable& table) {
    SqlWords probe = w;
    if (probe.keyword("CONSTRAINT")) {
        SqlWords symbol = probe;
        if (!symbol.keyword("PRIMARY") && !symbol.keyword("UNIQUE") && !symbol.keyword("FOREIGN") &&
            !symbol.keyword("CHECK"))
            probe.identifier();
    }
    if (probe.keyword("PRIMARY")) {
        probe.keyword("KEY");
        table.primary_key = key_columns(probe);
        w = probe;
        return true;
    }
    SqlWords period = probe;
    bool other_key = period.keyword("PERIOD") && period.keyword("FOR");
    for (std::string_view word : {"UNIQUE", "KEY", "INDEX", "FULLTEXT", "SPATIAL", "FOREIGN", "CHECK"})
        other_key = other_key || probe.keyword(word);
    if (!other_key) return false;
    w = probe;
    w.skip_element();
    return true;
}

std::vector<ColumnDef>::iterator find_column(TrackedTable& t, const std::string& name) {
    return std::find_if(t.columns.begin(), t.columns.end(),
                        [&](const ColumnDef& c) { return same_column(c.name, name); });
}

// Puts `c` where its FIRST/AFTER says, or at `fallback` (an index) without one.
void place(TrackedTable& t, const ColumnSpec& c, size_t fallback) {
    if (c.first) {
        t.columns.insert(t.columns.begin(), c.def);
    } else if (!c.after.empty()) {
        auto at = find_column(t, c.after);
        if (at == t.columns.end()) throw NotUnderstood{"AFTER " + c.after + ", a column the table does not have"};
        t.columns.insert(at + 1, c.def);
    } else {
        t.columns.insert(t.columns.begin() + static_cast<std::ptrdiff_t>(std::min(fallback, t.columns.size())), c.def);
    }
    if (c.primary) t.primary_key = {c.def.name};
}

void add_column(TrackedTable& t, const ColumnSpec& c, bool unless_exists) {
    if (find_column(t, c.def.name) != t.columns.end()) {
        if (unless_exists) return;
        throw NotUnderstood{"ADD COLUMN " + c.def.name + ", which the table already has"};
    }
    place(t, c, t.columns.size());
}

void rename_in_key(TrackedTable& t, const std::string& from, const std::string& to) {
    for (std::string& k : t.primary_key)
        if (same_column(k, from)) k = to;
}

// CHANGE (renaming) or MODIFY `old` to `c`.
void redefine_column(TrackedTable& t, const std::string& old, const ColumnSpec& c, bool unless_missing) {
    auto at = find_column(t, old);
    if (at == t.columns.end()) {
        if (unless_missing) return;
        throw NotUnderstood{"a change of column " + old + ", which the table does not have"};
    }
    size_t index = static_cast<size_t>(at - t.columns.begin());
    t.columns.erase(at);
    if (!same_column(old, c.def.name) && find_column(t, c.def.name) != t.columns.end())
        throw NotUnderstood{"a column renamed to " + c.def.name + ", which the table already has"};
    rename_in_key(t, old, c.def.name);
    place(t, c, index);
}

void drop_column(TrackedTable& t, const std::string& name, bool unless_missing) {
    auto at = find_column(t, name);
    if (at == t.columns.end()) {
        if (unless_missing) return;
        throw NotUnderstood{"DROP COLUMN " + name + ", which the table does not have"};
    }
    t.columns.erase(at);
    std::erase_if(t.primary_key, [&](const std::string& k) { return same_column(k, name); });
}

// ALTER TABLE clauses that change neither columns nor the primary key.
bool table_option(SqlWords& w) {
    for (std::string_view word : {"ENGINE",
                                  "AUTO_INCREMENT",
                                  "COMMENT",
                                  "ROW_FORMAT",
                                  "DEFAULT",
                                  "CHARACTER",
                                  "CHARSET",
                                  "COLLATE",
                                  "FORCE",
                                  "ALGORITHM",
                                  "LOCK",
                                  "KEY_BLOCK_SIZE",
                                  "STATS_AUTO_RECALC",
                                  "STATS_PERSISTENT",
                                  "STATS_SAMPLE_PAGES",
                                  "PACK_KEYS",
                                  "CHECKSUM",
                                  "PAGE_CHECKSUM",
                                  "ORDER",
                                  "ENABLE",
                                  "DISABLE",
                                  "DISCARD",
                                  "IMPORT",
                                  "MAX_ROWS",
                                  "MIN_ROWS",
                                  "AVG_ROW_LENGTH",
                                  "DELAY_KEY_WRITE",
                                  "PAGE_COMPRESSED",
                                  "PAGE_COMPRESSION_LEVEL",
                                  "ENCRYPTED",
                                  "ENCRYPTION_KEY_ID",
                                  "TRANSACTIONAL",
                                  "PARTITION",
                                  "PARTITIONS",
                                  "REMOVE",
                                  "ANALYZE",
                                  "CHECK",
                                  "OPTIMIZE",
                                  "REBUILD",
                                  "REPAIR",
                                  "TRUNCATE",
                                  "COALESCE",
                                  "REORGANIZE",
                                  "EXCHANGE",
                                  "DATA",
                                  "INDEX",
                                  "UNION",
                                  "INSERT_METHOD",
                                  "TABLESPACE",
                                  "STORAGE",
                                  "WITH",
                                  "WITHOUT",
                                  "SECONDARY_ENGINE",
                                  "COMPRESSION",
                                  "ENCRYPTION",
                                  "IETF_QUOTES",
                                  "SEQUENCE"})
        if (w.keyword(word)) return true;
    return false;
}

// One clause of ALTER TABLE applied to `t`.
void alter_clause(SqlWords& w, TrackedTable& t, const std::string& default_db, std::optional<TableKey>& renamed_to) {
    if (w.keyword("ADD")) {
        bool column = w.keyword("COLUMN");
        if (!column) {
            if (w.keyword("SYSTEM")) throw NotUnderstood{"ADD SYSTEM VERSIONING adds hidden columns"};
            if (w.keyword("PARTITION")) return w.skip_element();
            if (key_element(w, t)) return;
        }
        bool unless_exists = if_not_exists(w);
        if (w.consume('(')) {
            do add_column(t, column_spec(w), unless_exists);
            while (w.consume(','));
            if (!w.consume(')')) throw NotUnderstood{"ADD COLUMN (...) does not end"};
        } else {
            add_column(t, column_spec(w), unless_exists);
        }
    } else if (w.keyword("DROP")) {
        bool column = w.keyword("COLUMN");
        if (!column) {
            if (w.keyword("SYSTEM")) throw NotUnderstood{"DROP SYSTEM VERSIONING drops hidden columns"};
            if (w.keyword("PRIMARY")) {
                t.primary_key.clear();
                return w.skip_element();
            }
            for (std::string_view word : {"INDEX", "KEY", "FOREIGN", "CONSTRAINT", "CHECK", "PARTITION", "PERIOD"})
                if (w.keyword(word)) return w.skip_element();
        }
        bool unless_missing = if_exists(w);
        drop_column(t, w.identifier(), unless_missing);
        w.skip_element(); // RESTRICT, CASCADE
    } else if (w.keyword("CHANGE")) {
        w.keyword("COLUMN");
        bool unless_missing = if_exists(w);
        std::string old = w.identifier();
        redefine_column(t, old, column_spec(w), unless_missing);
    } else if (w.keyword("MODIFY")) {
        w.keyword("COLUMN");
        bool unless_missing = if_exists(w);
        ColumnSpec c = column_spec(w);
        redefine_column(t, c.def.name, c, unless_missing);
    } else if (w.keyword("RENAME")) {
        if (w.keyword("COLUMN")) {
            bool unless_missing = if_exists(w);
            std::string old = w.identifier();
            if (!w.keyword("TO")) throw NotUnderstood{"RENAME COLUMN without TO"};
            ColumnSpec c;
            auto at = find_column(t, old);
            if (at != t.columns.end()) c.def = *at; // all but its name stays
            c.def.name = w.identifier();
            redefine_column(t, old, c, unless_missing);
        } else if (w.keyword("INDEX") || w.keyword("KEY")) {
            w.skip_element();
        } else {
            if (!w.keyword("TO") && !w.keyword("AS")) w.consume('=');
            renamed_to = table_name(w, default_db);
        }
    } else if (w.keyword("CONVERT")) { // CONVERT TO CHARACTER SET: every text column's
        w.keyword("TO");
        if (!(w.keyword("CHARACTER") && w.keyword("SET")) && !w.keyword("CHARSET"))
            throw NotUnderstood{"CONVERT without TO CHARACTER SET"};
        uint32_t collation = named_collation(w);
        if (w.keyword("COLLATE")) collation = named_collation(w);
        for (ColumnDef& column : t.columns)
            if (is_text_type(column.type)) column.collation = collation;
        w.skip_element();
    } else if (w.keyword("ALTER")) { // a column's or index's default or visibility
        w.skip_element();
    } else if (table_option(w)) {
        w.skip_element();
    } else {
        throw NotUnderstood{"an ALTER TABLE clause capture does not model"};
    }
}

struct Ddl {
    const TableWanted& wanted;
    Schema& schema;
    std::string where;
    std::string sql;

    void unknown(const TableKey& key, const std::string& why) {
        schema[key] = TrackedTable{{}, {}, why + " in `" + sql + "` at " + where};
    }
    bool tracked(const TableKey& key) const { return wanted(key.first, key.second) || schema.count(key); }

    bool create(SqlWords& w, const std::string& default_db) {
        bool replace = w.keyword("OR") && w.keyword("REPLACE");
        if (w.keyword("TEMPORARY") || !w.keyword("TABLE")) return false; // temporary tables are not replicated in rows
        bool unless_exists = if_not_exists(w);
        TableKey key = table_name(w, default_db);
        if (!wanted(key.first, key.second)) return false;
        auto existing = schema.find(key);
        if (unless_exists && !replace && existing != schema.end() && existing->second.unknown.empty()) return true;
        try {
            bool parenthesised = w.consume('(');
            if (w.keyword("LIKE")) {
                TableKey from = table_name(w, default_db);
                auto source = schema.find(from);
                if (source == schema.end()) throw NotUnderstood{"CREATE TABLE LIKE a table capture does not track"};
                schema[key] = source->second;
                return true;
            }
            if (!parenthesised) throw NotUnderstood{"CREATE TABLE without a column list"};
            TrackedTable t;
            do
                if (!key_element(w, t)) place(t, column_spec(w), t.columns.size());
            while (w.consume(','));
            if (!w.consume(')')) throw NotUnderstood{"a column list that does not end"};
            while (!w.at_end()) {
                if (w.keyword("SELECT") || w.keyword("SYSTEM"))
                    throw NotUnderstood{"columns that come from a SELECT or from system versioning"};
                w.skip_token();
            }
            schema[key] = std::move(t);
        } catch (const NotUnderstood& e) { unknown(key, e.why); }
        return true;
    }

    bool drop(SqlWords& w, const std::string& default_db) {
        if (w.keyword("DATABASE") || w.keyword("SCHEMA")) {
            if_exists(w);
            std::string db = w.identifier();
            return std::erase_if(schema, [&](const auto& entry) { return entry.first.first == db; }) > 0;
        }
        if (w.keyword("TEMPORARY") || !w.keyword("TABLE")) return false;
        if_exists(w);
        bool any = false;
        do {
            TableKey key = table_name(w, default_db);
            any = schema.erase(key) > 0 || wanted(key.first, key.second) || any;
        } while (w.consume(','));
        return any;
    }

    bool rename(SqlWords& w, const std::string& default_db) {
        if (!w.keyword("TABLE")) return false;
        if_exists(w);
        bool any = false;
        Schema before = schema;
        do { // pairs apply in order, so that a swap through a third name works
            TableKey from = table_name(w, default_db);
            if (!w.keyword("TO")) throw NotUnderstood{"RENAME TABLE without TO"};
            TableKey to = table_name(w, default_db);
            if (!tracked(from) && !tracked(to)) continue;
            any = true;
            auto node = schema.extract(from);
            if (node) {
                node.key() = to;
                schema.insert_or_assign(to, std::move(node.mapped()));
            } else {
                unknown(to, "renamed from " + from.first + "." + from.second + ", a table capture does not track");
            }
        } while (w.consume(','));
        std::erase_if(schema, [&](const auto& entry) {
            return !wanted(entry.first.first, entry.first.second) && !before.count(entry.first);
        });
        return any;
    }

    bool alter(SqlWords& w, const std::string& default_db) {
        w.keyword("ONLINE");
        w.keyword("IGNORE");
        if (!w.keyword("TABLE")) return false;
        if_exists(w);
        TableKey key = table_name(w, default_db);
        if (w.keyword("WAIT")) w.skip_token();
        else w.keyword("NOWAIT");
        auto found = schema.find(key);
        std::optional<TableKey> renamed_to;
        TrackedTable t;
        try {
            if (found == schema.end() && wanted(key.first, key.second))
                throw NotUnderstood{"ALTER TABLE of a table missing from the tracked schema"};
            if (found != schema.end()) t = found->second;
            do
                if (!w.at_end()) alter_clause(w, t, default_db, renamed_to);
            while (w.consume(','));
            if (!w.at_end()) throw NotUnderstood{"an ALTER TABLE clause capture does not model"};
        } catch (const NotUnderstood& e) {
            if (found == schema.end() && !wanted(key.first, key.second)) {
                // An untracked table: only a rename to a tracked name would matter, and it is not clear.
                return false;
            }
            unknown(key, e.why);
            return true;
        }
        if (renamed_to && !tracked(key) && !tracked(*renamed_to)) return false;
        if (!tracked(key) && !renamed_to) return false;
        if (found != schema.end()) found->second = t;
        if (renamed_to) {
            if (found != schema.end()) {
                TrackedTable moved = schema[key];
                schema.erase(key);
                if (wanted(renamed_to->first, renamed_to->second)) schema[*renamed_to] = std::move(moved);
            } else if (wanted(renamed_to->first, renamed_to->second)) {
                unknown(*renamed_to,
                        "renamed from " + key.first + "." + key.second + ", a table capture does not track");
            }
        }
        return true;
    }
};

} // namespace

bool apply_ddl(std::string_view sql, const std::string& default_db, const TableWanted& wanted, Schema& schema,
               const std::string& where) {
    Ddl ddl{wanted, schema, where, std::string(sql.substr(0, 200))};
    SqlWords w(sql);
    try {
        if (w.keyword("CREATE")) return ddl.create(w, default_db);
        if (w.keyword("DROP")) return ddl.drop(w, default_db);
        if (w.keyword("RENAME")) return ddl.rename(w, default_db);
        if (w.keyword("ALTER")) return ddl.alter(w, default_db);
    } catch (const NotUnderstood&) { // the statement does not even name its tables clearly
        bool any = false;
        for (auto& [key, table] : schema) {
            if (sql.find(key.second) == std::string_view::npos) continue;
            ddl.unknown(key, "a statement capture cannot read");
            any = true;
        }
        return any;
    }
    return false;
}

std::vector<std::string> enum_values(std::string_view column_type) {
    SqlWords w(column_type);
    if ((!w.keyword("ENUM") && !w.keyword("SET")) || !w.consume('(')) return {};
    try {
        return members(w);
    } catch (const NotUnderstood&) { return {}; }
}

} // namespace cdc::events
