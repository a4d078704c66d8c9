#include "events/schema_history.h"

#include "binlog/column_type.h"
#include "config/failure.h"
#include "events/type_words.h"

#include "json/json_writer.h"
#include <nlohmann/json.hpp>
#include <utility>

namespace cdc::events {
namespace {

// Whether a TABLE_MAP with names says what `t` says.
bool same_table(const binlog::TableMap& map, const TrackedTable& t) {
    if (!t.unknown.empty() || t.columns.size() != map.columns.size()) return false;
    for (size_t i = 0; i < t.columns.size(); ++i)
        if (map.columns[i].name != t.columns[i].name || !type_matches(map.columns[i].type, t.columns[i].type) ||
            map.columns[i].values != t.columns[i].values || map.columns[i].is_unsigned != t.columns[i].is_unsigned ||
            map.columns[i].collation != t.columns[i].collation)
            return false;
    if (!map.has_primary_key) return true;
    if (map.primary_key.size() != t.primary_key.size()) return false;
    for (size_t i = 0; i < t.primary_key.size(); ++i)
        if (map.primary_key[i] >= map.columns.size() || map.columns[map.primary_key[i]].name != t.primary_key[i])
            return false;
    return true;
}

std::string where(const BinlogPosition& at) { return at.file + ":" + std::to_string(at.pos); }

nlohmann::json table_json(const TableKey& key, const TrackedTable& t) {
    nlohmann::json columns = nlohmann::json::array();
    for (const ColumnDef& c : t.columns) {
        // [name, type, values, fsp, unsigned, collation], without the defaults at its end.
        nlohmann::json column = {c.name, c.type, c.values, c.fsp, c.is_unsigned, c.collation};
        const nlohmann::json defaults = {"", "", nlohmann::json::array(), 0, false, 0};
        while (column.size() > 2 && column.back() == defaults[column.size() - 1]) column.erase(column.size() - 1);
        columns.push_back(std::move(column));
    }
    nlohmann::json j = {{"db", key.first}, {"table", key.second}, {"columns", columns}, {"key", t.primary_key}};
    if (!t.unknown.empty()) j["unknown"] = t.unknown;
    return j;
}

} // namespace

void SchemaHistory::loaded_later(const BinlogPosition& loaded_at, std::function<BinlogPosition()> holds_from) {
    loaded_at_ = loaded_at;
    holds_from_ = std::move(holds_from);
    for (const auto& entry : schema_) provisional_.insert(entry.first);
}

void SchemaHistory::resume_window(SchemaWindow window, std::function<BinlogPosition()> holds_from) {
    loaded_at_ = window.holds_from;
    holds_from_ = std::move(holds_from);
    for (auto& [key, table] : window.tables) {
        schema_[key] = std::move(table);
        provisional_.insert(key);
    }
    json_text_.clear();
}

void SchemaHistory::reach(const BinlogPosition& at) {
    if (loaded_at_ && !at.precedes(*loaded_at_)) {
        loaded_at_.reset();
        holds_from_ = {};
        provisional_.clear();
    }
}

void SchemaHistory::apply(std::string_view sql, const std::string& default_db, const BinlogPosition& at) {
    // The schema loaded later already holds the effect of DDL before that point.
    Schema kept;
    reach(at);
    for (const TableKey& key : provisional_)
        if (schema_.count(key)) kept[key] = schema_[key];
    auto wanted = [this](const std::string& db, const std::string& table) { return tables_.matches(db, table); };
    if (apply_ddl(sql, default_db, wanted, schema_, where(at))) json_text_.clear();
    for (auto& [key, table] : kept) schema_[key] = std::move(table);
}

void SchemaHistory::learn(const binlog::TableMap& map) {
    TableKey key{map.db, map.table};
    auto known = schema_.find(key);
    // Every transaction maps its tables again: most of the time nothing changed.
    if (known != schema_.end() && provisional_.count(key) == 0 && same_table(map, known->second)) return;
    TrackedTable t;
    for (const binlog::Column& c : map.columns) {
        ColumnDef def{c.name, type_word(c.type), c.values, 0, c.is_unsigned, c.collation};
        // A type the binlog does not tell apart (UUID, INET6: fixed bytes there) stays as known,
        // and so does a precision it does not carry.
        if (known != schema_.end())
            for (const ColumnDef& k : known->second.columns)
                if (k.name == c.name && type_matches(c.type, k.type)) {
                    def.type = k.type;
                    def.fsp = k.fsp;
                }
        t.columns.push_back(std::move(def));
    }
    if (map.has_primary_key)
        for (uint32_t i : map.primary_key)
            if (i < map.columns.size()) t.primary_key.push_back(map.columns[i].name);
    if (!map.has_primary_key) t.primary_key = schema_[key].primary_key;
    schema_[key] = std::move(t);
    provisional_.erase(key);
    json_text_.clear();
}

void SchemaHistory::form_columns(binlog::TableMap& map) const {
    auto found = schema_.find({map.db, map.table});
    if (found == schema_.end()) return;
    const std::vector<ColumnDef>& columns = found->second.columns;
    for (size_t i = 0; i < map.columns.size() && i < columns.size(); ++i) {
        if (map.columns[i].name != columns[i].name) continue;
        const std::string& type = columns[i].type;
        if (type == "uuid") map.columns[i].form = binlog::TextForm::uuid;
        if (type == "inet4") map.columns[i].form = binlog::TextForm::inet4;
        if (type == "inet6") map.columns[i].form = binlog::TextForm::inet6;
        uint8_t code = map.columns[i].type;
        // The old type codes with a precision: MariaDB's old-format columns with a fraction.
        if (code == binlog::t_time || code == binlog::t_datetime || code == binlog::t_timestamp)
            map.columns[i].hires_fsp = static_cast<uint8_t>(columns[i].fsp);
    }
}

std::string SchemaHistory::name_columns(binlog::TableMap& map, const BinlogPosition& at) {
    std::string table = map.db + "." + map.table;
    std::string fix = "; set binlog_row_metadata=FULL on the source (names then come with every row), or delete "
                      "the checkpoint and start again with a new snapshot";
    std::string fix_metadata = "; set binlog_row_metadata=MINIMAL or FULL on the source (the binlog then carries them)";
    std::string prefix = "cannot name the columns of " + table + " at " + where(at) + ": ";
    TableKey key{map.db, map.table};
    auto found = schema_.find(key);
    if (found == schema_.end())
        return prefix + "the binlog carries no names and the table is not in the schema capture tracks" + fix;
    reach(at);
    if (provisional_.count(key) && holds_from_) {
        loaded_at_ = std::exchange(holds_from_, {})();
        reach(at);
    }
    if (provisional_.count(key))
        return prefix + "the binlog carries no names, and the schema capture read is only known to hold from " +
               where(*loaded_at_) + ", after a DDL on a captured table" + fix;
    const TrackedTable& t = found->second;
    if (!t.unknown.empty()) return prefix + t.unknown + fix;
    if (t.columns.size() != map.columns.size())
        return prefix + "the binlog has " + std::to_string(map.columns.size()) + " columns, the tracked schema " +
               std::to_string(t.columns.size()) + fix;
    for (size_t i = 0; i < t.columns.size(); ++i)
        if (!type_matches(map.columns[i].type, t.columns[i].type))
            return prefix + "column " + std::to_string(i + 1) + " (" + t.columns[i].name + " " + t.columns[i].type +
                   " in the tracked schema) has binlog type " + std::to_string(map.columns[i].type) + fix;
    if (!map.charsets_known)
        for (size_t i = 0; i < t.columns.size(); ++i)
            if (binlog::is_character_type(map.columns[i].type) && t.columns[i].collation == 0)
                return prefix +
                       "the binlog carries no character sets (binlog_row_metadata=NO_LOG), and the tracked "
                       "schema does not know the one of column " +
                       t.columns[i].name + " (" + t.columns[i].type + ", declared by a DDL statement without one)" +
                       fix_metadata;
    for (size_t i = 0; i < t.columns.size(); ++i) {
        binlog::Column& column = map.columns[i];
        column.name = t.columns[i].name;
        column.json_member = json::json_member(t.columns[i].name);
        if (column.values.empty()) column.values = t.columns[i].values; // ENUM/SET as strings
        if (!map.signedness_known) column.is_unsigned = t.columns[i].is_unsigned;
        if (!map.charsets_known && binlog::is_character_type(column.type)) column.collation = t.columns[i].collation;
    }
    map.has_names = true;
    map.primary_key.clear();
    for (const std::string& k : t.primary_key)
        for (size_t i = 0; i < t.columns.size(); ++i)
            if (t.columns[i].name == k) map.primary_key.push_back(static_cast<uint32_t>(i));
    map.has_primary_key = !map.primary_key.empty() && map.primary_key.size() == t.primary_key.size();
    return "";
}

nlohmann::json SchemaHistory::to_json() const {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& [key, t] : schema_) tables.push_back(table_json(key, t));
    return tables;
}

void SchemaHistory::append_checkpoint_members(std::string& json, const BinlogPosition& at) const {
    json += "\"schema\":";
    if (holds_at(at)) {
        json += json_text();
        return;
    }
    nlohmann::json sure = nlohmann::json::array(), unsure = nlohmann::json::array();
    for (const auto& [key, t] : schema_) (provisional_.count(key) ? unsure : sure).push_back(table_json(key, t));
    json += sure.dump() + ",\"schema_window\":{\"holds_from\":";
    loaded_at_->append_json(json);
    json += ",\"tables\":" + unsure.dump() + "}";
}

const std::string& SchemaHistory::json_text() const {
    if (json_text_.empty()) json_text_ = to_json().dump();
    return json_text_;
}

Schema SchemaHistory::parse_json(const nlohmann::json& j, const std::string& what) {
    if (!j.is_array()) throw Failure(what + " has a schema that is not a list; delete it to start afresh");
    Schema schema;
    try {
        for (const nlohmann::json& t : j) {
            TrackedTable table;
            for (const nlohmann::json& c : t.at("columns"))
                table.columns.push_back(
                    {c.at(0).get<std::string>(), c.at(1).get<std::string>(),
                     c.size() > 2 ? c.at(2).get<std::vector<std::string>>() : std::vector<std::string>(),
                     c.size() > 3 ? c.at(3).get<unsigned>() : 0, c.size() > 4 && c.at(4).get<bool>(),
                     c.size() > 5 ? c.at(5).get<uint32_t>() : 0});
            table.primary_key = t.at("key").get<std::vector<std::string>>();
            table.unknown = t.value("unknown", "");
            schema[{t.at("db").get<std::string>(), t.at("table").get<std::string>()}] = std::move(table);
        }
    } catch (const nlohmann::json::exception& e) {
        throw Failure(what + " has a schema capture cannot read (" + e.what() + "); delete it to start afresh");
    }
    return schema;
}

SchemaWindow SchemaHistory::parse_window(const nlohmann::json& j, const std::string& what) {
    SchemaWindow window;
    try {
        window.holds_from = BinlogPosition::parse_json(j.at("holds_from").dump(), what);
        window.tables = parse_json(j.at("tables"), what);
    } catch (const nlohmann::json::exception& e) {
        throw Failure(what + " has a schema_window capture cannot read (" + e.what() + "); delete it to start afresh");
    }
    return window;
}

} // namespace cdc::events
