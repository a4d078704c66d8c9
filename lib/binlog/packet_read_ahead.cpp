#include "binlog/packet_read_ahead.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace cdc::binlog {

PacketReadAhead::PacketReadAhead(ReadPacket read, IsLast last, Unblock unblock, Limits limits)
    : read_(std::move(read)), last_(std::move(last)), unblock_(std::move(unblock)),
      // Two at least: the consumer gives its chunk back only once the reader has moved on.
      limits_{limits.chunk_bytes, std::max<size_t>(limits.chunks, 2), limits.silence}, reader_([this] { run(); }) {}

PacketReadAhead::~PacketReadAhead() {
    bool reading;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        reading = !ended_;
    }
    space_.notify_all();
    if (reading && unblock_) unblock_();
    reader_.join();
}

void PacketReadAhead::run() {
    try {
        while (!stopping_) {
            std::span<const uint8_t> packet = read_();
            if (!append(packet) || last_(packet)) break;
        }
        finish(nullptr);
    } catch (...) { finish(std::current_exception()); }
}

bool PacketReadAhead::append(std::span<const uint8_t> packet) {
    uint64_t size = packet.size();
    size_t need = sizeof size + packet.size();
    if ((!writing_ || writing_->capacity - write_offset_ < need) && !start_chunk(need)) return false;
    uint8_t* at = writing_->bytes.get() + write_offset_;
    std::memcpy(at, &size, sizeof size);
    if (!packet.empty()) std::memcpy(at + sizeof size, packet.data(), packet.size());
    write_offset_ += need;
    // Sequentially consistent with the consumer's store to waiting_ and its load of committed:
    // either it sees this record, or this thread sees it waiting and wakes it.
    writing_->committed.store(write_offset_);
    if (waiting_) {
        std::lock_guard lock(mutex_); // the consumer is inside progress_.wait once this is taken
        progress_.notify_one();
    }
    return true;
}

bool PacketReadAhead::start_chunk(size_t need) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return stopping_ || chunks_.size() < limits_.chunks; });
    if (stopping_) return false;
    std::unique_ptr<Chunk> chunk;
    if (need <= limits_.chunk_bytes && !spares_.empty()) {
        chunk = std::move(spares_.back());
        spares_.pop_back();
        chunk->committed = 0;
    } else {
        chunk = std::make_unique<Chunk>(std::max(need, limits_.chunk_bytes));
    }
    writing_ = chunk.get();
    write_offset_ = 0;
    chunks_.push_back(std::move(chunk));
    progress_.notify_one(); // the consumer may wait at the end of the previous chunk
    return true;
}

void PacketReadAhead::finish(std::exception_ptr failure) {
    std::lock_guard lock(mutex_);
    ended_ = true;
    failure_ = std::move(failure);
    progress_.notify_one();
}

std::span<const uint8_t> PacketReadAhead::next() {
    if (!has_record()) wait_for_record();
    flowing_ = true;
    const uint8_t* at = reading_->bytes.get() + read_offset_;
    uint64_t size;
    std::memcpy(&size, at, sizeof size);
    read_offset_ += sizeof size + size;
    return {at + sizeof size, static_cast<size_t>(size)};
}

bool PacketReadAhead::has_record() const { return reading_ && read_offset_ < reading_->committed.load(); }

void PacketReadAhead::wait_for_record() {
    std::unique_lock lock(mutex_);
    waiting_ = true; // before the checks below: the reader wakes this thread for what it commits after them
    struct Done {
        std::atomic<bool>& waiting;
        ~Done() { waiting = false; }
    } done{waiting_};
    bool silent = false; // a whole silence went by without a word from the reader
    for (;;) {
        if (has_record()) return;
        if (chunks_.size() > (reading_ ? 1 : 0)) { // the reader moved on: this chunk is read out
            if (reading_) {
                std::unique_ptr<Chunk> old = std::move(chunks_.front());
                chunks_.pop_front();
                if (old->capacity == limits_.chunk_bytes) spares_.push_back(std::move(old));
                space_.notify_one();
            }
            reading_ = chunks_.front().get();
            read_offset_ = 0;
            continue;
        }
        if (ended_) {
            if (failure_) std::rethrow_exception(failure_);
            throw std::runtime_error("read past the end of the replication stream");
        }
        if (silent)
            throw std::runtime_error("Lost connection: nothing from the source for " +
                                     std::to_string(limits_.silence.count() / 1000) + " s, not even a heartbeat");
        if (!flowing_ || limits_.silence.count() == 0) progress_.wait(lock);
        else silent = progress_.wait_for(lock, limits_.silence) == std::cv_status::timeout;
    }
}

} // namespace cdc::binlog
