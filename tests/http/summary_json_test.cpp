#include "config/failure.h"
#include "http/summary_json.h"

#include <catch2/catch.hpp>

using namespace cdc::http;

TEST_CASE("Amounts are written with exactly two decimals, digit for digit") {
    CHECK(cents_text("4500.00") == "4500.00");
    CHECK(cents_text("4500") == "4500.00");
    CHECK(cents_text("0.5") == "0.50");
    CHECK(cents_text("0.01") == "0.01");
    CHECK(cents_text("-1.20") == "-1.20");
    CHECK(cents_text("9999999999999.99") == "9999999999999.99");
    // Sums of DECIMAL(15,2) can exceed what any double holds exactly.
    CHECK(cents_text("12345678901234567890123.45") == "12345678901234567890123.45");
    CHECK(cents_text("7.100") == "7.10");
}

TEST_CASE("Text from the sink that is no amount in cents is an error, not a guess") {
    for (const char* text : {"", "abc", "1.2.3", "1.234", "1e5", " 1.00", "--1", ".", "1."}) {
        INFO(text);
        CHECK_THROWS_AS(cents_text(text), cdc::Failure);
    }
}

TEST_CASE("Summary rows become the original API's JSON objects") {
    cdc::analytics::SummaryRow row;
    row.time = 1735725600;
    row.merchant_id = 10;
    row.category = "Computer \"Accessories\"";
    row.total_revenue = "9999999999999.99";
    row.items_sold = "3";
    row.order_count = "2";
    CHECK(summary_json({}) == "[]");
    CHECK(summary_json({row, row}) ==
          "[{\"timestamp\":\"2025-01-01T10:00:00Z\",\"merchantId\":10,\"category\":\"Computer \\\"Accessories\\\"\","
          "\"totalRevenue\":9999999999999.99,\"totalItems\":3,\"orderCount\":2},"
          "{\"timestamp\":\"2025-01-01T10:00:00Z\",\"merchantId\":10,\"category\":\"Computer \\\"Accessories\\\"\","
          "\"totalRevenue\":9999999999999.99,\"totalItems\":3,\"orderCount\":2}]");
    row.items_sold = "3; drop";
    CHECK_THROWS_AS(summary_json({row}), cdc::Failure);
}

TEST_CASE("Errors are one JSON object with the message escaped") {
    CHECK(error_json("bad \"x\"\n") == "{\"error\":\"bad \\\"x\\\"\\n\"}");
    CHECK(json_string("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
}
