#pragma once
// The JSON the analytics routes return. Money is written as a JSON number with exactly two
// decimals copied digit by digit from the DECIMAL text the sink returned, as the original API
// wrote its decimals; a client that needs exact cents parses it as a decimal.
#include "sink/summary_reader.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cdc::http {

// "4500" -> "4500.00", "0.5" -> "0.50", "-1.20" -> "-1.20". Throws Failure when the text is
// not a decimal or has nonzero digits past the cents.
std::string cents_text(std::string_view decimal);

// [{"timestamp":"2025-01-01T10:00:00Z","merchantId":10,"category":"Books",
//   "totalRevenue":4500.00,"totalItems":3,"orderCount":2}, ...]
std::string summary_json(const std::vector<analytics::SummaryRow>& rows);

std::string json_string(std::string_view text);
// {"error":"..."}
std::string error_json(std::string_view message);

} // namespace cdc::http
