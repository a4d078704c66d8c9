#include "kafka/line_store.h"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace cdc::kafka {

LineStore::LineStore(size_t chunk_bytes, size_t chunks) : chunk_bytes_(chunk_bytes), max_chunks_(chunks) {}

std::optional<std::string_view> LineStore::keep(std::string_view line, std::uint64_t number) {
    Chunk* chunk = in_use_.empty() ? nullptr : in_use_.back().get();
    if (!chunk || chunk->capacity - chunk->used < line.size()) {
        if (!start_chunk(line.size())) return std::nullopt;
        chunk = in_use_.back().get();
    }
    char* at = chunk->data.get() + chunk->used;
    if (!line.empty()) std::memcpy(at, line.data(), line.size());
    chunk->used += line.size();
    chunk->last = number;
    return std::string_view(at, line.size());
}

bool LineStore::start_chunk(size_t bytes) {
    while (!in_use_.empty() && in_use_.front()->last <= published_.load()) {
        auto done = std::move(in_use_.front());
        in_use_.pop_front();
        if (done->capacity == chunk_bytes_) free_.push_back(std::move(done)); // an outsized one goes
    }
    if (in_use_.size() >= max_chunks_) return false;
    auto fits = std::find_if(free_.begin(), free_.end(), [&](const auto& c) { return c->capacity >= bytes; });
    if (fits != free_.end()) {
        in_use_.push_back(std::move(*fits));
        free_.erase(fits);
    } else {
        auto chunk = std::make_unique<Chunk>();
        chunk->capacity = std::max(bytes, chunk_bytes_);
        chunk->data = std::make_unique_for_overwrite<char[]>(chunk->capacity);
        in_use_.push_back(std::move(chunk));
    }
    in_use_.back()->used = 0;
    in_use_.back()->last = 0;
    return true;
}

void LineStore::release_through(std::uint64_t number) {
    published_ = number;
    if (waiting_) {
        std::lock_guard lock(mutex_);
        released_.notify_all();
    }
}

void LineStore::wait_for_release(std::chrono::milliseconds at_most) {
    if (in_use_.empty()) return;
    // The publishing thread checks waiting_ after moving the watermark, and this thread
    // checks the watermark after setting waiting_: one of them sees the other.
    waiting_ = true;
    std::unique_lock lock(mutex_);
    std::uint64_t oldest = in_use_.front()->last;
    released_.wait_for(lock, at_most, [&] { return published_ >= oldest; });
    waiting_ = false;
}

} // namespace cdc::kafka
