#include "binlog/charset.h"

#include "json/json_writer.h"

namespace cdc::binlog {

Charset charset_of_collation(uint32_t c) {
    if (c == 0) return Charset::unknown;
    if (c == 63) return Charset::binary;
    switch (c) { // MySQL and MariaDB collation ids
    case 5:
    case 8:
    case 15:
    case 31:
    case 47:
    case 48:
    case 49:
    case 94: return Charset::latin1;
    case 11:
    case 65: return Charset::ascii;
    case 33:
    case 45:
    case 46:
    case 76:
    case 83:
    case 223: return Charset::utf8;
    default: break;
    }
    if ((c >= 192 && c <= 247) || (c >= 255 && c <= 323)) return Charset::utf8; // utf8mb3/utf8mb4 UCA collations
    if (c >= 576 && c <= 671) return Charset::utf8;  // MariaDB utf8mb3/utf8mb4 extra collations
    if (c >= 1024 && c < 2560) return Charset::utf8; // MariaDB utf8 *_nopad_* and UCA 14.0 collations
    return Charset::unsupported;
}

namespace {

// MySQL's latin1 is Windows-1252: 0x80..0x9F hold punctuation, except 5 unassigned bytes
// that MySQL maps to the C1 controls of the same value.
const uint16_t cp1252_high[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void append_utf8_code_point(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

void append_latin1(std::string& out, std::string_view bytes) {
    std::string utf8;
    utf8.reserve(bytes.size() * 2);
    for (char ch : bytes) {
        uint8_t b = static_cast<uint8_t>(ch);
        append_utf8_code_point(utf8, b >= 0x80 && b < 0xA0 ? cp1252_high[b - 0x80] : b);
    }
    json::append_json_string(out, utf8);
}

// Length of the valid UTF-8 sequence at s[i], or 0.
size_t utf8_sequence(std::string_view s, size_t i) {
    auto at = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
    uint8_t b = at(i);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k)
        if ((at(i + k) & 0xC0) != 0x80) return 0;
    if (n == 2 && b < 0xC2) return 0; // overlong
    if (n == 3) {
        uint32_t cp = (b & 0x0F) << 12 | (at(i + 1) & 0x3F) << 6 | (at(i + 2) & 0x3F);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    }
    if (n == 4) {
        uint32_t cp = (b & 0x07) << 18 | (at(i + 1) & 0x3F) << 12;
        if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    }
    return n;
}

bool is_valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        if (static_cast<uint8_t>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        size_t n = utf8_sequence(s, i);
        if (!n) return false;
        i += n;
    }
    return true;
}

} // namespace

void append_text(std::string& out, std::string_view bytes, Charset charset) {
    if (charset == Charset::latin1 || !is_valid_utf8(bytes)) {
        append_latin1(out, bytes);
        return;
    }
    json::append_json_string(out, bytes);
}

} // namespace cdc::binlog
