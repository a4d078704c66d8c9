#pragma once
// The read side of analytics_db.merchant_sales_summary: the rows of one merchant or one
// category, optionally rolled up into longer buckets, a page at a time. Money stays the
// DECIMAL text the server wrote or summed; it never passes through a double.
#include "mysql/connection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cdc::analytics {

// The oldest and the newest instant a TIMESTAMP column holds, in seconds since the epoch.
inline constexpr std::int64_t timestamp_min = 0;
inline constexpr std::int64_t timestamp_max = 2147483647;

enum class Dimension { merchant, category };

// Where the previous page ended: its last row's window start and the key that orders rows
// within one window (the category for a merchant, the merchant id for a category).
struct PageKey {
    std::int64_t time = 0;
    std::string key;

    bool operator==(const PageKey&) const = default;
};

struct SummaryQuery {
    Dimension by = Dimension::merchant;
    std::int64_t merchant_id = 0;      // when by == merchant
    std::string category;              // when by == category
    std::int64_t from = timestamp_min; // inclusive, seconds since the epoch
    std::int64_t to = timestamp_max;   // exclusive
    std::int64_t bucket = 0;           // seconds; 0 keeps the windows as stored
    std::int64_t limit = 1000;
    std::optional<PageKey> after;
};

struct SummaryRow {
    std::int64_t time = 0; // the window's (or bucket's) start, seconds since the epoch
    std::int64_t merchant_id = 0;
    std::string category;
    std::string total_revenue; // DECIMAL text, e.g. "4500.00"
    std::string items_sold;    // integer text (a sum can exceed 64 bits in principle)
    std::string order_count;

    // The key a page that ends with this row continues after.
    PageKey page_key(Dimension by) const;
};

class SummaryReader {
public:
    // Prepares every statement on `connection`, which must outlive the reader.
    explicit SummaryReader(mysql::Connection& connection);

    std::vector<SummaryRow> rows(const SummaryQuery& query);
    // The distinct merchants / categories in ascending order, after `after` when given.
    std::vector<std::int64_t> merchants(std::int64_t limit, std::optional<std::int64_t> after);
    std::vector<std::string> categories(std::int64_t limit, const std::optional<std::string>& after);
    // The start of the newest window in the table, if it has rows.
    std::optional<std::int64_t> newest_window();

private:
    mysql::Statement& statement(Dimension by, bool bucketed);

    mysql::Statement by_merchant_;
    mysql::Statement by_merchant_bucketed_;
    mysql::Statement by_category_;
    mysql::Statement by_category_bucketed_;
    mysql::Statement merchants_;
    mysql::Statement categories_;
    mysql::Statement newest_;
};

} // namespace cdc::analytics
