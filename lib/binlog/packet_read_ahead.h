#pragma once
// Reads replication packets ahead on a thread of its own, so that waiting for the server and
// decoding overlap instead of adding up. Packets are copied into a few large chunks that are
// reused (no allocation per packet, memory bounded by `Limits`); the consumer reads them
// straight out of the chunk the reader is filling, and only takes the mutex to change chunks or
// to wait when it has caught up.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <utility>
#include <vector>

namespace cdc::binlog {

class PacketReadAhead {
public:
    // Called on the reader thread: the next packet, whose bytes stay valid until the next call,
    // or an exception when the stream fails (handed to the consumer in its place).
    using ReadPacket = std::function<std::span<const uint8_t>()>;
    // True for a packet after which there is nothing more to read (the end of the dump).
    using IsLast = std::function<bool(std::span<const uint8_t>)>;
    // Called on the destroying thread while the reader may be inside ReadPacket: makes that
    // read return (or throw) now rather than when the next packet comes.
    using Unblock = std::function<void()>;

    struct Limits {
        size_t chunk_bytes = 256 * 1024; // a packet larger than this gets a chunk of its own
        size_t chunks = 4;               // at most this many chunks exist at once (at least 2)
        // Once packets flow, a consumer that waits this long for the next one gets a "Lost
        // connection" error: a server that sends heartbeats is gone (a host that died without
        // closing the socket, a network cut). 0: wait for ever.
        std::chrono::milliseconds silence{0};
    };

    PacketReadAhead(ReadPacket read, IsLast last, Unblock unblock, Limits limits);
    PacketReadAhead(ReadPacket read, IsLast last, Unblock unblock)
        : PacketReadAhead(std::move(read), std::move(last), std::move(unblock), Limits{}) {}
    // Stops the reader (unblocking it if it is still reading) and joins it.
    ~PacketReadAhead();
    PacketReadAhead(const PacketReadAhead&) = delete;
    PacketReadAhead& operator=(const PacketReadAhead&) = delete;

    // The next packet, valid until the next call; waits for the reader if it has none yet.
    // After the packets read before it, rethrows what ReadPacket threw; after the last packet,
    // throws std::runtime_error.
    std::span<const uint8_t> next();
    // Whether next() has a packet without waiting (false may also mean it is in the next chunk).
    bool ready() const { return has_record(); }

private:
    struct Chunk {
        explicit Chunk(size_t size) : bytes(new uint8_t[size]), capacity(size) {}
        std::unique_ptr<uint8_t[]> bytes;
        size_t capacity;
        // Bytes of whole records (a 64-bit length, then the packet) the consumer may read.
        std::atomic<size_t> committed{0};
    };

    void run();
    bool append(std::span<const uint8_t> packet);
    bool start_chunk(size_t need);
    void finish(std::exception_ptr failure);
    bool has_record() const;
    void wait_for_record();

    const ReadPacket read_;
    const IsLast last_;
    const Unblock unblock_;
    const Limits limits_;

    std::mutex mutex_;
    std::condition_variable progress_; // the reader committed, changed chunks or ended
    std::condition_variable space_;    // the consumer released a chunk, or the reader must stop
    // Under mutex_: the chunks from the consumer's (front) to the reader's (back), spares, and the end.
    std::deque<std::unique_ptr<Chunk>> chunks_;
    std::vector<std::unique_ptr<Chunk>> spares_;
    bool ended_ = false;
    std::exception_ptr failure_;
    bool flowing_ = false; // the consumer has had a packet
    // Set under mutex_, read without it too: stopping_ by the reader between reads, waiting_
    // (the consumer waits on progress_) by the reader after each commit.
    std::atomic<bool> stopping_{false};
    std::atomic<bool> waiting_{false};

    Chunk* writing_ = nullptr; // reader only
    size_t write_offset_ = 0;
    Chunk* reading_ = nullptr; // consumer only
    size_t read_offset_ = 0;

    std::thread reader_; // last: starts once everything above exists
};

} // namespace cdc::binlog
