#pragma once
// Partial JSON updates (binlog_row_value_options=PARTIAL_JSON): MySQL logs only the changes
// (REPLACE/INSERT/REMOVE at a path) to a JSON column; applying them to the before image gives
// the full after value.
#include <cstdint>
#include <string>
#include <string_view>

namespace cdc::binlog {

// `before` is the column's JSON text, `diffs` the logged diff list starting at absolute byte
// `offset`. Returns the JSON text of the updated value.
std::string apply_json_diffs(std::string_view before, std::string_view diffs, uint64_t offset);

} // namespace cdc::binlog
