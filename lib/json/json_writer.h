#pragma once
// Appends JSON text to a std::string without building a document: this is the hot path of
// capture (one line per row change), so values are written directly, escaped once.
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace cdc::json {

// Appends `text` (UTF-8) as a quoted JSON string.
void append_json_string(std::string& out, std::string_view text);

// The same, or null for an empty `text` (an absent GTID or statement).
void append_string_or_null(std::string& out, std::string_view text);

// Appends the characters of `text` escaped for the inside of a JSON string (no quotes).
void append_escaped(std::string& out, std::string_view text);

// Appends `bytes` as a quoted base64 string (RFC 4648, with padding).
void append_base64(std::string& out, std::string_view bytes);

// ,"name": ready to write before a value that follows another member of an object; without
// its comma for the first.
std::string json_member(std::string_view name);

// Appends the code point `cp` encoded as UTF-8 (1 to 4 bytes). Inline: it runs per character.
inline void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

template <class Int> void append_integer(std::string& out, Int value) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, static_cast<size_t>(r.ptr - buf)); // not (first, last): that goes through replace()
}

// Shortest text that reads back as the same double / float.
void append_double(std::string& out, double value);
void append_float(std::string& out, float value);

} // namespace cdc::json
