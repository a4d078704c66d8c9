#include "binlog/control_events.h"

#include "binlog/event_type.h"

#include <bit>
#include <map>

namespace cdc::binlog {

QueryEvent parse_query(const Event& e) {
    ByteCursor c = e.body;
    // EXECUTE_LOAD_QUERY's post-header is QUERY's and 13 bytes more.
    size_t post_header = e.format->post_header_length(e.header.type, e.header.type == query ? 13 : 26);
    ByteCursor ph = c.sub(post_header);
    QueryEvent q;
    q.thread_id = ph.u32();
    ph.skip(4); // exec time
    uint8_t db_length = ph.u8();
    ph.skip(2); // error code
    uint16_t status_length = post_header >= 13 ? ph.u16() : 0;
    c.skip(status_length);
    q.db = c.bytes(db_length);
    c.skip(1); // the database name's NUL
    q.sql = c.rest();
    return q;
}

RotateEvent parse_rotate(const Event& e) {
    ByteCursor c = e.body;
    RotateEvent r;
    if (e.format->post_header_length(rotate, 8) >= 8) r.position = c.u64();
    r.next_file.assign(c.rest());
    return r;
}

namespace {
void append_hex(std::string& s, uint8_t byte) {
    static const char hex[] = "0123456789abcdef";
    s += hex[byte >> 4];
    s += hex[byte & 15];
}
} // namespace

std::string format_uuid(std::string_view b) {
    std::string s;
    s.reserve(36);
    for (size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        append_hex(s, static_cast<uint8_t>(b[i]));
    }
    return s;
}

std::string xid_text(int64_t format_id, std::string_view gtrid, std::string_view bqual) {
    std::string s = "X'";
    for (char c : gtrid) append_hex(s, static_cast<uint8_t>(c));
    s += "',X'";
    for (char c : bqual) append_hex(s, static_cast<uint8_t>(c));
    return s + "'," + std::to_string(format_id);
}

XaPrepareEvent parse_xa_prepare(const Event& e) {
    ByteCursor c = e.body;
    XaPrepareEvent x;
    x.one_phase = c.u8() != 0;
    auto format_id = static_cast<int32_t>(c.u32());
    uint32_t gtrid_length = c.u32(), bqual_length = c.u32();
    if (gtrid_length > 64 || bqual_length > 64) c.fail("XA_PREPARE with an XID longer than 64 bytes");
    std::string_view gtrid = c.bytes(gtrid_length), bqual = c.bytes(bqual_length);
    x.xid = xid_text(format_id, gtrid, bqual);
    return x;
}

GtidEvent parse_mysql_gtid(const Event& e) {
    ByteCursor c = e.body;
    c.skip(1); // flags
    std::string_view sid = c.bytes(16);
    int64_t gno = static_cast<int64_t>(c.u64());
    GtidEvent g;
    if (e.header.type == mysql_gtid) g.gtid = format_uuid(sid) + ":" + std::to_string(gno);
    return g;
}

namespace {

// MySQL's serialization library (tagged GTIDs): integers of 1..9 bytes whose first byte tells
// the length by its count of trailing one bits.
uint64_t varlen_uint(ByteCursor& c) {
    const uint8_t first = c.u8();
    int ones = std::countr_one(first);
    if (ones == 8) return c.u64();
    uint64_t v = first;
    for (int i = 0; i < ones; ++i) v |= static_cast<uint64_t>(c.u8()) << (8 * (i + 1));
    return v >> (ones + 1);
}

int64_t varlen_int(ByteCursor& c) {
    uint64_t u = varlen_uint(c);
    return (u & 1) ? -static_cast<int64_t>(u >> 1) - 1 : static_cast<int64_t>(u >> 1);
}

} // namespace

GtidEvent parse_mysql_tagged_gtid(const Event& e) {
    ByteCursor c = e.body;
    uint64_t start = c.offset();
    uint8_t version = c.u8();
    if (version != 2) c.fail("unsupported tagged GTID serialization version " + std::to_string(version));
    uint64_t payload_size = varlen_uint(c);
    varlen_uint(c); // last non-ignorable field id
    uint64_t consumed = c.offset() - start;
    if (payload_size < consumed) c.fail("tagged GTID payload size smaller than its header");
    ByteCursor fields = c.sub(c.checked_size(payload_size - consumed));
    std::string sid(16, '\0');
    std::string tag;
    int64_t gno = -1;
    while (!fields.empty()) {
        uint64_t id = varlen_uint(fields);
        switch (id) {
        case 0: varlen_uint(fields); break; // flags
        case 1:
            for (char& b : sid) {
                uint64_t v = varlen_uint(fields);
                if (v > 255) fields.fail("tagged GTID uuid byte out of range");
                b = static_cast<char>(v);
            }
            break;
        case 2: gno = varlen_int(fields); break;
        case 3: tag.assign(fields.bytes(fields.checked_size(varlen_uint(fields)))); break;
        case 4:
        case 5: varlen_int(fields); break; // logical clock
        case 6:
        case 7:
        case 8:
        case 9:
        case 10:
        case 11: varlen_uint(fields); break;
        default: fields.rest(); break; // a newer, ignorable field: the rest is not needed
        }
    }
    if (gno < 0) c.fail("tagged GTID event without a transaction number");
    GtidEvent g;
    g.gtid = format_uuid(sid) + (tag.empty() ? "" : ":" + tag) + ":" + std::to_string(gno);
    return g;
}

GtidEvent parse_mariadb_gtid(const Event& e) {
    ByteCursor c = e.body;
    uint64_t seq = c.u64();
    uint32_t domain = c.u32();
    uint8_t flags = c.u8();
    GtidEvent g;
    g.gtid = std::to_string(domain) + "-" + std::to_string(e.header.server_id) + "-" + std::to_string(seq);
    g.standalone = flags & 1;
    g.xa = flags & 64; // FL_PREPARED_XA
    return g;
}

std::string parse_previous_gtids(const Event& e) {
    ByteCursor c = e.body;
    uint64_t head = c.u64();
    bool tagged = (head >> 56) == 1;
    uint64_t n_sids = tagged ? (head >> 8) & ((uint64_t(1) << 48) - 1) : head & ((uint64_t(1) << 56) - 1);
    std::string out;
    for (uint64_t i = 0; i < n_sids; ++i) {
        if (!out.empty()) out += ',';
        out += format_uuid(c.bytes(16));
        if (tagged) {
            std::string_view tag = c.bytes(c.checked_size(varlen_uint(c)));
            if (!tag.empty()) out.append(":").append(tag);
        }
        uint64_t intervals = c.u64();
        if (intervals > c.remaining() / 16) c.fail("GTID set declares " + std::to_string(intervals) + " intervals");
        for (uint64_t k = 0; k < intervals; ++k) {
            uint64_t from = c.u64();
            uint64_t to = c.u64() - 1; // stored as [from, to); unsigned, so damage cannot overflow
            out += ':' + std::to_string(from);
            if (to != from) out += '-' + std::to_string(to);
        }
    }
    return out;
}

std::string parse_mariadb_gtid_list(const Event& e) {
    ByteCursor c = e.body;
    uint32_t count = c.u32() & 0x0fffffff;
    c.checked_size(uint64_t(count) * 16);
    // A domain's GTID is its last in the list: the server writes its most recent one there
    // (with gtid_strict_mode off it need not have the highest sequence).
    std::map<uint32_t, std::pair<uint32_t, uint64_t>> state; // domain: server id and sequence
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t domain = c.u32(), server = c.u32();
        uint64_t seq = c.u64();
        state.insert_or_assign(domain, std::make_pair(server, seq));
    }
    std::string out;
    for (const auto& [domain, gtid] : state) {
        if (!out.empty()) out += ',';
        out += std::to_string(domain) + "-" + std::to_string(gtid.first) + "-" + std::to_string(gtid.second);
    }
    return out;
}

std::string_view parse_rows_query(const Event& e) {
    ByteCursor c = e.body;
    if (e.header.type == rows_query) c.skip(1); // a length byte that overflows; the text runs to the end
    return c.rest();
}

IncidentEvent parse_incident(const Event& e) {
    ByteCursor c = e.body;
    IncidentEvent incident;
    incident.number = c.u16();
    if (!c.empty()) incident.message = c.bytes(c.u8());
    return incident;
}

} // namespace cdc::binlog
