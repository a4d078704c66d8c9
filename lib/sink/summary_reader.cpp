#include "sink/summary_reader.h"

#include "config/failure.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace cdc::analytics {
namespace {

// One statement shape for every page: the window start (or bucket start) and the other key
// order the rows, and a page continues after (time, key) by starting at `time` and keeping
// either later windows or the same window's greater keys. Stored rows are read as they are
// (an index range in order); buckets are summed by the server, in DECIMAL.
std::string summary_sql(Dimension by, bool bucketed) {
    const std::string column = by == Dimension::merchant ? "merchant_id" : "category";
    const std::string other = by == Dimension::merchant ? "category" : "merchant_id";
    std::string sql = bucketed ? "SELECT UNIX_TIMESTAMP(time_stamp) DIV ? * ? AS t, merchant_id, category, "
                                 "SUM(total_revenue), SUM(items_sold), SUM(order_count)"
                               : "SELECT UNIX_TIMESTAMP(time_stamp) AS t, merchant_id, category, "
                                 "total_revenue, items_sold, order_count";
    sql += " FROM merchant_sales_summary WHERE " + column +
           " = ? AND time_stamp >= FROM_UNIXTIME(?) AND time_stamp < FROM_UNIXTIME(?)"
           " AND (time_stamp >= FROM_UNIXTIME(?) OR " +
           other + " > ?)";
    sql += bucketed ? " GROUP BY t, merchant_id, category ORDER BY t, " + other : " ORDER BY time_stamp, " + other;
    return sql + " LIMIT ?";
}

std::int64_t to_int(const std::optional<std::string>& text, const char* what) {
    std::int64_t value = 0;
    if (!text) throw Failure(std::string("the sink returned NULL for ") + what);
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size())
        throw Failure(std::string("the sink returned '") + *text + "' for " + what + ", not an integer");
    return value;
}

std::string text(std::optional<std::string>&& value, const char* what) {
    if (!value) throw Failure(std::string("the sink returned NULL for ") + what);
    return std::move(*value);
}

} // namespace

PageKey SummaryRow::page_key(Dimension by) const {
    return {time, by == Dimension::merchant ? category : std::to_string(merchant_id)};
}

SummaryReader::SummaryReader(mysql::Connection& connection)
    : by_merchant_(connection.prepare(summary_sql(Dimension::merchant, false))),
      by_merchant_bucketed_(connection.prepare(summary_sql(Dimension::merchant, true))),
      by_category_(connection.prepare(summary_sql(Dimension::category, false))),
      by_category_bucketed_(connection.prepare(summary_sql(Dimension::category, true))),
      merchants_(connection.prepare("SELECT DISTINCT merchant_id FROM merchant_sales_summary "
                                    "WHERE merchant_id > ? ORDER BY merchant_id LIMIT ?")),
      categories_(connection.prepare("SELECT DISTINCT category FROM merchant_sales_summary "
                                     "WHERE (category > ? OR ?) ORDER BY category LIMIT ?")),
      newest_(connection.prepare("SELECT UNIX_TIMESTAMP(MAX(time_stamp)) FROM merchant_sales_summary")) {}

mysql::Statement& SummaryReader::statement(Dimension by, bool bucketed) {
    if (by == Dimension::merchant) return bucketed ? by_merchant_bucketed_ : by_merchant_;
    return bucketed ? by_category_bucketed_ : by_category_;
}

std::vector<SummaryRow> SummaryReader::rows(const SummaryQuery& q) {
    const bool bucketed = q.bucket > 1;
    std::vector<mysql::Value> params;
    if (bucketed) params = {q.bucket, q.bucket};
    if (q.by == Dimension::merchant) params.emplace_back(q.merchant_id);
    else params.emplace_back(q.category);

    // Without a page key every row from `from` on is kept by the time test alone.
    std::int64_t from = q.from;
    std::int64_t later = q.from;
    mysql::Value key = q.by == Dimension::merchant ? mysql::Value(std::string()) : mysql::Value(std::int64_t{0});
    if (q.after) {
        from = std::max(q.from, q.after->time);
        later = std::min(q.after->time + std::max<std::int64_t>(q.bucket, 1), timestamp_max);
        if (q.by == Dimension::merchant) key = q.after->key;
        else key = to_int(q.after->key, "a page key");
    }
    params.insert(params.end(), {from, q.to, later, key, q.limit});

    std::vector<SummaryRow> rows;
    for (auto& row : statement(q.by, bucketed).query(params)) {
        SummaryRow& r = rows.emplace_back();
        r.time = to_int(row[0], "time_stamp");
        r.merchant_id = to_int(row[1], "merchant_id");
        r.category = text(std::move(row[2]), "category");
        r.total_revenue = text(std::move(row[3]), "total_revenue");
        r.items_sold = text(std::move(row[4]), "items_sold");
        r.order_count = text(std::move(row[5]), "order_count");
    }
    return rows;
}

std::vector<std::int64_t> SummaryReader::merchants(std::int64_t limit, std::optional<std::int64_t> after) {
    std::vector<std::int64_t> ids;
    for (const auto& row : merchants_.query({after.value_or(std::numeric_limits<std::int64_t>::min()), limit}))
        ids.push_back(to_int(row[0], "merchant_id"));
    return ids;
}

std::vector<std::string> SummaryReader::categories(std::int64_t limit, const std::optional<std::string>& after) {
    std::vector<std::string> names;
    for (auto& row : categories_.query({after.value_or(""), std::int64_t{after ? 0 : 1}, limit}))
        names.push_back(text(std::move(row[0]), "category"));
    return names;
}

std::optional<std::int64_t> SummaryReader::newest_window() {
    auto rows = newest_.query();
    if (rows.empty() || !rows[0][0]) return std::nullopt;
    return to_int(rows[0][0], "MAX(time_stamp)");
}

} // namespace cdc::analytics
