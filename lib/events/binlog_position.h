#pragma once
// Where a change sits in the server's binary log: file and byte offset, and the GTIDs when
// the server uses them (MariaDB domain-server-sequence, MySQL uuid[:tag]:n).
#include <cstdint>
#include <string>

namespace cdc::events {

struct BinlogPosition {
    std::string file;
    uint64_t pos = 4;        // next event to read
    std::string gtid_set;    // as of the start of `file` (PREVIOUS_GTIDS / GTID_LIST)
    std::string last_gtid;   // of the last transaction seen

    // {"file":..,"pos":..,"gtid_set":..,"last_gtid":..} (empty GTIDs as null)
    void append_json(std::string& out) const;
};

} // namespace cdc::events
