#pragma once
// What cdc inspect shows: each view builds a JSON document (printed as is with --json) and
// its tables, printed for people with aligned columns.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cdc::inspect {

struct Table {
    std::string title;
    std::vector<std::string> columns; // keys of each row object
    nlohmann::json rows = nlohmann::json::array();
};

struct Report {
    nlohmann::json document = nlohmann::json::object();
    std::vector<Table> tables;
    std::vector<std::string> notes; // lines printed after the tables
};

// Aligned columns; strings are shown without quotes, null as "-".
std::string render(const Report& report);

} // namespace cdc::inspect
