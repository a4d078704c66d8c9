#include "http/response_cache.h"

#include <random>

namespace cdc::http {
namespace {

// More refreshes than this waiting means the sink is far behind: the rest wait for a request.
constexpr size_t max_refreshes = 10000;

} // namespace

ResponseCache::ResponseCache(std::chrono::milliseconds ttl, size_t max_bytes)
    : ttl_(ttl), max_shard_bytes_(max_bytes / std::tuple_size_v<decltype(shards_)>) {
    if (ttl_.count() > 0) refresher_ = std::thread([this] { refresh_loop(); });
}

ResponseCache::~ResponseCache() {
    {
        std::lock_guard lock(refresh_mutex_);
        stopping_ = true;
    }
    refresh_wanted_.notify_all();
    if (refresher_.joinable()) refresher_.join();
}

ResponseCache::Shard& ResponseCache::shard(const std::string& key) {
    return shards_[std::hash<std::string>{}(key) % shards_.size()];
}

std::shared_ptr<const CachedAnswer> ResponseCache::get(const std::string& key, Make make) {
    if (ttl_.count() == 0) return std::make_shared<const CachedAnswer>(make());
    Shard& s = shard(key);
    std::unique_lock lock(s.mutex);
    const auto now = Clock::now();
    auto kept = s.entries.find(key);
    if (kept != s.entries.end() && kept->second.expires > now) return kept->second.answer;
    auto flying = s.flights.find(key);
    if (kept != s.entries.end() && kept->second.expires + ttl_ > now) {
        // Expired but recent: given as it is while the background thread makes the next one.
        if (flying == s.flights.end()) {
            std::lock_guard queue(refresh_mutex_);
            if (refreshes_.size() < max_refreshes) {
                s.flights.emplace(key, std::make_shared<Flight>());
                refreshes_.push_back({key, std::move(make)});
                refresh_wanted_.notify_one();
            }
        }
        return kept->second.answer;
    }
    if (flying != s.flights.end()) {
        auto flight = flying->second;
        s.landed.wait(lock, [&] { return flight->done; });
        if (flight->error) std::rethrow_exception(flight->error);
        return flight->answer;
    }
    auto flight = std::make_shared<Flight>();
    s.flights.emplace(key, flight);
    lock.unlock();
    make_answer(s, key, make, flight);
    if (flight->error) std::rethrow_exception(flight->error);
    return flight->answer;
}

void ResponseCache::make_answer(Shard& s, const std::string& key, const Make& make,
                                const std::shared_ptr<Flight>& flight) {
    std::shared_ptr<const CachedAnswer> answer;
    std::exception_ptr error;
    try {
        answer = std::make_shared<const CachedAnswer>(make());
    } catch (...) { error = std::current_exception(); }
    {
        std::lock_guard lock(s.mutex);
        if (answer) store(s, key, answer);
        flight->answer = std::move(answer);
        flight->error = error;
        flight->done = true;
        s.flights.erase(key);
    }
    s.landed.notify_all();
}

void ResponseCache::refresh_loop() {
    for (;;) {
        Refresh next;
        {
            std::unique_lock lock(refresh_mutex_);
            refresh_wanted_.wait(lock, [this] { return stopping_ || !refreshes_.empty(); });
            if (stopping_) return;
            next = std::move(refreshes_.front());
            refreshes_.pop_front();
        }
        Shard& s = shard(next.key);
        std::shared_ptr<Flight> flight;
        {
            std::lock_guard lock(s.mutex);
            flight = s.flights.at(next.key);
        }
        // A failed refresh keeps the old answer until it is too old; then requests make it and see the error.
        make_answer(s, next.key, next.make, flight);
    }
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
