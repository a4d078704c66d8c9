#include "config/options.h"

#include "config/failure.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace cdc {
namespace {

CLI::Option* add_endpoint(CLI::App& app, const char* name, std::string& url, std::string& password_file,
                          const std::string& what) {
    auto* option = app.add_option(std::string("--") + name, url, what)->capture_default_str();
    option->check([](const std::string& value) {
        try {
            Endpoint::parse(value);
            return std::string();
        } catch (const UsageError& e) { return std::string(e.what()); }
    });
    app.add_option(std::string("--") + name + "-password-file", password_file,
                   "file whose first line is the password (or set CDC_" + environment_variable(name).substr(4) +
                       "_PASSWORD)");
    return option;
}

Endpoint resolved(const std::string& url, std::string_view role, const std::string& password_file) {
    auto endpoint = Endpoint::parse(url);
    resolve_password(endpoint, role, password_file);
    return endpoint;
}

} // namespace

std::string environment_variable(std::string_view option_name) {
    std::string name = "CDC_";
    for (char c : option_name) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

Endpoint SharedOptions::source_endpoint() const { return resolved(source, "source", source_password_file); }
Endpoint SharedOptions::sink_endpoint() const { return resolved(sink, "sink", sink_password_file); }
Endpoint SharedOptions::redis_endpoint() const { return resolved(redis, "redis", redis_password_file); }

void add_shared_options(CLI::App& app, SharedOptions& o, unsigned used) {
    app.add_option("--config")
        ->description("TOML file of options: keys are option names, top-level or under [" + app.get_name() + "]");
    if (used & servers::source) add_endpoint(app, "source", o.source, o.source_password_file, "source MySQL URL");
    if (used & servers::sink) add_endpoint(app, "sink", o.sink, o.sink_password_file, "analytics MySQL URL");
    if (used & servers::redis) add_endpoint(app, "redis", o.redis, o.redis_password_file, "Redis URL");
    if (used & servers::brokers)
        app.add_option("--brokers", o.brokers, "Kafka bootstrap servers, host:port,...")->capture_default_str();
    app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error or off")
        ->capture_default_str()
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
    app.add_option("--log-format", o.log_format, "text or json (logs go to stderr)")
        ->capture_default_str()
        ->check(CLI::IsMember({"text", "json"}));
}

void bind_environment(CLI::App& app) {
    for (CLI::Option* option : app.get_options()) {
        auto name = option->get_single_name();
        if (option->get_lnames().empty() || name == "help") continue;
        option->envname(environment_variable(name));
    }
}

void apply_config_file(CLI::App& app) {
    CLI::Option* config = app.get_option_no_throw("--config");
    if (!config || config->count() == 0) return;
    auto path = config->as<std::string>();
    // Keys not of this subcommand are left alone: one file can serve them all.
    for (const auto& item : CLI::ConfigTOML().from_file(path)) {
        if (!item.parents.empty() && item.parents != std::vector<std::string>{app.get_name()}) continue;
        CLI::Option* option = app.get_option_no_throw("--" + item.name);
        if (!option || option == config || option->count() > 0) continue; // the command line or environment won
        option->add_result(item.inputs);
        option->run_callback();
    }
}

} // namespace cdc
