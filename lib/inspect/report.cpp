#include "inspect/report.h"

#include <algorithm>

namespace cdc::inspect {
namespace {

std::string cell(const nlohmann::json& value) {
    if (value.is_null()) return "-";
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

} // namespace

std::string render(const Report& report) {
    std::string out;
    for (const Table& table : report.tables) {
        if (!out.empty()) out += "\n";
        out += table.title + "\n";
        if (table.rows.empty()) {
            out += "  (none)\n";
            continue;
        }
        std::vector<size_t> widths;
        for (const auto& column : table.columns) widths.push_back(column.size());
        std::vector<std::vector<std::string>> cells;
        for (const auto& row : table.rows) {
            auto& line = cells.emplace_back();
            for (size_t c = 0; c < table.columns.size(); ++c) {
                line.push_back(cell(row.value(table.columns[c], nlohmann::json())));
                widths[c] = std::max(widths[c], line.back().size());
            }
        }
        auto append_row = [&](const std::vector<std::string>& values) {
            std::string line = " ";
            for (size_t c = 0; c < values.size(); ++c)
                line += " " + values[c] + std::string(widths[c] - values[c].size(), ' ');
            line.erase(line.find_last_not_of(' ') + 1);
            out += line + "\n";
        };
        append_row(table.columns);
        for (const auto& line : cells) append_row(line);
    }
    for (const auto& note : report.notes) out += note + "\n";
    return out;
}

} // namespace cdc::inspect
