#pragma once
// MySQL's binary JSON (the storage format of JSON columns) to JSON text.
#include <cstdint>
#include <string>
#include <string_view>

namespace cdc::binlog {

// Appends the JSON text of the binary JSON document `doc`, which starts at absolute byte
// `offset` of the input (for error messages). An empty document is JSON null.
void append_binary_json(std::string& out, std::string_view doc, uint64_t offset);

} // namespace cdc::binlog
