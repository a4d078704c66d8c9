#include "binlog/value_decoder.h"

#include "binlog/charset.h"
#include "binlog/column_type.h"
#include "binlog/decimal.h"
#include "binlog/json_binary.h"
#include "binlog/temporal.h"

#include "json/json_writer.h"
#include <algorithm>
#include <arpa/inet.h>
#include <cstdio>
#include <zlib.h>

namespace cdc::binlog {
namespace {

using json::append_integer;

template <class Signed, class Unsigned> void integer(std::string& out, ByteCursor& c, const Column& col, size_t bytes) {
    uint64_t raw = c.uint_le(bytes);
    if (col.is_unsigned) {
        append_integer(out, static_cast<Unsigned>(raw));
    } else {
        int shift = 64 - static_cast<int>(bytes * 8); // sign-extend
        append_integer(out, static_cast<Signed>(static_cast<int64_t>(raw << shift) >> shift));
    }
}

void text_or_bytes(std::string& out, std::string_view bytes, const Column& col, bool blob, ByteCursor& c) {
    Encoding e = encoding_of_collation(col.collation);
    if (e.charset == Charset::unknown) e.charset = blob ? Charset::binary : Charset::utf8;
    if (e.charset == Charset::binary) {
        json::append_base64(out, bytes);
        return;
    }
    std::string charset = e.name.empty() ? "of collation " + std::to_string(col.collation) : std::string(e.name);
    if (e.charset == Charset::unsupported)
        c.fail("column " + col.name + ": its character set " + charset + " is not supported");
    if (!append_text(out, bytes, e))
        c.fail("column " + col.name + ": this system's iconv cannot convert its character set " + charset + " (" +
               e.iconv + ")");
}

// A MariaDB compressed column's value (Field_longstr::uncompress): empty, or a header byte,
// then the bytes as they are (header 0) or zlib data (header 0x80 | 8 if without zlib's
// wrapper | bytes of the original length, which follows big-endian). `limit`: the most bytes the
// column holds, so damage cannot make a huge buffer.
std::string uncompressed(std::string_view stored, const Column& col, uint64_t limit, ByteCursor& c) {
    if (stored.empty()) return {};
    uint8_t header = static_cast<uint8_t>(stored[0]);
    if (header >> 4 == 0) return std::string(stored.substr(1));
    size_t length_bytes = header & 7;
    if (header >> 4 != 8 || length_bytes == 0 || length_bytes > 4 || stored.size() < 1 + length_bytes)
        c.fail("column " + col.name + ": compressed value with header " + std::to_string(header));
    uint64_t length = 0;
    for (size_t i = 1; i <= length_bytes; ++i) length = length << 8 | static_cast<uint8_t>(stored[i]);
    if (length > limit) c.fail("column " + col.name + ": compressed value longer than the column");
    // deflate cannot expand a byte to more than 1032: a larger claim is damage, not memory to give.
    if (length > (stored.size() + 64) * 1032)
        c.fail("column " + col.name + ": compressed value claims more than its bytes can hold");
    std::string out(length, '\0');
    z_stream z{};
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(stored.data() + 1 + length_bytes));
    z.avail_in = static_cast<uInt>(stored.size() - 1 - length_bytes);
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(length);
    int rc = inflateInit2(&z, header & 8 ? -MAX_WBITS : MAX_WBITS);
    if (rc == Z_OK) rc = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    if (rc != Z_STREAM_END || z.avail_out != 0)
        c.fail("column " + col.name + ": compressed value that zlib cannot inflate to its length");
    return out;
}

void compressed_value(std::string& out, ByteCursor& c, const Column& col) {
    bool blob = col.type == t_blob_compressed;
    if (blob && (col.meta < 1 || col.meta > 4)) c.fail("BLOB length of " + std::to_string(col.meta) + " bytes");
    size_t prefix = blob ? col.meta : col.meta < 256 ? 1 : 2;
    // A BLOB's limit is what its length prefix can count; LONGBLOB's is capped where MariaDB's
    // max_allowed_packet ends.
    uint64_t limit = blob ? std::min<uint64_t>((uint64_t(1) << (8 * prefix)) - 1, uint64_t(1) << 30) : col.meta;
    std::string_view stored = c.bytes(c.checked_size(c.uint_le(prefix)));
    text_or_bytes(out, uncompressed(stored, col, limit, c), col, blob, c);
}

void enum_value(std::string& out, ByteCursor& c, const Column& col) {
    uint64_t index = c.uint_le(col.meta);
    if (col.values.empty()) {
        append_integer(out, index);
        return;
    }
    if (index > col.values.size()) c.fail("ENUM index " + std::to_string(index) + " beyond its values");
    json::append_json_string(out, index == 0 ? std::string_view() : col.values[index - 1]);
}

void set_value(std::string& out, ByteCursor& c, const Column& col) {
    uint64_t bits = c.uint_le(col.meta);
    if (col.values.empty()) {
        append_integer(out, bits);
        return;
    }
    std::string joined;
    for (size_t i = 0; i < col.values.size() && i < 64; ++i)
        if (bits >> i & 1) {
            if (!joined.empty()) joined += ',';
            joined += col.values[i];
        }
    json::append_json_string(out, joined);
}

void bit_value(std::string& out, ByteCursor& c, const Column& col) {
    unsigned bits = col.meta >> 8, bytes = col.meta & 0xff;
    size_t size = bytes + (bits ? 1 : 0);
    if (size == 0 || size > 8) c.fail("BIT column of " + std::to_string(size) + " bytes");
    uint64_t v = c.uint_be(size);
    if (bytes * 8 + bits == 1) out += v ? "true" : "false";
    else append_integer(out, v);
}

// MariaDB's UUID, INET4 and INET6 as MariaDB shows them.
void formed_value(std::string& out, std::string_view bytes, const Column& col, ByteCursor& c) {
    char text[INET6_ADDRSTRLEN] = {};
    TextForm form = col.form;
    size_t size = form == TextForm::inet4 ? 4 : 16;
    if (bytes.size() != size)
        c.fail("column " + col.name + ": " + std::to_string(bytes.size()) +
               " bytes, where its type in the tracked schema (UUID, INET4 or INET6) has " + std::to_string(size));
    if (form == TextForm::uuid) {
        for (size_t i = 0, n = 0; i < 16; ++i) {
            if (i == 4 || i == 6 || i == 8 || i == 10) text[n++] = '-';
            n += static_cast<size_t>(std::snprintf(text + n, 3, "%02x", static_cast<uint8_t>(bytes[i])));
        }
    } else {
        inet_ntop(form == TextForm::inet4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof text);
    }
    json::append_json_string(out, text);
}

void char_value(std::string& out, ByteCursor& c, const Column& col) {
    size_t length = col.meta < 256 ? c.u8() : c.u16();
    std::string_view bytes = c.bytes(length);
    std::string padded;
    if (encoding_of_collation(col.collation).charset == Charset::binary && length < col.meta) {
        // BINARY(n) is stored without its trailing zero bytes; the value has them.
        padded.assign(bytes).resize(col.meta, '\0');
        bytes = padded;
    }
    if (col.form != TextForm::bytes) formed_value(out, bytes, col, c);
    else text_or_bytes(out, bytes, col, false, c);
}

void geometry_value(std::string& out, ByteCursor& c, const Column& col) {
    ByteCursor v = c.sub(c.checked_size(c.uint_le(col.meta)));
    uint32_t srid = v.u32();
    out += "{\"wkb\":";
    json::append_base64(out, v.rest());
    out += ",\"srid\":";
    append_integer(out, srid);
    out += '}';
}

} // namespace

std::string_view read_json_bytes(ByteCursor& c, const Column& col) {
    if (col.meta < 1 || col.meta > 4) c.fail("JSON length of " + std::to_string(col.meta) + " bytes");
    return c.bytes(c.checked_size(c.uint_le(col.meta)));
}

void append_value(std::string& out, ByteCursor& c, const Column& col) {
    switch (col.type) {
    case t_tiny: integer<int8_t, uint8_t>(out, c, col, 1); return;
    case t_short: integer<int16_t, uint16_t>(out, c, col, 2); return;
    case t_int24: integer<int32_t, uint32_t>(out, c, col, 3); return;
    case t_long: integer<int32_t, uint32_t>(out, c, col, 4); return;
    case t_longlong: integer<int64_t, uint64_t>(out, c, col, 8); return;
    case t_float: json::append_float(out, c.f32()); return;
    case t_double: json::append_double(out, c.f64()); return;
    case t_newdecimal:
        out += '"';
        append_decimal(out, c, col.meta >> 8, col.meta & 0xff);
        out += '"';
        return;
    case t_year: {
        uint8_t y = c.u8();
        append_integer(out, y ? 1900 + y : 0);
        return;
    }
    case t_date:
    case t_newdate: append_date(out, c); return;
    case t_time: col.hires_fsp ? append_time_hires(out, c, col.hires_fsp) : append_time(out, c); return;
    case t_time2: append_time2(out, c, col.meta); return;
    case t_datetime: col.hires_fsp ? append_datetime_hires(out, c, col.hires_fsp) : append_datetime(out, c); return;
    case t_datetime2: append_datetime2(out, c, col.meta); return;
    case t_timestamp: col.hires_fsp ? append_timestamp_hires(out, c, col.hires_fsp) : append_timestamp(out, c); return;
    case t_timestamp2: append_timestamp2(out, c, col.meta); return;
    case t_varchar:
    case t_var_string: {
        size_t length = col.meta < 256 ? c.u8() : c.u16();
        text_or_bytes(out, c.bytes(length), col, false, c);
        return;
    }
    case t_string: char_value(out, c, col); return;
    case t_enum: enum_value(out, c, col); return;
    case t_set: set_value(out, c, col); return;
    case t_bit: bit_value(out, c, col); return;
    case t_blob:
    case t_tiny_blob:
    case t_medium_blob:
    case t_long_blob: {
        if (col.meta < 1 || col.meta > 4) c.fail("BLOB length of " + std::to_string(col.meta) + " bytes");
        std::string_view bytes = c.bytes(c.checked_size(c.uint_le(col.meta)));
        text_or_bytes(out, bytes, col, true, c);
        return;
    }
    case t_json: {
        uint64_t at = c.offset();
        std::string_view doc = read_json_bytes(c, col);
        append_binary_json(out, doc, at + col.meta);
        return;
    }
    case t_varchar_compressed:
    case t_blob_compressed: compressed_value(out, c, col); return;
    case t_geometry: geometry_value(out, c, col); return;
    case t_null: out += "null"; return;
    default: c.fail("column " + col.name + ": unsupported column type " + std::to_string(col.type));
    }
}

} // namespace cdc::binlog
