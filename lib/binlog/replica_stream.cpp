#include "binlog/replica_stream.h"

#include "mysql/connection.h"

#include <algorithm>
#include <cstdio>
#include <mariadb_rpl.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace cdc::binlog {
namespace {

void session(MYSQL* c, const std::string& sql) {
    if (mysql_real_query(c, sql.data(), sql.size()) != 0)
        throw std::runtime_error(std::string("cannot prepare the replication session: ") + mysql_error(c));
}

// Packets are read here rather than with mariadb_rpl_fetch, whose own event parser fails on
// some events (a real ROTATE with a checksum): the decoding is ours, as for files.
std::span<const uint8_t> read_packet(MYSQL* c) {
    unsigned long length = mysql_net_read_packet(c);
    constexpr unsigned long read_failed = 0xffffffffUL; // Connector/C's packet_error, (unsigned int)-1
    if (length == read_failed || length == 0)
        throw std::runtime_error(mysql_errno(c) ? mysql_error(c) : "the source closed the connection");
    return {c->net.read_pos, length};
}

} // namespace

ReplicaStream::ReplicaStream(mysql::Connection& connection, const ReplicaStart& start, uint32_t server_id,
                             bool stop_at_end, double heartbeat_seconds)
    : connection_(connection.handle()) {
    // Events keep the server's checksums (verified here); MariaDB sends its GTID and
    // ANNOTATE_ROWS events as they are written (capability 4: GTID-aware replica).
    session(connection_, "SET @master_binlog_checksum = @@global.binlog_checksum");
    session(connection_, "SET @mariadb_slave_capability = 4");
    // Reading stops while whatever reads capture's output holds it up, for as long as that
    // lasts: the server must wait (the largest value it takes), not drop the dump after
    // net_write_timeout.
    session(connection_, "SET SESSION net_write_timeout = 31536000");
    connection.prepare("SET @master_heartbeat_period = ?").execute({static_cast<int64_t>(heartbeat_seconds * 1e9)});
    if (!start.mariadb_gtid.empty()) {
        connection.prepare("SET @slave_connect_state = ?").execute({start.mariadb_gtid});
        session(connection_, "SET @slave_gtid_strict_mode = 0");
        session(connection_, "SET @slave_gtid_ignore_duplicates = 0");
    }
    rpl_ = mariadb_rpl_init(connection_);
    if (!rpl_) throw std::runtime_error("cannot start the replication protocol");
    std::string file = start.mariadb_gtid.empty() ? start.file : std::string();
    mariadb_rpl_optionsv(rpl_, MARIADB_RPL_FILENAME, file.c_str(), file.size());
    mariadb_rpl_optionsv(rpl_, MARIADB_RPL_START, static_cast<unsigned long>(start.pos));
    mariadb_rpl_optionsv(rpl_, MARIADB_RPL_SERVER_ID, static_cast<unsigned int>(server_id));
    unsigned flags = (stop_at_end ? MARIADB_RPL_BINLOG_DUMP_NON_BLOCK : 0) |
                     (start.statements ? MARIADB_RPL_BINLOG_SEND_ANNOTATE_ROWS : 0);
    mariadb_rpl_optionsv(rpl_, MARIADB_RPL_FLAGS, flags);
    if (mariadb_rpl_open(rpl_) != 0) {
        std::string error = mysql_error(connection_);
        mariadb_rpl_close(rpl_);
        rpl_ = nullptr;
        throw std::runtime_error(error.empty() ? "cannot start the binlog dump" : error);
    }
    try {
        start_reading(heartbeat_seconds);
    } catch (...) {
        if (socket_ >= 0) close(socket_);
        mariadb_rpl_close(rpl_);
        throw;
    }
}

void ReplicaStream::start_reading(double heartbeat_seconds) {
    // Stopping shuts the socket for reading, so that a reader waiting for the next event (up to
    // a heartbeat period) returns at once. It goes through a duplicate descriptor: Connector/C
    // closes its own after a failed read, and its number may then name another file, while
    // the duplicate keeps naming this socket until the destructor closes it. The shutdown only
    // happens while the dump is still being read, when the connection can serve nothing else.
    socket_ = dup(mysql_get_socket(connection_));
    packets_ = std::make_unique<PacketReadAhead>(
        [c = connection_] { return read_packet(c); },
        // After the EOF of a non-blocking dump (or anything but an event) nothing more comes.
        [](std::span<const uint8_t> packet) { return packet[0] != 0x00; },
        [fd = socket_] {
            if (fd >= 0) shutdown(fd, SHUT_RD);
        },
        // The server sends a heartbeat every `heartbeat_seconds` it has nothing else to send.
        PacketReadAhead::Limits{.silence =
                                    std::chrono::seconds(std::max(30, static_cast<int>(heartbeat_seconds * 10)))});
}

ReplicaStream::~ReplicaStream() {
    packets_.reset(); // stops and joins the reader: the connection is this thread's again
    if (socket_ >= 0) close(socket_);
    mariadb_rpl_close(rpl_);
}

std::optional<Event> ReplicaStream::next() {
    std::span<const uint8_t> packet = packets_->next();
    if (packet[0] == 0xfe && packet.size() < 9) return std::nullopt; // EOF: the end of the binlog (non-blocking dump)
    if (packet[0] != 0x00) {
        char kind[8];
        std::snprintf(kind, sizeof kind, "0x%02x", packet[0]);
        throw std::runtime_error(std::string("unexpected replication packet: ") + kind + " and " +
                                 std::to_string(packet.size() - 1) + " bytes, where an event (0x00) was due");
    }
    const uint8_t* data = packet.data() + 1;
    size_t size = packet.size() - 1;
    if (size < common_header_length) throw DecodeError("replication packet shorter than an event header", 0);
    EventHeader h = EventParser::parse_header(data, size, 0);
    // A packet carries its event's end position; artificial events (next_pos 0) have none.
    uint64_t offset = h.next_pos >= h.size ? h.next_pos - h.size : 0;
    return parser_.parse(data, size, offset);
}

} // namespace cdc::binlog
