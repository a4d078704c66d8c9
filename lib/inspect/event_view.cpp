#include "inspect/event_view.h"

#include "config/failure.h"

#include <ctime>

namespace cdc::inspect {
namespace {

std::string field(const nlohmann::json& event, const std::string& name) {
    const nlohmann::json* value = nullptr;
    if (name == "op" && event.contains("op")) value = &event["op"];
    if (name != "op" && event.contains("source") && event["source"].contains(name)) value = &event["source"][name];
    return value && value->is_string() ? value->get<std::string>() : "";
}

std::string iso_time(std::int64_t ms) {
    std::time_t seconds = ms / 1000;
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", std::gmtime(&seconds));
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms % 1000));
    return std::string(text) + millis;
}

// The columns an update changed, as "name: old -> new".
std::string changes(const nlohmann::json& before, const nlohmann::json& after) {
    std::string out;
    for (const auto& [name, value] : after.items()) {
        if (before.contains(name) && before[name] == value) continue;
        if (!out.empty()) out += ", ";
        out += name + ": " + (before.contains(name) ? before[name].dump() : "?") + " -> " + value.dump();
    }
    return out.empty() ? "(no column changed)" : out;
}

} // namespace

EventFilter EventFilter::parse(const std::string& spec) {
    EventFilter filter;
    size_t start = 0;
    while (start <= spec.size() && !spec.empty()) {
        size_t comma = spec.find(',', start);
        std::string term = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        auto eq = term.find('=');
        std::string name = term.substr(0, eq);
        if (eq == std::string::npos || (name != "db" && name != "table" && name != "op"))
            throw UsageError("bad --filter term '" + term + "' (expected db=NAME, table=NAME or op=c|u|d|r|t)");
        filter.wanted_[name].insert(term.substr(eq + 1));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return filter;
}

bool EventFilter::matches(const nlohmann::json& event) const {
    for (const auto& [name, values] : wanted_)
        if (!values.count(field(event, name))) return false;
    return true;
}

std::string describe_event(const nlohmann::json& event) {
    if (event.contains("heartbeat")) {
        const auto& source = event.value("source", nlohmann::json::object());
        return "heartbeat at " + source.value("file", std::string("?")) + ":" +
               source.value("pos", nlohmann::json(0)).dump();
    }
    std::string op = field(event, "op");
    std::string line = iso_time(event.value("ts_ms", std::int64_t{0})) + " " + (op.empty() ? "?" : op) + " " +
                       field(event, "db") + "." + field(event, "table") + " " +
                       event.value("key", nlohmann::json()).dump() + " ";
    const auto& before = event.value("before", nlohmann::json());
    const auto& after = event.value("after", nlohmann::json());
    if (op == "u" && before.is_object() && after.is_object()) return line + changes(before, after);
    if (op == "d") return line + before.dump();
    if (op == "t") return line + "(table truncated)";
    return line + after.dump();
}

} // namespace cdc::inspect
