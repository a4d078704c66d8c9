#pragma once
// Where the binlog dump starts on the server: the checkpoint's file and offset by default, or,
// on MariaDB, its GTID state when the file and offset do not mean the same place on this server
// (a failover to another server, binlog files renamed or reset).
#include "binlog/replica_stream.h"
#include "events/binlog_position.h"
#include "mysql/connection.h"

#include <optional>
#include <string>

namespace cdc::events {

// The MariaDB GTID state at `position` (BINLOG_GTID_POS); nothing on other servers, or where
// the server does not have that file.
std::optional<std::string> gtid_state_at(mysql::Connection& source, const BinlogPosition& position);

// File and offset when the server's GTID state there is the position's own (or the position
// has none, or the server is not MariaDB); otherwise the position's GTID state.
binlog::ReplicaStart replica_start(mysql::Connection& source, const BinlogPosition& position);

// Where to restart for a line of MariaDB transaction `gtid` whose start is `position` (a change
// line, which carries no GTID state): `position` if the server's GTID state there is just
// before `gtid`; otherwise (failover, a file and offset of another server) the start of the
// newest binlog file on this server that begins before `gtid`, from where the lines up to it
// are to be skipped by GTID. Nothing if the server is not MariaDB; a Failure if no such file is
// left (purged) or the GTID is not this server's.
std::optional<BinlogPosition> position_before_gtid(mysql::Connection& source, const BinlogPosition& position,
                                                   const std::string& gtid);

} // namespace cdc::events
