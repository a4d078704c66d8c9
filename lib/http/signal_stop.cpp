#include "http/signal_stop.h"

#include <pthread.h>

namespace cdc::http {

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

} // namespace cdc::http
