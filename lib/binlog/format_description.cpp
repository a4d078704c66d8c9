#include "binlog/format_description.h"

#include <tuple>

namespace cdc::binlog {

uint8_t FormatDescription::post_header_length(uint8_t type, uint8_t fallback) const {
    if (type == 0 || type > post_header_lengths.size()) return fallback;
    return post_header_lengths[type - 1];
}

namespace {
// The codes of released servers for the early codes 16 to 22 (early_numbering).
constexpr uint8_t released_codes[] = {19, 20, 21, 22, 16, 17, 18};
constexpr uint8_t first_early_code = 16;
} // namespace

uint8_t FormatDescription::event_type(uint8_t written) const {
    if (!early_numbering || written < first_early_code || written >= first_early_code + sizeof released_codes)
        return written;
    return released_codes[written - first_early_code];
}

bool server_writes_checksum_algorithm(const std::string& v) {
    int part[3] = {0, 0, 0};
    size_t i = 0;
    for (int k = 0; k < 3; ++k) {
        for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i)
            if (part[k] < 100000) part[k] = part[k] * 10 + (v[i] - '0'); // a damaged version must not overflow
        if (i < v.size() && v[i] == '.') ++i;
        else break;
    }
    auto version = std::make_tuple(part[0], part[1], part[2]);
    if (v.find("MariaDB") != std::string::npos) return version >= std::make_tuple(5, 3, 0);
    return version >= std::make_tuple(5, 6, 1);
}

FormatDescription parse_format_description(ByteCursor body) {
    FormatDescription f;
    f.binlog_version = body.u16();
    if (f.binlog_version != 4)
        body.fail("binlog format version " + std::to_string(f.binlog_version) + " (MySQL before 5.0) is not supported");
    std::string_view version = body.bytes(50);
    f.server_version.assign(version.substr(0, version.find('\0')));
    body.skip(4); // creation timestamp
    f.header_length = body.u8();
    if (f.header_length < 19) body.fail("event header length " + std::to_string(f.header_length) + " below 19");
    size_t lengths = body.remaining();
    bool has_algorithm = server_writes_checksum_algorithm(f.server_version);
    if (has_algorithm) {
        if (lengths < 5) body.fail("format description too short for its checksum algorithm");
        lengths -= 5;
    }
    std::string_view phl = body.bytes(lengths);
    f.post_header_lengths.assign(phl.begin(), phl.end());
    // Released servers give XID (16) no post-header; those trees gave their TABLE_MAP there 6 bytes.
    if (f.post_header_lengths.size() >= first_early_code + sizeof released_codes - 1 &&
        f.post_header_lengths[first_early_code - 1] != 0) {
        f.early_numbering = true;
        std::vector<uint8_t> written = f.post_header_lengths;
        for (uint8_t code = first_early_code; code < first_early_code + sizeof released_codes; ++code)
            f.post_header_lengths[f.event_type(code) - 1] = written[code - 1];
    }
    if (has_algorithm) {
        uint8_t alg = body.u8();
        if (alg == 1) f.checksum = Checksum::crc32;
        else if (alg == 0 || alg == 0xff) f.checksum = Checksum::off; // 0xff: written before checksums existed
        else body.fail("unknown binlog checksum algorithm " + std::to_string(alg));
    }
    return f;
}

} // namespace cdc::binlog
