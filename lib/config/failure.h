#pragma once
// Errors a subcommand reports to its user: one line that names what failed and how to fix it.
#include <stdexcept>
#include <string>

namespace cdc {

// Something went wrong at run time (a server down, a bad file): exit code 1.
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The user asked for something that cannot be done as asked: exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// SIGINT or SIGTERM stopped work that cannot be finished and must not be recorded as done
// (a snapshot half read): what was written is flushed, nothing is checkpointed, exit code 0.
struct Interrupted : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The end of an error saying a server did not answer. scripts/infra is in cdc's repository and
// is not installed with the binary, so a user of the binary is first told to start the server.
inline std::string not_running_hint(const std::string& server) {
    return " (is " + server + " running? start it, or from a clone of cdc: scripts/infra up)";
}

enum ExitCode : int { exit_done = 0, exit_failure = 1, exit_usage = 2 };

} // namespace cdc
