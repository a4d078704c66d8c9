#pragma once
// Damage in a binary log: what could not be decoded and the absolute byte offset where.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace cdc::binlog {

struct DecodeError : std::runtime_error {
    DecodeError(const std::string& what, uint64_t offset)
        : std::runtime_error(what + " at byte offset " + std::to_string(offset)), offset(offset) {}
    uint64_t offset;
};

} // namespace cdc::binlog
