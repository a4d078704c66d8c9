#pragma once
// The binary log streamed from a server as a replica (COM_REGISTER_SLAVE + COM_BINLOG_DUMP,
// through MariaDB Connector/C's replication transport); each packet is parsed by our own
// EventParser, as files are. Packets are read ahead on a thread of their own (PacketReadAhead),
// so the server's pace and decoding overlap.
#include "binlog/event.h"
#include "binlog/packet_read_ahead.h"

#include <cstdint>
#include <memory>
#include <mysql.h>
#include <optional>
#include <string>

struct st_mariadb_rpl;

namespace cdc::mysql {
class Connection;
}

namespace cdc::binlog {

struct ReplicaStart {
    std::string file;         // binlog file to start in
    uint64_t pos = 4;         // offset in it
    std::string mariadb_gtid; // MariaDB GTID position ("0-1-100,..."): used instead of file/pos if set
    bool statements = false;  // MariaDB: send each statement's text (ANNOTATE_ROWS) before its rows
};

class ReplicaStream {
public:
    // `connection` stays owned by the caller and must outlive the stream; while the stream
    // exists, only its reader thread uses it. With `stop_at_end` the server ends the stream at
    // the end of its binlog; otherwise it waits for new events and sends a heartbeat every
    // `heartbeat_seconds` of silence. Throws std::runtime_error with the server's message (see
    // explain_replication_error in live_capture).
    ReplicaStream(mysql::Connection& connection, const ReplicaStart& start, uint32_t server_id, bool stop_at_end,
                  double heartbeat_seconds);
    ~ReplicaStream();
    ReplicaStream(const ReplicaStream&) = delete;
    ReplicaStream& operator=(const ReplicaStream&) = delete;

    // The next event, or nothing at the end of the binlog (stop_at_end). The event's bytes stay
    // valid until the next call.
    std::optional<Event> next();
    // Whether next() has an event without waiting for the server.
    bool ready() const { return packets_->ready(); }

private:
    void start_reading(double heartbeat_seconds);

    MYSQL* connection_;
    st_mariadb_rpl* rpl_ = nullptr;
    int socket_ = -1; // our duplicate of the connection's socket, to unblock the reader (see start_reading)
    EventParser parser_;
    std::unique_ptr<PacketReadAhead> packets_;
};

} // namespace cdc::binlog
