#include "http/summary_json.h"

#include "config/failure.h"
#include "http/iso_time.h"

#include <nlohmann/json.hpp>

namespace cdc::http {
namespace {

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Integer text from the sink, checked so that the JSON stays well formed.
std::string_view integer_text(std::string_view text) {
    std::string_view digits = !text.empty() && text.front() == '-' ? text.substr(1) : text;
    if (!all_digits(digits)) throw Failure("the sink returned '" + std::string(text) + "' for a count");
    return text;
}

} // namespace

std::string cents_text(std::string_view decimal) {
    const auto point = decimal.find('.');
    std::string_view whole = decimal.substr(0, point);
    std::string_view fraction = point == std::string_view::npos ? std::string_view() : decimal.substr(point + 1);
    std::string_view digits = !whole.empty() && whole.front() == '-' ? whole.substr(1) : whole;
    if (!all_digits(digits) || (point != std::string_view::npos && !all_digits(fraction)))
        throw Failure("the sink returned '" + std::string(decimal) + "' for an amount, not a decimal");
    if (fraction.size() > 2 && fraction.find_first_not_of('0', 2) != std::string_view::npos)
        throw Failure("the sink returned '" + std::string(decimal) + "' for an amount, finer than cents");
    std::string cents(fraction.substr(0, 2));
    cents.resize(2, '0');
    return std::string(whole) + "." + cents;
}

std::string json_string(std::string_view text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string error_json(std::string_view message) { return "{\"error\":" + json_string(message) + "}"; }

std::string summary_json(const std::vector<analytics::SummaryRow>& rows) {
    std::string out = "[";
    out.reserve(rows.size() * 150 + 2);
    for (const auto& row : rows) {
        if (out.size() > 1) out += ',';
        out += "{\"timestamp\":\"";
        out += format_iso8601(row.time);
        out += "\",\"merchantId\":";
        out += std::to_string(row.merchant_id);
        out += ",\"category\":";
        out += json_string(row.category);
        out += ",\"totalRevenue\":";
        out += cents_text(row.total_revenue);
        out += ",\"totalItems\":";
        out += integer_text(row.items_sold);
        out += ",\"orderCount\":";
        out += integer_text(row.order_count);
        out += '}';
    }
    return out + "]";
}

} // namespace cdc::http
