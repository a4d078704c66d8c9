#include "http/summary_request.h"

#include "http/api_error.h"
#include "http/iso_time.h"

#include <algorithm>
#include <charconv>

namespace cdc::http {
namespace {

constexpr std::string_view base64url_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view bytes) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) out += base64url_alphabet[(buffer >> (bits -= 6)) & 63];
    }
    if (bits > 0) out += base64url_alphabet[(buffer << (6 - bits)) & 63];
    return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        auto index = base64url_alphabet.find(c);
        if (index == std::string_view::npos) return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(index);
        bits += 6;
        if (bits >= 8) out += static_cast<char>((buffer >> (bits -= 8)) & 255);
    }
    return out;
}

// A cursor is opaque to clients: the scope it was issued for (route, bucket) and where the
// page ended, base64url-encoded. A cursor from another scope is refused, not misread.
std::string encode_cursor(const std::string& scope, std::string_view position) {
    return base64url(scope + '\n' + std::string(position));
}

std::string decode_cursor(std::string_view cursor, const std::string& scope) {
    auto bytes = from_base64url(cursor);
    if (!bytes || bytes->compare(0, scope.size() + 1, scope + '\n') != 0)
        throw ApiError(400, "cursor: not a cursor this route issued for these parameters; "
                            "start again without it");
    return bytes->substr(scope.size() + 1);
}

std::string summary_scope(const analytics::SummaryQuery& q) {
    return std::string(q.by == analytics::Dimension::merchant ? "merchant" : "category") + ":" +
           std::to_string(q.bucket);
}

std::optional<std::int64_t> to_int64(std::string_view text) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// The number of characters in UTF-8 text, or nullopt when it is not UTF-8.
std::optional<size_t> utf8_length(std::string_view text) {
    size_t count = 0;
    for (size_t i = 0; i < text.size(); ++count) {
        const auto c = static_cast<unsigned char>(text[i]);
        size_t extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 9;
        if (extra == 9 || i + extra >= text.size()) return std::nullopt;
        for (size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 2) return std::nullopt;
        i += extra + 1;
    }
    return count;
}

const std::string* single(const Params& params, const std::string& name) {
    auto it = params.find(name);
    return it == params.end() ? nullptr : &it->second;
}

std::int64_t instant(const Params& params, const std::string& name, std::int64_t otherwise) {
    const std::string* text = single(params, name);
    if (!text) return otherwise;
    auto seconds = parse_iso8601(*text);
    if (!seconds)
        throw ApiError(400, name + ": '" + *text + "' is not an ISO-8601 date or time (e.g. 2025-01-01T10:00:00Z)");
    return std::clamp(*seconds, analytics::timestamp_min, analytics::timestamp_max);
}

std::int64_t limit(const Params& params, const PageLimits& limits) {
    const std::string* text = single(params, "limit");
    if (!text) return limits.default_rows;
    auto value = to_int64(*text);
    if (!value || *value < 1 || *value > limits.max_rows)
        throw ApiError(400,
                       "limit: '" + *text + "' is not a whole number from 1 to " + std::to_string(limits.max_rows));
    return *value;
}

} // namespace

std::int64_t parse_merchant_id(std::string_view text) {
    auto id = to_int64(text);
    if (!id || text.front() == '+') throw ApiError(400, "merchant id '" + std::string(text) + "' is not an integer");
    return *id;
}

std::string parse_category(std::string_view text) {
    auto length = utf8_length(text);
    if (!length) throw ApiError(400, "category is not valid UTF-8");
    if (*length == 0) throw ApiError(400, "category is empty");
    if (*length > category_max_chars)
        throw ApiError(400, "category is " + std::to_string(*length) + " characters long; the column holds at most " +
                                std::to_string(category_max_chars));
    return std::string(text);
}

std::int64_t parse_bucket(std::string_view text) {
    constexpr std::int64_t max_seconds = 366 * 86400;
    const std::string bad =
        "bucket: '" + std::string(text) + "' is not a length like 30s, 15m, 1h or 1d (at most 366d)";
    if (text.size() < 2) throw ApiError(400, bad);
    auto count = to_int64(text.substr(0, text.size() - 1));
    std::int64_t unit = 0;
    switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    }
    if (!count || unit == 0 || text.front() == '+' || *count < 1 || *count > max_seconds / unit)
        throw ApiError(400, bad);
    return *count * unit;
}

void check_parameters(const Params& params, std::string_view allowed) {
    for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
        const std::string& name = it->first;
        bool known = false;
        for (size_t start = 0; start <= allowed.size();) {
            size_t end = std::min(allowed.find(',', start), allowed.size());
            known |= allowed.substr(start, end - start) == name;
            start = end + 1;
        }
        if (!known)
            throw ApiError(400, "unknown parameter '" + name + "'" +
                                    (allowed.empty() ? std::string(" (this route takes none)")
                                                     : " (this route takes " + std::string(allowed) + ")"));
        if (params.count(name) > 1) throw ApiError(400, "parameter '" + name + "' is given more than once");
    }
}

analytics::SummaryQuery summary_query(analytics::Dimension by, std::string_view key, const Params& params,
                                      const PageLimits& limits) {
    analytics::SummaryQuery q;
    q.by = by;
    if (by == analytics::Dimension::merchant) q.merchant_id = parse_merchant_id(key);
    else q.category = parse_category(key);
    q.from = instant(params, "from", analytics::timestamp_min);
    q.to = instant(params, "to", analytics::timestamp_max);
    if (q.from >= q.to)
        throw ApiError(400, "from (" + format_iso8601(q.from) + ") is not before to (" + format_iso8601(q.to) + ")");
    if (const std::string* bucket = single(params, "bucket")) q.bucket = parse_bucket(*bucket);
    q.limit = limit(params, limits);
    if (const std::string* cursor = single(params, "cursor")) {
        std::string position = decode_cursor(*cursor, summary_scope(q));
        auto newline = position.find('\n');
        auto time = to_int64(std::string_view(position).substr(0, newline));
        if (newline == std::string::npos || !time)
            throw ApiError(400, "cursor: not a cursor this route issued; start again without it");
        q.after = analytics::PageKey{*time, position.substr(newline + 1)};
        if (by == analytics::Dimension::category && !to_int64(q.after->key))
            throw ApiError(400, "cursor: not a cursor this route issued; start again without it");
    }
    return q;
}

std::string next_cursor(const analytics::SummaryQuery& query, const analytics::SummaryRow& last) {
    auto key = last.page_key(query.by);
    return encode_cursor(summary_scope(query), std::to_string(key.time) + '\n' + key.key);
}

ListQuery list_query(std::string_view list, const Params& params, const PageLimits& limits) {
    ListQuery q;
    q.limit = limit(params, limits);
    if (const std::string* cursor = single(params, "cursor")) q.after = decode_cursor(*cursor, std::string(list));
    return q;
}

std::string list_cursor(std::string_view list, std::string_view last) { return encode_cursor(std::string(list), last); }

// Free text goes last or with its length, so that no two queries share a key.
std::string cache_key(const analytics::SummaryQuery& q) {
    std::string key = summary_scope(q) + '\n' + std::to_string(q.from) + '\n' + std::to_string(q.to) + '\n' +
                      std::to_string(q.limit) + '\n';
    if (q.after) key += std::to_string(q.after->time) + '\n' + std::to_string(q.after->key.size()) + ':' + q.after->key;
    return key + '\n' + (q.by == analytics::Dimension::merchant ? std::to_string(q.merchant_id) : q.category);
}

std::string cache_key(std::string_view list, const ListQuery& q) {
    return std::string(list) + '\n' + std::to_string(q.limit) + (q.after ? '\n' + *q.after : std::string());
}

} // namespace cdc::http
