#pragma once
// TRANSACTION_PAYLOAD_EVENT (MySQL 8 binlog_transaction_compression): a whole transaction's
// events, compressed with zstd (or stored as is).
#include "binlog/event.h"

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>
#include <zstd.h>

namespace cdc::binlog {

// The events of a payload, uncompressed as they are read: memory holds at most about twice the
// largest event, not the whole transaction, which may be gigabytes.
class TransactionPayload {
public:
    explicit TransactionPayload(const Event& e);
    // The next event's bytes, common header included (no checksum); empty after the last.
    // Valid until the next call.
    std::string_view next_event();

private:
    size_t fill(size_t bytes); // buffers up to `bytes` past begin_; returns how many it has

    ByteCursor at_; // for errors
    std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> zstd_{nullptr, ZSTD_freeDCtx};
    ZSTD_inBuffer in_{};
    std::vector<uint8_t> buffer_;
    std::string_view events_; // uncompressed, from begin_ to end_: in the event, or in buffer_
    size_t begin_ = 0;
    uint64_t declared_ = 0, total_ = 0; // uncompressed size the event claims, and so far
    bool done_ = true;                  // the frame is complete (or there is none)
};

} // namespace cdc::binlog
