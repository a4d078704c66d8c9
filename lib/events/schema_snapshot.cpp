#include "events/schema_snapshot.h"

#include "config/failure.h"
#include "events/type_words.h"

#include <spdlog/spdlog.h>

namespace cdc::events {

Schema read_schema(mysql::Connection& source, const TableFilter& tables) {
    Schema schema;
    auto columns = source
                       .prepare("SELECT c.table_schema, c.table_name, c.column_name, c.data_type, c.column_type, "
                                "c.datetime_precision, co.id FROM information_schema.columns c "
                                "LEFT JOIN information_schema.collations co ON co.collation_name = c.collation_name "
                                "WHERE c.table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', "
                                "'sys') ORDER BY c.table_schema, c.table_name, c.ordinal_position")
                       .query();
    for (const auto& c : columns) {
        std::string db = c[0].value_or(""), table = c[1].value_or("");
        if (!tables.matches(db, table)) continue;
        std::string column_type = c[4].value_or("");
        ColumnDef def{c[2].value_or(""), c[3].value_or(""), enum_values(column_type), 0};
        def.fsp = static_cast<unsigned>(std::stoul(c[5].value_or("0"))); // NULL but for temporal types
        def.is_unsigned = column_type.find(" unsigned") != std::string::npos;
        def.collation = c[6] ? static_cast<uint32_t>(std::stoul(*c[6])) : is_binary_type(def.type) ? 63 : 0;
        schema[{db, table}].columns.push_back(std::move(def));
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

namespace {

// A QUERY event's text as SHOW BINLOG EVENTS shows it: "use `db`; statement" or the statement.
std::pair<std::string, std::string> database_and_statement(const std::string& info) {
    if (info.rfind("use `", 0) != 0) return {"", info};
    size_t end = info.find("`; ", 5);
    if (end == std::string::npos) return {"", info};
    return {info.substr(5, end - 5), info.substr(end + 3)};
}

// Events per page of the scan: a page is held whole, and a Query event's text can be long.
constexpr size_t scan_page = 1000;

} // namespace

std::optional<BinlogPosition> schema_exact_from(mysql::Connection& source, const TableFilter& tables,
                                                const BinlogPosition& from, const BinlogPosition& to) {
    auto wanted = [&](const std::string& db, const std::string& table) { return tables.matches(db, table); };
    BinlogPosition exact = from;
    try {
        for (const auto& log : source.prepare("SHOW BINARY LOGS").query()) {
            BinlogPosition file{log[0].value_or(""), 0, "", ""};
            if (file.file != from.file && file.precedes(from)) continue;
            if (to.precedes(file)) break;
            uint64_t pos = file.file == from.file ? from.pos : 4;
            for (bool more = true; more;) {
                more = false;
                auto events =
                    source
                        .prepare("SHOW BINLOG EVENTS IN " + mysql::quoted_literal(source.handle(), file.file) +
                                 " FROM " + std::to_string(pos) + " LIMIT " + std::to_string(scan_page))
                        .query();
                for (const auto& e : events) {
                    BinlogPosition at{file.file, std::stoull(e[1].value_or("0")), "", ""};
                    if (!at.precedes(to)) break;
                    pos = std::stoull(e[4].value_or("0")); // the next event's
                    more = true;
                    if (e[2].value_or("") != "Query") continue;
                    auto [db, sql] = database_and_statement(e[5].value_or(""));
                    Schema scratch; // only whether the statement is DDL on a captured table matters
                    if (apply_ddl(sql, db, wanted, scratch, "")) exact = BinlogPosition{file.file, pos, "", ""};
                }
                more = more && events.size() == scan_page;
            }
        }
    } catch (const Failure& e) {
        spdlog::warn("cannot look for DDL between {} at {} and now in the binlog ({})", from.file, from.pos, e.what());
        return std::nullopt;
    }
    return exact;
}

} // namespace cdc::events
