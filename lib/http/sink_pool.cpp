#include "http/sink_pool.h"

#include "http/api_error.h"

namespace cdc::http {

SinkPool::SinkPool(Endpoint endpoint, size_t size, std::chrono::milliseconds max_wait)
    : endpoint_(std::move(endpoint)), max_wait_(max_wait) {
    stats_.size = size;
}

SinkPool::~SinkPool() = default;

SinkPool::Lease::Lease(SinkPool& pool) : pool(pool), session(pool.acquire()) {}

SinkPool::Lease::~Lease() { pool.release(std::move(session), broken); }

std::unique_ptr<SinkPool::Session> SinkPool::acquire() {
    std::unique_lock lock(mutex_);
    auto available = [this] { return !idle_.empty() || stats_.open < stats_.size; };
    if (!available()) {
        ++stats_.waits;
        if (!freed_.wait_for(lock, max_wait_, available)) {
            ++stats_.timeouts;
            throw ApiError(503, "every sink connection is busy; try again shortly");
        }
    }
    ++stats_.in_use;
    if (!idle_.empty()) {
        auto session = std::move(idle_.back());
        idle_.pop_back();
        return session;
    }
    ++stats_.open; // counted before connecting so that no other thread opens one too many
    lock.unlock();
    try {
        return std::make_unique<Session>(endpoint_);
    } catch (...) {
        lock.lock();
        --stats_.open;
        --stats_.in_use;
        ++stats_.failures;
        freed_.notify_one();
        throw;
    }
}

void SinkPool::release(std::unique_ptr<Session> session, bool broken) {
    std::unique_ptr<Session> closing; // closed outside the lock
    {
        std::lock_guard lock(mutex_);
        --stats_.in_use;
        if (broken) {
            --stats_.open;
            ++stats_.failures;
            closing = std::move(session);
        } else {
            idle_.push_back(std::move(session));
        }
    }
    freed_.notify_one();
}

SinkPool::Stats SinkPool::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

} // namespace cdc::http
