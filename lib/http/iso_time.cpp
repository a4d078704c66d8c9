#include "http/iso_time.h"

#include <chrono>
#include <cstdio>

namespace cdc::http {
namespace {

// Reads exactly `width` digits at `pos`.
bool digits(std::string_view text, size_t& pos, size_t width, int& out) {
    if (pos + width > text.size()) return false;
    out = 0;
    for (size_t i = 0; i < width; ++i) {
        char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    pos += width;
    return true;
}

bool literal(std::string_view text, size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

} // namespace

std::optional<std::int64_t> parse_iso8601(std::string_view text) {
    using namespace std::chrono;
    size_t pos = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!digits(text, pos, 4, y) || !literal(text, pos, '-') || !digits(text, pos, 2, mo) || !literal(text, pos, '-') ||
        !digits(text, pos, 2, d))
        return std::nullopt;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    std::int64_t seconds = sys_days{date}.time_since_epoch() / 1s;
    if (pos == text.size()) return seconds;

    if (!literal(text, pos, 'T') && !literal(text, pos, 't') && !literal(text, pos, ' ')) return std::nullopt;
    if (!digits(text, pos, 2, h) || !literal(text, pos, ':') || !digits(text, pos, 2, mi)) return std::nullopt;
    if (literal(text, pos, ':') && !digits(text, pos, 2, s)) return std::nullopt;
    if (h > 23 || mi > 59 || s > 59) return std::nullopt;
    seconds += h * 3600 + mi * 60 + s;
    if (literal(text, pos, '.') || literal(text, pos, ',')) {
        bool nonzero = false;
        size_t first = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') nonzero |= text[pos++] != '0';
        if (pos == first) return std::nullopt;
        if (nonzero) ++seconds;
    }
    if (pos == text.size()) return seconds;
    if (text[pos] == 'Z' || text[pos] == 'z') return pos + 1 == text.size() ? std::optional(seconds) : std::nullopt;

    const char sign = text[pos++];
    int zh = 0, zm = 0;
    if ((sign != '+' && sign != '-') || !digits(text, pos, 2, zh)) return std::nullopt;
    literal(text, pos, ':');
    if (!digits(text, pos, 2, zm) || pos != text.size() || zh > 23 || zm > 59) return std::nullopt;
    const std::int64_t offset = zh * 3600 + zm * 60;
    return sign == '+' ? seconds - offset : seconds + offset;
}

std::string format_iso8601(std::int64_t seconds) {
    using namespace std::chrono;
    const sys_seconds instant{std::chrono::seconds{seconds}};
    const auto day_start = floor<days>(instant);
    const year_month_day date{day_start};
    const hh_mm_ss time{instant - day_start};
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return out;
}

} // namespace cdc::http
