#include "config/config_file.h"

#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>

using cdc::parse_config;

namespace {

std::string error_of(const std::string& text) {
    try {
        parse_config(text, "f.toml");
    } catch (const CLI::ConfigError& e) { return e.what(); }
    return "no error";
}

} // namespace

TEST_CASE("a config file gives each key its section, line and values") {
    auto file = parse_config("# options\n"
                             "log-level = \"debug\"  # a comment\n"
                             "\n"
                             "[capture]\n"
                             "  tables = 'shop.*'\n"
                             "binlog-file = [\"a\",\n"
                             "   'b', # the second\n"
                             "]\n"
                             "heartbeat-interval = 1_000.5\n"
                             "until-end = true\n"
                             "\"server-name\" = \"a\\\"b\\u00e9\"\n"
                             "publish.brokers = \"h:1\"\r\n",
                             "f.toml");
    REQUIRE(file.entries.size() == 7);
    CHECK(file.entries[0].line == 2);
    CHECK(file.entries[0].section.empty());
    CHECK(file.entries[0].values == std::vector<std::string>{"debug"});
    CHECK(file.entries[1].section == std::vector<std::string>{"capture"});
    CHECK(file.entries[1].values == std::vector<std::string>{"shop.*"});
    CHECK(file.entries[2].values == std::vector<std::string>{"a", "b"});
    CHECK(file.entries[2].array);
    CHECK(file.entries[3].line == 9);
    CHECK(file.entries[3].values == std::vector<std::string>{"1000.5"});
    CHECK(file.entries[4].values == std::vector<std::string>{"true"});
    CHECK(file.entries[5].key == "server-name");
    CHECK(file.entries[5].values == std::vector<std::string>{"a\"b\xC3\xA9"});
    CHECK(file.entries[6].section == std::vector<std::string>{"capture", "publish"});
    CHECK(file.entries[6].key == "brokers");
    REQUIRE(file.sections.size() == 1);
    CHECK(file.sections[0].line == 4);
    CHECK(parse_config("", "f.toml").entries.empty());
}

TEST_CASE("what is not TOML is an error with its line") {
    CHECK(error_of("tables = ") == "f.toml:1: expected a value, not the end of the file");
    CHECK(error_of("a = 1\ntables =\n") == "f.toml:2: expected a value, not the end of the line");
    CHECK_THAT(error_of("brokers = 10.0.0.5:9092"), Catch::StartsWith("f.toml:1: '10.0.0.5:9092' is not a TOML value"));
    CHECK_THAT(error_of("log-level"), Catch::StartsWith("f.toml:1: expected '=' after the key 'log-level'"));
    CHECK_THAT(error_of("a = \"x"), Catch::StartsWith("f.toml:1: the string is not closed"));
    CHECK_THAT(error_of("a = 'x"), Catch::StartsWith("f.toml:1: the string is not closed"));
    CHECK_THAT(error_of("a = \"\\q\""), Catch::StartsWith("f.toml:1: bad escape '\\q'"));
    CHECK_THAT(error_of("\na = [1,\n2\n"), Catch::StartsWith("f.toml:2: the array is not closed"));
    CHECK_THAT(error_of("a = [1 2]"), Catch::StartsWith("f.toml:1: expected ',' or ']'"));
    CHECK_THAT(error_of("a = 1 2"), Catch::StartsWith("f.toml:1: unexpected '2' after the value"));
    CHECK_THAT(error_of("[capture\n"), Catch::StartsWith("f.toml:1: expected ']'"));
    CHECK_THAT(error_of("[[capture]]\n"), Catch::Contains("arrays of tables"));
    CHECK_THAT(error_of("a = {b = 1}\n"), Catch::Contains("inline tables"));
    CHECK_THAT(error_of("a = \"\"\"x\"\"\"\n"), Catch::Contains("multi-line strings"));
    CHECK_THAT(error_of("= 1\n"), Catch::StartsWith("f.toml:1: expected a key"));
    CHECK(error_of("a = 1\n[s]\na = 2\n") == "no error");
    CHECK(error_of("a = 1\n\na = 2\n") == "f.toml:3: 'a' is set twice (first on line 1)");
    CHECK(error_of("x = 1979-05-27 07:32:00Z\ny = -1e3\nz = 0x1F\nw = inf\n") == "no error");
}

TEST_CASE("a file that cannot be read is a FileError") {
    CHECK_THROWS_AS(cdc::read_config_file("/nonexistent/cdc.toml"), CLI::FileError);
}
