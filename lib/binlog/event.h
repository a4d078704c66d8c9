#pragma once
// One binlog event: the common header and a cursor over its body (checksum stripped), parsed
// with the FORMAT_DESCRIPTION in force. The same parser serves files and network packets.
#include "binlog/byte_cursor.h"
#include "binlog/format_description.h"

#include <cstdint>
#include <memory>

namespace cdc::binlog {

struct EventHeader {
    uint32_t timestamp = 0;
    uint8_t type = 0;
    uint32_t server_id = 0;
    uint32_t size = 0;     // header + body + checksum
    uint32_t next_pos = 0; // end_log_pos: offset of the next event in the server's file
    uint16_t flags = 0;
};

constexpr size_t common_header_length = 19;

struct Event {
    EventHeader header;
    uint64_t offset = 0; // where the event starts in its file (inside a payload: where the payload does)
    ByteCursor body;     // after the header (and any extra header bytes), checksum excluded
    std::shared_ptr<const FormatDescription> format;
};

// Reads events one after the other and keeps the FORMAT_DESCRIPTION they refer to.
class EventParser {
public:
    EventParser();

    // Reads just the common header of an event at `data` (at least 19 bytes).
    static EventHeader parse_header(const uint8_t* data, size_t size, uint64_t offset);

    // `data` holds exactly one event (header.size bytes). Verifies its checksum, and if it is a
    // FORMAT_DESCRIPTION_EVENT, adopts it for the events that follow.
    Event parse(const uint8_t* data, size_t size, uint64_t offset);

private:
    Event parse_unchecked(const uint8_t* data, size_t size, uint64_t offset) const; // after the checksum check
    std::shared_ptr<const FormatDescription> format_;
    bool seen_format_ = false;
};

} // namespace cdc::binlog
