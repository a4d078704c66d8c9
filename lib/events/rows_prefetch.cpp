#include "events/rows_prefetch.h"

#include "binlog/event_type.h"

#include <algorithm>

namespace cdc::events {
namespace {
// How far ahead events are read: enough for the workers to stay busy, bounded so that memory
// does not grow with a backlog.
constexpr size_t ahead_events = 256;
constexpr size_t ahead_bytes = size_t(256) << 10;
} // namespace

RowsPrefetch::RowsPrefetch(Read read, Ready ready, MapFor map_for, unsigned workers)
    : read_(std::move(read)), ready_(std::move(ready)), map_for_(std::move(map_for)) {
    for (unsigned i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

RowsPrefetch::~RowsPrefetch() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    for (std::thread& t : workers_) t.join();
}

unsigned RowsPrefetch::default_workers(bool live) {
    // One core is the thread's that writes the lines; live, one more is the packet reader's and
    // the server's: on two cores, decoding ahead then took more CPU for no gain
    // (scripts/bench/capture-live), where from a file it gained a fifth (capture-offline).
    unsigned cores = std::thread::hardware_concurrency(), kept = live ? 2 : 1;
    return cores > kept ? std::min(cores - kept, 8u) : 0;
}

std::optional<RowsPrefetch::Next> RowsPrefetch::next() {
    if (workers_.empty()) {
        direct_ = read_();
        if (!direct_) return std::nullopt;
        return Next{&*direct_, nullptr};
    }
    fill();
    if (slots_.empty()) {
        if (failure_) std::rethrow_exception(failure_);
        return std::nullopt;
    }
    Slot& s = slots_.front();
    {
        std::unique_lock lock(mutex_);
        done_.wait(lock, [&] { return s.done; });
    }
    handed_ = true;
    return Next{&s.event, s.rows.get()};
}

void RowsPrefetch::fill() {
    if (handed_) {
        Slot& s = slots_.front();
        if (s.rows) spare_.push_back(std::move(s.rows));
        queued_bytes_ -= s.bytes.size();
        slots_.pop_front();
        handed_ = false;
    }
    while (!ended_ && !failure_ && slots_.size() < ahead_events && queued_bytes_ < ahead_bytes &&
           (slots_.empty() || ready_()))
        read_one();
}

void RowsPrefetch::read_one() {
    std::optional<binlog::Event> e;
    try {
        e = read_();
    } catch (...) {
        failure_ = std::current_exception();
        return;
    }
    if (!e) {
        ended_ = true;
        return;
    }
    Slot& s = slots_.emplace_back();
    s.bytes.assign(e->body.data(), e->body.data() + e->body.remaining());
    s.event = *e;
    s.event.body = binlog::ByteCursor(s.bytes.data(), s.bytes.size(), e->body.offset());
    queued_bytes_ += s.bytes.size();
    uint8_t type = s.event.header.type;
    std::shared_ptr<const binlog::TableMap> map;
    try { // damage here is ChangeStream's to report, when it reaches this event
        if (type == binlog::table_map) {
            binlog::TableMap parsed = binlog::parse_table_map(s.event);
            if (auto map = map_for_(parsed)) maps_[parsed.table_id] = std::move(map);
            else maps_.erase(parsed.table_id);
            return;
        }
        if (!binlog::is_rows_event(type)) return;
        auto found = maps_.find(binlog::rows_table_id(s.event));
        if (found == maps_.end()) return;
        map = found->second;
    } catch (const std::exception&) {
        maps_.clear();
        return;
    }
    if (spare_.empty()) spare_.push_back(std::make_unique<DecodedRows>());
    s.rows = std::move(spare_.back());
    spare_.pop_back();
    s.rows->map = std::move(map);
    {
        std::lock_guard lock(mutex_);
        s.done = false;
        jobs_.push_back(&s);
    }
    work_.notify_one();
}

void RowsPrefetch::work() {
    for (;;) {
        Slot* s;
        {
            std::unique_lock lock(mutex_);
            work_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            s = jobs_.front();
            jobs_.pop_front();
        }
        decode(s->event, *s->rows);
        {
            std::lock_guard lock(mutex_);
            s->done = true;
        }
        done_.notify_one();
    }
}

void RowsPrefetch::decode(const binlog::Event& e, DecodedRows& rows) {
    rows.rows = 0;
    rows.failed = false;
    try {
        binlog::RowsEvent event(e);
        for (;; ++rows.rows) {
            if (rows.after.size() == rows.rows) {
                rows.before.emplace_back();
                rows.after.emplace_back();
            }
            if (!event.next(*rows.map, rows.before[rows.rows], rows.after[rows.rows])) break;
        }
    } catch (const std::exception&) { rows.failed = true; }
}

} // namespace cdc::events
