#include "inspect/sink_view.h"

namespace cdc::inspect {
namespace {

nlohmann::json number_or_text(const std::optional<std::string>& value) {
    if (!value) return nullptr;
    if (!value->empty() && value->find_first_not_of("-0123456789") == std::string::npos) return std::stoll(*value);
    return *value; // decimals stay exact as text
}

Table query_table(mysql::Connection& sink, const std::string& title, const std::vector<std::string>& columns,
                  const std::string& sql, const std::vector<mysql::Value>& params) {
    Table table{title, columns};
    for (const auto& row : sink.prepare(sql).query(params)) {
        nlohmann::json object;
        for (size_t c = 0; c < columns.size(); ++c) object[columns[c]] = number_or_text(row[c]);
        table.rows.push_back(object);
    }
    return table;
}

} // namespace

Report sink_view(mysql::Connection& sink, int limit) {
    auto totals =
        query_table(sink, "totals", {"rows", "windows", "merchants", "categories", "revenue", "items", "newest"},
                    "SELECT COUNT(*), COUNT(DISTINCT time_stamp), COUNT(DISTINCT merchant_id), "
                    "COUNT(DISTINCT category), COALESCE(SUM(total_revenue), 0), COALESCE(SUM(items_sold), 0), "
                    "DATE_FORMAT(MAX(time_stamp), '%Y-%m-%dT%H:%i:%sZ') FROM merchant_sales_summary",
                    {});
    auto windows = query_table(
        sink, "rows per window and merchant (newest first)",
        {"window", "merchant_id", "categories", "revenue", "items", "orders", "last_updated"},
        "SELECT DATE_FORMAT(time_stamp, '%Y-%m-%dT%H:%i:%sZ'), merchant_id, COUNT(*), SUM(total_revenue), "
        "SUM(items_sold), SUM(order_count), DATE_FORMAT(MAX(last_updated), '%Y-%m-%dT%H:%i:%sZ') "
        "FROM merchant_sales_summary GROUP BY time_stamp, merchant_id ORDER BY time_stamp DESC, merchant_id LIMIT ?",
        {std::int64_t{limit}});
    Table offsets{"stored offsets", {"group", "topic", "partition", "next_offset", "updated_at"}};
    bool has_offsets = !sink.prepare("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() "
                                     "AND table_name = 'cdc_offsets'")
                            .query()
                            .empty();
    if (has_offsets)
        offsets = query_table(sink, offsets.title, offsets.columns,
                              "SELECT consumer_group, topic, kafka_partition, next_offset, "
                              "DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%sZ') FROM cdc_offsets "
                              "ORDER BY consumer_group, topic, kafka_partition",
                              {});
    Report report;
    report.document = {{"totals", totals.rows.at(0)}, {"windows", windows.rows}, {"offsets", offsets.rows}};
    report.tables = {totals, windows, offsets};
    return report;
}

} // namespace cdc::inspect
