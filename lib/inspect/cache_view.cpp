#include "inspect/cache_view.h"

#include <algorithm>

namespace cdc::inspect {
namespace {

nlohmann::json value_of(cache::RedisConnection& redis, const std::string& key, const std::string& type) {
    if (type == "string") {
        auto text = redis.command({"GET", key}).str;
        auto parsed = nlohmann::json::parse(text, nullptr, false);
        return parsed.is_discarded() ? nlohmann::json(text) : parsed;
    }
    if (type == "hash") {
        nlohmann::json fields = nlohmann::json::object();
        auto reply = redis.command({"HGETALL", key});
        for (size_t i = 0; i + 1 < reply.elements.size(); i += 2)
            fields[reply.elements[i].str] = reply.elements[i + 1].str;
        return fields;
    }
    if (type == "list" || type == "set" || type == "zset") {
        auto reply = type == "set" ? redis.command({"SMEMBERS", key})
                                   : redis.command({type == "list" ? "LRANGE" : "ZRANGE", key, "0", "-1"});
        nlohmann::json items = nlohmann::json::array();
        for (const auto& e : reply.elements) items.push_back(e.str);
        return items;
    }
    return nullptr;
}

} // namespace

Report cache_view(cache::RedisConnection& redis, const std::string& pattern, size_t limit) {
    std::vector<std::string> keys;
    std::string cursor = "0";
    size_t matched = 0;
    do {
        auto reply = redis.command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
        cursor = reply.elements.at(0).str;
        for (const auto& key : reply.elements.at(1).elements) {
            ++matched;
            if (keys.size() < limit) keys.push_back(key.str);
        }
    } while (cursor != "0");
    std::sort(keys.begin(), keys.end());

    Report report;
    Table table{"keys matching " + pattern, {"key", "type", "ttl", "value"}};
    for (const auto& key : keys) {
        auto type = redis.command({"TYPE", key}).str;
        auto ttl = redis.command({"TTL", key}).number;
        table.rows.push_back({{"key", key},
                              {"type", type},
                              {"ttl", ttl < 0 ? nlohmann::json(nullptr) : nlohmann::json(ttl)},
                              {"value", value_of(redis, key, type)}});
    }
    report.document = {{"pattern", pattern}, {"matched", matched}, {"keys", table.rows}};
    report.tables = {table};
    if (matched > keys.size())
        report.notes.push_back(std::to_string(matched) + " keys match; the first " + std::to_string(keys.size()) +
                               " are shown (--limit)");
    return report;
}

} // namespace cdc::inspect
