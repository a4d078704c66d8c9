#pragma once
// Rows written straight into the sink's summary table for the read side's tests, each test
// with its own merchant ids (and so its own rows), replaced on every run.
#include "harness/servers.h"
#include "mysql/connection.h"

#include <cstdint>
#include <string>
#include <vector>

namespace serve_test {

struct SeedRow {
    std::int64_t time; // seconds since the epoch
    std::int64_t merchant_id;
    std::string category;
    std::string total_revenue;
    std::int64_t items_sold;
    std::int64_t order_count;
};

// Replaces the rows of merchants first_merchant..last_merchant with `rows`.
inline void seed_summary(std::int64_t first_merchant, std::int64_t last_merchant, const std::vector<SeedRow>& rows) {
    cdc::mysql::Connection admin(harness::servers().sink_admin, "sink");
    admin.prepare("DELETE FROM analytics_db.merchant_sales_summary WHERE merchant_id BETWEEN ? AND ?")
        .execute({first_merchant, last_merchant});
    auto insert = admin.prepare("INSERT INTO analytics_db.merchant_sales_summary "
                                "(time_stamp, merchant_id, category, total_revenue, items_sold, order_count) "
                                "VALUES (FROM_UNIXTIME(?), ?, ?, ?, ?, ?)");
    admin.execute("BEGIN");
    for (const auto& r : rows)
        insert.execute({r.time, r.merchant_id, r.category, r.total_revenue, r.items_sold, r.order_count});
    admin.execute("COMMIT");
}

// 2001-01-01T00:00:00Z: a day no other test writes, so category routes can be narrowed to it.
inline constexpr std::int64_t seed_day = 978307200;

} // namespace serve_test
