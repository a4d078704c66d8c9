// The JSON text capture writes, value by value.
#include "json/json_writer.h"
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

using namespace cdc::json;

namespace {
template <class F> std::string written(F write) {
    std::string out;
    write(out);
    return out;
}
} // namespace

TEST_CASE("strings are quoted and escaped so any JSON parser reads them back", "[json]") {
    std::string text = std::string("q\"b\\n\nt\tc") + '\x01' + "\x7f é 😀";
    std::string out = written([&](std::string& o) { append_json_string(o, text); });
    CHECK(out == "\"q\\\"b\\\\n\\nt\\tc\\u0001\x7f é 😀\"");
    CHECK(nlohmann::json::parse(out) == text);
    CHECK(written([](std::string& o) { append_escaped(o, "a\"b"); }) == "a\\\"b");
    CHECK(json_member("id") == ",\"id\":");
}

TEST_CASE("base64 with padding, RFC 4648", "[json]") {
    CHECK(written([](std::string& o) { append_base64(o, ""); }) == "\"\"");
    CHECK(written([](std::string& o) { append_base64(o, "f"); }) == "\"Zg==\"");
    CHECK(written([](std::string& o) { append_base64(o, "fo"); }) == "\"Zm8=\"");
    CHECK(written([](std::string& o) { append_base64(o, "foo"); }) == "\"Zm9v\"");
    CHECK(written([](std::string& o) { append_base64(o, std::string("\0\xff", 2)); }) == "\"AP8=\"");
}

TEST_CASE("integers to 64 bits and the shortest floats that read back the same", "[json]") {
    CHECK(written([](std::string& o) { append_integer(o, std::numeric_limits<int64_t>::min()); }) ==
          "-9223372036854775808");
    CHECK(written([](std::string& o) { append_integer(o, std::numeric_limits<uint64_t>::max()); }) ==
          "18446744073709551615");
    CHECK(written([](std::string& o) { append_double(o, 0.1); }) == "0.1");
    CHECK(written([](std::string& o) { append_float(o, 1.2345678f); }) == "1.2345678");
    CHECK(written([](std::string& o) { append_float(o, 16777216.0f); }) == "16777216");
    double tiny = std::numeric_limits<double>::denorm_min();
    CHECK(nlohmann::json::parse(written([&](std::string& o) { append_double(o, tiny); })).get<double>() == tiny);
}
