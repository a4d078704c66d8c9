#pragma once
// cdc inspect topics: topics, partitions, high watermarks, consumer groups and their lag.
#include "inspect/report.h"
#include "kafka/cluster.h"

namespace cdc::inspect {

Report topics_view(const kafka::ClusterState& cluster);

} // namespace cdc::inspect
