#pragma once
// cdc inspect sink: the analytics table summed per window and merchant, and the Kafka offsets
// the pipeline stored beside it.
#include "inspect/report.h"
#include "mysql/connection.h"

namespace cdc::inspect {

// The newest `limit` (window, merchant) pairs.
Report sink_view(mysql::Connection& sink, int limit);

} // namespace cdc::inspect
