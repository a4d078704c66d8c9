#pragma once
// Answers kept for a short time (--cache-ttl), so that many clients polling the same merchant
// or category cost the sink one query per period instead of one per request. The summary
// changes once per window, so an answer a second old is as good as a fresh one.
//
// No request waits for the sink when an answer exists: an expired answer is still given for
// one more ttl while a background thread makes the new one. Requests for an answer that does
// not exist yet wait for the one request that makes it instead of all querying the sink.
#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace cdc::http {

struct CachedAnswer {
    std::string body;
    std::string next_cursor; // empty: the last page
};

class ResponseCache {
public:
    using Make = std::function<CachedAnswer()>;

    // ttl 0 turns the cache off. Answers expire between 3/4 ttl and ttl after they were made.
    // max_bytes bounds the bodies kept.
    ResponseCache(std::chrono::milliseconds ttl, size_t max_bytes);
    ~ResponseCache();
    ResponseCache(const ResponseCache&) = delete;
    ResponseCache& operator=(const ResponseCache&) = delete;

    // The answer kept under key, or what make() returns, kept for ttl. make may run later on
    // the background thread, so it must own what it uses. What make() throws reaches every
    // request that waited for it, and nothing is kept.
    std::shared_ptr<const CachedAnswer> get(const std::string& key, Make make);

private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        std::shared_ptr<const CachedAnswer> answer;
        Clock::time_point expires;
    };
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
    struct Refresh {
        std::string key;
        Make make;
    };

    Shard& shard(const std::string& key);
    // Runs make and lands the flight of key.
    void make_answer(Shard& shard, const std::string& key, const Make& make, const std::shared_ptr<Flight>& flight);
    // Under the shard's lock.
    void store(Shard& shard, const std::string& key, std::shared_ptr<const CachedAnswer> answer);
    void refresh_loop();

    const std::chrono::milliseconds ttl_;
    const size_t max_shard_bytes_;
    std::array<Shard, 16> shards_;

    std::mutex refresh_mutex_;
    std::condition_variable refresh_wanted_;
    std::deque<Refresh> refreshes_;
    bool stopping_ = false;
    std::thread refresher_;
};

} // namespace cdc::http
