#include "binlog/charset.h"

#include "binlog/multi_byte_charsets.h"
#include "binlog/single_byte_charsets.h"

#include "json/json_writer.h"
#include <array>
#include <cctype>
#include <iconv.h>
#include <map>

namespace cdc::binlog {

namespace {

struct Collations {
    uint16_t first, last; // a run of ids
    Encoding encoding;
};

// Ids below 256, which MySQL and MariaDB share (gb18030: MySQL 8 only), from the servers'
// information_schema.COLLATIONS. sjis, big5, ujis and euckr name the encoding their exceptions
// (multi_byte_charsets.cpp) are to: the servers read the rest of them as iconv does. euckr is
// CP949: MariaDB's has its 8,822 Hangul beyond EUC-KR (0x8141 is 갂), which EUC-KR rejects.
constexpr Collations below_256[] = {
    {1, 1, {Charset::converted, "big5", "BIG5"}},
    {2, 2, {Charset::converted, "latin2", "ISO-8859-2"}},
    {3, 3, {Charset::converted, "dec8", "DEC-MCS"}},
    {4, 4, {Charset::converted, "cp850", "CP850"}},
    {5, 5, {Charset::latin1, "latin1", nullptr}},
    {6, 6, {Charset::converted, "hp8", "HP-ROMAN8"}},
    {7, 7, {Charset::converted, "koi8r", "KOI8-R"}},
    {8, 8, {Charset::latin1, "latin1", nullptr}},
    {9, 9, {Charset::converted, "latin2", "ISO-8859-2"}},
    {10, 10, {Charset::converted, "swe7", "SEN_850200_B"}},
    {11, 11, {Charset::ascii, "ascii", nullptr}},
    {12, 12, {Charset::converted, "ujis", "EUC-JP"}},
    {13, 13, {Charset::converted, "sjis", "SHIFT_JIS"}},
    {14, 14, {Charset::converted, "cp1251", "CP1251"}},
    {15, 15, {Charset::latin1, "latin1", nullptr}},
    {16, 16, {Charset::converted, "hebrew", "ISO-8859-8"}},
    {18, 18, {Charset::converted, "tis620", "TIS-620"}},
    {19, 19, {Charset::converted, "euckr", "CP949"}},
    {20, 20, {Charset::converted, "latin7", "ISO-8859-13"}},
    {21, 21, {Charset::converted, "latin2", "ISO-8859-2"}},
    {22, 22, {Charset::converted, "koi8u", "KOI8-U"}},
    {23, 23, {Charset::converted, "cp1251", "CP1251"}},
    {24, 24, {Charset::converted, "gb2312", "GB2312"}},
    {25, 25, {Charset::converted, "greek", "ISO-8859-7"}},
    {26, 26, {Charset::converted, "cp1250", "CP1250"}},
    {27, 27, {Charset::converted, "latin2", "ISO-8859-2"}},
    {28, 28, {Charset::converted, "gbk", "GBK"}},
    {29, 29, {Charset::converted, "cp1257", "CP1257"}},
    {30, 30, {Charset::converted, "latin5", "ISO-8859-9"}},
    {31, 31, {Charset::latin1, "latin1", nullptr}},
    {32, 32, {Charset::converted, "armscii8", "ARMSCII-8"}},
    {33, 33, {Charset::utf8, "utf8mb3", nullptr}},
    {34, 34, {Charset::converted, "cp1250", "CP1250"}},
    {35, 35, {Charset::converted, "ucs2", "UCS-2BE"}},
    {36, 36, {Charset::converted, "cp866", "CP866"}},
    {37, 37, {Charset::converted, "keybcs2", nullptr}},
    {38, 38, {Charset::converted, "macce", "MAC-CENTRALEUROPE"}},
    {39, 39, {Charset::converted, "macroman", "MACINTOSH"}},
    {40, 40, {Charset::converted, "cp852", "CP852"}},
    {41, 42, {Charset::converted, "latin7", "ISO-8859-13"}},
    {43, 43, {Charset::converted, "macce", "MAC-CENTRALEUROPE"}},
    {44, 44, {Charset::converted, "cp1250", "CP1250"}},
    {45, 46, {Charset::utf8, "utf8mb4", nullptr}},
    {47, 49, {Charset::latin1, "latin1", nullptr}},
    {50, 52, {Charset::converted, "cp1251", "CP1251"}},
    {53, 53, {Charset::converted, "macroman", "MACINTOSH"}},
    {54, 55, {Charset::converted, "utf16", "UTF-16BE"}},
    {56, 56, {Charset::converted, "utf16le", "UTF-16LE"}},
    {57, 57, {Charset::converted, "cp1256", "CP1256"}},
    {58, 59, {Charset::converted, "cp1257", "CP1257"}},
    {60, 61, {Charset::converted, "utf32", "UTF-32BE"}},
    {62, 62, {Charset::converted, "utf16le", "UTF-16LE"}},
    {63, 63, {Charset::binary, "binary", nullptr}},
    {64, 64, {Charset::converted, "armscii8", "ARMSCII-8"}},
    {65, 65, {Charset::ascii, "ascii", nullptr}},
    {66, 66, {Charset::converted, "cp1250", "CP1250"}},
    {67, 67, {Charset::converted, "cp1256", "CP1256"}},
    {68, 68, {Charset::converted, "cp866", "CP866"}},
    {69, 69, {Charset::converted, "dec8", "DEC-MCS"}},
    {70, 70, {Charset::converted, "greek", "ISO-8859-7"}},
    {71, 71, {Charset::converted, "hebrew", "ISO-8859-8"}},
    {72, 72, {Charset::converted, "hp8", "HP-ROMAN8"}},
    {73, 73, {Charset::converted, "keybcs2", nullptr}},
    {74, 74, {Charset::converted, "koi8r", "KOI8-R"}},
    {75, 75, {Charset::converted, "koi8u", "KOI8-U"}},
    {76, 76, {Charset::utf8, "utf8mb3", nullptr}}, // MySQL 8's utf8mb3_tolower_ci
    {77, 77, {Charset::converted, "latin2", "ISO-8859-2"}},
    {78, 78, {Charset::converted, "latin5", "ISO-8859-9"}},
    {79, 79, {Charset::converted, "latin7", "ISO-8859-13"}},
    {80, 80, {Charset::converted, "cp850", "CP850"}},
    {81, 81, {Charset::converted, "cp852", "CP852"}},
    {82, 82, {Charset::converted, "swe7", "SEN_850200_B"}},
    {83, 83, {Charset::utf8, "utf8mb3", nullptr}},
    {84, 84, {Charset::converted, "big5", "BIG5"}},
    {85, 85, {Charset::converted, "euckr", "CP949"}},
    {86, 86, {Charset::converted, "gb2312", "GB2312"}},
    {87, 87, {Charset::converted, "gbk", "GBK"}},
    {88, 88, {Charset::converted, "sjis", "SHIFT_JIS"}},
    {89, 89, {Charset::converted, "tis620", "TIS-620"}},
    {90, 90, {Charset::converted, "ucs2", "UCS-2BE"}},
    {91, 91, {Charset::converted, "ujis", "EUC-JP"}},
    {92, 93, {Charset::converted, "geostd8", "GEORGIAN-PS"}},
    {94, 94, {Charset::latin1, "latin1", nullptr}},
    {95, 96, {Charset::converted, "cp932", "CP932"}},
    {97, 98, {Charset::converted, "eucjpms", "EUC-JP-MS"}},
    {99, 99, {Charset::converted, "cp1250", "CP1250"}},
    {101, 124, {Charset::converted, "utf16", "UTF-16BE"}},
    {128, 151, {Charset::converted, "ucs2", "UCS-2BE"}},
    {159, 159, {Charset::converted, "ucs2", "UCS-2BE"}},
    {160, 183, {Charset::converted, "utf32", "UTF-32BE"}},
    {192, 215, {Charset::utf8, "utf8mb3", nullptr}},
    {223, 223, {Charset::utf8, "utf8mb3", nullptr}},
    {224, 247, {Charset::utf8, "utf8mb4", nullptr}},
    {248, 250, {Charset::converted, "gb18030", "GB18030"}},
};

constexpr Encoding utf8mb3{Charset::utf8, "utf8mb3", nullptr, nullptr},
    utf8mb4{Charset::utf8, "utf8mb4", nullptr, nullptr}, ucs2{Charset::converted, "ucs2", "UCS-2BE", nullptr},
    utf16{Charset::converted, "utf16", "UTF-16BE", nullptr}, utf32{Charset::converted, "utf32", "UTF-32BE", nullptr},
    none{Charset::unsupported, "", nullptr, nullptr};

// MariaDB gives the newer collations of its Unicode character sets blocks of ids: 32 each from
// 576, 256 each from 2048.
constexpr Encoding blocks_of_32[] = {utf8mb3, utf8mb4, ucs2, utf16, none, utf32};
constexpr Encoding blocks_of_256[] = {utf8mb3, utf8mb4, ucs2, utf16, utf32};

} // namespace

Encoding encoding_of_collation(uint32_t c) {
    if (c == 0) return {};
    if (c >= 1024 && c < 2048) return encoding_of_collation(c - 1024); // MariaDB's NOPAD of collation c - 1024
    if (c >= 2048 && c < 2048 + 5 * 256) return blocks_of_256[(c - 2048) / 256];
    if (c >= 576 && c < 576 + 6 * 32) return blocks_of_32[(c - 576) / 32];
    if (c >= 255 && c <= 323) return utf8mb4;           // MySQL 8's utf8mb4_0900 and others
    static const std::array<Encoding, 256> by_id = [] { // looked up for every text value
        std::array<Encoding, 256> all;
        all.fill(none);
        for (const Collations& run : below_256)
            for (uint32_t id = run.first; id <= run.last; ++id) {
                all[id] = run.encoding;
                all[id].code_points = single_byte_code_points(run.encoding.name);
                all[id].multi_byte = multi_byte_charset(run.encoding.name);
            }
        return all;
    }();
    return c < 256 ? by_id[c] : none;
}

uint32_t collation_named(std::string_view name) {
    std::string charset(name.substr(0, name.find('_')));
    for (char& ch : charset) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (charset == "utf8") charset = "utf8mb3";
    for (const Collations& run : below_256)
        if (run.encoding.name == charset) return run.first;
    return 0;
}

namespace {

// Each byte as the code point `code_points` gives it.
void code_points_to_utf8(std::string& utf8, std::string_view bytes, const uint16_t* code_points) {
    utf8.clear();
    utf8.reserve(bytes.size() * 2);
    for (char b : bytes) json::append_utf8(utf8, code_points[static_cast<uint8_t>(b)]);
}

// Bytes that are not valid in their encoding are read as latin1, so that nothing is dropped.
void latin1_to_utf8(std::string& utf8, std::string_view bytes) {
    utf8.clear();
    append_latin1(utf8, bytes);
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

// Converts `bytes` from the iconv encoding `from`, a byte where iconv stops (not valid there,
// or a sequence cut short at the end) as latin1, then on from the next one. False if iconv
// lacks `from`. iconv descriptors are opened once per thread and encoding, as opening one costs
// far more than a value.
bool convert_to_utf8(std::string& utf8, std::string_view bytes, const char* from) {
    struct Converters {
        std::map<std::string_view, iconv_t> by_encoding;
        ~Converters() {
            for (auto& [name, cd] : by_encoding)
                if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
        }
    };
    thread_local Converters converters;
    auto [it, added] = converters.by_encoding.try_emplace(from, nullptr);
    if (added) it->second = iconv_open("UTF-8", from);
    iconv_t cd = it->second;
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    utf8.clear();
    while (!bytes.empty()) {
        iconv(cd, nullptr, nullptr, nullptr, nullptr); // the initial shift state
        size_t done = utf8.size();
        utf8.resize(done + bytes.size() * 4 + 4);   // the most any of these encodings grows by
        char* in = const_cast<char*>(bytes.data()); // iconv's signature; it does not write there
        char* to = utf8.data() + done;
        size_t in_left = bytes.size(), out_left = utf8.size() - done;
        bool stopped = iconv(cd, &in, &in_left, &to, &out_left) == static_cast<size_t>(-1);
        utf8.resize(utf8.size() - out_left);
        bytes.remove_prefix(bytes.size() - in_left);
        if (!stopped || bytes.empty()) break; // iconv may pass a code before rejecting it (glibc's CP949: A2E8)
        append_latin1(utf8, bytes.substr(0, 1));
        bytes.remove_prefix(1);
    }
    return true;
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

bool to_utf8(std::string& utf8, std::string_view bytes, const Encoding& encoding) {
    if (encoding.code_points) {
        code_points_to_utf8(utf8, bytes, encoding.code_points);
        return true;
    }
    if (encoding.charset == Charset::converted) {
        if (!encoding.iconv) return false;
        if (encoding.multi_byte) return multi_byte_to_utf8(utf8, bytes, *encoding.multi_byte, encoding.iconv);
        return convert_to_utf8(utf8, bytes, encoding.iconv);
    }
    if (is_valid_utf8(bytes)) utf8.assign(bytes); // utf8 and ascii
    else latin1_to_utf8(utf8, bytes);
    return true;
}

bool append_text(std::string& out, std::string_view bytes, const Encoding& encoding) {
    bool as_is = !encoding.code_points && encoding.charset != Charset::converted && is_valid_utf8(bytes);
    if (as_is) { // most text: escaped straight from the row, without a copy
        json::append_json_string(out, bytes);
        return true;
    }
    std::string utf8;
    if (!to_utf8(utf8, bytes, encoding)) return false;
    json::append_json_string(out, utf8);
    return true;
}

} // namespace cdc::binlog
