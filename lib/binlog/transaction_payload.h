#pragma once
// TRANSACTION_PAYLOAD_EVENT (MySQL 8 binlog_transaction_compression): a whole transaction's
// events, compressed with zstd (or stored as is).
#include "binlog/event.h"

#include <cstdint>
#include <vector>

namespace cdc::binlog {

// The events of the payload, uncompressed, back to back (each with its common header and no
// checksum).
std::vector<uint8_t> uncompress_transaction_payload(const Event& e);

} // namespace cdc::binlog
