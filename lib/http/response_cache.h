#pragma once
// Answers kept for a short time (--cache-ttl), so that many clients polling the same merchant
// or category cost the sink one query per period instead of one per request. The summary
// changes once per window, so an answer a second old is as good as a fresh one.
#include <array>
#include <chrono>
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
    // ttl 0 turns the cache off. max_bytes bounds the bodies kept.
    ResponseCache(std::chrono::milliseconds ttl, size_t max_bytes);

    // The answer stored under key, or what make() returns, stored for ttl.
    template <class Make> std::shared_ptr<const CachedAnswer> get(const std::string& key, Make&& make) {
        if (ttl_.count() == 0) return std::make_shared<const CachedAnswer>(make());
        if (auto hit = find(key)) return hit;
        auto answer = std::make_shared<const CachedAnswer>(make());
        store(key, answer);
        return answer;
    }

  private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        std::shared_ptr<const CachedAnswer> answer;
        Clock::time_point expires;
    };
    // Shards, so that request threads seldom wait for each other.
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Entry> entries;
        size_t bytes = 0;
    };

    std::shared_ptr<const CachedAnswer> find(const std::string& key);
    void store(const std::string& key, std::shared_ptr<const CachedAnswer> answer);
    Shard& shard(const std::string& key);

    const std::chrono::milliseconds ttl_;
    const size_t max_shard_bytes_;
    std::array<Shard, 16> shards_;
};

} // namespace cdc::http
