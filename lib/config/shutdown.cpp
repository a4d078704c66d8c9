#include "config/shutdown.h"

#include <csignal>

namespace cdc {
namespace {

std::atomic<bool> requested{false};

extern "C" void on_signal(int) { requested = true; }

} // namespace

const std::atomic<bool>& shutdown_requested() {
    static const bool installed = [] {
        struct sigaction action {};
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
        return true;
    }();
    (void)installed;
    return requested;
}

} // namespace cdc
