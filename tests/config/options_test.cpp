#include "config/options.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

namespace {

// Parses argv for a subcommand that talks to every server, as main does, beside a publish that
// has an option of its own and an enrich not built yet.
cdc::SharedOptions parse(std::vector<std::string> args) {
    CLI::App cdc{"test", "cdc"};
    CLI::App* sub = cdc.add_subcommand("capture");
    cdc::SharedOptions options, publish_options;
    cdc::add_shared_options(*sub, options,
                            cdc::servers::source | cdc::servers::sink | cdc::servers::redis | cdc::servers::brokers);
    std::string tables;
    sub->add_option("--tables", tables);
    CLI::App* publish = cdc.add_subcommand("publish");
    cdc::add_shared_options(*publish, publish_options, cdc::servers::brokers);
    publish->add_option("--dead-letter-topic");
    cdc.add_subcommand("enrich")->allow_extras();
    cdc::bind_environment(*sub);
    std::vector<const char*> argv{"cdc", "capture"};
    for (auto& a : args) argv.push_back(a.c_str());
    cdc.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
    cdc::apply_config_file(*sub);
    return options;
}

struct ConfigFile {
    std::string path = "options_test.toml";
    explicit ConfigFile(const std::string& text) { std::ofstream(path) << text; }
    ~ConfigFile() { std::remove(path.c_str()); }
};

} // namespace

TEST_CASE("option names map to CDC_ variables") {
    CHECK(cdc::environment_variable("source") == "CDC_SOURCE");
    CHECK(cdc::environment_variable("source-password-file") == "CDC_SOURCE_PASSWORD_FILE");
}

TEST_CASE("defaults point at the local servers") {
    ::unsetenv("CDC_BROKERS");
    auto o = parse({});
    CHECK(o.brokers == "127.0.0.1:9092");
    CHECK(o.source_endpoint().port == 3306);
    CHECK(o.sink_endpoint().port == 3307);
}

TEST_CASE("command line beats environment beats TOML file beats default") {
    ConfigFile file("# shared by all subcommands\nbrokers = \"file:9092\"\nredis = \"redis://file:1/0\"\n"
                    "log-level = \"debug\"\ndead-letter-topic = \"publish's\"\n");
    ::setenv("CDC_BROKERS", "env:9092", 1);
    ::setenv("CDC_REDIS", "redis://env:2/0", 1);
    ::unsetenv("CDC_LOG_LEVEL");

    auto from_file = parse({"--config", file.path});
    CHECK(from_file.log_level == "debug");  // file over default
    CHECK(from_file.brokers == "env:9092"); // environment over file
    CHECK(from_file.redis == "redis://env:2/0");

    auto from_flag = parse({"--config", file.path, "--brokers", "flag:9092"});
    CHECK(from_flag.brokers == "flag:9092"); // command line over everything
    ::unsetenv("CDC_BROKERS");
    ::unsetenv("CDC_REDIS");

    auto file_only = parse({"--config", file.path});
    CHECK(file_only.brokers == "file:9092");
    CHECK(file_only.sink == cdc::SharedOptions{}.sink);
}

TEST_CASE("a [section] of the TOML file applies to its subcommand only") {
    ConfigFile file("brokers = \"top:1\"\n[capture]\nlog-level = \"warn\"\n[publish]\nlog-level = \"error\"\n");
    ::unsetenv("CDC_BROKERS");
    ::unsetenv("CDC_LOG_LEVEL");
    auto o = parse({"--config", file.path});
    CHECK(o.brokers == "top:1");
    CHECK(o.log_level == "warn");
}

TEST_CASE("CDC_CONFIG names the file when --config does not") {
    ConfigFile file("log-format = \"json\"\n");
    ::setenv("CDC_CONFIG", file.path.c_str(), 1);
    CHECK(parse({}).log_format == "json");
    ::unsetenv("CDC_CONFIG");
}

TEST_CASE("the subcommand's [section] wins over the top of the file") {
    ConfigFile file("log-level = \"debug\"\n[capture]\nlog-level = \"warn\"\n");
    ::unsetenv("CDC_LOG_LEVEL");
    CHECK(parse({"--config", file.path}).log_level == "warn");
}

// The message of the error parse throws, or "no error".
std::string error_of(const std::string& toml) {
    ConfigFile file(toml);
    try {
        parse({"--config", file.path});
    } catch (const CLI::ConfigError& e) { return e.what(); }
    return "no error";
}

TEST_CASE("bad values are usage errors") {
    CHECK_THROWS_AS(parse({"--source", "nonsense"}), CLI::ValidationError);
    CHECK_THROWS_AS(parse({"--log-format", "xml"}), CLI::ValidationError);
    CHECK_THAT(error_of("\nlog-format = \"xml\"\n"),
               Catch::StartsWith("options_test.toml:2: ") && Catch::Contains("--log-format"));
    CHECK_THROWS_AS(parse({"--config", "/nonexistent.toml"}), CLI::FileError);
}

TEST_CASE("a key or section that no subcommand has is an error naming the file and line") {
    ::unsetenv("CDC_LOG_LEVEL");
    CHECK_THAT(error_of("# typo\ntablez = \"x\"\n"), Catch::StartsWith("options_test.toml:2: unknown key 'tablez'"));
    CHECK_THAT(error_of("[capture]\ntablez = \"x\"\n"),
               Catch::StartsWith("options_test.toml:2: unknown key 'tablez' in [capture]"));
    // Options of the other subcommands, in their section or at the top, are theirs.
    CHECK(error_of("[capture]\ntables = \"a.b\"\n[publish]\ndead-letter-topic = \"x\"\n") == "no error");
    CHECK(error_of("dead-letter-topic = \"x\"\n[enrich]\nanything = 1\n") == "no error");
    // ... but not of this one, nor the file itself.
    CHECK_THAT(error_of("[capture]\ndead-letter-topic = \"x\"\n"), Catch::Contains("unknown key"));
    CHECK_THAT(error_of("[capture]\nconfig = \"other.toml\"\n"), Catch::Contains("unknown key 'config'"));
    CHECK_THAT(error_of("[captur]\nlog-level = \"warn\"\n"),
               Catch::StartsWith("options_test.toml:1: unknown section [captur]") && Catch::Contains("capture"));
    CHECK_THAT(error_of("captur.log-level = \"warn\"\n"), Catch::Contains(":1: unknown section [captur]"));
    CHECK_THAT(error_of("[capture.x]\n"), Catch::Contains(":1: unknown section [capture.x]"));
}

TEST_CASE("a file that is not TOML is an error naming the file and line") {
    CHECK_THAT(error_of("log-level = \"warn\"\ntables = \n"),
               Catch::StartsWith("options_test.toml:2: expected a value"));
    CHECK_THAT(error_of("tables = [\"a.b\", \"c.d\"]\n"),
               Catch::StartsWith("options_test.toml:1: tables takes one value, not an array of 2"));
}

TEST_CASE("a dotted key at the top names the subcommand's option") {
    ::unsetenv("CDC_LOG_LEVEL");
    ConfigFile file("capture.log-level = \"error\"\n");
    CHECK(parse({"--config", file.path}).log_level == "error");
}

TEST_CASE("a password never needs the command line") {
    ::setenv("CDC_SOURCE_PASSWORD", "s3cr@t", 1);
    CHECK(parse({}).source_endpoint().password == "s3cr@t");
    ::unsetenv("CDC_SOURCE_PASSWORD");
}
