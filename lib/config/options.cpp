#include "config/options.h"

#include "config/config_file.h"
#include "config/failure.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace cdc {
namespace {

CLI::Option* add_endpoint(CLI::App& app, const char* name, const char* scheme, std::string& url,
                          std::string& password_file, const std::string& what) {
    auto* option = app.add_option(std::string("--") + name, url, what)->capture_default_str();
    option->check([scheme](const std::string& value) {
        try {
            Endpoint::parse(value, scheme);
            return std::string();
        } catch (const UsageError& e) { return std::string(e.what()); }
    });
    app.add_option(std::string("--") + name + "-password-file", password_file,
                   "file whose first line is the password (or set CDC_" + environment_variable(name).substr(4) +
                       "_PASSWORD)");
    return option;
}

// Whether a config file may set --key of this subcommand: --config names the file itself.
bool settable(const CLI::App& app, const std::string& key) {
    return key != "config" && key != "help" && app.get_option_no_throw("--" + key) != nullptr;
}

Endpoint resolved(const std::string& url, std::string_view scheme, std::string_view role,
                  const std::string& password_file) {
    auto endpoint = Endpoint::parse(url, scheme);
    resolve_password(endpoint, role, password_file);
    return endpoint;
}

} // namespace

std::string environment_variable(std::string_view option_name) {
    std::string name = "CDC_";
    for (char c : option_name) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

Endpoint SharedOptions::source_endpoint() const { return resolved(source, "mysql", "source", source_password_file); }
Endpoint SharedOptions::sink_endpoint() const { return resolved(sink, "mysql", "sink", sink_password_file); }
Endpoint SharedOptions::redis_endpoint() const { return resolved(redis, "redis", "redis", redis_password_file); }

void add_shared_options(CLI::App& app, SharedOptions& o, unsigned used) {
    app.add_option("--config")
        ->description("TOML file of options: keys are option names, top-level or under [" + app.get_name() + "]");
    if (used & servers::source)
        add_endpoint(app, "source", "mysql", o.source, o.source_password_file, "source MySQL URL");
    if (used & servers::sink) add_endpoint(app, "sink", "mysql", o.sink, o.sink_password_file, "analytics MySQL URL");
    if (used & servers::redis) add_endpoint(app, "redis", "redis", o.redis, o.redis_password_file, "Redis URL");
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
    ConfigFile file = read_config_file(path);
    auto at = [&](int line) { return path + ":" + std::to_string(line) + ": "; };

    // One file serves every subcommand: the sections of the others are theirs to check, and a
    // top-level key is fine when any subcommand has it. What no subcommand has is a mistake.
    std::vector<const CLI::App*> all{&app};
    if (const CLI::App* cdc = app.get_parent()) all = cdc->get_subcommands([](const CLI::App*) { return true; });
    auto subcommand = [&](const std::string& name) {
        auto it = std::find_if(all.begin(), all.end(), [&](const CLI::App* s) { return s->get_name() == name; });
        return it == all.end() ? nullptr : *it;
    };
    auto unknown_section = [&](int line, const std::vector<std::string>& name) {
        std::string names;
        for (const CLI::App* s : all) names += (names.empty() ? "" : ", ") + s->get_name();
        return CLI::ConfigError(at(line) + "unknown section [" + dotted(name) + "]: sections are named after " +
                                "subcommands (" + names + ")");
    };
    for (const ConfigSection& section : file.sections) {
        const CLI::App* owner = subcommand(section.name.front());
        if (!owner) throw unknown_section(section.line, section.name);
        if (owner == &app && section.name.size() > 1)
            throw CLI::ConfigError(at(section.line) + "unknown section [" + dotted(section.name) +
                                   "]: the options of cdc " + app.get_name() + " are keys of [" + app.get_name() +
                                   "] itself");
    }

    std::vector<const ConfigEntry*> mine, top_level;
    for (const ConfigEntry& entry : file.entries) {
        if (entry.section.empty()) {
            if (settable(app, entry.key)) top_level.push_back(&entry);
            else if (std::none_of(all.begin(), all.end(), [&](const CLI::App* s) { return settable(*s, entry.key); }))
                throw CLI::ConfigError(at(entry.line) + "unknown key '" + entry.key + "': no subcommand has --" +
                                       entry.key + " (see cdc SUBCOMMAND --help)");
        } else if (entry.section.front() != app.get_name()) {
            if (!subcommand(entry.section.front())) throw unknown_section(entry.line, entry.section);
        } else if (entry.section.size() > 1 || !settable(app, entry.key)) {
            throw CLI::ConfigError(at(entry.line) + "unknown key '" + entry.key + "' in [" + dotted(entry.section) +
                                   "]: cdc " + app.get_name() + " has no --" + entry.key + " (see cdc " +
                                   app.get_name() + " --help)");
        } else {
            mine.push_back(&entry);
        }
    }

    // The subcommand's own section is more specific than the top of the file, so it goes first
    // and wins; the command line and the environment, already parsed, win over both.
    mine.insert(mine.end(), top_level.begin(), top_level.end());
    for (const ConfigEntry* entry : mine) {
        CLI::Option* option = app.get_option("--" + entry->key);
        if (option->count() > 0) continue;
        bool single = option->get_items_expected_max() <= 1;
        if (entry->values.empty() && !single) continue; // an empty list: nothing to add
        if (single && entry->values.size() != 1)
            throw CLI::ConfigError(
                at(entry->line) + entry->key + " takes one value, not " +
                (entry->values.empty() ? "an empty array" : "an array of " + std::to_string(entry->values.size())));
        try {
            option->add_result(entry->values);
            option->run_callback();
        } catch (const CLI::ParseError& e) { throw CLI::ConfigError(at(entry->line) + e.what()); }
    }
}

} // namespace cdc
