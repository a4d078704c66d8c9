#pragma once
// Column character sets: which collation ids mean which encoding, and their text in UTF-8.
#include <cstdint>
#include <string>
#include <string_view>

namespace cdc::binlog {

enum class Charset { unknown, binary, utf8, latin1, ascii, unsupported };

Charset charset_of_collation(uint32_t collation);

// Appends the text `bytes` of `charset`, converted to UTF-8 and escaped as a quoted JSON string.
// Bytes that are not valid in a UTF-8 column are read as latin1 so that nothing is dropped.
void append_text(std::string& out, std::string_view bytes, Charset charset);

} // namespace cdc::binlog
