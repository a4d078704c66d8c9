#include "kafka/routing_stage.h"

#include "io/line_reader.h"

namespace cdc::kafka {

RoutingStage::RoutingStage(int input, size_t max_line, const Router& router, LineStore& lines,
                           const std::atomic<bool>& stop)
    : lines_(lines), stop_(stop) {
    for (size_t i = 0; i < batches; ++i) {
        all_.push_back(std::make_unique<Batch>());
        all_.back()->entries.resize(batch_lines);
        free_.push_back(all_.back().get());
    }
    thread_ = std::thread([this, input, max_line, &router] {
        std::exception_ptr error;
        try {
            read(input, max_line, router, lines_);
        } catch (...) { error = std::current_exception(); }
        std::lock_guard lock(mutex_);
        error_ = error;
        reading_ = false;
        changed_.notify_all();
    });
}

RoutingStage::~RoutingStage() {
    quit_ = true;
    changed_.notify_all();
    thread_.join();
}

Batch* RoutingStage::free_batch() {
    std::unique_lock lock(mutex_);
    while (free_.empty()) {
        if (quit_ || stop_) return nullptr;
        changed_.wait_for(lock, std::chrono::milliseconds(100));
    }
    Batch* batch = free_.front();
    free_.pop_front();
    batch->count = 0;
    batch->end = false;
    return batch;
}

void RoutingStage::hand_over(Batch* batch) {
    std::lock_guard lock(mutex_);
    (batch->count || batch->end ? full_ : free_).push_back(batch);
    changed_.notify_all();
}

void RoutingStage::read(int input, size_t max_line, const Router& router, LineStore& lines) {
    io::LineReader reader(input, max_line);
    std::uint64_t number = 0;
    Batch* batch = nullptr;
    while (!quit_ && !stop_) {
        if (!batch && !(batch = free_batch())) return;
        std::string_view line;
        // A batch that has lines leaves as soon as no more are waiting: latency over batching.
        io::LineReader::Status status;
        try {
            status = reader.next(line, batch->count ? 0 : 100);
        } catch (...) {
            hand_over(batch); // the lines before an input error are still published
            throw;
        }
        if (status == io::LineReader::Status::end) {
            batch->end = true;
            break;
        }
        if (status == io::LineReader::Status::idle && batch->count) hand_over(std::exchange(batch, nullptr));
        if (status != io::LineReader::Status::line && status != io::LineReader::Status::too_long) continue;
        std::string position; // of a line too long to keep, from its end
        if (status == io::LineReader::Status::too_long) position = position_in_line_end(std::exchange(line, {}));
        std::optional<std::string_view> kept;
        while (!(kept = lines.keep(line, number + 1))) {
            // The batch's own lines may fill the store: they are published only once handed over.
            if (batch && batch->count) hand_over(std::exchange(batch, nullptr));
            if (quit_ || stop_) return;
            lines.wait_for_release(std::chrono::milliseconds(100));
        }
        if (!batch && !(batch = free_batch())) return;
        RoutedEntry& entry = batch->entries[batch->count++];
        entry.number = ++number;
        entry.line = *kept;
        if (status == io::LineReader::Status::too_long) {
            entry.reason = "line longer than message.max.bytes (" + std::to_string(max_line) +
                           " bytes; raise it with -X message.max.bytes=N and the topic's max.message.bytes)";
            entry.routed.position = std::move(position);
        } else {
            entry.reason = line.empty() ? "" : router.route(entry.line, entry.routed); // an empty line is no message
        }
        if (batch->count == batch->entries.size()) hand_over(std::exchange(batch, nullptr));
    }
    if (batch) hand_over(batch);
}

Batch* RoutingStage::next(int timeout_ms) {
    std::unique_lock lock(mutex_);
    if (full_.empty())
        changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return !full_.empty() || !reading_; });
    if (full_.empty()) {
        rethrow_reading_error();
        return nullptr;
    }
    Batch* batch = full_.front();
    full_.pop_front();
    return batch;
}

void RoutingStage::recycle(Batch* batch) {
    std::lock_guard lock(mutex_);
    free_.push_back(batch);
    changed_.notify_all();
}

bool RoutingStage::drained() {
    std::lock_guard lock(mutex_);
    if (reading_ || !full_.empty()) return false;
    rethrow_reading_error();
    return true;
}

void RoutingStage::rethrow_reading_error() {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

} // namespace cdc::kafka
