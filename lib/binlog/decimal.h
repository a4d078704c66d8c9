#pragma once
// DECIMAL(precision, scale) in MySQL's binary format, as its exact decimal text ("-12.50").
#include "binlog/byte_cursor.h"

#include <string>

namespace cdc::binlog {

// Appends the digits (no quotes) of the DECIMAL at c.
void append_decimal(std::string& out, ByteCursor& c, unsigned precision, unsigned scale);

} // namespace cdc::binlog
