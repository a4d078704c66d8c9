#pragma once
// Answers kept for a short time (--cache-ttl), so that many clients polling the same merchant
// or category cost the sink one query per period instead of one per request. The summary
// changes once per window, so an answer a second old is as good as a fresh one. While one
// request makes an answer, the others that ask for it get the answer it replaces, or wait for
// it, instead of all querying the sink at once.
#include <array>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cdc::http {

struct CachedAnswer {
    std::string body;
    std::string next_cursor; // empty: the last page
};

class ResponseCache {
  public:
    // ttl 0 turns the cache off. Answers expire between 3/4 ttl and ttl after they were made.
    // max_bytes bounds the bodies kept.
    ResponseCache(std::chrono::milliseconds ttl, size_t max_bytes);

    // The answer stored under key, or what make() returns, stored for ttl. What make() throws
    // reaches every request that waited for it, and nothing is stored.
    std::shared_ptr<const CachedAnswer> get(const std::string& key, const std::function<CachedAnswer()>& make);

  private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        std::shared_ptr<const CachedAnswer> answer;
        Clock::time_point expires;
    };
    // Shards, so that request threads seldom wait for each other.
    // An answer being made; guarded by its shard's mutex.
    struct Flight {
        bool done = false;
        std::shared_ptr<const CachedAnswer> answer;
        std::exception_ptr error;
    };
    struct Shard {
        std::mutex mutex;
        std::condition_variable landed;
        std::unordered_map<std::string, Entry> entries;
        std::unordered_map<std::string, std::shared_ptr<Flight>> flights;
        size_t bytes = 0;
    };

    // Under the shard's lock.
    void store(Shard& shard, const std::string& key, std::shared_ptr<const CachedAnswer> answer);
    Shard& shard(const std::string& key);

    const std::chrono::milliseconds ttl_;
    const size_t max_shard_bytes_;
    std::array<Shard, 16> shards_;
};

} // namespace cdc::http
