#include "events/table_filter.h"

#include "config/failure.h"

#include <fnmatch.h>

namespace cdc::events {
namespace {

std::vector<std::string_view> split(std::string_view list) {
    std::vector<std::string_view> parts;
    while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view part = list.substr(0, comma);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (!part.empty()) parts.push_back(part);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return parts;
}

// Shell wildcards: * any run of characters, ? one, [abc] one of a set.
bool glob(const std::string& pattern, std::string_view name) {
    return fnmatch(pattern.c_str(), std::string(name).c_str(), 0) == 0;
}

bool has_wildcard(const std::string& pattern) { return pattern.find_first_of("*?[") != std::string::npos; }

const char op_letters[] = "cudrt";

} // namespace

std::vector<TableFilter::Pattern> TableFilter::parse(std::string_view list, const char* option) {
    std::vector<Pattern> patterns;
    for (std::string_view part : split(list)) {
        if (part == "*") {
            patterns.push_back({"*", "*"});
            continue;
        }
        size_t dot = part.find('.');
        if (dot == std::string_view::npos || dot == 0 || dot + 1 == part.size())
            throw UsageError(std::string(option) + ": '" + std::string(part) +
                             "' is not db.table (use * for any database or table, e.g. shop.*)");
        patterns.push_back({std::string(part.substr(0, dot)), std::string(part.substr(dot + 1))});
    }
    return patterns;
}

TableFilter::TableFilter(std::string_view include, std::string_view exclude)
    : include_(parse(include, "--tables")), exclude_(parse(exclude, "--exclude-tables")) {
    // An empty list would capture nothing and say nothing: most likely an unset variable
    // (--tables "$TABLES") or an empty key in the config file.
    if (include_.empty())
        throw UsageError("--tables is empty: give the tables to capture as db.table,... (e.g. shop.orders,shop.*, "
                         "or * for all), or leave --tables out for the default ones");
}

bool TableFilter::match(const std::vector<Pattern>& patterns, std::string_view db, std::string_view table) {
    for (const Pattern& p : patterns)
        if (glob(p.db, db) && glob(p.table, table)) return true;
    return false;
}

bool TableFilter::matches(std::string_view db, std::string_view table) const {
    return match(include_, db, table) && !match(exclude_, db, table);
}

std::vector<std::pair<std::string, std::string>> TableFilter::named_tables() const {
    std::vector<std::pair<std::string, std::string>> named;
    for (const Pattern& p : include_)
        if (!has_wildcard(p.db) && !has_wildcard(p.table) && !match(exclude_, p.db, p.table))
            named.emplace_back(p.db, p.table);
    return named;
}

OpSet OpSet::parse(std::string_view list) {
    OpSet set;
    for (std::string_view op : split(list)) {
        std::string_view letters(op_letters);
        size_t i = op.size() == 1 ? letters.find(op[0]) : std::string_view::npos;
        if (i == std::string_view::npos)
            throw UsageError("--skip-ops: '" + std::string(op) +
                             "' is not an operation (c create, u update, d delete, r snapshot read, t truncate)");
        set.bits_ |= 1u << i;
    }
    return set;
}

bool OpSet::contains(char op) const {
    size_t i = std::string_view(op_letters).find(op);
    return i != std::string_view::npos && (bits_ >> i & 1);
}

} // namespace cdc::events
