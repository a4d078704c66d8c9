#include "events/schema_snapshot.h"

#include <spdlog/spdlog.h>

namespace cdc::events {

Schema read_schema(mysql::Connection& source, const TableFilter& tables) {
    Schema schema;
    auto columns = source
                       .prepare("SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
                                "WHERE table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', "
                                "'sys') ORDER BY table_schema, table_name, ordinal_position")
                       .query();
    for (const auto& c : columns) {
        std::string db = c[0].value_or(""), table = c[1].value_or("");
        if (tables.matches(db, table)) schema[{db, table}].columns.push_back({c[2].value_or(""), c[3].value_or("")});
    }
    auto keys = source
                    .prepare("SELECT table_schema, table_name, column_name FROM information_schema.key_column_usage "
                             "WHERE constraint_name = 'PRIMARY' ORDER BY table_schema, table_name, ordinal_position")
                    .query();
    for (const auto& k : keys) {
        auto found = schema.find({k[0].value_or(""), k[1].value_or("")});
        if (found != schema.end()) found->second.primary_key.push_back(k[2].value_or(""));
    }
    return schema;
}

BinlogPosition position_with_schema(mysql::Connection& source, const TableFilter& tables,
                                    const std::function<BinlogPosition()>& take_position,
                                    const std::function<void()>& undo, Schema& schema) {
    for (;;) {
        Schema before = read_schema(source, tables);
        BinlogPosition position = take_position();
        schema = read_schema(source, tables);
        if (schema == before) return position;
        spdlog::info("a captured table changed while its schema was read; reading it again");
        undo();
    }
}

} // namespace cdc::events
