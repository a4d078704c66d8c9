// cdc: one binary, one subcommand per stage of the pipeline.
#include "config/failure.h"
#include "config/logging.h"
#include "subcommands.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace {

struct Subcommand {
    const char* name;
    const char* purpose;
    Setup setup; // nullptr: its issue has not landed yet
    int issue;
    const char* stdout_carries = nullptr; // what it writes to stdout, if it writes its data there
};

const Subcommand subcommands[] = {
    {"capture", "read the MySQL/MariaDB binary log as a replica; one JSON line per row change", capture_command, 3,
     "the lines"},
    {"publish", "send JSON lines to Kafka topics (cdc-products, cdc-orders, cdc-order_items)", publish_command, 4},
    {"enrich", "keep products and orders in Redis for the join", nullptr, 0},
    {"process", "join order items with their order and product; park what is not joinable yet", nullptr, 0},
    {"aggregate", "sum sales per window, merchant and category into the analytics database", nullptr, 0},
    {"serve", "the analytics REST API and dashboard", serve_command, 5},
    {"dlq-replay", "re-drive the dead-letter topics", nullptr, 0},
    {"inspect", "look inside: binlog position, topics and lag, cache, sink", inspect_command, 4, "what it finds"},
};

struct Chosen {
    const Subcommand* subcommand = nullptr;
    cdc::SharedOptions shared;
    Run run;
};

// A closed descriptor 0, 1 or 2 would be the next one open() returns, say the MySQL
// connection's socket, and the lines meant for stdout would go into it. Each closed one is
// opened on /dev/null before anything else opens a file. Returns which were closed, or nothing
// when /dev/null cannot be opened.
std::optional<std::array<bool, 3>> open_closed_standard_descriptors() {
    std::array<bool, 3> closed{};
    for (int fd = 0; fd < 3; ++fd) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        closed[fd] = true;
        int null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (null < 0) return std::nullopt;
        if (null != fd) { // open() takes the lowest free descriptor, so this is only in case
            dup2(null, fd);
            close(null);
        }
    }
    return closed;
}

} // namespace

int main(int argc, char** argv) {
    const auto closed = open_closed_standard_descriptors();
    if (!closed) {
        std::fprintf(stderr, "cdc: stdin, stdout or stderr is closed and /dev/null cannot be opened in its place: %s\n",
                     std::strerror(errno));
        return cdc::exit_failure;
    }
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
        if ((*closed)[STDOUT_FILENO] && chosen.subcommand->stdout_carries) {
            spdlog::error("stdout is closed: nowhere to write {} (redirect it to a file, or to /dev/null)",
                          chosen.subcommand->stdout_carries);
            return cdc::exit_usage;
        }
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
