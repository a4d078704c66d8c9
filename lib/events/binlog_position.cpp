#include "events/binlog_position.h"

#include "events/json_writer.h"

namespace cdc::events {

static void string_or_null(std::string& out, const std::string& s) {
    if (s.empty()) out += "null";
    else append_json_string(out, s);
}

void BinlogPosition::append_json(std::string& out) const {
    out += "{\"file\":";
    append_json_string(out, file);
    out += ",\"pos\":";
    append_integer(out, pos);
    out += ",\"gtid_set\":";
    string_or_null(out, gtid_set);
    out += ",\"last_gtid\":";
    string_or_null(out, last_gtid);
    out += '}';
}

} // namespace cdc::events
