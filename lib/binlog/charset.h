#pragma once
// Column character sets: which collation ids mean which encoding, and their text in UTF-8.
#include <cstdint>
#include <string>
#include <string_view>

namespace cdc::binlog {

// utf8 and ascii are read as they are; latin1 and the other single-byte ones with the servers'
// own tables (code_points); the multi-byte ones (converted) through iconv, sjis, big5, ujis and
// euckr with the servers' reading where it differs from iconv's (multi_byte).
enum class Charset { unknown, binary, utf8, latin1, ascii, converted, unsupported };

struct MultiByteCharset;

struct Encoding {
    Charset charset = Charset::unknown;
    std::string_view name;                        // MySQL's name of the character set ("sjis"); empty if unknown
    const char* iconv = nullptr;                  // the encoding's name for iconv, for converted ones
    const uint16_t* code_points = nullptr;        // or, for single-byte ones, the servers' own mapping
    const MultiByteCharset* multi_byte = nullptr; // the servers' exceptions to iconv, for sjis, big5...
};

// Text that is UTF-8 whatever the column (JSON documents, their keys).
inline constexpr Encoding utf8_text{Charset::utf8, "utf8mb4", nullptr, nullptr};

// MySQL's and MariaDB's collation ids (MariaDB's NOPAD and UCA 14.0 ones included).
Encoding encoding_of_collation(uint32_t collation);

// A collation id of the character set `name`, or of the collation `name` ("latin1",
// "utf8mb4_bin", "utf8" as utf8mb3, "binary": 63), as DDL names them: one that decodes as that
// character set does, not necessarily its default; 0 if unknown.
uint32_t collation_named(std::string_view name);

// The text `bytes` in `encoding` (not binary nor unsupported) in UTF-8, into `utf8`, each
// character as the servers read it. Bytes that are not valid in their encoding are read as
// latin1, each invalid sequence on its own, so that nothing is dropped and the valid text
// around it stays as it is. False if this system's iconv lacks the encoding.
bool to_utf8(std::string& utf8, std::string_view bytes, const Encoding& encoding);

// Appends the text `bytes` in `encoding` (not binary nor unsupported), converted to UTF-8 and
// escaped as a quoted JSON string, as to_utf8 converts it. False if this system's iconv lacks
// the encoding.
bool append_text(std::string& out, std::string_view bytes, const Encoding& encoding);

} // namespace cdc::binlog
