#pragma once
// sjis, big5, ujis and euckr as the servers read them: iconv's reading of most of their characters,
// with the servers' own where it differs.
#include <string>
#include <string_view>

namespace cdc::binlog {

struct MultiByteCharset;

// The servers' reading of `charset` (MySQL's name: "sjis"), or nullptr if iconv reads it as
// the servers do.
const MultiByteCharset* multi_byte_charset(std::string_view charset);

// The text `bytes` in `charset` in UTF-8, into `utf8`, each character as the servers read it
// and the bytes of each sequence they do not read as a character as latin1, so that nothing is
// dropped. `iconv` names the encoding the servers' reading differs from. False if this system's
// iconv lacks it.
bool multi_byte_to_utf8(std::string& utf8, std::string_view bytes, const MultiByteCharset& charset, const char* iconv);

} // namespace cdc::binlog
