#include "kafka/cluster.h"

#include "config/failure.h"

#include <algorithm>
#include <librdkafka/rdkafka.h>
#include <memory>
#include <spdlog/spdlog.h>
#include <tuple>

namespace cdc::kafka {
namespace {

using Handle = std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)>;

Handle consumer(const std::string& brokers, const std::string& group) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char error[512];
    rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), error, sizeof error);
    rd_kafka_conf_set(conf, "group.id", group.c_str(), error, sizeof error);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", error, sizeof error);
    rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t*, int, const char* facility, const char* text) {
        spdlog::debug("kafka {}: {}", facility, text); // an unreachable broker is reported once, below
    });
    rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    if (!handle) throw Failure(std::string("cannot create a Kafka client: ") + error);
    return Handle(handle, rd_kafka_destroy);
}

[[noreturn]] void unreachable(const std::string& brokers, rd_kafka_resp_err_t err) {
    throw Failure("cannot reach Kafka at " + brokers + ": " + rd_kafka_err2str(err) + not_running_hint("Kafka"));
}

} // namespace

ClusterState describe_cluster(const std::string& brokers, int timeout_ms) {
    auto client = consumer(brokers, "cdc-inspect");
    const rd_kafka_metadata_t* metadata = nullptr;
    if (auto err = rd_kafka_metadata(client.get(), 1, nullptr, &metadata, timeout_ms)) unreachable(brokers, err);
    std::unique_ptr<const rd_kafka_metadata_t, decltype(&rd_kafka_metadata_destroy)> owned(metadata,
                                                                                           rd_kafka_metadata_destroy);
    ClusterState state;
    for (int t = 0; t < metadata->topic_cnt; ++t) {
        const auto& topic = metadata->topics[t];
        if (std::string(topic.topic).rfind("__", 0) == 0) continue;
        for (int p = 0; p < topic.partition_cnt; ++p) {
            PartitionOffsets offsets{topic.topic, topic.partitions[p].id};
            rd_kafka_query_watermark_offsets(client.get(), topic.topic, offsets.partition, &offsets.low, &offsets.high,
                                             timeout_ms);
            state.partitions.push_back(offsets);
        }
    }
    std::sort(state.partitions.begin(), state.partitions.end(), [](const auto& a, const auto& b) {
        return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
    });

    const rd_kafka_group_list* groups = nullptr;
    if (auto err = rd_kafka_list_groups(client.get(), nullptr, &groups, timeout_ms)) unreachable(brokers, err);
    std::unique_ptr<const rd_kafka_group_list, decltype(&rd_kafka_group_list_destroy)> owned_groups(
        groups, rd_kafka_group_list_destroy);
    for (int g = 0; g < groups->group_cnt; ++g) {
        std::string name = groups->groups[g].group;
        std::string group_state = groups->groups[g].state;
        // Committed offsets are asked for every partition: those the group never read come back unset.
        auto member = consumer(brokers, name);
        rd_kafka_topic_partition_list_t* list =
            rd_kafka_topic_partition_list_new(static_cast<int>(state.partitions.size()));
        for (const auto& p : state.partitions) rd_kafka_topic_partition_list_add(list, p.topic.c_str(), p.partition);
        bool any = false;
        if (rd_kafka_committed(member.get(), list, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            for (int i = 0; i < list->cnt; ++i) {
                const auto& committed = list->elems[i];
                if (committed.offset < 0) continue;
                any = true;
                GroupLag lag{name, group_state, committed.topic, committed.partition, committed.offset, 0};
                for (const auto& p : state.partitions)
                    if (p.topic == lag.topic && p.partition == lag.partition) lag.lag = p.high - lag.committed;
                state.lags.push_back(lag);
            }
        }
        rd_kafka_topic_partition_list_destroy(list);
        if (!any) state.idle_groups.push_back(name);
    }
    return state;
}

} // namespace cdc::kafka
