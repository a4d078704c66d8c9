#include "config/shutdown.h"

#include <csignal>
#include <pthread.h>
#include <unistd.h>

namespace cdc {
namespace {

std::atomic<bool> requested{false};

extern "C" void on_signal(int) {
    if (!requested.exchange(true)) return;
    // A second signal: whoever sent it will not wait for the work in hand (a broker that is
    // down, say). Nothing is lost: checkpoints name only what is finished, and are atomic.
    static const char text[] = "cdc: second signal: exiting without finishing the work in hand\n";
    ssize_t written = ::write(2, text, sizeof text - 1);
    (void)written;
    _exit(1);
}

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

SignalStop::SignalStop() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGTERM);
    sigaddset(&signals_, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
    watcher_ = std::thread([this] {
        // Wakes up now and then to notice that the server ended without a signal.
        const timespec tick{0, 200'000'000};
        while (!done_) {
            int signal = sigtimedwait(&signals_, nullptr, &tick);
            if (signal > 0) {
                std::lock_guard lock(mutex_);
                received_ = signal;
                if (stop_) stop_();
                return;
            }
        }
    });
}

SignalStop::~SignalStop() {
    done_ = true;
    watcher_.join();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

void SignalStop::arm(std::function<void()> stop) {
    std::lock_guard lock(mutex_);
    stop_ = std::move(stop);
    if (received_) stop_();
}

} // namespace cdc
