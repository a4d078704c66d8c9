#include "binlog/event.h"

#include "binlog/crc32.h"
#include "binlog/event_type.h"

#include <vector>

namespace cdc::binlog {

EventParser::EventParser() : format_(std::make_shared<FormatDescription>()) {}

EventHeader EventParser::parse_header(const uint8_t* data, size_t size, uint64_t offset) {
    ByteCursor c(data, size, offset);
    EventHeader h;
    h.timestamp = c.u32();
    h.type = c.u8();
    h.server_id = c.u32();
    h.size = c.u32();
    h.next_pos = c.u32();
    h.flags = c.u16();
    if (h.size < common_header_length)
        throw DecodeError("event size " + std::to_string(h.size) + " is smaller than its header", offset + 9);
    return h;
}

Event EventParser::parse_unchecked(const uint8_t* data, size_t size, uint64_t offset) const {
    Event e;
    e.header = parse_header(data, size, offset);
    e.header.type = format_->event_type(e.header.type);
    e.offset = offset;
    e.format = format_;
    if (e.header.size != size) throw DecodeError("event size field disagrees with the event's length", offset + 9);
    size_t header_length = format_->header_length;
    if (header_length > size) throw DecodeError("event shorter than the declared header length", offset);
    e.body = ByteCursor(data + header_length, size - header_length, offset + header_length);
    return e;
}

Event EventParser::parse(const uint8_t* data, size_t size, uint64_t offset) {
    EventHeader h = parse_header(data, size, offset);
    if (h.type == format_description) {
        ByteCursor body(data + common_header_length, size - common_header_length, offset + common_header_length);
        auto f = std::make_shared<FormatDescription>(parse_format_description(body));
        if (f->checksum == Checksum::crc32) {
            uint32_t stored = ByteCursor(data + size - 4, 4, offset + size - 4).u32();
            // The server computes this checksum before it sets the "binlog in use" flag (and
            // clears the flag at close without rewriting it), so check with the flag cleared.
            std::vector<uint8_t> copy(data, data + size - 4);
            copy[17] &= static_cast<uint8_t>(~1u);
            if (crc32(copy.data(), copy.size()) != stored)
                throw DecodeError("checksum mismatch in format description event", offset);
        }
        format_ = std::move(f);
        seen_format_ = true;
        Event e = parse_unchecked(data, size, offset);
        return e;
    }
    Event e = parse_unchecked(data, size, offset);
    if (!seen_format_ && h.type == rotate && size >= common_header_length + 4) {
        // A replica's stream starts with a ROTATE sent before any FORMAT_DESCRIPTION says
        // whether events carry checksums: it has one if its last 4 bytes are its CRC32.
        uint32_t stored = ByteCursor(data + size - 4, 4, offset + size - 4).u32();
        if (crc32(data, size - 4) == stored)
            e.body = ByteCursor(e.body.data(), e.body.remaining() - 4, e.body.offset());
        return e;
    }
    if (format_->checksum == Checksum::crc32) {
        if (e.body.remaining() < 4) throw DecodeError("event too short for its checksum", offset);
        uint32_t stored = ByteCursor(data + size - 4, 4, offset + size - 4).u32();
        if (crc32(data, size - 4) != stored)
            throw DecodeError("checksum mismatch (event type " + std::to_string(h.type) + ", " + std::to_string(size) +
                                  " bytes)",
                              offset);
        e.body = ByteCursor(e.body.data(), e.body.remaining() - 4, e.body.offset());
    }
    return e;
}

} // namespace cdc::binlog
