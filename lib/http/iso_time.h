#pragma once
// ISO-8601 instants as the API reads and writes them, in seconds since the epoch (UTC).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cdc::http {

// Reads 2025-01-01, 2025-01-01T10:00, 2025-01-01T10:00:00, with optional fraction and zone
// (Z, +02:00, -0530); no zone means UTC. A fraction rounds up to the next second, so that
// `from` and `to` keep the same rows as the exact instant would. nullopt when not a date.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

// 2025-01-01T10:00:00Z
std::string format_iso8601(std::int64_t seconds);

} // namespace cdc::http
