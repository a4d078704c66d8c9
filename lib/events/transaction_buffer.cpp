#include "events/transaction_buffer.h"

#include "config/failure.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <utility>

namespace cdc::events {

TransactionBuffer::TransactionBuffer(size_t memory_limit) : limit_(memory_limit) {}

TransactionBuffer::~TransactionBuffer() {
    if (spill_) std::fclose(spill_);
}

TransactionBuffer::TransactionBuffer(TransactionBuffer&& other) noexcept
    : limit_(other.limit_), memory_(std::move(other.memory_)), spill_(std::exchange(other.spill_, nullptr)),
      spilled_(std::exchange(other.spilled_, 0)) {}

TransactionBuffer& TransactionBuffer::operator=(TransactionBuffer&& other) noexcept {
    std::swap(limit_, other.limit_);
    std::swap(memory_, other.memory_);
    std::swap(spill_, other.spill_);
    std::swap(spilled_, other.spilled_);
    return *this;
}

void TransactionBuffer::written() {
    if (memory_.size() >= limit_) spill();
}

void TransactionBuffer::keep_in_memory_below(size_t bytes) {
    if (memory_.size() >= bytes) spill();
}

void TransactionBuffer::spill() {
    if (!spill_) {
        spill_ = std::tmpfile();
        if (!spill_)
            throw Failure(std::string("cannot create a temporary file for a large transaction: ") +
                          std::strerror(errno));
    }
    if (std::fwrite(memory_.data(), 1, memory_.size(), spill_) != memory_.size())
        throw Failure(std::string("cannot spill a large transaction to a temporary file: ") + std::strerror(errno));
    spilled_ += memory_.size();
    memory_.clear();
}

void TransactionBuffer::truncate(uint64_t size) {
    if (size >= spilled_) {
        memory_.resize(static_cast<size_t>(size - spilled_));
        return;
    }
    memory_.clear();
    std::fflush(spill_);
    if (ftruncate(fileno(spill_), static_cast<off_t>(size)) != 0 || std::fseek(spill_, 0, SEEK_END) != 0)
        throw Failure(std::string("cannot roll back a spilled transaction: ") + std::strerror(errno));
    spilled_ = size;
}

void TransactionBuffer::commit(Output& out) {
    if (spilled_) {
        std::fflush(spill_);
        std::rewind(spill_);
        char chunk[1 << 16];
        uint64_t left = spilled_;
        while (left) {
            size_t n = std::fread(chunk, 1, std::min<uint64_t>(sizeof chunk, left), spill_);
            if (n == 0) throw Failure("cannot read back a spilled transaction");
            out.write(std::string_view(chunk, n));
            left -= n;
        }
    }
    out.write(memory_);
    clear();
}

void TransactionBuffer::clear() {
    memory_.clear();
    if (spill_) {
        std::fclose(spill_);
        spill_ = nullptr;
    }
    spilled_ = 0;
}

} // namespace cdc::events
