#pragma once
// SIGINT and SIGTERM ask a subcommand to finish what it has in hand and exit 0.
#include <atomic>

namespace cdc {

// Installs the handlers (once) and returns the flag they set. Blocking reads are interrupted
// (no SA_RESTART), so a loop waiting for input sees the flag promptly.
const std::atomic<bool>& shutdown_requested();

} // namespace cdc
