#include "events/start_replica_stream.h"

#include "config/failure.h"
#include "events/resume_point.h"

#include <spdlog/spdlog.h>

namespace cdc::events {
std::optional<std::string> gtid_state_at(mysql::Connection& source, const BinlogPosition& position) {
    if (!source.is_mariadb()) return std::nullopt;
    auto rows = source.prepare("SELECT BINLOG_GTID_POS(?, ?)").query({position.file, std::to_string(position.pos)});
    if (rows.empty() || !rows[0][0]) return std::nullopt;
    return *rows[0][0];
}

std::optional<BinlogPosition> position_before_gtid(mysql::Connection& source, const BinlogPosition& position,
                                                   const std::string& gtid) {
    if (!source.is_mariadb()) return std::nullopt;
    std::optional<std::string> here = gtid_state_at(source, position); // none: see replica_start
    if (here && mariadb_state_just_before(*here, gtid)) return BinlogPosition{position.file, position.pos, *here, ""};
    auto logs = source.prepare("SHOW BINARY LOGS").query();
    for (auto log = logs.rbegin(); log != logs.rend(); ++log) {
        BinlogPosition file_start{log->at(0).value_or(""), 4, "", ""};
        std::optional<std::string> state = gtid_state_at(source, file_start);
        if (!state || !mariadb_state_before(*state, gtid)) continue;
        spdlog::warn("binlog {} at {} is not where GTID {} is on this server: resuming from the start of {}, "
                     "skipping by GTID what was delivered",
                     position.file, position.pos, gtid, file_start.file);
        file_start.gtid_set = *state;
        return file_start;
    }
    // The file and offset are not the GTID's, so streaming from them would be a guess.
    throw Failure("binlog " + position.file + " at " + std::to_string(position.pos) + " is not where GTID " + gtid +
                  " is on this server, and none of its binlogs begins before that GTID (purged, or the line is "
                  "another server's): " +
                  start_afresh);
}

binlog::ReplicaStart replica_start(mysql::Connection& source, const BinlogPosition& position) {
    binlog::ReplicaStart start{position.file, position.pos, ""};
    if (position.gtid_set.empty() || !source.is_mariadb()) return start;
    std::optional<std::string> here = gtid_state_at(source, position);
    if (here && same_gtid_set(*here, position.gtid_set)) return start;
    spdlog::warn("binlog {} at {} is not where GTID state {} is on this server ({}): resuming from the GTID state",
                 position.file, position.pos, position.gtid_set,
                 here ? "its GTID state there is " + (here->empty() ? std::string("empty") : *here)
                      : "BINLOG_GTID_POS finds none there: no such file, not the start of an event, or an event "
                        "larger than the server's max_allowed_packet before it");
    start.mariadb_gtid = position.gtid_set;
    return start;
}

} // namespace cdc::events
