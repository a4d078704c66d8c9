#include "http/response_cache.h"

#include <functional>

namespace cdc::http {

ResponseCache::ResponseCache(std::chrono::milliseconds ttl, size_t max_bytes)
    : ttl_(ttl), max_shard_bytes_(max_bytes / std::tuple_size_v<decltype(shards_)>) {}

ResponseCache::Shard& ResponseCache::shard(const std::string& key) {
    return shards_[std::hash<std::string>{}(key) % shards_.size()];
}

std::shared_ptr<const CachedAnswer> ResponseCache::find(const std::string& key) {
    Shard& s = shard(key);
    std::lock_guard lock(s.mutex);
    auto it = s.entries.find(key);
    if (it == s.entries.end() || it->second.expires <= Clock::now()) return nullptr;
    return it->second.answer;
}

void ResponseCache::store(const std::string& key, std::shared_ptr<const CachedAnswer> answer) {
    const size_t size = key.size() + answer->body.size() + answer->next_cursor.size();
    if (size > max_shard_bytes_) return;
    Shard& s = shard(key);
    const auto now = Clock::now();
    std::lock_guard lock(s.mutex);
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
    s.entries.emplace(key, Entry{std::move(answer), now + ttl_});
    s.bytes += size;
}

} // namespace cdc::http
