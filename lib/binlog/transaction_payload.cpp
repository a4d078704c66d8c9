#include "binlog/transaction_payload.h"

#include "binlog/decode_error.h"

#include <algorithm>
#include <cstring>

namespace cdc::binlog {
namespace {
enum Field : uint64_t { header_end = 0, payload_size = 1, compression = 2, uncompressed_size = 3 };
enum Compression : uint64_t { zstd = 0, none = 255 };
// A transaction never exceeds 4 GiB in MySQL's binlog cache; larger claims are damage.
constexpr uint64_t max_uncompressed = uint64_t(1) << 32;
constexpr size_t block = size_t(1) << 16;
constexpr size_t common_header = 19;
} // namespace

TransactionPayload::TransactionPayload(const Event& e) : at_(e.body) {
    ByteCursor c = e.body;
    uint64_t size = 0, algorithm = none;
    bool have_size = false;
    for (;;) {
        uint64_t field = c.lenenc();
        if (field == header_end) break;
        ByteCursor value = c.sub(c.checked_size(c.lenenc()));
        switch (field) {
        case payload_size:
            size = value.lenenc();
            have_size = true;
            break;
        case compression: algorithm = value.lenenc(); break;
        case uncompressed_size: declared_ = value.lenenc(); break;
        default: break; // a field of a newer server, skipped by its length
        }
    }
    if (!have_size) c.fail("transaction payload without its size");
    std::string_view bytes = c.sub(c.checked_size(size)).rest();
    if (algorithm == none) {
        events_ = bytes;
        return;
    }
    if (algorithm != zstd) c.fail("transaction payload compressed with unknown algorithm " + std::to_string(algorithm));
    zstd_.reset(ZSTD_createDCtx());
    in_ = ZSTD_inBuffer{bytes.data(), bytes.size(), 0};
    done_ = false;
}

size_t TransactionPayload::fill(size_t bytes) {
    size_t have = events_.size() - begin_;
    if (have >= bytes || done_) return have;
    // What is left moves to the front, and the buffer grows with what the frame yields, never
    // to what an event header claims: a damaged size must not take gigabytes of memory.
    if (have) std::memmove(buffer_.data(), buffer_.data() + begin_, have);
    begin_ = 0;
    while (have < bytes && !done_) {
        if (buffer_.size() - have < block) buffer_.resize(std::max(2 * buffer_.size(), have + block));
        ZSTD_outBuffer out{buffer_.data() + have, buffer_.size() - have, 0};
        size_t r = ZSTD_decompressStream(zstd_.get(), &out, &in_);
        if (ZSTD_isError(r)) at_.fail(std::string("transaction payload does not decompress: ") + ZSTD_getErrorName(r));
        have += out.pos;
        total_ += out.pos;
        if (declared_ && total_ > declared_) // damage, or a bomb: not past what the event says
            at_.fail("transaction payload uncompresses beyond the " + std::to_string(declared_) + " bytes it declares");
        if (total_ > max_uncompressed) at_.fail("transaction payload uncompresses beyond 4 GiB");
        done_ = r == 0; // the frame is complete
        if (!done_ && out.pos == 0 && in_.pos == in_.size)
            at_.fail("transaction payload ends inside its compressed frame");
    }
    events_ = std::string_view(reinterpret_cast<const char*>(buffer_.data()), have);
    return have;
}

std::string_view TransactionPayload::next_event() {
    size_t have = fill(common_header);
    if (have == 0) return {};
    if (have < common_header) at_.fail("transaction payload ends inside an event header");
    uint32_t size = 0;
    for (int i = 3; i >= 0; --i) size = size << 8 | static_cast<uint8_t>(events_[begin_ + 9 + static_cast<size_t>(i)]);
    if (size < common_header || fill(size) < size)
        at_.fail("transaction payload holds an event of impossible size " + std::to_string(size));
    std::string_view event = events_.substr(begin_, size);
    begin_ += size;
    return event;
}

} // namespace cdc::binlog
