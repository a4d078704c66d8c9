#pragma once
// The query parameters of the analytics routes, checked and turned into sink queries.
// Every refusal is an ApiError(400) whose message names the parameter and what is wrong.
#include "sink/summary_reader.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cdc::http {

// As the server parsed them (httplib::Params): percent-decoded, in name order.
using Params = std::multimap<std::string, std::string>;

struct PageLimits {
    std::int64_t default_rows = 100;
    std::int64_t max_rows = 10000;
};

// The longest category the sink's column holds, in characters.
inline constexpr size_t category_max_chars = 100;

std::int64_t parse_merchant_id(std::string_view text);
// Checks that the category is UTF-8 and fits the column.
std::string parse_category(std::string_view text);
// "15m", "1h", "1d": seconds. Up to 366 days.
std::int64_t parse_bucket(std::string_view text);

// /analytics/merchant/{id} and /analytics/category/{name}: from, to, bucket, limit, cursor
// (the caller has refused other parameters with check_parameters).
analytics::SummaryQuery summary_query(analytics::Dimension by, std::string_view key, const Params& params,
                                      const PageLimits& limits);

// The cursor of the page after `last` (the last row of a full page) of `query`.
std::string next_cursor(const analytics::SummaryQuery& query, const analytics::SummaryRow& last);

// /analytics/merchants and /analytics/categories: limit and cursor.
struct ListQuery {
    std::int64_t limit = 0;
    std::optional<std::string> after;
};
ListQuery list_query(std::string_view list, const Params& params, const PageLimits& limits);
std::string list_cursor(std::string_view list, std::string_view last);

// What identifies an answer in the ResponseCache: equal keys, equal answers.
std::string cache_key(const analytics::SummaryQuery& query);
std::string cache_key(std::string_view list, const ListQuery& query);

// Refuses parameters not in `allowed` (a comma-separated list) and parameters given twice.
void check_parameters(const Params& params, std::string_view allowed);

} // namespace cdc::http
