#pragma once
// Graceful shutdown: SIGTERM or SIGINT calls `stop` once, from a thread of its own, so that the
// server can finish the requests in flight instead of dying in a signal handler.
#include <atomic>
#include <csignal>
#include <functional>
#include <thread>

namespace cdc::http {

class SignalStop {
  public:
    // Blocks SIGTERM and SIGINT in the calling thread, and so in every thread it starts
    // afterwards: construct it before the threads that serve.
    explicit SignalStop(std::function<void()> stop);
    ~SignalStop();
    SignalStop(const SignalStop&) = delete;
    SignalStop& operator=(const SignalStop&) = delete;

    // The signal that arrived, or 0.
    int received() const { return received_; }

  private:
    sigset_t signals_{};
    sigset_t previous_{};
    std::atomic<bool> done_{false};
    std::atomic<int> received_{0};
    std::thread watcher_;
};

} // namespace cdc::http
