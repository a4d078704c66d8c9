#include "http/api_error.h"
#include "http/summary_request.h"

#include <catch2/catch.hpp>

using namespace cdc::http;
using cdc::analytics::Dimension;

namespace {

int refusal(const std::function<void()>& f, std::string* message = nullptr) {
    try {
        f();
    } catch (const ApiError& e) {
        if (message) *message = e.what();
        return e.status;
    }
    return 0;
}

} // namespace

TEST_CASE("Merchant ids are integers") {
    CHECK(parse_merchant_id("10") == 10);
    CHECK(parse_merchant_id("-3") == -3);
    CHECK(parse_merchant_id("9223372036854775807") == 9223372036854775807);
    std::string message;
    for (const char* text : {"abc", "1.5", "10x", "+1", " 1", "9223372036854775808", "0x10"}) {
        INFO(text);
        CHECK(refusal([&] { parse_merchant_id(text); }, &message) == 400);
    }
    refusal([] { parse_merchant_id("abc"); }, &message);
    CHECK(message == "merchant id 'abc' is not an integer");
}

TEST_CASE("Categories must fit the column, counted in characters") {
    CHECK(parse_category("Computer Accessories") == "Computer Accessories");
    std::string hundred_e_acute;
    for (int i = 0; i < 100; ++i) hundred_e_acute += "\xc3\xa9"; // 200 bytes, 100 characters
    CHECK(parse_category(hundred_e_acute) == hundred_e_acute);
    std::string message;
    CHECK(refusal([&] { parse_category(hundred_e_acute + "x"); }, &message) == 400);
    CHECK(message == "category is 101 characters long; the column holds at most 100");
    CHECK(refusal([] { parse_category("\xff\xfe"); }, &message) == 400);
    CHECK(message == "category is not valid UTF-8");
    CHECK(refusal([] { parse_category("caf\xc3"); }) == 400);
}

TEST_CASE("Buckets are a count and a unit") {
    CHECK(parse_bucket("30s") == 30);
    CHECK(parse_bucket("15m") == 900);
    CHECK(parse_bucket("1h") == 3600);
    CHECK(parse_bucket("1d") == 86400);
    CHECK(parse_bucket("366d") == 366 * 86400);
    for (const char* text : {"", "h", "0h", "-1h", "1x", "1", "1.5h", "367d", "+1h", "1 h", "99999999999999999999d"}) {
        INFO(text);
        CHECK(refusal([&] { parse_bucket(text); }) == 400);
    }
}

TEST_CASE("Unknown and repeated parameters are refused by name") {
    std::string message;
    CHECK(refusal([] { check_parameters({{"from", "x"}, {"limit", "1"}}, "from,to,limit"); }) == 0);
    CHECK(refusal([&] { check_parameters({{"form", "x"}}, "from,to"); }, &message) == 400);
    CHECK(message == "unknown parameter 'form' (this route takes from,to)");
    CHECK(refusal([&] { check_parameters({{"x", ""}}, ""); }, &message) == 400);
    CHECK(message == "unknown parameter 'x' (this route takes none)");
    CHECK(refusal([&] { check_parameters({{"to", "a"}, {"to", "b"}}, "from,to"); }, &message) == 400);
    CHECK(message == "parameter 'to' is given more than once");
    CHECK(refusal([] { check_parameters({{"fro", "x"}}, "from"); }) == 400);
}

TEST_CASE("A summary query takes its range, bucket and page size from the parameters") {
    const PageLimits limits{100, 1000};
    auto q = summary_query(Dimension::merchant, "10", {}, limits);
    CHECK(q.merchant_id == 10);
    CHECK(q.from == cdc::analytics::timestamp_min);
    CHECK(q.to == cdc::analytics::timestamp_max);
    CHECK(q.bucket == 0);
    CHECK(q.limit == 100);
    CHECK_FALSE(q.after);

    q = summary_query(Dimension::category, "Books",
                      {{"from", "2025-01-01T10:00:00Z"}, {"to", "2025-01-02"}, {"bucket", "1h"}, {"limit", "1000"}},
                      limits);
    CHECK(q.category == "Books");
    CHECK(q.from == 1735725600);
    CHECK(q.to == 1735776000);
    CHECK(q.bucket == 3600);
    CHECK(q.limit == 1000);

    // Far dates are clamped to what a TIMESTAMP column holds.
    q = summary_query(Dimension::merchant, "1", {{"from", "1900-01-01"}, {"to", "2100-01-01"}}, limits);
    CHECK(q.from == 0);
    CHECK(q.to == 2147483647);

    std::string message;
    CHECK(refusal([&] { summary_query(Dimension::merchant, "1", {{"limit", "1001"}}, limits); }, &message) == 400);
    CHECK(message == "limit: '1001' is not a whole number from 1 to 1000");
    CHECK(refusal([&] { summary_query(Dimension::merchant, "1", {{"limit", "0"}}, limits); }) == 400);
    CHECK(refusal(
              [&] {
                  summary_query(Dimension::merchant, "1", {{"from", "2025-01-02"}, {"to", "2025-01-01"}}, limits);
              },
              &message) == 400);
    CHECK(message == "from (2025-01-02T00:00:00Z) is not before to (2025-01-01T00:00:00Z)");
    CHECK(refusal([&] { summary_query(Dimension::merchant, "1", {{"to", "soon"}}, limits); }, &message) == 400);
    CHECK(message == "to: 'soon' is not an ISO-8601 date or time (e.g. 2025-01-01T10:00:00Z)");
}

TEST_CASE("A cursor continues the query it came from, and only that one") {
    const PageLimits limits;
    cdc::analytics::SummaryRow last;
    last.time = 1735725600;
    last.merchant_id = 42;
    last.category = "Home & Garden";

    auto by_merchant = summary_query(Dimension::merchant, "10", {{"bucket", "1h"}}, limits);
    const std::string cursor = next_cursor(by_merchant, last);
    CHECK(cursor.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    auto next = summary_query(Dimension::merchant, "10", {{"bucket", "1h"}, {"cursor", cursor}}, limits);
    REQUIRE(next.after);
    CHECK(*next.after == cdc::analytics::PageKey{1735725600, "Home & Garden"});

    // Another bucket or route would read the position differently: refused.
    CHECK(refusal([&] { summary_query(Dimension::merchant, "10", {{"cursor", cursor}}, limits); }) == 400);
    CHECK(refusal([&] {
              summary_query(Dimension::category, "Books", {{"bucket", "1h"}, {"cursor", cursor}}, limits);
          }) == 400);
    CHECK(refusal([&] { summary_query(Dimension::merchant, "10", {{"cursor", "not*base64"}}, limits); }) == 400);
    CHECK(refusal([&] { summary_query(Dimension::merchant, "10", {{"cursor", ""}}, limits); }) == 400);

    auto by_category = summary_query(Dimension::category, "Books", {}, limits);
    next = summary_query(Dimension::category, "Books", {{"cursor", next_cursor(by_category, last)}}, limits);
    CHECK(*next.after == cdc::analytics::PageKey{1735725600, "42"});

    auto list = list_query("categories", {{"cursor", list_cursor("categories", "Books")}, {"limit", "5"}}, limits);
    CHECK(list.after == "Books");
    CHECK(list.limit == 5);
    CHECK(refusal([&] { list_query("merchants", {{"cursor", list_cursor("categories", "Books")}}, limits); }) == 400);
}

TEST_CASE("Cache keys tell apart every query that answers differently") {
    const PageLimits limits;
    auto key = [&](Dimension by, const char* k, Params p) { return cache_key(summary_query(by, k, p, limits)); };
    CHECK(key(Dimension::merchant, "10", {}) == key(Dimension::merchant, "10", {}));
    CHECK(key(Dimension::merchant, "10", {{"to", "2030-01-01"}}) ==
          key(Dimension::merchant, "10", {{"to", "2030-01-01T00:00:00Z"}}));
    CHECK(key(Dimension::merchant, "10", {}) != key(Dimension::merchant, "11", {}));
    CHECK(key(Dimension::merchant, "10", {}) != key(Dimension::category, "10", {}));
    CHECK(key(Dimension::merchant, "10", {}) != key(Dimension::merchant, "10", {{"bucket", "1h"}}));
    CHECK(key(Dimension::merchant, "10", {}) != key(Dimension::merchant, "10", {{"limit", "5"}}));
    CHECK(key(Dimension::merchant, "10", {}) != key(Dimension::merchant, "10", {{"from", "2025-01-01"}}));
    CHECK(cache_key("merchants", ListQuery{5, std::nullopt}) != cache_key("merchants", ListQuery{5, "1"}));
}
