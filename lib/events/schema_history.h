#pragma once
// The column names of the captured tables when the binlog carries none: loaded from
// information_schema at the start position, then changed by the DDL that streams by, and
// saved with capture's checkpoint, as Debezium's schema history does. Every TABLE_MAP without
// names is checked against it (column count and types); where names are not certain, capture
// stops rather than emit a wrong one.
#include "binlog/table_map.h"
#include "events/binlog_position.h"
#include "events/ddl.h"
#include "events/table_filter.h"

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <string>

namespace cdc::events {

// Where a schema read later does not hold for sure yet: the point from which it holds, and
// the tables it may not hold for before that point.
struct SchemaWindow {
    BinlogPosition holds_from;
    Schema tables;
};

class SchemaHistory {
public:
    SchemaHistory(TableFilter tables, Schema schema) : tables_(std::move(tables)), schema_(std::move(schema)) {}

    // Resuming at a position before `loaded_at`, from where `schema` is known to hold: until
    // the stream reaches it, rows of its tables cannot be named for sure (a DDL may lie between).
    // `holds_from`, if given, finds a nearer point where it holds (after the last DDL on a
    // captured table); it is asked only once a row needs names from here, as finding that
    // point reads the binlog through and the binlog mostly carries names.
    void loaded_later(const BinlogPosition& loaded_at, std::function<BinlogPosition()> holds_from = {});

    // A QUERY event's statement at `at`.
    void apply(std::string_view sql, const std::string& default_db, const BinlogPosition& at);
    // A TABLE_MAP with names (binlog_row_metadata=FULL) tells the table's current columns.
    void learn(const binlog::TableMap& map);
    // Marks the columns of a named TABLE_MAP that MariaDB types as UUID, INET4 or INET6, which
    // the binlog holds as plain bytes.
    void form_columns(binlog::TableMap& map) const;
    // Names the columns of a TABLE_MAP that has none, at `at`; returns why it cannot (with the
    // fix), or an empty string.
    std::string name_columns(binlog::TableMap& map, const BinlogPosition& at);

    // Appends a checkpoint's members for a checkpoint at `at`: "schema" and, where it does not
    // hold for sure there yet, "schema_window" {"holds_from", "tables"}. The window's tables are
    // only there, so that an older version, which knows no window, refuses their rows rather
    // than name them with a later schema.
    void append_checkpoint_members(std::string& json, const BinlogPosition& at) const;
    // A restart inside the window a checkpoint kept (`holds_from` as for loaded_later).
    void resume_window(SchemaWindow window, std::function<BinlogPosition()> holds_from);
    static SchemaWindow parse_window(const nlohmann::json& j, const std::string& what);

    nlohmann::json to_json() const;
    // to_json() as text, made again only after a change (checkpoints write it every second).
    const std::string& json_text() const;
    // Throws cdc::Failure naming `what` if `j` is not what to_json wrote.
    static Schema parse_json(const nlohmann::json& j, const std::string& what);
    const Schema& schema() const { return schema_; }

private:
    // The stream is at `at`: past where the schema read later holds, nothing is provisional.
    void reach(const BinlogPosition& at);
    bool holds_at(const BinlogPosition& at) const { return !loaded_at_ || !at.precedes(*loaded_at_); }

    TableFilter tables_;
    Schema schema_;
    std::optional<BinlogPosition> loaded_at_;
    std::function<BinlogPosition()> holds_from_;
    std::set<TableKey> provisional_;
    mutable std::string json_text_; // empty: to be made again
};

} // namespace cdc::events
