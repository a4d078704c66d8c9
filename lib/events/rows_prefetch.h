#pragma once
// Decodes the row images of rows events ahead, on worker threads, while ChangeStream turns the
// events before them into lines: on a machine with cores to spare, decoding no longer holds
// capture below the server's pace. Events still come out one at a time, in order.
//
// A prefetch is speculative: it decodes with the table map ChangeStream had for that table when
// the TABLE_MAP was read ahead (ChangeStream::prefetch_map). ChangeStream uses it only where its
// own table map for the rows is the same (DecodedRows::map); otherwise, and where a prefetch
// failed, it decodes the rows itself, as without prefetching, so errors are reported where
// they are and nothing depends on the workers being right.
#include "binlog/event.h"
#include "binlog/rows_event.h"
#include "binlog/table_map.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace cdc::events {

// The rows of one rows event, decoded.
struct DecodedRows {
    std::shared_ptr<const binlog::TableMap> map; // decoded with
    std::vector<binlog::RowImage> before, after; // by row; `before` unused for inserts
    size_t rows = 0;
    bool failed = false; // the bytes did not decode: ChangeStream decodes them again to say where
};

class RowsPrefetch {
public:
    // The next event, valid until the next call (bytes that stay valid until then), or nothing
    // at the end; throws where the events end in damage.
    using Read = std::function<std::optional<binlog::Event>()>;
    // Whether `Read` has an event now, without waiting: only that much is read ahead, so a
    // follower of a live server hands out each event as soon as it comes.
    using Ready = std::function<bool()>;

    // The table map to decode rows of a TABLE_MAP's table with (ChangeStream::prefetch_map);
    // null: they are not decoded ahead.
    using MapFor = std::function<std::shared_ptr<const binlog::TableMap>(const binlog::TableMap& parsed)>;

    // `workers` 0: no thread, events pass straight through.
    RowsPrefetch(Read read, Ready ready, MapFor map_for, unsigned workers);
    ~RowsPrefetch();
    RowsPrefetch(const RowsPrefetch&) = delete;
    RowsPrefetch& operator=(const RowsPrefetch&) = delete;

    struct Next {
        const binlog::Event* event;
        const DecodedRows* rows; // null: not decoded ahead
    };
    // The next event in order, valid until the next call; nothing at the end. What reading threw
    // is thrown once the events read before it are handed out.
    std::optional<Next> next();

    // The worker threads capture uses by default: the cores but one from files, but two `live`
    // from a server; at most 8.
    static unsigned default_workers(bool live);

private:
    struct Slot {
        std::vector<uint8_t> bytes; // a copy of the event's body
        binlog::Event event;
        std::unique_ptr<DecodedRows> rows;
        bool done = true; // under mutex_ while a worker has it
    };

    void fill();
    void read_one();
    void work();
    static void decode(const binlog::Event& e, DecodedRows& rows);

    Read read_;
    Ready ready_;
    MapFor map_for_;
    std::optional<binlog::Event> direct_; // without workers: the event handed out
    // Consumer only: the events read ahead, in order (front handed out last when handed_), and
    // the table maps the rows events among them are decoded with.
    std::deque<Slot> slots_;
    bool handed_ = false;
    size_t queued_bytes_ = 0;
    std::exception_ptr failure_;
    bool ended_ = false;
    std::unordered_map<uint64_t, std::shared_ptr<const binlog::TableMap>> maps_;
    std::vector<std::unique_ptr<DecodedRows>> spare_;

    std::mutex mutex_;
    std::condition_variable work_; // a job came, or stopping
    std::condition_variable done_; // a job is done
    std::deque<Slot*> jobs_;       // under mutex_
    bool stopping_ = false;        // under mutex_
    std::vector<std::thread> workers_;
};

} // namespace cdc::events
