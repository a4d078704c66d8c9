// The read-ahead between a replication connection and the decoder, with packets from a stand-in
// for Connector/C's read (one buffer, overwritten by each read) on the reader thread.
#include "binlog/packet_read_ahead.h"

#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

using cdc::binlog::PacketReadAhead;

namespace {

// Packet i: a first byte 0x00 (an event) or 0xfe (the last one), then bytes that depend on i.
std::vector<uint8_t> packet(size_t i, size_t size, bool last) {
    std::vector<uint8_t> bytes(size);
    for (size_t j = 0; j < size; ++j) bytes[j] = static_cast<uint8_t>(i * 131 + j);
    if (size > 0) bytes[0] = last ? 0xfe : 0x00;
    return bytes;
}

bool is_last(std::span<const uint8_t> p) { return !p.empty() && p[0] == 0xfe; }

// Hands out packets of the given sizes (the one at `last` marked last); past them, fails with
// `failure`, at once or, with `block`, only once unblocked.
class Source {
public:
    Source(std::vector<size_t> sizes, size_t last, std::string failure, bool block)
        : sizes_(std::move(sizes)), last_(last), failure_(std::move(failure)), block_(block) {}

    std::span<const uint8_t> read() {
        std::unique_lock lock(mutex_);
        size_t i = reads_++;
        max_ahead_ = std::max(max_ahead_, i - std::min(i, consumed_));
        changed_.notify_all();
        if (i >= sizes_.size()) {
            changed_.wait(lock, [&] { return !block_ || unblocked_; });
            throw std::runtime_error(failure_);
        }
        buffer_ = packet(i, sizes_[i], i == last_);
        return buffer_;
    }
    void unblock() {
        std::lock_guard lock(mutex_);
        unblocked_ = true;
        changed_.notify_all();
    }
    void consumed_one() {
        std::lock_guard lock(mutex_);
        ++consumed_;
    }
    void wait_for_reads(size_t n) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return reads_ >= n; });
    }
    size_t reads() {
        std::lock_guard lock(mutex_);
        return reads_;
    }
    size_t max_ahead() {
        std::lock_guard lock(mutex_);
        return max_ahead_;
    }
    bool unblocked() {
        std::lock_guard lock(mutex_);
        return unblocked_;
    }

private:
    const std::vector<size_t> sizes_;
    const size_t last_;
    const std::string failure_;
    const bool block_;
    std::mutex mutex_;
    std::condition_variable changed_;
    size_t reads_ = 0, consumed_ = 0, max_ahead_ = 0;
    bool unblocked_ = false;
    std::vector<uint8_t> buffer_;
};

std::vector<uint8_t> bytes(std::span<const uint8_t> s) { return {s.begin(), s.end()}; }

} // namespace

TEST_CASE("packets come out whole and in order, across chunks and larger than one", "[binlog]") {
    std::vector<size_t> sizes;
    for (size_t i = 0; i < 2000; ++i) sizes.push_back(i % 97 == 0 ? 1000 + i : i % 41); // empty ones too
    Source source(sizes, sizes.size() - 1, "unused", false);
    // Two chunks of 64 bytes: at most 8 records (an empty packet takes 8 bytes) in each.
    PacketReadAhead packets([&] { return source.read(); }, is_last, [&] { source.unblock(); },
                            {.chunk_bytes = 64, .chunks = 2});
    std::span<const uint8_t> previous;
    for (size_t i = 0; i < sizes.size(); ++i) {
        if (i > 0) REQUIRE(bytes(previous) == packet(i - 1, sizes[i - 1], false)); // still intact
        previous = packets.next();
        source.consumed_one();
        REQUIRE(bytes(previous) == packet(i, sizes[i], i == sizes.size() - 1));
    }
    CHECK_THROWS_WITH(packets.next(), "read past the end of the replication stream");
    CHECK(source.reads() == sizes.size()); // nothing read after the last packet
    CHECK(source.max_ahead() <= 16);       // two chunks' worth, however fast the reader
    CHECK_FALSE(source.unblocked());       // the reader had ended: nothing to unblock
}

TEST_CASE("the reader stops when every chunk is full, and the consumer's packet stays intact", "[binlog]") {
    Source source(std::vector<size_t>(10, 16), 9, "unused", false);
    // Two records of 8 + 16 bytes in each of two chunks.
    PacketReadAhead packets([&] { return source.read(); }, is_last, [&] { source.unblock(); },
                            {.chunk_bytes = 48, .chunks = 2});
    std::span<const uint8_t> first = packets.next();
    // Packets 1 to 3 fill the chunks; packet 4 is read and waits for room, and nothing after it.
    source.wait_for_reads(5);
    CHECK(bytes(first) == packet(0, 16, false));
    CHECK(source.reads() == 5);
    for (size_t i = 1; i < 10; ++i) CHECK(bytes(packets.next()) == packet(i, 16, i == 9));
}

TEST_CASE("a read error reaches the consumer after the packets read before it", "[binlog]") {
    std::vector<size_t> sizes{5, 1, 300, 7};
    Source source(sizes, SIZE_MAX, "Lost connection to server during query", false);
    PacketReadAhead packets([&] { return source.read(); }, is_last, [&] { source.unblock(); },
                            {.chunk_bytes = 64, .chunks = 2});
    for (size_t i = 0; i < sizes.size(); ++i) CHECK(bytes(packets.next()) == packet(i, sizes[i], false));
    CHECK_THROWS_AS(packets.next(), std::runtime_error);
    CHECK_THROWS_WITH(packets.next(), "Lost connection to server during query"); // again, not a hang
}

TEST_CASE("stopping unblocks a reader that waits for the server, and joins it", "[binlog]") {
    Source source({10, 10}, SIZE_MAX, "the source closed the connection", true);
    {
        PacketReadAhead packets([&] { return source.read(); }, is_last, [&] { source.unblock(); });
        CHECK(bytes(packets.next()) == packet(0, 10, false));
        source.wait_for_reads(3); // the third read waits for the server
    }
    CHECK(source.unblocked());
}

TEST_CASE("stopping a reader that waits for room in the chunks joins it", "[binlog]") {
    Source source(std::vector<size_t>(100, 16), SIZE_MAX, "unused", true);
    {
        PacketReadAhead packets([&] { return source.read(); }, is_last, [&] { source.unblock(); },
                                {.chunk_bytes = 48, .chunks = 2});
        source.wait_for_reads(5); // four fill both chunks, the fifth waits for room
    }
    CHECK(source.reads() == 5);
}

TEST_CASE("a source silent for longer than the silence limit, once packets flow, is a lost connection", "[binlog]") {
    Source source({10}, SIZE_MAX, "the source closed the connection", true); // then silence
    PacketReadAhead::Limits limits;
    limits.silence = std::chrono::milliseconds(50);
    PacketReadAhead packets([&] { return source.read(); }, is_last, [&] { source.unblock(); }, limits);
    CHECK(bytes(packets.next()) == packet(0, 10, false));
    CHECK_THROWS_WITH(packets.next(), Catch::StartsWith("Lost connection: nothing from the source"));
}
