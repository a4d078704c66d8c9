// Collation ids to character sets, and text in them to UTF-8.
#include "binlog/charset.h"

#include <catch2/catch.hpp>

using namespace cdc::binlog;

namespace {
std::string text(std::string_view bytes, uint32_t collation) {
    std::string out;
    REQUIRE(append_text(out, bytes, encoding_of_collation(collation)));
    return out;
}
} // namespace

TEST_CASE("collation ids of MySQL and MariaDB name their character set", "[binlog]") {
    auto name = [](uint32_t id) { return std::string(encoding_of_collation(id).name); };
    CHECK(name(8) == "latin1");
    CHECK(name(33) == "utf8mb3");
    CHECK(name(13) == "sjis");
    CHECK(name(51) == "cp1251");
    CHECK(name(255) == "utf8mb4");  // MySQL 8's utf8mb4_0900_ai_ci
    CHECK(name(248) == "gb18030");  // MySQL 8
    CHECK(name(1032) == "latin1");  // MariaDB's latin1_swedish_nopad_ci
    CHECK(name(1074) == "cp1251");  // and cp1251's
    CHECK(name(2304) == "utf8mb4"); // MariaDB's UCA 14.0 blocks
    CHECK(name(3072) == "utf32");
    CHECK(name(640) == "ucs2"); // MariaDB's 520 nopad blocks
    CHECK(name(736) == "utf32");
    CHECK(encoding_of_collation(63).charset == Charset::binary);
    CHECK(encoding_of_collation(0).charset == Charset::unknown);
    CHECK(encoding_of_collation(37).code_points); // keybcs2: the servers' table
    CHECK(encoding_of_collation(9999).charset == Charset::unsupported);
}

TEST_CASE("text in other character sets comes out as UTF-8", "[binlog]") {
    CHECK(text("\x93\xfa\x96\x7b", 13) == "\"日本\"");              // sjis
    CHECK(text("\xcf\xf0\xe8\xe2\xe5\xf2", 51) == "\"Привет\"");    // cp1251
    CHECK(text(std::string("\x00h\x00\xe9", 4), 35) == "\"hé\"");   // ucs2
    CHECK(text(std::string("\x00\x01\xf6\x00", 4), 60) == "\"😀\""); // utf32
    CHECK(text("\x80", 8) == "\"€\"");
    CHECK(text("\x40\x24", 10) == "\"É$\"");        // swe7 as the servers read it (iconv: "@¤")
    CHECK(text("\\~", 13) == "\"\\\\~\"");          // sjis keeps ASCII (iconv's SHIFT_JIS: "¥‾")
    CHECK(text("\x81\x20", 13) == "\"\xc2\x81 \""); // not sjis: read as latin1 (U+0081)
    CHECK(text("caf\xc3\xa9", 45) == "\"café\"");   // utf8mb4 as it is
}

// What MariaDB 10.11 gives for the same bytes (SELECT CONVERT(CONVERT(UNHEX(...) USING sjis)
// USING utf8mb4)), where iconv reads them otherwise.
TEST_CASE("sjis, big5 and ujis come out as the servers read them", "[binlog][charset]") {
    // sjis: JIS's mapping of 0x815F.. (iconv's CP932: "C:＼dir～x∥－￠￡￢")
    CHECK(text("C:\x81\x5f"
               "dir\x81\x60x\x81\x61\x81\x7c\x81\x91\x81\x92\x81\xca",
               13) == "\"C:\\\\dir〜x‖−¢£¬\"");
    CHECK(text("\x87\x40", 13) == "\"‡@\""); // CP932's ① is no sjis character: latin1
    // big5 (iconv's BIG5: "中文‧～￥" and private use for ヾ)
    CHECK(text("\xa4\xa4\xa4\xe5\xa1\x45\xa1\xe3\xa2\x44\xc6\xa1", 1) == "\"中文•∼¥ヾ\"");
    CHECK(text("\xa1\x5a", 1) == "\"\xef\xbf\xbd\"");  // the servers' U+FFFD
    CHECK(text("\x81\x41\xb0\xa1", 19) == "\"갂가\""); // euckr has CP949's Hangul (iconv's EUC-KR not)
    // ujis: user-defined characters are private use (iconv's EUC-JP lacks them)
    CHECK(text("\xc6\xfc\xcb\xdc\xb8\xec\\x\xf5\xa1", 12) == "\"日本語\\\\x\xee\x80\x80\""); // U+E000
    CHECK(text("\x8f\xf5\xa1\xa1\xc0\x8f\xa2\xb7", 12) == "\"\xee\x8e\xac\\\\~\"");          // U+E3AC, '\\', '~'
}

TEST_CASE("bytes not valid in their character set are latin1 one sequence at a time", "[binlog][charset]") {
    CHECK(text("\x93\xfa\xfd\x96\x7b", 13) == "\"日ý本\"");      // sjis: 0xFD starts no character
    CHECK(text("\x93\xfa\x85\x9f\x88\x9f", 13) == "\"日…Ÿ亜\""); // an unmapped pair whole: 0x9F88 is not read
    CHECK(text("\xa4\xa4\xf9\xdd\xa4\xe5", 1) == "\"中ùÝ文\"");  // big5: iconv's ETEN extension is not the servers'
    CHECK(text("\xc6\xfc\x8f\xa2", 12) == "\"日\xc2\x8f¢\"");    // ujis cut short
    CHECK(text("\xb0\xa1\xa2\xe8\xb0\xa1", 19) == "\"가¢è가\""); // euckr: unmapped, where iconv misplaces its error
    CHECK(text("\x93\xfa\xfd\x96\x7b", 95) == "\"日ý本\"");      // cp932
    CHECK(text("\x93\xfa\x81", 95) == "\"日\xc2\x81\"");
    // A well-formed pair with no character is passed whole, as the servers do (their '?'), and
    // the text after it is read from the next character, not from the pair's second byte.
    CHECK(text("\x82\xa0\x85\x9f\x82\xa0", 95) == "\"あ…Ÿあ\""); // cp932
    CHECK(text("\xc4\xe3\xa2\xe3\xba\xc3", 28) == "\"你¢ã好\""); // gbk
    CHECK(text("\xc4\xe3\xaa\xa1\xba\xc3", 24) == "\"你ª¡好\""); // gb2312
    CHECK(text("\xa4\xa2\xa9\xa1\xa4\xa2", 97) == "\"あ©¡あ\""); // eucjpms
}
