#pragma once
// Where a change sits in the server's binary log: file and byte offset, and the GTIDs when
// the server uses them (MariaDB domain-server-sequence, MySQL uuid[:tag]:n).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cdc::events {

struct BinlogPosition {
    std::string file;
    uint64_t pos = 4;      // next event to read
    std::string gtid_set;  // the transactions before `pos` (from PREVIOUS_GTIDS / GTID_LIST on)
    std::string last_gtid; // of the last transaction seen

    // {"file":..,"pos":..,"gtid_set":..,"last_gtid":..} (empty GTIDs as null)
    void append_json(std::string& out) const;
    // Reads what append_json wrote; throws cdc::Failure naming `what` if it cannot.
    static BinlogPosition parse_json(const std::string& text, const std::string& what);
    // From the row of SHOW MASTER STATUS (File, Position, ..., MySQL's Executed_Gtid_Set); nothing
    // where it has no file or position (the binary log is off).
    static std::optional<BinlogPosition> from_status_row(const std::vector<std::optional<std::string>>& row);

    // Earlier in the binlog: files compare by their sequence number (the digits after the last
    // dot), offsets within one file.
    bool precedes(const BinlogPosition& other) const;

    // A MariaDB GTID ("domain-server-seq") has passed: it becomes its domain's one entry.
    void advance_mariadb_gtid(const std::string& gtid);
    // A MySQL GTID ("uuid:n", "uuid:tag:n") has passed: its number joins the intervals of its
    // uuid (and tag), as in gtid_executed.
    void advance_mysql_gtid(const std::string& gtid);
};

// The order of two MariaDB GTIDs ("domain-server-sequence") of one domain: <0, 0 or >0;
// nothing if they are of different domains (or not MariaDB GTIDs).
std::optional<int> mariadb_gtid_order(const std::string& a, const std::string& b);

// Where MariaDB GTID state `state` ("0-1-5,1-2-9") stands relative to MariaDB GTID `gtid`,
// judged by its entry of `gtid`'s domain (none: before the domain's first): before `gtid`, and
// just before it when that entry's sequence number is `gtid`'s minus 1 (in a domain, sequence
// numbers run without gaps unless gtid_seq_no is set).
bool mariadb_state_before(const std::string& state, const std::string& gtid);
bool mariadb_state_just_before(const std::string& state, const std::string& gtid);
// MariaDB GTID state `state` holds every domain's entry of `other` (or a later one).
bool mariadb_state_covers(const std::string& state, const std::string& other);

// Two GTID sets ("0-1-5,1-2-9", MySQL "uuid:1-5,...") hold the same entries, in any order.
bool same_gtid_set(const std::string& a, const std::string& b);
// A MariaDB state with one GTID per domain, the last of each in list order (as the server's
// GTID_LIST names a domain's most recent GTID last); other sets as they are.
std::string one_gtid_per_domain(const std::string& state);

} // namespace cdc::events
