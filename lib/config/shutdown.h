#pragma once
// SIGINT and SIGTERM ask a subcommand to finish what it has in hand and exit 0. A loop that
// waits on its input polls shutdown_requested(); a server that blocks in its accept loop is
// told by SignalStop, from a thread of its own, so it can finish the requests in flight.
#include <atomic>
#include <csignal>
#include <functional>
#include <mutex>
#include <thread>

namespace cdc {

// Installs the handlers (once) and returns the flag they set. Blocking reads are interrupted
// (no SA_RESTART), so a loop waiting for input sees the flag promptly. A second signal ends the
// process at once, with exit status 1.
const std::atomic<bool>& shutdown_requested();

class SignalStop {
public:
    // Blocks SIGTERM and SIGINT in the calling thread, and so in every thread it starts
    // afterwards: construct it before any other thread starts, or the signal may land in one
    // that does not block it and end the process at once.
    SignalStop();
    ~SignalStop();
    SignalStop(const SignalStop&) = delete;
    SignalStop& operator=(const SignalStop&) = delete;

    // What a signal calls; at once if one came already.
    void arm(std::function<void()> stop);
    // The signal that arrived, or 0.
    int received() const { return received_; }

private:
    sigset_t signals_{};
    sigset_t previous_{};
    std::mutex mutex_;
    std::function<void()> stop_;
    std::atomic<bool> done_{false};
    std::atomic<int> received_{0};
    std::thread watcher_;
};

} // namespace cdc
