#pragma once
// cdc inspect events: change events made readable, one line each, and filtered by
// --filter table=orders,op=u (a field may be given several times: op=c,op=u).
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace cdc::inspect {

class EventFilter {
public:
    // "table=orders,op=u"; the fields are db, table and op. Throws UsageError.
    static EventFilter parse(const std::string& spec);
    bool matches(const nlohmann::json& event) const;

private:
    std::map<std::string, std::set<std::string>> wanted_;
};

// 2026-11-24T05:00:00.123Z u ecommerce_db.orders {"order_id":1001} order_status: "CREATED" -> "PAID"
std::string describe_event(const nlohmann::json& event);

} // namespace cdc::inspect
