#pragma once
// The options every subcommand shares, named the same everywhere. Each option --foo-bar can
// also come from the environment variable CDC_FOO_BAR and from the TOML file given with
// --config (key foo-bar). Precedence: command line, then environment, then file, then default.
#include "config/endpoint.h"

#include <CLI/CLI.hpp>
#include <string>

namespace cdc {

// Which servers a subcommand talks to: only those get their options.
namespace servers {
constexpr unsigned source = 1, sink = 2, redis = 4, brokers = 8;
}

struct SharedOptions {
    std::string source = "mysql://cdc@127.0.0.1:3306/ecommerce_db";
    std::string source_password_file;
    std::string sink = "mysql://cdc_writer@127.0.0.1:3307/analytics_db";
    std::string sink_password_file;
    std::string redis = "redis://127.0.0.1:6379/0";
    std::string redis_password_file;
    std::string brokers = "127.0.0.1:9092";
    std::string log_level = "info";
    std::string log_format = "text";

    // The endpoints with their passwords resolved (see resolve_password).
    Endpoint source_endpoint() const;
    Endpoint sink_endpoint() const;
    Endpoint redis_endpoint() const;
};

// Adds --config, --log-level, --log-format and the options of the servers in `used`
// (servers::source | servers::sink ...).
void add_shared_options(CLI::App& subcommand, SharedOptions& options, unsigned used);

// Gives every long option of the subcommand (but --help and --config) its CDC_* variable.
// Call after all options are added.
void bind_environment(CLI::App& subcommand);

// Applies the --config file (or $CDC_CONFIG) to a parsed subcommand: top-level keys and those
// of its [section] (which win) fill the options that neither the command line nor the
// environment set. CLI11 2.1 reads config files for the top-level app only, hence this.
// Throws CLI::FileError when the file cannot be read, and CLI::ConfigError "PATH:LINE: ..." when
// it is not TOML, has a key that no subcommand (or, in its [section], this one) has, a section
// not named after a subcommand, or a value the option refuses.
void apply_config_file(CLI::App& subcommand);

// The environment variable of an option name: "source-password-file" -> CDC_SOURCE_PASSWORD_FILE.
std::string environment_variable(std::string_view option_name);

} // namespace cdc
