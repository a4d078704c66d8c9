#pragma once
// CRC-32 (IEEE, as zlib's crc32) of binlog event checksums (binlog_checksum=CRC32).
#include <cstddef>
#include <cstdint>

namespace cdc::binlog {

uint32_t crc32(const uint8_t* data, size_t size);

} // namespace cdc::binlog
