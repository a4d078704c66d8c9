#include "http/response_cache.h"

#include <random>

namespace cdc::http {

ResponseCache::ResponseCache(std::chrono::milliseconds ttl, size_t max_bytes)
    : ttl_(ttl), max_shard_bytes_(max_bytes / std::tuple_size_v<decltype(shards_)>) {}

ResponseCache::Shard& ResponseCache::shard(const std::string& key) {
    return shards_[std::hash<std::string>{}(key) % shards_.size()];
}

std::shared_ptr<const CachedAnswer> ResponseCache::get(const std::string& key,
                                                       const std::function<CachedAnswer()>& make) {
    if (ttl_.count() == 0) return std::make_shared<const CachedAnswer>(make());
    Shard& s = shard(key);
    std::unique_lock lock(s.mutex);
    auto kept = s.entries.find(key);
    if (kept != s.entries.end() && kept->second.expires > Clock::now()) return kept->second.answer;
    if (auto it = s.flights.find(key); it != s.flights.end()) {
        // Another request is making it: the answer it replaces will do until then.
        if (kept != s.entries.end()) return kept->second.answer;
        auto flight = it->second;
        s.landed.wait(lock, [&] { return flight->done; });
        if (flight->error) std::rethrow_exception(flight->error);
        return flight->answer;
    }
    auto flight = std::make_shared<Flight>();
    s.flights.emplace(key, flight);
    lock.unlock();
    try {
        auto answer = std::make_shared<const CachedAnswer>(make());
        lock.lock();
        flight->answer = answer;
        store(s, key, answer);
    } catch (...) {
        if (!lock.owns_lock()) lock.lock();
        flight->error = std::current_exception();
    }
    flight->done = true;
    s.flights.erase(key);
    lock.unlock();
    s.landed.notify_all();
    if (flight->error) std::rethrow_exception(flight->error);
    return flight->answer;
}

void ResponseCache::store(Shard& s, const std::string& key, std::shared_ptr<const CachedAnswer> answer) {
    const size_t size = key.size() + answer->body.size() + answer->next_cursor.size();
    if (size > max_shard_bytes_) return;
    const auto now = Clock::now();
    if (auto it = s.entries.find(key); it != s.entries.end()) {
        s.bytes -= key.size() + it->second.answer->body.size() + it->second.answer->next_cursor.size();
        s.entries.erase(it);
    }
    if (s.bytes + size > max_shard_bytes_) {
        // Expired answers go first; if that is not enough, all of them.
        std::erase_if(s.entries, [now](const auto& entry) { return entry.second.expires <= now; });
        s.bytes = 0;
        for (const auto& [k, e] : s.entries) s.bytes += k.size() + e.answer->body.size() + e.answer->next_cursor.size();
        if (s.bytes + size > max_shard_bytes_) {
            s.entries.clear();
            s.bytes = 0;
        }
    }
    // Answers made at the same moment expire at different ones, so that their remaking spreads out.
    thread_local std::minstd_rand random(std::random_device{}());
    const auto jitter = std::chrono::duration_cast<Clock::duration>(ttl_ / 4) * (random() % 1000) / 1000;
    s.entries.insert_or_assign(key, Entry{std::move(answer), now + ttl_ - jitter});
    s.bytes += size;
}

} // namespace cdc::http
