// Partial JSON updates applied to the before value's text.
#include "binlog/decode_error.h"
#include "binlog/json_diff.h"
#include "binlog_builder.h"

#include <catch2/catch.hpp>

using cdc::binlog::apply_json_diffs;
using cdc::test::Bytes;

namespace {

// One diff: operation (0 REPLACE, 1 INSERT, 2 REMOVE), path, and a binary JSON value.
std::string diff(uint8_t op, const std::string& path, const std::string& binary_value = "") {
    Bytes b;
    b.u8(op).lenenc_str(path);
    if (op != 2) b.lenenc_str(binary_value);
    return b.data;
}

const std::string json_true = Bytes().u8(4).u8(1).data;    // literal true
const std::string json_int7 = Bytes().u8(5).le(7, 2).data; // int16 7

} // namespace

TEST_CASE("a partial JSON update keeps the other values as they were written", "[binlog]") {
    // DECIMAL inside JSON, past a double's digits and with its scale; an unsigned past int64.
    std::string before = R"({"p":12.50,"big":18446744073709551615,"d":0.1000000000000000055511151231257827,"s":"x"})";
    CHECK(apply_json_diffs(before, diff(0, "$.s", json_true), 0) ==
          R"({"p":12.50,"big":18446744073709551615,"d":0.1000000000000000055511151231257827,"s":true})");
}

TEST_CASE("partial JSON updates: quoted member names, inserts, removals, array ends", "[binlog]") {
    std::string before = R"({"a b":1,"c":[1,2],"\"q\"":{"x":null}})";
    std::string diffs = diff(2, R"($."a b")") + diff(1, "$.c[5]", json_int7) + diff(1, "$.c[0]", json_true) +
                        diff(0, R"($."\"q\"".x)", json_int7) + diff(1, "$.n", json_true) + diff(2, "$.missing");
    CHECK(apply_json_diffs(before, diffs, 0) == R"({"c":[true,1,2,7],"\"q\"":{"x":7},"n":true})");
}

TEST_CASE("partial JSON updates that cannot apply are damage with an offset", "[binlog]") {
    CHECK_THROWS_AS(apply_json_diffs("{\"a\":", diff(0, "$.a", json_true), 100), cdc::binlog::DecodeError);
    CHECK_THROWS_AS(apply_json_diffs("[1]", diff(0, "$[3]", json_true), 100), cdc::binlog::DecodeError);
    CHECK_THROWS_AS(apply_json_diffs("{}", diff(0, "$.a.b", json_true), 100), cdc::binlog::DecodeError);
    CHECK_THROWS_AS(apply_json_diffs(std::string(600, '[') + std::string(600, ']'), diff(0, "$", json_true), 100),
                    cdc::binlog::DecodeError);
}
