#include "inspect/topics_view.h"

#include <map>

namespace cdc::inspect {

Report topics_view(const kafka::ClusterState& cluster) {
    Report report;
    Table topics{"topics", {"topic", "partitions", "messages", "high_watermarks"}};
    std::map<std::string, nlohmann::json> by_topic;
    for (const auto& p : cluster.partitions) {
        auto& row = by_topic[p.topic];
        if (row.is_null()) row = {{"topic", p.topic}, {"partitions", 0}, {"messages", 0}, {"high_watermarks", ""}};
        row["partitions"] = row["partitions"].get<int>() + 1;
        row["messages"] = row["messages"].get<std::int64_t>() + (p.high - p.low);
        auto marks = row["high_watermarks"].get<std::string>();
        row["high_watermarks"] =
            (marks.empty() ? "" : marks + " ") + std::to_string(p.partition) + ":" + std::to_string(p.high);
    }
    for (auto& [name, row] : by_topic) topics.rows.push_back(row);

    Table partitions{"partitions", {"topic", "partition", "low", "high"}};
    for (const auto& p : cluster.partitions)
        partitions.rows.push_back({{"topic", p.topic}, {"partition", p.partition}, {"low", p.low}, {"high", p.high}});

    Table groups{"consumer groups", {"group", "state", "topic", "partition", "committed", "lag"}};
    std::int64_t total_lag = 0;
    for (const auto& l : cluster.lags) {
        groups.rows.push_back({{"group", l.group},
                               {"state", l.state},
                               {"topic", l.topic},
                               {"partition", l.partition},
                               {"committed", l.committed},
                               {"lag", l.lag}});
        total_lag += l.lag;
    }
    report.document = {{"topics", topics.rows},
                       {"partitions", partitions.rows},
                       {"groups", groups.rows},
                       {"idle_groups", cluster.idle_groups},
                       {"total_lag", total_lag}};
    report.tables = {topics, groups};
    if (!cluster.idle_groups.empty()) {
        std::string idle = "groups without committed offsets:";
        for (const auto& g : cluster.idle_groups) idle += " " + g;
        report.notes.push_back(idle);
    }
    report.notes.push_back("total lag: " + std::to_string(total_lag));
    return report;
}

} // namespace cdc::inspect
