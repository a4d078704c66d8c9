// cdc serve over real HTTP against the real sink: every route and every refusal.
#include "http/seed_summary.h"
#include "http/serve_process.h"

#include <catch2/catch.hpp>
#include <httplib.h>

using namespace serve_test;

namespace {

constexpr std::int64_t T = seed_day;

std::string row(const char* time, std::int64_t merchant, const char* category, const char* revenue, int items,
                int orders) {
    return std::string("{\"timestamp\":\"") + time + "\",\"merchantId\":" + std::to_string(merchant) +
           ",\"category\":\"" + category + "\",\"totalRevenue\":" + revenue +
           ",\"totalItems\":" + std::to_string(items) + ",\"orderCount\":" + std::to_string(orders) + "}";
}

void seed() {
    std::vector<SeedRow> rows{
        {T, 910001, "Computer Accessories", "0.01", 1, 1},
        {T, 910001, "Electronics", "4500.00", 3, 2},
        {T + 60, 910001, "Electronics", "9999999999999.99", 7, 5},
        {T + 3600, 910001, "Books", "20.10", 2, 2},
        {T, 910002, "Computer Accessories", "12.50", 2, 1},
        {T + 60, 910002, "Home/Garden & Patio", "1.00", 1, 1},
    };
    // A day of windows whose sum no double holds to the cent: 14399999999989624.80.
    for (std::int64_t i = 0; i < 1440; ++i) {
        const std::int64_t cents = 999999999999999 - i;
        rows.push_back({T + i * 60, 910003, "Bulk",
                        std::to_string(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100),
                        1, 1});
    }
    seed_summary(910001, 910003, rows);
}

struct Case {
    const char* method;
    std::string target;
    int status;
    std::string body;     // exact, when not empty
    std::string contains; // a part of the body, when not empty
};

httplib::Result send(httplib::Client& client, const std::string& method, const std::string& target) {
    if (method == "GET") return client.Get(target.c_str());
    if (method == "HEAD") return client.Head(target.c_str());
    if (method == "POST") return client.Post(target.c_str(), "{}", "application/json");
    if (method == "PUT") return client.Put(target.c_str(), "{}", "application/json");
    if (method == "DELETE") return client.Delete(target.c_str());
    return client.Options(target.c_str());
}

} // namespace

TEST_CASE("cdc serve answers every route and refuses bad requests with a JSON error") {
    seed();
    ServeProcess serve(reader_url(), {"--cache-ttl", "0", "--max-rows", "5000"});
    httplib::Client client("127.0.0.1", serve.port());
    client.set_url_encode(false); // the targets below are sent exactly as written

    const std::string day = "from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z";
    const std::string long_category(101, 'x');
    const std::vector<Case> cases{
        {"GET", "/analytics/merchant/910001", 200,
         "[" + row("2001-01-01T00:00:00Z", 910001, "Computer Accessories", "0.01", 1, 1) + "," +
             row("2001-01-01T00:00:00Z", 910001, "Electronics", "4500.00", 3, 2) + "," +
             row("2001-01-01T00:01:00Z", 910001, "Electronics", "9999999999999.99", 7, 5) + "," +
             row("2001-01-01T01:00:00Z", 910001, "Books", "20.10", 2, 2) + "]",
         ""},
        {"GET", "/analytics/merchant/910001?bucket=1h", 200,
         "[" + row("2001-01-01T00:00:00Z", 910001, "Computer Accessories", "0.01", 1, 1) + "," +
             row("2001-01-01T00:00:00Z", 910001, "Electronics", "10000000004499.99", 10, 7) + "," +
             row("2001-01-01T01:00:00Z", 910001, "Books", "20.10", 2, 2) + "]",
         ""},
        {"GET", "/analytics/merchant/910001?from=2001-01-01T00:01:00Z&to=2001-01-01T01:00:00Z", 200,
         "[" + row("2001-01-01T00:01:00Z", 910001, "Electronics", "9999999999999.99", 7, 5) + "]", ""},
        {"GET", "/analytics/merchant/910001?from=2001-01-01T02:00:00%2B02:00&to=2001-01-01T00:00:01Z", 200,
         "[" + row("2001-01-01T00:00:00Z", 910001, "Computer Accessories", "0.01", 1, 1) + "," +
             row("2001-01-01T00:00:00Z", 910001, "Electronics", "4500.00", 3, 2) + "]",
         ""},
        {"GET", "/analytics/merchant/910003?bucket=1d", 200,
         "[" + row("2001-01-01T00:00:00Z", 910003, "Bulk", "14399999999989624.80", 1440, 1440) + "]", ""},
        {"GET", "/analytics/merchant/910003?bucket=12h&limit=1", 200,
         "[" + row("2001-01-01T00:00:00Z", 910003, "Bulk", "7199999999997404.40", 720, 720) + "]", ""},
        {"GET", "/analytics/merchant/999999999", 200, "[]", ""},
        {"GET", "/analytics/category/Computer%20Accessories?" + day, 200,
         "[" + row("2001-01-01T00:00:00Z", 910001, "Computer Accessories", "0.01", 1, 1) + "," +
             row("2001-01-01T00:00:00Z", 910002, "Computer Accessories", "12.50", 2, 1) + "]",
         ""},
        {"GET", "/analytics/category/Computer%20Accessories?bucket=1d&" + day, 200,
         "[" + row("2001-01-01T00:00:00Z", 910001, "Computer Accessories", "0.01", 1, 1) + "," +
             row("2001-01-01T00:00:00Z", 910002, "Computer Accessories", "12.50", 2, 1) + "]",
         ""},
        {"GET", "/analytics/category/Home%2FGarden%20%26%20Patio?" + day, 200,
         "[" + row("2001-01-01T00:01:00Z", 910002, "Home/Garden & Patio", "1.00", 1, 1) + "]", ""},
        {"HEAD", "/analytics/merchant/910001", 200, "", ""},
        {"GET", "/analytics/merchants?limit=5000", 200, "", "910001,910002,910003"},
        {"GET", "/analytics/categories?limit=5000", 200, "", "\"Home/Garden & Patio\""},
        {"GET", "/health/liveness", 200, "{\"status\":\"alive\"}", ""},
        {"GET", "/health", 200, "{\"status\":\"alive\"}", ""},
        {"GET", "/health/readiness", 200, "", "\"status\":\"ready\",\"sink\":\"reachable\",\"newestWindow\":\""},
        {"GET", "/", 200, "", "<svg"},
        {"GET", "/?merchant=910001&range=86400", 200, "", "/assets/dashboard.js"},
        {"GET", "/assets/dashboard.js", 200, "", "function drawChart"},
        {"GET", "/assets/dashboard.css", 200, "", ".chart"},
        // Refusals
        {"GET", "/analytics/merchant/abc", 400, "{\"error\":\"merchant id 'abc' is not an integer\"}", ""},
        {"GET", "/analytics/merchant/1.5", 400, "{\"error\":\"merchant id '1.5' is not an integer\"}", ""},
        {"GET", "/analytics/merchant/99999999999999999999", 400, "", "is not an integer"},
        {"GET", "/analytics/category/" + long_category, 400,
         "{\"error\":\"category is 101 characters long; the column holds at most 100\"}", ""},
        {"GET", "/analytics/category/%FF", 400, "{\"error\":\"category is not valid UTF-8\"}", ""},
        {"GET", "/analytics/merchant/910001?foo=1", 400,
         "{\"error\":\"unknown parameter 'foo' (this route takes from,to,bucket,limit,cursor)\"}", ""},
        {"GET", "/analytics/merchant/910001?limit=1&limit=2", 400,
         "{\"error\":\"parameter 'limit' is given more than once\"}", ""},
        {"GET", "/analytics/merchant/910001?from=2025-13-01", 400,
         "{\"error\":\"from: '2025-13-01' is not an ISO-8601 date or time (e.g. 2025-01-01T10:00:00Z)\"}", ""},
        {"GET", "/analytics/merchant/910001?from=2001-01-02&to=2001-01-01", 400,
         "{\"error\":\"from (2001-01-02T00:00:00Z) is not before to (2001-01-01T00:00:00Z)\"}", ""},
        {"GET", "/analytics/merchant/910001?bucket=2x", 400,
         "{\"error\":\"bucket: '2x' is not a length like 30s, 15m, 1h or 1d (at most 366d)\"}", ""},
        {"GET", "/analytics/merchant/910001?limit=0", 400,
         "{\"error\":\"limit: '0' is not a whole number from 1 to 5000\"}", ""},
        {"GET", "/analytics/merchant/910001?limit=5001", 400,
         "{\"error\":\"limit: '5001' is not a whole number from 1 to 5000\"}", ""},
        {"GET", "/analytics/merchant/910001?cursor=bogus", 400, "", "cursor: not a cursor this route issued"},
        {"GET", "/analytics/merchants?from=2001-01-01", 400, "", "unknown parameter 'from'"},
        {"GET", "/health/liveness?verbose=1", 400, "", "(this route takes none)"},
        {"GET", "/nope", 404, "{\"error\":\"no such path: /nope\"}", ""},
        {"GET", "/analytics/merchant/", 404, "{\"error\":\"no such path: /analytics/merchant/\"}", ""},
        {"GET", "/analytics", 404, "", "no such path"},
        {"POST", "/analytics/merchant/910001", 405,
         "{\"error\":\"method POST is not allowed on /analytics/merchant/{merchantId}; use GET or HEAD\"}", ""},
        {"PUT", "/", 405, "", "method PUT is not allowed on /"},
        {"DELETE", "/health/liveness", 405, "", "use GET or HEAD"},
        {"OPTIONS", "/metrics", 405, "", "use GET or HEAD"},
    };
    for (const Case& c : cases) {
        INFO(c.method << " " << c.target);
        auto response = send(client, c.method, c.target);
        REQUIRE(response);
        CHECK(response->status == c.status);
        if (!c.body.empty()) CHECK(response->body == c.body);
        if (!c.contains.empty()) CHECK(response->body.find(c.contains) != std::string::npos);
        if (c.status >= 400) {
            CHECK(response->get_header_value("Content-Type") == "application/json");
            CHECK(response->body.starts_with("{\"error\":\""));
        }
        if (c.status == 405) CHECK(response->get_header_value("Allow") == "GET, HEAD");
        if (std::string(c.method) == "HEAD") {
            CHECK(response->body.empty());
            CHECK(std::stoi(response->get_header_value("Content-Length")) > 100);
        }
    }

    // The metrics saw all of it.
    auto metrics = client.Get("/metrics");
    REQUIRE(metrics);
    CHECK(metrics->status == 200);
    for (const char* line : {"cdc_serve_requests_total{route=\"/analytics/merchant/{merchantId}\",status=\"200\"} 8\n",
                             "cdc_serve_requests_total{route=\"/analytics/merchant/{merchantId}\",status=\"400\"} 11\n",
                             "cdc_serve_requests_total{route=\"unmatched\",status=\"404\"} 3\n",
                             "cdc_serve_request_duration_seconds_count{route=\"/analytics/category/{category}\"} 5\n",
                             "cdc_serve_sink_pool_size 8\n", "cdc_serve_sink_pool_connections{state=\"in_use\"} 0\n"}) {
        INFO(line);
        CHECK(metrics->body.find(line) != std::string::npos);
    }
    // One access-log line per request at debug level.
    CHECK(serve.log().find("GET /analytics/merchant/abc 400") != std::string::npos);
    CHECK(serve.stop() == 0); // SIGTERM: a clean stop
}

TEST_CASE("cdc serve pages through a long result with its cursor") {
    seed();
    ServeProcess serve(reader_url(), {"--cache-ttl", "0"});
    httplib::Client client("127.0.0.1", serve.port());
    for (const std::string bucket : {"", "&bucket=1m", "&bucket=7m"}) {
        INFO("bucket " << bucket);
        const std::string base = "/analytics/merchant/910003?limit=10000" + bucket;
        auto whole = client.Get(base.c_str());
        REQUIRE(whole);
        REQUIRE(whole->status == 200);
        CHECK_FALSE(whole->has_header("X-Next-Cursor"));

        std::string joined;
        std::string cursor;
        int pages = 0;
        do {
            auto page = client.Get(
                ("/analytics/merchant/910003?limit=97" + bucket + (cursor.empty() ? "" : "&cursor=" + cursor)).c_str());
            REQUIRE(page);
            REQUIRE(page->status == 200);
            REQUIRE(page->body.size() > 2);
            joined += (joined.empty() ? "" : ",") + page->body.substr(1, page->body.size() - 2);
            cursor = page->get_header_value("X-Next-Cursor");
            ++pages;
        } while (!cursor.empty() && pages < 100);
        CHECK("[" + joined + "]" == whole->body);
        CHECK(pages > 1);
    }
}

TEST_CASE("cdc serve reports an unreachable sink as 503, and stays alive") {
    ServeProcess serve("mysql://cdc_reader:wrong@127.0.0.1:1/analytics_db", {"--pool-size", "2"});
    httplib::Client client("127.0.0.1", serve.port());
    auto merchant = client.Get("/analytics/merchant/1");
    REQUIRE(merchant);
    CHECK(merchant->status == 503);
    CHECK(merchant->body == "{\"error\":\"the analytics database is unavailable; try again shortly\"}");
    auto ready = client.Get("/health/readiness");
    REQUIRE(ready);
    CHECK(ready->status == 503);
    CHECK(ready->body == "{\"status\":\"unavailable\",\"sink\":\"unreachable\"}");
    auto alive = client.Get("/health/liveness");
    REQUIRE(alive);
    CHECK(alive->status == 200);
    CHECK(serve.log().find("wrong") == std::string::npos); // the password stays out of the log
    CHECK(serve.stop() == 0);
}
