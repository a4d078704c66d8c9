#pragma once
// A bounded little-endian reader over bytes that came from a file or the network. Every read is
// checked against the end, so damaged lengths become a DecodeError with the absolute offset
// instead of a read past the buffer.
#include "binlog/decode_error.h"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace cdc::binlog {

class ByteCursor {
public:
    ByteCursor() = default;
    ByteCursor(const uint8_t* data, size_t size, uint64_t base_offset)
        : pos_(data), end_(data + size), base_(base_offset), start_(data) {}

    size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
    bool empty() const { return pos_ == end_; }
    uint64_t offset() const { return base_ + static_cast<uint64_t>(pos_ - start_); }
    const uint8_t* data() const { return pos_; }

    uint8_t u8() {
        need(1, "1-byte integer");
        return *pos_++;
    }
    uint16_t u16() { return static_cast<uint16_t>(uint_le(2)); }
    uint32_t u24() { return static_cast<uint32_t>(uint_le(3)); }
    uint32_t u32() { return static_cast<uint32_t>(uint_le(4)); }
    uint64_t u48() { return uint_le(6); }
    uint64_t u64() { return uint_le(8); }

    float f32() { return std::bit_cast<float>(u32()); }
    double f64() { return std::bit_cast<double>(u64()); }

    uint64_t uint_le(size_t n) {
        if (n > 8) [[unlikely]]
            fail("integer of " + std::to_string(n) + " bytes");
        need(n, "integer");
        uint64_t v = 0;
        if (std::endian::native == std::endian::little && remaining() >= 8) { // one load: every column of every row
            std::memcpy(&v, pos_, 8);
            if (n < 8) v &= (uint64_t(1) << (8 * n)) - 1;
        } else {
            for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(pos_[i]) << (8 * i);
        }
        pos_ += n;
        return v;
    }
    uint64_t uint_be(size_t n) {
        if (n > 8) [[unlikely]]
            fail("integer of " + std::to_string(n) + " bytes");
        need(n, "integer");
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i) v = (v << 8) | pos_[i];
        pos_ += n;
        return v;
    }

    // The protocol's length-encoded integer (1, 3, 4 or 9 bytes).
    uint64_t lenenc() {
        uint8_t first = u8();
        if (first < 0xfb) return first;
        if (first == 0xfc) return uint_le(2);
        if (first == 0xfd) return uint_le(3);
        if (first == 0xfe) return uint_le(8);
        fail("invalid length-encoded integer");
    }

    std::string_view bytes(size_t n) {
        need(n, "bytes");
        std::string_view v(reinterpret_cast<const char*>(pos_), n);
        pos_ += n;
        return v;
    }
    std::string_view lenenc_bytes() { return bytes(checked_size(lenenc())); }
    std::string_view rest() { return bytes(remaining()); }

    // Consumes n bytes and returns a cursor over just them.
    ByteCursor sub(size_t n) {
        need(n, "bytes");
        ByteCursor c(pos_, n, offset());
        pos_ += n;
        return c;
    }
    void skip(size_t n) {
        need(n, "bytes");
        pos_ += n;
    }
    size_t checked_size(uint64_t n) const {
        if (n > remaining()) fail("length " + std::to_string(n) + " runs past the end");
        return static_cast<size_t>(n);
    }

    [[noreturn]] void fail(const std::string& what) const { throw DecodeError(what, offset()); }

private:
    void need(size_t n, const char* what) const {
        if (n > remaining()) [[unlikely]]
            truncated(n, what);
    }
    [[noreturn, gnu::noinline, gnu::cold]] void truncated(size_t n, const char* what) const {
        fail(std::string("truncated ") + what + " (" + std::to_string(n) + " bytes needed, " +
             std::to_string(remaining()) + " left)");
    }

    const uint8_t* pos_ = nullptr;
    const uint8_t* end_ = nullptr;
    uint64_t base_ = 0;
    const uint8_t* start_ = nullptr;
};

} // namespace cdc::binlog
