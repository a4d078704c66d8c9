#pragma once
// Where publish keeps the lines it read until the broker has them. librdkafka sends each
// message straight from here instead of copying it, and a chunk of lines is reused once every
// line in it is published: no allocation and no copy per message.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

namespace cdc::kafka {

class LineStore {
public:
    // At most `chunks` chunks of `chunk_bytes` each are in use (a longer line gets a chunk of its
    // own size).
    explicit LineStore(size_t chunk_bytes = size_t{4} << 20, size_t chunks = 32);

    // Reading thread: a copy of line `number` (numbers grow), valid until release_through()
    // passes it; nullopt while every chunk holds unpublished lines. The reader decides how to
    // wait, as only it knows which lines it has not handed over yet.
    std::optional<std::string_view> keep(std::string_view line, std::uint64_t number);
    // Reading thread: waits until the oldest chunk's lines are published, or `at_most`.
    void wait_for_release(std::chrono::milliseconds at_most);

    // Publishing thread: every line up to `number` has been published.
    void release_through(std::uint64_t number);

private:
    struct Chunk {
        std::unique_ptr<char[]> data;
        size_t capacity = 0, used = 0;
        std::uint64_t last = 0; // the number of the last line in it
    };

    bool start_chunk(size_t bytes); // false while every chunk is in use

    const size_t chunk_bytes_, max_chunks_;
    // Only the reading thread touches the chunks; the publishing thread moves the watermark.
    std::deque<std::unique_ptr<Chunk>> in_use_; // in the order they were filled; back() fills
    std::vector<std::unique_ptr<Chunk>> free_;
    std::atomic<std::uint64_t> published_{0};
    std::atomic<bool> waiting_{false};
    std::mutex mutex_;
    std::condition_variable released_;
};

} // namespace cdc::kafka
