// Each column type's edge values, from hand-built bytes in the binlog row format.
#include "binlog/column_type.h"
#include "binlog/decode_error.h"
#include "binlog/json_binary.h"
#include "binlog/value_decoder.h"
#include "binlog_builder.h"

#include <catch2/catch.hpp>
#include <zlib.h>

using namespace cdc::binlog;
using cdc::test::Bytes;

namespace {

Column column(uint8_t type, uint16_t meta = 0, bool is_unsigned = false, uint32_t collation = 0) {
    Column c;
    c.type = type;
    c.meta = meta;
    c.is_unsigned = is_unsigned;
    c.collation = collation;
    c.name.push_back('v');
    return c;
}

std::string decode(const Column& col, const std::string& bytes) {
    ByteCursor c(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), 100);
    std::string out;
    append_value(out, c, col);
    REQUIRE(c.empty());
    return out;
}

} // namespace

TEST_CASE("integers: signed and unsigned to 64 bits exactly", "[binlog][values]") {
    CHECK(decode(column(t_tiny), "\x80") == "-128");
    CHECK(decode(column(t_tiny, 0, true), "\xff") == "255");
    CHECK(decode(column(t_short), Bytes().le(0x8000, 2).data) == "-32768");
    CHECK(decode(column(t_int24), Bytes().le(0x800000, 3).data) == "-8388608");
    CHECK(decode(column(t_int24, 0, true), Bytes().le(0xffffff, 3).data) == "16777215");
    CHECK(decode(column(t_long), Bytes().le(0xffffffff, 4).data) == "-1");
    CHECK(decode(column(t_long, 0, true), Bytes().le(0xffffffff, 4).data) == "4294967295");
    CHECK(decode(column(t_longlong), Bytes().le(0x8000000000000000ull, 8).data) == "-9223372036854775808");
    CHECK(decode(column(t_longlong, 0, true), Bytes().le(~0ull, 8).data) == "18446744073709551615");
}

TEST_CASE("DECIMAL: exact digits as a string", "[binlog][values]") {
    // MySQL's documented example: 1234567890.1234 as DECIMAL(14,4), and its negative.
    CHECK(decode(column(t_newdecimal, 14 << 8 | 4), "\x81\x0d\xfb\x38\xd2\x04\xd2") == "\"1234567890.1234\"");
    CHECK(decode(column(t_newdecimal, 14 << 8 | 4), "\x7e\xf2\x04\xc7\x2d\xfb\x2d") == "\"-1234567890.1234\"");
    CHECK(decode(column(t_newdecimal, 10 << 8 | 2), Bytes().be(0x80000000, 4).u8(0).data) == "\"0.00\"");
    CHECK(decode(column(t_newdecimal, 10 << 8 | 2), Bytes().be(0x80000000 | 12, 4).u8(5).data) == "\"12.05\"");
    // Negative zero is written without its sign.
    CHECK(decode(column(t_newdecimal, 10 << 8 | 2), Bytes().be(0x7fffffff, 4).u8(0xff).data) == "\"0.00\"");
    // The widest that fits 64 bits (18 integer digits, 9 fraction digits), and past it.
    CHECK(decode(column(t_newdecimal, 18 << 8), Bytes().be(0xbb9ac9ff, 4).be(0x3b9ac9ff, 4).data) ==
          "\"999999999999999999\"");
    CHECK(decode(column(t_newdecimal, 18 << 8 | 9), Bytes().be(0x80000001, 4).be(1, 4).data) == "\"1.000000001\"");
    CHECK(decode(column(t_newdecimal, 18 << 8 | 9), Bytes().be(0x7ffffffe, 4).be(0xfffffffe, 4).data) ==
          "\"-1.000000001\"");
    CHECK(decode(column(t_newdecimal, 19 << 8), Bytes().u8(0x81).be(0, 4).be(0, 4).data) == "\"1000000000000000000\"");
    CHECK(decode(column(t_newdecimal, 19 << 8 | 10), Bytes().be(0x80000001, 4).be(5, 4).u8(7).data) ==
          "\"1.0000000057\"");
    // MariaDB's scales past MySQL's 30, up to 38: 0.1 as DECIMAL(35,35), -0.5 as DECIMAL(38,38).
    CHECK(decode(column(t_newdecimal, 35 << 8 | 35), Bytes().be(0x85f5e100, 4).be(0, 4).be(0, 4).be(0, 4).data) ==
          "\"0." + std::string("1") + std::string(34, '0') + "\"");
    CHECK(decode(column(t_newdecimal, 38 << 8 | 38),
                 Bytes().be(~(0x80000000u | 500000000u), 4).be(~0u, 4).be(~0u, 4).be(~0u, 4).u8(0xff).data) ==
          "\"-0.5" + std::string(37, '0') + "\"");
    CHECK_THROWS_AS(decode(column(t_newdecimal, 39 << 8 | 39), std::string(18, '\x80')), DecodeError);
}

TEST_CASE("FLOAT and DOUBLE read back the same", "[binlog][values]") {
    CHECK(decode(column(t_double, 8), Bytes().le(0x3fb999999999999aull, 8).data) == "0.1");
    CHECK(decode(column(t_float, 4), Bytes().le(0x3fc00000, 4).data) == "1.5");
    CHECK(decode(column(t_double, 8), Bytes().le(0xc3e0000000000000ull, 8).data) == "-9223372036854775808");
}

TEST_CASE("temporal types as ISO-8601 strings", "[binlog][values]") {
    CHECK(decode(column(t_year), "\x7c") == "2024");
    CHECK(decode(column(t_year), std::string(1, '\0')) == "0");
    CHECK(decode(column(t_date), Bytes().le(2024 << 9 | 2 << 5 | 29, 3).data) == "\"2024-02-29\"");
    CHECK(decode(column(t_date), Bytes().le(0, 3).data) == "\"0000-00-00\"");
    // TIME2(0) 838:59:59 and -838:59:59
    uint64_t t838 = 838ull << 12 | 59 << 6 | 59;
    CHECK(decode(column(t_time2, 0), Bytes().be(0x800000 + t838, 3).data) == "\"838:59:59\"");
    CHECK(decode(column(t_time2, 0), Bytes().be(0x800000 - t838, 3).data) == "\"-838:59:59\"");
    // TIME2(6) -00:00:00.000001: integer part -1, fraction 2^24 - 1 as stored
    CHECK(decode(column(t_time2, 6), Bytes().be(0x800000000000ull - 1, 6).data) == "\"-00:00:00.000001\"");
    // TIME2(3) 25:00:00.500 (past 24 hours, milliseconds)
    CHECK(decode(column(t_time2, 3), Bytes().be(0x800000 + (25u << 12), 3).be(5000, 2).data) == "\"25:00:00.500\"");
    // DATETIME2(6) 9999-12-31 23:59:59.999999
    uint64_t ym = 9999 * 13 + 12;
    uint64_t dt = (ym << 5 | 31) << 17 | (23 << 12 | 59 << 6 | 59);
    CHECK(decode(column(t_datetime2, 6), Bytes().be(0x8000000000ull + dt, 5).be(999999, 3).data) ==
          "\"9999-12-31T23:59:59.999999\"");
    CHECK(decode(column(t_datetime2, 0), Bytes().be(0x8000000000ull, 5).data) == "\"0000-00-00T00:00:00\"");
    // TIMESTAMP2(2) 2038-01-19 03:14:07.99 UTC and the 1970 epoch
    CHECK(decode(column(t_timestamp2, 2), Bytes().be(2147483647, 4).u8(99).data) == "\"2038-01-19T03:14:07.99Z\"");
    CHECK(decode(column(t_timestamp2, 0), Bytes().be(1, 4).data) == "\"1970-01-01T00:00:01Z\"");
    CHECK(decode(column(t_timestamp2, 2), Bytes().be(0, 4).u8(0).data) == "\"0000-00-00T00:00:00.00Z\""); // zero
    CHECK(decode(column(t_timestamp), Bytes().le(0, 4).data) == "\"0000-00-00T00:00:00Z\"");
    CHECK(decode(column(t_timestamp), Bytes().le(951782400, 4).data) == "\"2000-02-29T00:00:00Z\"");
    CHECK(decode(column(t_datetime), Bytes().le(20240131235959ull, 8).data) == "\"2024-01-31T23:59:59\"");
}

namespace {

// MariaDB's old-format column with a fraction: the binlog's old type code, the precision known
// from the schema only.
Column hires(uint8_t type, uint8_t fsp) {
    Column c = column(type);
    c.hires_fsp = fsp;
    return c;
}

} // namespace

// Expected bytes from MariaDB's sql/field.cc: Field_time_hires stores sec_part_shift(pack_time)
// + zero_point ((838:59:59 + 1 s) shifted), Field_datetime_hires sec_part_shift(pack_time), both
// big-endian in time_hires_bytes / datetime_hires_bytes; Field_timestamp_hires big-endian seconds,
// then the shifted fraction in sec_part_bytes.
TEST_CASE("MariaDB old-format TIME, DATETIME, TIMESTAMP with a fraction", "[binlog][values]") {
    // TIME(3) -12:34:56.789, as MariaDB 10.11 logged it
    CHECK(decode(hires(t_time, 3), Bytes().be(0x00b15478eb, 5).data) == "\"-12:34:56.789\"");
    CHECK(decode(hires(t_time, 6), Bytes().be(6040799999999, 6).data) == "\"838:59:59.999999\"");
    CHECK(decode(hires(t_time, 1), Bytes().be(1, 4).data) == "\"-838:59:59.9\"");
    CHECK(decode(hires(t_time, 2), Bytes().be(302040000, 4).data) == "\"00:00:00.00\"");
    CHECK(decode(hires(t_time, 6), Bytes().be(3020400000000 - 1, 6).data) == "\"-00:00:00.000001\"");
    CHECK(decode(hires(t_time, 3), Bytes().be(3020400000 + 90000500, 5).data) == "\"25:00:00.500\"");
    // DATETIME(6) 2000-01-01 00:00:00.000001, as MariaDB 10.11 logged it
    CHECK(decode(hires(t_datetime, 6), Bytes().be(0x00ff657019836001, 8).data) == "\"2000-01-01T00:00:00.000001\"");
    CHECK(decode(hires(t_datetime, 1), Bytes().be(3594239999999, 6).data) == "\"9999-12-31T23:59:59.9\"");
    CHECK(decode(hires(t_datetime, 4), Bytes().be(0, 7).data) == "\"0000-00-00T00:00:00.0000\"");
    CHECK(decode(hires(t_timestamp, 2), Bytes().be(2147483647, 4).u8(99).data) == "\"2038-01-19T03:14:07.99Z\"");
    CHECK(decode(hires(t_timestamp, 5), Bytes().be(1, 4).be(12345, 3).data) == "\"1970-01-01T00:00:01.12345Z\"");
    CHECK(decode(hires(t_timestamp, 3), Bytes().be(0, 6).data) == "\"0000-00-00T00:00:00.000Z\"");
    CHECK_THROWS_AS(decode(hires(t_time, 7), Bytes().be(0, 6).data), DecodeError);
}

TEST_CASE("strings are decoded from their charset, binary as base64", "[binlog][values]") {
    CHECK(decode(column(t_varchar, 100, false, 45), "\x06h\xc3\xa9\"\n!") == "\"h\xc3\xa9\\\"\\n!\"");
    CHECK(decode(column(t_varchar, 100, false, 8), "\x03\xe9\x80\x41") == "\"\xc3\xa9\xe2\x82\xac"
                                                                          "A\""); // cp1252
    CHECK(decode(column(t_varchar, 300, false, 255), Bytes().le(2, 2).raw("ok").data) == "\"ok\"");
    CHECK(decode(column(t_string, 4, false, 63), "\x02\x01\x02") == "\"AQIAAA==\""); // BINARY(4) re-padded
    CHECK(decode(column(t_blob, 2, false, 63), Bytes().le(3, 2).raw(std::string("\x00\xff\x10", 3)).data) ==
          "\"AP8Q\"");
    CHECK(decode(column(t_blob, 1, false, 33), "\x05tab\tx") == "\"tab\\tx\"");
    CHECK(decode(column(t_varchar, 10, false, 11), "\x01\x01") == "\"\\u0001\"");
    CHECK_THROWS_AS(decode(column(t_varchar, 10, false, 35), "\x02\x00\x41"), DecodeError); // ucs2
}

namespace {

// A MariaDB compressed value as compress_zlib writes it: 0x80 | bytes of the length, the length
// big-endian, zlib's stream.
std::string zlib_value(const std::string& text) {
    uLongf size = compressBound(text.size());
    std::string z(size, '\0');
    REQUIRE(compress2(reinterpret_cast<Bytef*>(z.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
                      text.size(), 6) == Z_OK);
    z.resize(size);
    return Bytes().u8(0x81).u8(static_cast<uint8_t>(text.size())).data + z;
}

} // namespace

TEST_CASE("MariaDB compressed VARCHAR and BLOB", "[binlog][values]") {
    std::string text(100, 'a');
    std::string z = zlib_value(text);
    // VARCHAR(200) COMPRESSED utf8mb4: two length bytes
    CHECK(decode(column(t_varchar_compressed, 801, false, 45), Bytes().le(z.size(), 2).data + z) == "\"" + text + "\"");
    CHECK(decode(column(t_varchar_compressed, 100, false, 45), Bytes().u8(4).u8(0).data + "abc") == "\"abc\"");
    CHECK(decode(column(t_varchar_compressed, 100, false, 45), Bytes().u8(0).data) == "\"\"");
    std::string b64; // base64 of 100 'a'
    for (int i = 0; i < 33; ++i) b64 += "YWFh";
    b64 += "YQ==";
    CHECK(decode(column(t_blob_compressed, 2, false, 63), Bytes().le(z.size(), 2).data + z) == "\"" + b64 + "\"");
    // damaged: zlib data cut short, a length past the column
    CHECK_THROWS_AS(decode(column(t_blob_compressed, 2), Bytes().le(z.size() - 3, 2).data + z.substr(0, z.size() - 3)),
                    DecodeError);
    CHECK_THROWS_AS(decode(column(t_varchar_compressed, 50), Bytes().le(z.size(), 1).data + z), DecodeError);
    // a LONGBLOB whose header claims 1 GB from 10 bytes: refused before any memory is taken for it
    std::string claim = Bytes().u8(0x84).be(1 << 30, 4).data + std::string(5, 'x');
    CHECK_THROWS_WITH(decode(column(t_blob_compressed, 4), Bytes().le(claim.size(), 4).data + claim),
                      Catch::Contains("claims more than its bytes can hold"));
}

TEST_CASE("BIT, ENUM and SET", "[binlog][values]") {
    CHECK(decode(column(t_bit, 1 << 8 | 0), "\x01") == "true");
    CHECK(decode(column(t_bit, 1 << 8 | 0), std::string(1, '\0')) == "false");
    CHECK(decode(column(t_bit, 0 << 8 | 8), Bytes().be(0xffffffffffffffffull, 8).data) == "18446744073709551615");
    Column e = column(t_enum, 1);
    e.values = {"small", "large"};
    CHECK(decode(e, "\x02") == "\"large\"");
    CHECK(decode(e, std::string(1, '\0')) == "\"\"");
    CHECK_THROWS_AS(decode(e, "\x03"), DecodeError);
    Column s = column(t_set, 1);
    s.values = {"a", "b", "c"};
    CHECK(decode(s, "\x05") == "\"a,c\"");
    CHECK(decode(column(t_enum, 2), Bytes().le(300, 2).data) == "300"); // no strings in the binlog
}

TEST_CASE("JSON columns: MySQL binary JSON to JSON text", "[binlog][values]") {
    // {"a":1,"b":[true,"x"]} built by hand: small object, 2 keys, inline int16 and an array.
    Bytes arr;
    arr.le(2, 2).le(0, 2); // count, size (patched below)
    arr.u8(4).le(1, 2);    // literal true (inline)
    arr.u8(12).le(10, 2);  // string at offset 10
    arr.u8(1).raw("x");
    arr.data[2] = static_cast<char>(arr.data.size());
    Bytes obj;
    size_t header = 4 + 2 * 4 + 2 * 3;
    obj.le(2, 2).le(header + 2 + arr.data.size(), 2);
    obj.le(header, 2).le(1, 2).le(header + 1, 2).le(1, 2);
    obj.u8(5).le(1, 2).u8(2).le(header + 2, 2);
    obj.raw("ab").raw(arr.data);
    std::string doc = Bytes().u8(0).raw(obj.data).data;
    Column j = column(t_json, 4);
    CHECK(decode(j, Bytes().le(doc.size(), 4).raw(doc).data) == R"({"a":1,"b":[true,"x"]})");
    CHECK(decode(j, Bytes().le(0, 4).data) == "null");
    std::string bad = doc;
    bad[3] = 100; // object size beyond the document
    CHECK_THROWS_AS(decode(j, Bytes().le(bad.size(), 4).raw(bad).data), DecodeError);
}

TEST_CASE("GEOMETRY as WKB in base64 with its SRID", "[binlog][values]") {
    std::string wkb = Bytes().u8(1).le(1, 4).le(0, 8).le(0x3ff0000000000000ull, 8).data; // POINT(0 1)
    std::string value = Bytes().le(4326, 4).raw(wkb).data;
    std::string out = decode(column(t_geometry, 4), Bytes().le(value.size(), 4).raw(value).data);
    CHECK(out == "{\"wkb\":\"AQEAAAAAAAAAAAAAAAAAAAAAAPA/\",\"srid\":4326}");
}

TEST_CASE("damaged values fail with the byte offset instead of reading past the buffer", "[binlog][values]") {
    try {
        decode(column(t_varchar, 100, false, 45), "\x09short");
        FAIL("no error");
    } catch (const DecodeError& e) {
        CHECK(e.offset == 101);
        CHECK(std::string(e.what()).find("at byte offset 101") != std::string::npos);
    }
    CHECK_THROWS_AS(decode(column(t_longlong), "\x01\x02"), DecodeError);
    CHECK_THROWS_AS(decode(column(t_newdecimal, 70 << 8 | 2), "\x80"), DecodeError);
    CHECK_THROWS_AS(decode(column(t_datetime2, 7), Bytes().be(0x8000000000ull, 5).data), DecodeError);
    CHECK_THROWS_AS(decode(column(20), "\x00"), DecodeError);
}

TEST_CASE("an ENUM or SET wider than 8 bytes is damage, not a shift past 64 bits", "[binlog][values]") {
    CHECK_THROWS_AS(decode(column(t_enum, 9), std::string(9, '\1')), DecodeError);
    CHECK_THROWS_AS(decode(column(t_set, 200), std::string(200, '\1')), DecodeError);
}

TEST_CASE("packed temporals in binary JSON at their extremes", "[binlog][values]") {
    std::string out;
    append_binary_json(out, Bytes().u8(15).u8(11).u8(8).le(0x8000000000000000ull, 8).data, 0); // TIME, INT64_MIN
    CHECK(out == "\"-00:00:00.000000\""); // the bits beyond a TIME's range are not read
}

TEST_CASE("binary JSON whose values point back or share their bytes fails instead of unfolding", "[binlog][values]") {
    // An array whose two entries point at the array itself: a cycle.
    std::string cycle = Bytes().u8(2).le(2, 2).le(10, 2).u8(2).le(0, 2).u8(2).le(0, 2).data;
    std::string out;
    CHECK_THROWS_WITH(append_binary_json(out, cycle, 0), Catch::Contains("inside its container's header"));
    // 40 arrays, each with two entries pointing at the same next one: 2^40 values from 420 bytes.
    std::string chain = Bytes().le(0, 2).le(4, 2).data;
    for (int i = 0; i < 40; ++i)
        chain = Bytes().le(2, 2).le(10 + chain.size(), 2).u8(2).le(10, 2).u8(2).le(10, 2).raw(chain).data;
    CHECK_THROWS_WITH(append_binary_json(out, "\x02" + chain, 0), Catch::Contains("values overlap"));
    // 2000 keys that all point at the same 1000 bytes: 2 MB of text from 15 KB.
    size_t count = 2000, header = 4 + count * 7;
    std::string key(1000, 'k');
    Bytes object;
    object.le(count, 2).le(header + key.size(), 2);
    for (size_t i = 0; i < count; ++i) object.le(header, 2).le(key.size(), 2);
    for (size_t i = 0; i < count; ++i) object.u8(4).le(1, 2); // true, inline
    object.raw(key);
    CHECK_THROWS_WITH(append_binary_json(out, std::string(1, 0) + object.data, 0), Catch::Contains("keys overlap"));
}
