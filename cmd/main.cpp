// cdc: one binary, one subcommand per stage of the pipeline.
#include "config/failure.h"
#include "config/logging.h"
#include "subcommands.h"

#include <spdlog/spdlog.h>

namespace {

struct Subcommand {
    const char* name;
    const char* purpose;
    Setup setup; // nullptr: its issue has not landed yet
    int issue;
};

const Subcommand subcommands[] = {
    {"capture", "read the MySQL/MariaDB binary log as a replica; one JSON line per row change", capture_command, 3},
    {"publish", "send JSON lines to Kafka topics (cdc-products, cdc-orders, cdc-order_items)", publish_command, 4},
    {"enrich", "keep products and orders in Redis for the join", nullptr, 0},
    {"process", "join order items with their order and product; park what is not joinable yet", nullptr, 0},
    {"aggregate", "sum sales per window, merchant and category into the analytics database", nullptr, 0},
    {"serve", "the analytics REST API and dashboard", serve_command, 5},
    {"dlq-replay", "re-drive the dead-letter topics", nullptr, 0},
    {"inspect", "look inside: binlog position, topics and lag, cache, sink", inspect_command, 4},
};

struct Chosen {
    const Subcommand* subcommand = nullptr;
    cdc::SharedOptions shared;
    Run run;
};

} // namespace

int main(int argc, char** argv) {
    CLI::App cdc{"cdc turns the changes in an e-commerce MySQL database into real-time, exact sales "
                 "analytics.\nSubcommands compose through JSON lines on stdin/stdout.",
                 "cdc"};
    cdc.set_version_flag("--version", "cdc " CDC_VERSION);
    cdc.require_subcommand(1);
    cdc.footer("See 'cdc SUBCOMMAND --help' and man cdc.");

    std::vector<Chosen> all(std::size(subcommands));
    for (size_t i = 0; i < all.size(); ++i) {
        const Subcommand& s = subcommands[i];
        all[i].subcommand = &s;
        CLI::App* sub = cdc.add_subcommand(s.name, std::string(s.purpose) + (s.setup ? "" : " (not built yet)"));
        if (s.setup) {
            all[i].run = s.setup(*sub, all[i].shared);
            cdc::bind_environment(*sub);
        } else {
            sub->allow_extras();
        }
    }

    try {
        cdc.parse(argc, argv);
        for (Chosen& c : all)
            if (c.run && cdc.got_subcommand(c.subcommand->name))
                cdc::apply_config_file(*cdc.get_subcommand(c.subcommand->name));
    } catch (const CLI::ParseError& e) {
        return cdc.exit(e) == 0 ? cdc::exit_done : cdc::exit_usage;
    } catch (const std::exception& e) { // an option's value that could not be used
        std::fprintf(stderr, "cdc: %s\n", e.what());
        return cdc::exit_usage;
    }

    for (Chosen& chosen : all) {
        if (!cdc.got_subcommand(chosen.subcommand->name)) continue;
        if (!chosen.run) {
            std::fprintf(
                stderr, "cdc %s: not built yet%s\n", chosen.subcommand->name,
                chosen.subcommand->issue ? (" (issue #" + std::to_string(chosen.subcommand->issue) + ")").c_str() : "");
            return cdc::exit_usage;
        }
        cdc::setup_logging(chosen.subcommand->name, chosen.shared.log_level, chosen.shared.log_format);
        try {
            chosen.run();
            return cdc::exit_done;
        } catch (const cdc::UsageError& e) {
            spdlog::error("{}", e.what());
            return cdc::exit_usage;
        } catch (const cdc::Interrupted& e) {
            spdlog::info("{}", e.what());
            return cdc::exit_done;
        } catch (const std::exception& e) {
            spdlog::error("{}", e.what());
            return cdc::exit_failure;
        }
    }
    return cdc::exit_usage;
}
