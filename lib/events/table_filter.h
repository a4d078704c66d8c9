#pragma once
// Which tables capture emits: --tables db.table,... (with shell wildcards: db.*, shop.order_*,
// *.t?) minus --exclude-tables; and --skip-ops, the operations dropped.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdc::events {

class TableFilter {
public:
    // Comma-separated "db.table" patterns; throws cdc::UsageError on a pattern without a dot.
    TableFilter(std::string_view include, std::string_view exclude);
    bool matches(std::string_view db, std::string_view table) const;
    // The tables named exactly (no wildcard) and not excluded, as {db, table}.
    std::vector<std::pair<std::string, std::string>> named_tables() const;

private:
    struct Pattern {
        std::string db, table;
    };
    static std::vector<Pattern> parse(std::string_view list, const char* option);
    static bool match(const std::vector<Pattern>& patterns, std::string_view db, std::string_view table);

    std::vector<Pattern> include_, exclude_;
};

// A set of operation letters (c, u, d, r, t).
class OpSet {
public:
    OpSet() = default;
    // "d,t" -> {d, t}; throws cdc::UsageError on another letter.
    static OpSet parse(std::string_view list);
    bool contains(char op) const;

private:
    unsigned bits_ = 0;
};

} // namespace cdc::events
