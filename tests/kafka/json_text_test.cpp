#include "kafka/json_text.h"

#include <catch2/catch.hpp>

using namespace cdc::json_text;

TEST_CASE("valid JSON passes, and what is wrong is named with its byte") {
    for (const char* ok : {R"({"a":1})", R"( [1, -2.5e+3, "x\u00e9\n", true, false, null, {}] )", R"("")", "0",
                           R"({"k":{"deep":[[[]]]}})"})
        CHECK(validate(ok).empty());
    CHECK(validate(R"({"a":1)") == "expected ',' or '}' at byte 6");
    CHECK(validate("not json") == "invalid literal at byte 0");
    CHECK(validate("<xml/>") == "unexpected character at byte 0");
    CHECK(validate(R"({"a":1} x)") == "unexpected text after the value at byte 8");
    CHECK(validate(R"({"a":"b)") == "unterminated string at byte 7");
    CHECK(validate(R"({"a":01})") == "expected ',' or '}' at byte 6");
    CHECK(validate(R"(["\x"])") == "bad escape at byte 3");
    CHECK(validate("[\"a\tb\"]") == "control character in a string at byte 3");
    CHECK(validate(R"({"a":tru})") == "invalid literal at byte 5");
    CHECK(validate("").rfind("unexpected end", 0) == 0);
    CHECK(validate(std::string(1000, '[')) == "nesting too deep at byte 257");
}

TEST_CASE("members, elements and pointers return raw JSON text") {
    std::string line =
        R"({"before":null,"after":{"id":7,"name":"a \"b\""},"key":{"id":7},)"
        R"("source":{"db":"shop","table":"order_items","pos":120,"gtid":"0-1-9"},"list":[1,[2,3],{"x":4}]})";
    REQUIRE(validate(line).empty());
    CHECK(member(line, "key") == R"({"id":7})");
    CHECK(member(line, "before") == "null");
    CHECK(member(line, "missing") == std::nullopt);
    CHECK(member(R"([1])", "a") == std::nullopt);
    CHECK(pointer(line, "/after/name") == R"("a \"b\"")");
    CHECK(pointer(line, "/source/pos") == "120");
    CHECK(pointer(line, "/list/1/0") == "2");
    CHECK(pointer(line, "/list/2/x") == "4");
    CHECK(pointer(line, "/list/9") == std::nullopt);
    CHECK(pointer(line, "/list/x") == std::nullopt);
    CHECK(pointer(line, "/list/99999999999999999999") == std::nullopt); // past size_t
    CHECK(pointer(line, "/list/-1") == std::nullopt);
    CHECK(pointer(line, "") == line);
    CHECK(pointer(R"({"a/b":{"m~n":1}})", "/a~1b/m~0n") == "1");
    CHECK(element("[ 10 , 20 ]", 1) == "20");
}

TEST_CASE("string values are unescaped to UTF-8") {
    CHECK(string_value(R"("plain")") == "plain");
    CHECK(string_value(R"("q\"b\\s\/n\n")") == "q\"b\\s/n\n");
    CHECK(string_value(R"("\u00e9\u20ac")") == "é€");
    CHECK(string_value(R"("\ud83d\ude00")") == "😀");
    CHECK(string_value("12") == std::nullopt);
    CHECK(member(R"({"k\u0065y":1})", "key") == "1"); // escaped member names match too
}

TEST_CASE("one validating pass finds the wanted members, escaped names included") {
    const std::string_view top_names[] = {"source", "key", "op"}, source_names[] = {"db", "table"};
    MemberSpans top(top_names), source(source_names);
    std::string line = R"({"op":"c","k\u0065y":{"id":1},"source":{"d\u0062":"shop","table":"t","db":"later"},)"
                       R"("after":{"source":{"db":"inner"}}})";
    REQUIRE(validate(line, top, "source", source).empty());
    CHECK(top.values[0] == R"({"d\u0062":"shop","table":"t","db":"later"})");
    CHECK(top.values[1] == R"({"id":1})");
    CHECK(top.values[2] == R"("c")");
    CHECK(source.values[0] == R"("shop")"); // the first of two equal names wins
    CHECK(source.values[1] == R"("t")");
}

TEST_CASE("long strings are checked byte by byte wherever the special byte falls") {
    for (size_t at = 0; at < 40; ++at) {
        std::string text(40, 'x');
        CHECK(validate("\"" + text + "\"").empty());
        text[at] = '\x01';
        CHECK(validate("\"" + text + "\"") == "control character in a string at byte " + std::to_string(at + 1));
        text[at] = '\\'; // escapes the next byte: an 'x', or the closing quote
        CHECK(validate("\"" + text + "\"") == (at < 39 ? "bad escape at byte " + std::to_string(at + 2)
                                                       : std::string("unterminated string at byte 42")));
        text[at] = '"';
        CHECK(validate("\"" + text + "\"") == "unexpected text after the value at byte " + std::to_string(at + 2));
    }
    CHECK(validate("\"" + std::string(40, '\xc3') + "\"").empty()); // bytes above 0x7f are plain
}
