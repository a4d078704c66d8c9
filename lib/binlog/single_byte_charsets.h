#pragma once
// The servers' own mapping of the single-byte character sets (ascii is ASCII, utf8 has none).
#include <cstdint>
#include <string>
#include <string_view>

namespace cdc::binlog {

// The code point of each of the 256 bytes of `charset` (MySQL's name: "latin1", "swe7"), or
// nullptr if it is not a single-byte character set.
const uint16_t* single_byte_code_points(std::string_view charset);

// Appends `bytes` read as latin1, as text that is not valid in its character set is, so that
// nothing is dropped.
void append_latin1(std::string& utf8, std::string_view bytes);

} // namespace cdc::binlog
