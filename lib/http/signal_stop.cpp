#include "http/signal_stop.h"

#include <pthread.h>

namespace cdc::http {

SignalStop::SignalStop(std::function<void()> stop) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGTERM);
    sigaddset(&signals_, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
    watcher_ = std::thread([this, stop = std::move(stop)] {
        // Wakes up now and then to notice that the server ended without a signal.
        const timespec tick{0, 200'000'000};
        while (!done_) {
            int signal = sigtimedwait(&signals_, nullptr, &tick);
            if (signal > 0) {
                received_ = signal;
                stop();
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

} // namespace cdc::http
