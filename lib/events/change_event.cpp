#include "events/change_event.h"

#include "events/json_writer.h"

namespace cdc::events {
namespace {

void image(std::string& out, const binlog::TableMap& t, const binlog::RowImage* row) {
    if (!row) {
        out += "null";
        return;
    }
    out += '{';
    bool first = true;
    for (size_t i = 0; i < row->columns(); ++i) {
        if (!row->present(i)) continue;
        if (!first) out += ',';
        first = false;
        out += t.columns[i].json_key;
        out += row->value(i);
    }
    out += '}';
}

void key(std::string& out, const ChangeEvent& e) {
    const binlog::RowImage* row = e.after ? e.after : e.before;
    if (!e.columns || !row || !e.columns->has_primary_key || e.columns->primary_key.empty()) {
        out += "null";
        return;
    }
    out += '{';
    bool first = true;
    for (uint32_t i : e.columns->primary_key) {
        if (!first) out += ',';
        first = false;
        out += e.columns->columns[i].json_key;
        if (i < row->columns() && row->present(i)) out += row->value(i);
        else out += "null";
    }
    out += '}';
}

void string_or_null(std::string& out, std::string_view s) {
    if (s.empty()) out += "null";
    else append_json_string(out, s);
}

} // namespace

void append_json_line(std::string& out, const ChangeEvent& e, int64_t now_ms) {
    const SourceInfo& s = e.source;
    out += "{\"before\":";
    if (e.columns) image(out, *e.columns, e.before);
    else out += "null";
    out += ",\"after\":";
    if (e.columns) image(out, *e.columns, e.after);
    else out += "null";
    out += ",\"source\":{\"version\":\"" CDC_VERSION "\",\"connector\":\"mysql\",\"name\":";
    append_json_string(out, s.server_name);
    out += ",\"ts_ms\":";
    append_integer(out, s.ts_ms);
    out += s.snapshot ? ",\"snapshot\":\"true\",\"db\":" : ",\"snapshot\":\"false\",\"db\":";
    append_json_string(out, e.db);
    out += ",\"table\":";
    append_json_string(out, e.table);
    out += ",\"server_id\":";
    append_integer(out, s.server_id);
    out += ",\"gtid\":";
    string_or_null(out, s.gtid);
    out += ",\"file\":";
    append_json_string(out, s.file);
    out += ",\"pos\":";
    append_integer(out, s.pos);
    out += ",\"row\":";
    append_integer(out, s.row);
    out += ",\"thread\":";
    if (s.thread) append_integer(out, *s.thread);
    else out += "null";
    out += ",\"query\":";
    string_or_null(out, s.query);
    out += "},\"op\":\"";
    out += static_cast<char>(e.op);
    out += "\",\"ts_ms\":";
    append_integer(out, now_ms);
    out += ",\"key\":";
    key(out, e);
    out += "}\n";
}

void append_heartbeat_line(std::string& out, int64_t ts_ms, std::string_view position_json) {
    out += "{\"heartbeat\":{\"ts_ms\":";
    append_integer(out, ts_ms);
    out += "},\"source\":";
    out += position_json;
    out += "}\n";
}

} // namespace cdc::events
