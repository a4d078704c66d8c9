#pragma once
// Builds binlog bytes by hand for tests: events with chosen contents, and whole files.
#include <cstdint>
#include <string>
#include <vector>

namespace cdc::test {

struct Bytes {
    std::string data;
    Bytes& u8(uint8_t v) {
        data += static_cast<char>(v);
        return *this;
    }
    Bytes& le(uint64_t v, int n) {
        for (int i = 0; i < n; ++i) data += static_cast<char>(v >> (8 * i));
        return *this;
    }
    Bytes& be(uint64_t v, int n) {
        for (int i = n - 1; i >= 0; --i) data += static_cast<char>(v >> (8 * i));
        return *this;
    }
    Bytes& raw(const std::string& s) {
        data += s;
        return *this;
    }
    Bytes& lenenc(uint64_t v) { // values below 251 only, as the tests need
        return u8(static_cast<uint8_t>(v));
    }
    Bytes& lenenc_str(const std::string& s) { return lenenc(s.size()).raw(s); }
};

// One event: common header (checksums off) + body.
inline std::string event(uint8_t type, const std::string& body, uint32_t timestamp = 1700000000,
                         uint32_t server_id = 1) {
    Bytes b;
    b.le(timestamp, 4).u8(type).le(server_id, 4).le(19 + body.size(), 4).le(0, 4).le(0, 2).raw(body);
    return b.data;
}

// A MariaDB 10.11 FORMAT_DESCRIPTION with checksums off.
inline std::string format_description() {
    Bytes b;
    b.le(4, 2);
    std::string version = "10.11.6-MariaDB";
    version.resize(50, '\0');
    b.raw(version).le(0, 4).u8(19);
    std::vector<uint8_t> post(164, 0);
    post[2 - 1] = 13;  // QUERY
    post[18 - 1] = 26; // EXECUTE_LOAD_QUERY
    post[4 - 1] = 8;   // ROTATE
    post[19 - 1] = 8;  // TABLE_MAP
    for (int t : {23, 24, 25}) post[t - 1] = 8;
    for (int t : {30, 31, 32, 39}) post[t - 1] = 10;
    for (uint8_t p : post) b.u8(p);
    b.u8(0).le(0, 4); // checksum algorithm off, unused checksum
    return event(15, b.data);
}

inline std::string query(const std::string& sql, const std::string& db = "shop") {
    Bytes b;
    b.le(7, 4).le(0, 4).u8(static_cast<uint8_t>(db.size())).le(0, 2).le(0, 2).raw(db).u8(0).raw(sql);
    return event(2, b.data);
}

// LOAD DATA logged as a statement: QUERY's layout with 13 more post-header bytes (file id,
// where the file name is in the statement, what to do with duplicates).
inline std::string execute_load_query(const std::string& sql, const std::string& db = "shop") {
    Bytes b;
    b.le(7, 4).le(0, 4).u8(static_cast<uint8_t>(db.size())).le(0, 2).le(0, 2);
    b.le(1, 4).le(0, 4).le(0, 4).u8(0);
    b.raw(db).u8(0).raw(sql);
    return event(18, b.data);
}

inline std::string xid() { return event(16, Bytes().le(42, 8).data); }

// XA_PREPARE of the XA transaction with gtrid `gtrid` (formatID 1, no bqual).
inline std::string xa_prepare(const std::string& gtrid, bool one_phase = false) {
    return event(38, Bytes().u8(one_phase).le(1, 4).le(gtrid.size(), 4).le(0, 4).raw(gtrid).data);
}

// MariaDB's GTID `domain`-1-`seq` with `flags` (1: standalone, 64: an XA transaction's rows,
// whose gtrid follows).
inline std::string mariadb_gtid(uint64_t seq, uint8_t flags, const std::string& gtrid = "", uint32_t domain = 0) {
    Bytes b;
    b.le(seq, 8).le(domain, 4).u8(flags);
    if (flags & 64) b.le(1, 4).u8(static_cast<uint8_t>(gtrid.size())).u8(0).raw(gtrid);
    return event(162, b.data);
}

// TABLE_MAP of shop.items with FULL metadata (names + primary key = first column); with no
// `names`, as MINIMAL metadata writes it: neither.
inline std::string table_map(uint64_t id, const std::vector<uint8_t>& types, const std::string& meta,
                             const std::vector<std::string>& names, const std::string& db = "shop",
                             const std::string& table = "items") {
    Bytes b;
    b.le(id, 6).le(1, 2).u8(static_cast<uint8_t>(db.size())).raw(db).u8(0);
    b.u8(static_cast<uint8_t>(table.size())).raw(table).u8(0).lenenc(types.size());
    for (uint8_t t : types) b.u8(t);
    b.lenenc_str(meta);
    b.le(0xff, static_cast<int>((types.size() + 7) / 8)); // all nullable
    if (names.empty()) return event(19, b.data);
    Bytes names_field;
    for (const auto& n : names) names_field.lenenc_str(n);
    b.u8(4).lenenc_str(names_field.data);
    b.u8(8).lenenc_str(Bytes().lenenc(0).data);
    return event(19, b.data);
}

// A rows event (v1 23/24/25, v2 30/31/32/39) for `columns` columns, all present, with `rows`
// already encoded (null bitmap + values per image).
inline std::string rows_event(uint8_t type, uint64_t id, size_t columns, const std::string& rows) {
    Bytes b;
    b.le(id, 6).le(1, 2);
    if (type >= 30) b.le(2, 2);
    b.lenenc(columns);
    int bitmap = static_cast<int>((columns + 7) / 8);
    b.le(0xffffffff, bitmap);
    if (type == 24 || type == 31 || type == 39) b.le(0xffffffff, bitmap);
    b.raw(rows);
    return event(type, b.data);
}

// shop.items (id BIGINT PRIMARY KEY, name VARCHAR(20) utf8mb4), table id 7: names and PK from
// FULL metadata; and one row image of it.
inline std::string items_map() { return table_map(7, {8, 15}, Bytes().le(80, 2).data, {"id", "name"}); }
inline std::string item(int64_t id, const std::string& name) {
    return Bytes().u8(0).le(static_cast<uint64_t>(id), 8).u8(static_cast<uint8_t>(name.size())).raw(name).data;
}

inline std::string binlog_file(const std::vector<std::string>& events) {
    std::string f = "\xfe"
                    "bin";
    f += format_description();
    for (const auto& e : events) f += e;
    return f;
}

} // namespace cdc::test
