#include "binlog/json_binary.h"

#include "binlog/byte_cursor.h"
#include "binlog/charset.h"
#include "binlog/column_type.h"
#include "binlog/decimal.h"
#include "binlog/temporal.h"

#include "json/json_writer.h"

namespace cdc::binlog {
namespace {

enum : uint8_t {
    small_object = 0,
    large_object = 1,
    small_array = 2,
    large_array = 3,
    literal = 4,
    int16 = 5,
    uint16 = 6,
    int32 = 7,
    uint32 = 8,
    int64 = 9,
    uint64 = 10,
    double_ = 11,
    string = 12,
    opaque = 15
};

// A document is nested at most this deep (MySQL allows 100); deeper input is damage.
constexpr int max_depth = 150;

class Reader {
public:
    // Text is at most a few times larger than its binary form (an escaped control character: 6
    // bytes for 1); more means values or keys that share their bytes, written again and again.
    Reader(std::string_view doc, uint64_t offset, size_t out_limit)
        : doc_(doc), offset_(offset), out_limit_(out_limit) {}

    ByteCursor at(size_t pos, size_t end) const {
        if (pos > end || end > doc_.size()) throw DecodeError("JSON value out of its document's bounds", offset_ + pos);
        return ByteCursor(reinterpret_cast<const uint8_t*>(doc_.data()) + pos, end - pos, offset_ + pos);
    }

    // Appends the value of `type` whose data starts at `pos` and may extend to `end`.
    void value(std::string& out, uint8_t type, size_t pos, size_t end, int depth) {
        if (depth > max_depth) throw DecodeError("JSON document nested too deep", offset_ + pos);
        // Values that share their bytes could make a small document unfold without end; a real
        // one has fewer values than bytes.
        if (++values_ > doc_.size()) throw DecodeError("JSON document whose values overlap", offset_ + pos);
        if (out.size() > out_limit_) throw DecodeError("JSON document whose values or keys overlap", offset_ + pos);
        ByteCursor c = at(pos, end);
        switch (type) {
        case small_object:
        case large_object: container(out, pos, end, type == large_object, true, depth); return;
        case small_array:
        case large_array: container(out, pos, end, type == large_array, false, depth); return;
        case literal: {
            uint8_t v = c.u8();
            if (v > 2) c.fail("unknown JSON literal " + std::to_string(v));
            out += v == 0 ? "null" : v == 1 ? "true" : "false";
            return;
        }
        case int16: json::append_integer(out, static_cast<int16_t>(c.u16())); return;
        case uint16: json::append_integer(out, c.u16()); return;
        case int32: json::append_integer(out, static_cast<int32_t>(c.u32())); return;
        case uint32: json::append_integer(out, c.u32()); return;
        case int64: json::append_integer(out, static_cast<int64_t>(c.u64())); return;
        case uint64: json::append_integer(out, c.u64()); return;
        case double_: json::append_double(out, c.f64()); return;
        case string: {
            size_t length = c.checked_size(varlen(c));
            append_text(out, c.bytes(length), utf8_text);
            return;
        }
        case opaque: {
            uint8_t mysql_type = c.u8();
            size_t length = c.checked_size(varlen(c));
            opaque_value(out, mysql_type, c.sub(length));
            return;
        }
        default: c.fail("unknown JSON value type " + std::to_string(type));
        }
    }

private:
    // Lengths of strings and opaque values: 7 bits per byte, least significant first.
    static uint64_t varlen(ByteCursor& c) {
        uint64_t v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            uint8_t b = c.u8();
            v |= static_cast<uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        c.fail("JSON length longer than 5 bytes");
    }

    static bool inlined(uint8_t type, bool large) {
        return type == literal || type == int16 || type == uint16 || (large && (type == int32 || type == uint32));
    }

    void container(std::string& out, size_t pos, size_t end, bool large, bool object, int depth) {
        ByteCursor c = at(pos, end);
        size_t word = large ? 4 : 2;
        uint64_t count = c.uint_le(word);
        uint64_t size = c.uint_le(word);
        if (size > end - pos) c.fail("JSON container larger than its document");
        size_t limit = pos + static_cast<size_t>(size);
        size_t key_entry = word + 2, value_entry = 1 + word;
        uint64_t header = 2 * word + count * ((object ? key_entry : 0) + value_entry);
        if (header > size) c.fail("JSON container header larger than the container");
        ByteCursor keys = at(pos + 2 * word, limit);
        ByteCursor values = at(pos + 2 * word + (object ? count * key_entry : 0), limit);
        out += object ? '{' : '[';
        for (uint64_t i = 0; i < count; ++i) {
            if (i) out += ',';
            if (object) {
                size_t key_offset = static_cast<size_t>(keys.uint_le(word));
                size_t key_length = keys.u16();
                ByteCursor key = at(pos + key_offset, limit);
                append_text(out, key.bytes(key_length), utf8_text);
                out += ':';
            }
            uint8_t type = values.u8();
            if (inlined(type, large)) {
                value(out, type, static_cast<size_t>(values.offset() - offset_), limit, depth + 1);
                values.skip(word);
            } else {
                size_t value_offset = static_cast<size_t>(values.uint_le(word));
                if (value_offset < header) // a value inside the header would contain its container
                    values.fail("JSON value at offset " + std::to_string(value_offset) +
                                " inside its container's header");
                value(out, type, pos + value_offset, limit, depth + 1);
            }
        }
        out += object ? '}' : ']';
    }

    // A MySQL scalar stored as (type, bytes): decimals and temporals as MySQL prints them,
    // anything else as MySQL's "base64:typeN:..." text.
    static void opaque_value(std::string& out, uint8_t type, ByteCursor c) {
        switch (type) {
        case t_newdecimal: {
            unsigned precision = c.u8(), scale = c.u8();
            append_decimal(out, c, precision, scale);
            return;
        }
        case t_date: append_packed_datetime(out, static_cast<int64_t>(c.u64()), true, false); return;
        case t_time: append_packed_time(out, static_cast<int64_t>(c.u64())); return;
        case t_datetime:
        case t_timestamp: append_packed_datetime(out, static_cast<int64_t>(c.u64()), true, true); return;
        default: {
            std::string b64;
            json::append_base64(b64, c.rest());
            out += "\"base64:type" + std::to_string(type) + ":";
            out.append(b64, 1, b64.size() - 1);
        }
        }
    }

    std::string_view doc_;
    uint64_t offset_;
    size_t out_limit_;
    size_t values_ = 0; // decoded so far
};

} // namespace

void append_binary_json(std::string& out, std::string_view doc, uint64_t offset) {
    if (doc.empty()) {
        out += "null";
        return;
    }
    Reader r(doc, offset, out.size() + 16 * doc.size() + 64);
    r.value(out, static_cast<uint8_t>(doc[0]), 1, doc.size(), 0);
}

} // namespace cdc::binlog
