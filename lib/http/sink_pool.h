#pragma once
// A fixed number of sink sessions shared by the request threads, each with its statements
// prepared once. Sessions open on first need; one that failed is closed and reopened on a
// later request, so the API recovers by itself when the sink comes back.
#include "config/endpoint.h"
#include "mysql/connection.h"
#include "sink/summary_reader.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace cdc::http {

class SinkPool {
public:
    SinkPool(Endpoint endpoint, size_t size, std::chrono::milliseconds max_wait);
    ~SinkPool();

    // Runs work(reader) on a free session. Throws ApiError(503) when none frees up within
    // max_wait, and Failure when the sink cannot be reached or the query fails.
    template <class Work> auto with_reader(Work&& work) {
        Lease lease(*this);
        try {
            return work(lease.session->reader);
        } catch (...) {
            lease.broken = true;
            throw;
        }
    }

    struct Stats {
        size_t size = 0;
        size_t open = 0;
        size_t in_use = 0;
        std::uint64_t waits = 0;    // requests that found every session busy
        std::uint64_t timeouts = 0; // of those, the ones that gave up (503)
        std::uint64_t failures = 0; // sessions closed after an error
    };
    Stats stats() const;

private:
    struct Session {
        explicit Session(const Endpoint& endpoint) : connection(endpoint, "sink"), reader(connection) {}
        mysql::Connection connection;
        analytics::SummaryReader reader;
    };

    struct Lease {
        explicit Lease(SinkPool& pool);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        SinkPool& pool;
        std::unique_ptr<Session> session;
        bool broken = false;
    };

    std::unique_ptr<Session> acquire();
    void release(std::unique_ptr<Session> session, bool broken);

    const Endpoint endpoint_;
    const std::chrono::milliseconds max_wait_;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<Session>> idle_;
    Stats stats_;
};

} // namespace cdc::http
