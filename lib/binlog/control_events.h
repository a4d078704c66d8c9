#pragma once
// The events that frame transactions and positions: QUERY, XID, ROTATE, GTIDs of MySQL
// (plain, anonymous, tagged) and MariaDB, the GTID sets at the start of a file, heartbeats.
#include "binlog/event.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cdc::binlog {

struct QueryEvent {
    uint32_t thread_id = 0;
    std::string_view db;
    std::string_view sql;
};
QueryEvent parse_query(const Event& e);

struct RotateEvent {
    uint64_t position = 0;
    std::string next_file;
};
RotateEvent parse_rotate(const Event& e);

struct GtidEvent {
    std::string gtid;        // "uuid:n", "uuid:tag:n" or MariaDB "domain-server-seq"; empty if anonymous
    bool standalone = false; // MariaDB: a single statement without BEGIN/COMMIT follows
    bool xa = false;         // MariaDB: the rows of an XA transaction follow, ended by XA_PREPARE
};
GtidEvent parse_mysql_gtid(const Event& e);        // GTID and ANONYMOUS_GTID
GtidEvent parse_mysql_tagged_gtid(const Event& e); // GTID_TAGGED_LOG (MySQL 8.4)
GtidEvent parse_mariadb_gtid(const Event& e);

// The GTID set in force at the start of a file, as the server prints it
// (MySQL "uuid:1-5:7,uuid2:1-3").
std::string parse_previous_gtids(const Event& e);
// MariaDB's GTID state at the start of a file ("0-2-105,1-2-5"): one GTID per domain (in
// domain order), the highest sequence number. The list holds one per domain and server id (after a failover,
// 0-1-100 and 0-2-105), but a position to replicate from, like gtid_slave_pos, may hold only
// one per domain.
std::string parse_mariadb_gtid_list(const Event& e);

// An XA transaction's id as the servers write it in their XA statements: X'gtrid',X'bqual',
// formatID, hex digits in lower case.
std::string xid_text(int64_t format_id, std::string_view gtrid, std::string_view bqual);

// XA_PREPARE: the rows of an XA transaction are prepared, or committed at once (ONE PHASE).
struct XaPrepareEvent {
    bool one_phase = false;
    std::string xid; // as xid_text
};
XaPrepareEvent parse_xa_prepare(const Event& e);

// The ROWS_QUERY / ANNOTATE_ROWS statement text.
std::string_view parse_rows_query(const Event& e);

// INCIDENT: the source could not log some changes (1: LOST_EVENTS), so a replica stops there.
struct IncidentEvent {
    uint16_t number = 0;
    std::string_view message; // may be empty
};
IncidentEvent parse_incident(const Event& e);

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" from 16 bytes.
std::string format_uuid(std::string_view bytes16);

} // namespace cdc::binlog
