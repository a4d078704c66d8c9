#include "binlog/multi_byte_charsets.h"

#include "binlog/single_byte_charsets.h"

#include "json/json_writer.h"
#include <cstdint>
#include <iconv.h>
#include <initializer_list>
#include <iterator>
#include <mutex>
#include <utility>
#include <vector>

namespace cdc::binlog {

// The codes first..last (the character's bytes, big-endian) that the servers read as
// code_point.. (one more for each code of the run), or, if code_point is 0, as no character
// (a '?' of CONVERT) though iconv reads one.
struct Run {
    uint32_t first, last;
    uint16_t code_point;
};

struct MultiByteCharset {
    const char* name; // MySQL's
    // How many of the first bytes of `s` (its first byte 0x80 or more) the servers read as one
    // character, mapped or not (MariaDB's ismbchar); 0 if that byte starts none, so that a
    // character the servers cannot map is skipped whole, as they do, not read from its middle.
    size_t (*length)(std::string_view s);
    // Where the servers differ from glibc's iconv, for the codes `length` accepts. From
    // MariaDB 10.11, a query for each length of code, each result compared to iconv's:
    //   SELECT seq, HEX(CONVERT(CONVERT(UNHEX(LPAD(HEX(seq), 4, '0')) USING sjis) USING utf32))
    //   FROM seq_0_to_65535
    // (single bytes: LPAD(HEX(seq), 2, '0') over seq_0_to_255; ujis's three-byte codes:
    // UNHEX(CONCAT('8F', LPAD(HEX(seq), 4, '0')))), a code being a character when CONVERT
    // gives one that is not '?'.
    std::initializer_list<Run> exceptions;
};

namespace {

bool in(uint8_t b, uint8_t first, uint8_t last) { return b >= first && b <= last; }
uint8_t at(std::string_view s, size_t i) { return static_cast<uint8_t>(s[i]); }

size_t sjis_length(std::string_view s) {
    if (in(at(s, 0), 0xA1, 0xDF)) return 1; // half-width katakana
    bool lead = in(at(s, 0), 0x81, 0x9F) || in(at(s, 0), 0xE0, 0xFC);
    return lead && s.size() > 1 && (in(at(s, 1), 0x40, 0x7E) || in(at(s, 1), 0x80, 0xFC)) ? 2 : 0;
}

size_t big5_length(std::string_view s) {
    bool lead = in(at(s, 0), 0xA1, 0xF9);
    return lead && s.size() > 1 && (in(at(s, 1), 0x40, 0x7E) || in(at(s, 1), 0xA1, 0xFE)) ? 2 : 0;
}

size_t euckr_length(std::string_view s) {
    bool lead = in(at(s, 0), 0x81, 0xFE);
    bool tail = s.size() > 1 && (in(at(s, 1), 0x41, 0x5A) || in(at(s, 1), 0x61, 0x7A) || in(at(s, 1), 0x81, 0xFE));
    return lead && tail ? 2 : 0;
}

size_t gbk_length(std::string_view s) {
    bool lead = in(at(s, 0), 0x81, 0xFE);
    return lead && s.size() > 1 && (in(at(s, 1), 0x40, 0x7E) || in(at(s, 1), 0x80, 0xFE)) ? 2 : 0;
}

size_t gb2312_length(std::string_view s) {
    return in(at(s, 0), 0xA1, 0xF7) && s.size() > 1 && in(at(s, 1), 0xA1, 0xFE) ? 2 : 0;
}

size_t ujis_length(std::string_view s) {
    auto row_and_cell = [&](size_t i) {
        return s.size() > i + 1 && in(at(s, i), 0xA1, 0xFE) && in(at(s, i + 1), 0xA1, 0xFE);
    };
    if (at(s, 0) == 0x8E) return s.size() > 1 && in(at(s, 1), 0xA1, 0xDF) ? 2 : 0; // half-width katakana
    if (at(s, 0) == 0x8F) return row_and_cell(1) ? 3 : 0;                          // JIS X 0212
    return row_and_cell(0) ? 2 : 0;
}

// sjis is SHIFT_JIS but for its low half, ASCII (read before these), and 0x815F (CP932 has
// NEC's and IBM's characters too, which the servers' sjis lacks, and 7 others). big5's
// BIG5 and ujis's EUC-JP lack the servers' user-defined characters, and read some others as
// other code points. euckr is CP949 exactly, and cp932, eucjpms, gbk and gb2312 are what
// iconv reads, but they are read here all the same: where a well-formed character has no
// mapping (or glibc's CP949 passes a code it rejects, 0xA2E8, before saying so), iconv would
// resume inside it and misread the text after it.
const MultiByteCharset charsets[] = {
    {"euckr", euckr_length, {}},
    {"cp932", sjis_length, {}},
    {"eucjpms", ujis_length, {}},
    {"gbk", gbk_length, {}},
    {"gb2312", gb2312_length, {}},
    {"sjis", sjis_length, {{0x815F, 0x815F, 0x5C}}},
    {"big5",
     big5_length,
     {{0xA145, 0xA145, 0x2022}, {0xA14E, 0xA14E, 0xFF64}, {0xA15A, 0xA15A, 0xFFFD}, {0xA1C2, 0xA1C2, 0x203E},
      {0xA1C3, 0xA1C3, 0xFFFD}, {0xA1C5, 0xA1C5, 0xFFFD}, {0xA1E3, 0xA1E3, 0x223C}, {0xA1F2, 0xA1F2, 0x2641},
      {0xA1F3, 0xA1F3, 0x2609}, {0xA1FE, 0xA1FE, 0xFFFD}, {0xA240, 0xA240, 0xFFFD}, {0xA241, 0xA241, 0xFF0F},
      {0xA242, 0xA242, 0xFF3C}, {0xA244, 0xA244, 0xA5},   {0xA246, 0xA247, 0xA2},   {0xA2CC, 0xA2CC, 0xFFFD},
      {0xA2CE, 0xA2CE, 0xFFFD}, {0xA3E1, 0xA3E1, 0x0},    {0xC6A1, 0xC6A1, 0x30FE}, {0xC6A2, 0xC6A3, 0x309D},
      {0xC6A4, 0xC6A4, 0x3005}, {0xC6A5, 0xC6F7, 0x3041}, {0xC6F8, 0xC6FE, 0x30A1}, {0xC740, 0xC77E, 0x30A8},
      {0xC7A1, 0xC7B0, 0x30E7}, {0xC7B1, 0xC7B2, 0x414},  {0xC7B3, 0xC7B3, 0x401},  {0xC7B4, 0xC7BA, 0x416},
      {0xC7BB, 0xC7CD, 0x423},  {0xC7CE, 0xC7CE, 0x451},  {0xC7CF, 0xC7E8, 0x436},  {0xC7E9, 0xC7F2, 0x2460},
      {0xC7F3, 0xC7FC, 0x2474}, {0xC7FD, 0xC7FE, 0x0},    {0xC840, 0xC87E, 0x0},    {0xC8A1, 0xC8FE, 0x0},
      {0xF9DD, 0xF9FE, 0x0}}},
    {"ujis", ujis_length, {{0xA1C0, 0xA1C0, 0x5C},       {0xF5A1, 0xF5FE, 0xE000},     {0xF6A1, 0xF6FE, 0xE05E},
                           {0xF7A1, 0xF7FE, 0xE0BC},     {0xF8A1, 0xF8FE, 0xE11A},     {0xF9A1, 0xF9FE, 0xE178},
                           {0xFAA1, 0xFAFE, 0xE1D6},     {0xFBA1, 0xFBFE, 0xE234},     {0xFCA1, 0xFCFE, 0xE292},
                           {0xFDA1, 0xFDFE, 0xE2F0},     {0xFEA1, 0xFEFE, 0xE34E},     {0x8FA2B7, 0x8FA2B7, 0x7E},
                           {0x8FF5A1, 0x8FF5FE, 0xE3AC}, {0x8FF6A1, 0x8FF6FE, 0xE40A}, {0x8FF7A1, 0x8FF7FE, 0xE468},
                           {0x8FF8A1, 0x8FF8FE, 0xE4C6}, {0x8FF9A1, 0x8FF9FE, 0xE524}, {0x8FFAA1, 0x8FFAFE, 0xE582},
                           {0x8FFBA1, 0x8FFBFE, 0xE5E0}, {0x8FFCA1, 0x8FFCFE, 0xE63E}, {0x8FFDA1, 0x8FFDFE, 0xE69C},
                           {0x8FFEA1, 0x8FFEFE, 0xE6FA}}},
};

// Codes of up to two bytes index the table as they are; three-byte ones (0x8F and two more)
// by their last two, after them.
size_t slot(uint32_t code) { return code <= 0xFFFF ? code : 0x10000 + (code & 0xFFFF); }

std::string code_bytes(uint32_t code) {
    std::string bytes;
    for (int shift = 16; shift >= 0; shift -= 8)
        if (code >> shift || shift == 0) bytes += static_cast<char>(code >> shift);
    return bytes;
}

// The code point iconv reads the one character `bytes` as, or 0.
uint16_t iconv_code_point(iconv_t cd, const std::string& bytes) {
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    unsigned char out[8];
    char* in = const_cast<char*>(bytes.data()); // iconv's signature; it does not write there
    char* to = reinterpret_cast<char*>(out);
    size_t in_left = bytes.size(), out_left = sizeof out;
    if (iconv(cd, &in, &in_left, &to, &out_left) == static_cast<size_t>(-1) || out_left != 4) return 0;
    uint32_t cp = uint32_t{out[0]} << 24 | uint32_t{out[1]} << 16 | uint32_t{out[2]} << 8 | out[3];
    return cp <= 0xFFFF ? static_cast<uint16_t>(cp) : 0; // the servers read all of these in the BMP
}

// The code point the servers read each code of `charset` as (0: none), built from iconv once,
// when a column first needs it: some 35,000 conversions, too slow for each value. Empty if
// iconv lacks `from`.
std::vector<uint16_t> build_table(const MultiByteCharset& charset, const char* from) {
    iconv_t cd = iconv_open("UTF-32BE", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) return {};
    std::vector<uint16_t> table(0x20000);
    for (auto [first, last] : {std::pair<uint32_t, uint32_t>{0x80, 0xFF}, {0x8000, 0xFFFF}, {0x8F0000, 0x8FFFFF}})
        for (uint32_t code = first; code <= last; ++code) {
            std::string bytes = code_bytes(code);
            if (charset.length(bytes) == bytes.size()) table[slot(code)] = iconv_code_point(cd, bytes);
        }
    iconv_close(cd);
    for (const Run& run : charset.exceptions)
        for (uint32_t code = run.first; code <= run.last; ++code)
            table[slot(code)] = run.code_point ? static_cast<uint16_t>(run.code_point + (code - run.first)) : 0;
    return table;
}

const std::vector<uint16_t>& table_of(const MultiByteCharset& charset, const char* iconv) {
    struct Built {
        std::once_flag once;
        std::vector<uint16_t> table;
    };
    static Built built[std::size(charsets)];
    Built& b = built[&charset - charsets];
    std::call_once(b.once, [&] { b.table = build_table(charset, iconv); });
    return b.table;
}

} // namespace

const MultiByteCharset* multi_byte_charset(std::string_view name) {
    for (const MultiByteCharset& c : charsets)
        if (name == c.name) return &c;
    return nullptr;
}

bool multi_byte_to_utf8(std::string& utf8, std::string_view bytes, const MultiByteCharset& charset, const char* iconv) {
    const std::vector<uint16_t>& table = table_of(charset, iconv);
    if (table.empty()) return false;
    utf8.clear();
    utf8.reserve(bytes.size() * 2);
    for (size_t i = 0; i < bytes.size();) {
        if (at(bytes, i) < 0x80) {
            utf8 += bytes[i++];
            continue;
        }
        size_t n = charset.length(bytes.substr(i));
        uint32_t code = 0;
        for (size_t k = 0; k < n; ++k) code = code << 8 | at(bytes, i + k);
        uint16_t cp = n ? table[slot(code)] : 0;
        if (cp) json::append_utf8(utf8, cp);
        else append_latin1(utf8, bytes.substr(i, n ? n : 1));
        i += n ? n : 1;
    }
    return true;
}

} // namespace cdc::binlog
