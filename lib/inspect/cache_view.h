#pragma once
// cdc inspect cache [PATTERN]: the Redis keys the pipeline keeps, their values and TTLs.
#include "cache/redis_connection.h"
#include "inspect/report.h"

namespace cdc::inspect {

// Walks the keys matching `pattern` with SCAN (never KEYS, which blocks the server), showing
// at most `limit` of them.
Report cache_view(cache::RedisConnection& redis, const std::string& pattern, size_t limit);

} // namespace cdc::inspect
