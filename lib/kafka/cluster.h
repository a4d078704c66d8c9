#pragma once
// What a Kafka cluster holds, for cdc inspect: topics, partitions and their offsets, and how
// far each consumer group is behind.
#include <cstdint>
#include <string>
#include <vector>

namespace cdc::kafka {

struct PartitionOffsets {
    std::string topic;
    int partition = 0;
    std::int64_t low = 0;  // first offset still kept
    std::int64_t high = 0; // next offset to be written
};

struct GroupLag {
    std::string group;
    std::string state;
    std::string topic;
    int partition = 0;
    std::int64_t committed = -1; // next offset the group will read
    std::int64_t lag = 0;
};

struct ClusterState {
    std::vector<PartitionOffsets> partitions; // internal topics (__*) left out
    std::vector<GroupLag> lags;               // partitions where a group has committed offsets
    std::vector<std::string> idle_groups;     // groups with no committed offset
};

// Throws Failure when no broker answers within timeout_ms.
ClusterState describe_cluster(const std::string& brokers, int timeout_ms);

} // namespace cdc::kafka
