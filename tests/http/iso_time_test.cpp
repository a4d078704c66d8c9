#include "http/iso_time.h"

#include <catch2/catch.hpp>

using cdc::http::format_iso8601;
using cdc::http::parse_iso8601;

TEST_CASE("ISO-8601 instants are read in every form the API accepts") {
    const std::int64_t ten = 1735725600; // 2025-01-01T10:00:00Z
    struct Case {
        const char* text;
        std::int64_t seconds;
    };
    const Case cases[] = {
        {"2025-01-01T10:00:00Z", ten},      {"2025-01-01t10:00:00z", ten},        {"2025-01-01 10:00:00", ten},
        {"2025-01-01T10:00Z", ten},         {"2025-01-01T10:00:00", ten},         {"2025-01-01", ten - 10 * 3600},
        {"2025-01-01T12:00:00+02:00", ten}, {"2025-01-01T04:30:00-0530", ten},    {"2025-01-01T10:00:00.000Z", ten},
        {"2025-01-01T09:59:59.001Z", ten}, // a fraction rounds up
        {"1970-01-01T00:00:00Z", 0},        {"2024-02-29T00:00:00Z", 1709164800},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(parse_iso8601(c.text) == c.seconds);
    }
}

TEST_CASE("Text that is not an ISO-8601 instant is refused") {
    for (const char* text : {"", "2025", "2025-1-1", "2025-13-01", "2025-02-30", "2023-02-29", "2025-01-01T24:00:00Z",
                             "2025-01-01T10:60:00Z", "2025-01-01T10:00:00ZZ", "2025-01-01T10:00:00+2", "yesterday",
                             "2025-01-01T10:00:00.Z", "2025-01-01T10", "1735725600", "2025-01-01T10:00:00 UTC"}) {
        INFO(text);
        CHECK_FALSE(parse_iso8601(text));
    }
}

TEST_CASE("Instants are written as ISO-8601 UTC") {
    CHECK(format_iso8601(1735725600) == "2025-01-01T10:00:00Z");
    CHECK(format_iso8601(0) == "1970-01-01T00:00:00Z");
    CHECK(format_iso8601(2147483647) == "2038-01-19T03:14:07Z");
    CHECK(format_iso8601(1709251199) == "2024-02-29T23:59:59Z");
}
