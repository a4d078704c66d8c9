// The read side of the summary table against the real sink, as the read-only user.
#include "config/failure.h"
#include "http/seed_summary.h"
#include "sink/summary_reader.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace cdc::analytics;
using serve_test::seed_day;

namespace {

// 920001..920009 sell "reader-it A".."reader-it G" in 5 windows: many rows share a window, so
// pages must continue inside a window.
void seed() {
    std::vector<serve_test::SeedRow> rows;
    for (std::int64_t merchant = 920001; merchant <= 920009; ++merchant)
        for (int window = 0; window < 5; ++window)
            for (char category = 'A'; category <= 'G'; ++category)
                rows.push_back({seed_day + 86400 + window * 60, merchant, std::string("reader-it ") + category,
                                std::to_string(merchant - 920000) + "." + std::to_string(10 + window), window + 1, 1});
    serve_test::seed_summary(920001, 920009, rows);
}

std::vector<SummaryRow> all_pages(SummaryReader& reader, SummaryQuery q, std::int64_t page) {
    std::vector<SummaryRow> all;
    q.limit = page;
    for (;;) {
        auto rows = reader.rows(q);
        all.insert(all.end(), rows.begin(), rows.end());
        if (static_cast<std::int64_t>(rows.size()) < page) return all;
        q.after = rows.back().page_key(q.by);
    }
}

bool same(const std::vector<SummaryRow>& a, const std::vector<SummaryRow>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].time != b[i].time || a[i].merchant_id != b[i].merchant_id || a[i].category != b[i].category ||
            a[i].total_revenue != b[i].total_revenue || a[i].items_sold != b[i].items_sold ||
            a[i].order_count != b[i].order_count)
            return false;
    return true;
}

} // namespace

TEST_CASE("Pages of any size put together are the whole result") {
    seed();
    cdc::mysql::Connection connection(harness::servers().sink_reader, "sink");
    SummaryReader reader(connection);

    SummaryQuery by_merchant;
    by_merchant.merchant_id = 920004;
    by_merchant.limit = 1000;
    const auto whole = reader.rows(by_merchant);
    REQUIRE(whole.size() == 35);
    CHECK(whole.front().category == "reader-it A");
    CHECK(whole.front().total_revenue == "4.10");
    CHECK(whole.back().time == seed_day + 86400 + 240);
    for (std::int64_t page : {1, 3, 7, 34}) CHECK(same(all_pages(reader, by_merchant, page), whole));

    SummaryQuery by_category;
    by_category.by = Dimension::category;
    by_category.category = "reader-it C";
    by_category.limit = 1000;
    const auto column = reader.rows(by_category);
    REQUIRE(column.size() == 45);
    CHECK(column[1].merchant_id == 920002);
    for (std::int64_t page : {1, 4, 9}) CHECK(same(all_pages(reader, by_category, page), column));

    // Buckets sum in DECIMAL: 9 merchants x 5 windows of "reader-it C".
    by_category.bucket = 3600;
    const auto hour = reader.rows(by_category);
    REQUIRE(hour.size() == 9);
    CHECK(hour[0].total_revenue == "5.60"); // 1.10 + 1.11 + 1.12 + 1.13 + 1.14
    CHECK(hour[0].items_sold == "15");
    CHECK(hour[0].order_count == "5");
    for (std::int64_t page : {1, 2, 8}) CHECK(same(all_pages(reader, by_category, page), hour));
}

TEST_CASE("The lists of merchants and categories page in order") {
    seed();
    cdc::mysql::Connection connection(harness::servers().sink_reader, "sink");
    SummaryReader reader(connection);
    auto merchants = reader.merchants(3, 920003);
    CHECK(merchants == std::vector<std::int64_t>{920004, 920005, 920006});
    auto categories = reader.categories(100000, std::nullopt);
    CHECK(std::find(categories.begin(), categories.end(), "reader-it G") != categories.end());
    CHECK(reader.categories(2, "reader-it E") == std::vector<std::string>{"reader-it F", "reader-it G"});
    CHECK(reader.newest_window() >= seed_day + 86400 + 240);
}

TEST_CASE("The API's database user can only read") {
    cdc::mysql::Connection connection(harness::servers().sink_reader, "sink");
    CHECK_THROWS_AS(connection.execute("DELETE FROM merchant_sales_summary WHERE merchant_id = 920001"), cdc::Failure);
}
