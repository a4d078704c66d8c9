#pragma once
// FORMAT_DESCRIPTION_EVENT: how the events after it are laid out (header length, post-header
// length per event type) and whether each carries a CRC32 checksum.
#include "binlog/byte_cursor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cdc::binlog {

enum class Checksum : uint8_t { off = 0, crc32 = 1 };

struct FormatDescription {
    uint16_t binlog_version = 4;
    std::string server_version;
    uint8_t header_length = 19;
    std::vector<uint8_t> post_header_lengths; // index = event type - 1
    Checksum checksum = Checksum::off;

    // Set for the 5.2 development trees of row-based replication (wl2325), which numbered
    // TABLE_MAP 16, the rows events 17 to 19, XID 20, BEGIN_LOAD_QUERY 21 and EXECUTE_LOAD_QUERY
    // 22: their events are given the numbers of released servers (event_type), and so are the
    // post-header lengths above.
    bool early_numbering = false;

    // The post-header length the writer declared for `type`, or `fallback` if it declared none.
    uint8_t post_header_length(uint8_t type, uint8_t fallback) const;
    // An event's type code as released servers number it (event_type.h).
    uint8_t event_type(uint8_t written) const;
    bool is_mariadb() const { return server_version.find("MariaDB") != std::string::npos; }
};

// Parses the body of a FORMAT_DESCRIPTION_EVENT (the whole event after the common header,
// checksum included), deciding from the server version whether a checksum algorithm is present.
FormatDescription parse_format_description(ByteCursor body);

// Whether a server of this version writes the checksum algorithm byte in its
// FORMAT_DESCRIPTION_EVENT (MySQL >= 5.6.1, MariaDB >= 5.3).
bool server_writes_checksum_algorithm(const std::string& server_version);

} // namespace cdc::binlog
