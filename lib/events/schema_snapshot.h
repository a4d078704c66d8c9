#pragma once
// The captured tables' columns as the source's information_schema shows them, taken together
// with a binlog position so that the two match (the schema history's starting point).
#include "events/binlog_position.h"
#include "events/ddl.h"
#include "events/table_filter.h"
#include "mysql/connection.h"

#include <functional>
#include <optional>

namespace cdc::events {

// Columns (in ordinal order, with their data type) and primary key of every table `tables`
// selects.
Schema read_schema(mysql::Connection& source, const TableFilter& tables);

// Runs `take_position` between two reads of the schema and returns its position once both
// reads agree (no DDL on a captured table ran meanwhile), with that schema in `schema`.
// `undo` runs before another try.
BinlogPosition position_with_schema(mysql::Connection& source, const TableFilter& tables,
                                    const std::function<BinlogPosition()>& take_position,
                                    const std::function<void()>& undo, Schema& schema);

// Where a schema read at `to` becomes exact for a stream that starts at `from`, earlier: after
// the last DDL statement on a table `tables` selects between the two (SHOW BINLOG EVENTS), or
// `from` itself if there is none. Nothing if the binlog cannot be read there.
std::optional<BinlogPosition> schema_exact_from(mysql::Connection& source, const TableFilter& tables,
                                                const BinlogPosition& from, const BinlogPosition& to);

} // namespace cdc::events
