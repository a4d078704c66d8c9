#include "events/change_event.h"

#include "json/json_writer.h"
#include <chrono>

namespace cdc::events {
namespace {

// Each key column from the after image, or from the before image where the after image lacks it
// (binlog_row_image=MINIMAL logs an update's key only in its before image).
void key(std::string& out, const ChangeEvent& e) {
    auto has = [](const binlog::RowImage* image, uint32_t i) {
        return image && i < image->columns() && image->present(i);
    };
    if (!e.columns || (!e.after && !e.before) || !e.columns->has_primary_key || e.columns->primary_key.empty()) {
        out += "null";
        return;
    }
    size_t open = out.size();
    out += '{';
    for (uint32_t i : e.columns->primary_key) {
        std::string_view member = e.columns->columns[i].json_member;
        if (out.size() == open + 1 && !member.empty()) member.remove_prefix(1); // the first: no comma
        out += member;
        if (has(e.after, i)) out += e.after->value(i);
        else if (has(e.before, i)) out += e.before->value(i);
        else out += "null";
    }
    out += '}';
}

// ,"gtid":..,"file":..,"pos":N: where the row's transaction is.
void append_place(std::string& out, std::string_view gtid, std::string_view file, uint64_t pos) {
    out += ",\"gtid\":";
    json::append_string_or_null(out, gtid);
    out += ",\"file\":";
    json::append_json_string(out, file);
    out += ",\"pos\":";
    json::append_integer(out, pos);
}

} // namespace

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

LineFrame make_line_frame(const ChangeEvent& e, int64_t now_ms) {
    const SourceInfo& s = e.source;
    LineFrame f;
    std::string& h = f.source_head;
    h += ",\"source\":{\"version\":\"" CDC_VERSION "\",\"connector\":\"mysql\",\"name\":";
    json::append_json_string(h, s.server_name);
    h += ",\"ts_ms\":";
    json::append_integer(h, s.ts_ms);
    h += s.snapshot ? ",\"snapshot\":\"true\",\"db\":" : ",\"snapshot\":\"false\",\"db\":";
    json::append_json_string(h, e.db);
    h += ",\"table\":";
    json::append_json_string(h, e.table);
    h += ",\"server_id\":";
    json::append_integer(h, s.server_id);
    append_place(h, s.gtid, s.file, s.pos);
    h += ",\"row\":";
    std::string& t = f.source_tail;
    t += ",\"thread\":";
    if (s.thread) json::append_integer(t, *s.thread);
    else t += "null";
    t += ",\"query\":";
    json::append_string_or_null(t, s.query);
    t += "},\"op\":\"";
    t += static_cast<char>(e.op);
    t += "\",\"ts_ms\":";
    json::append_integer(t, now_ms);
    t += ",\"key\":";
    return f;
}

void append_json_line(std::string& out, const ChangeEvent& e, const LineFrame& frame) {
    // As few appends as can be: this runs for every row.
    if (e.before) {
        out += "{\"before\":";
        out += e.before->object();
        out += e.after ? ",\"after\":" : ",\"after\":null";
    } else {
        out += e.after ? "{\"before\":null,\"after\":" : "{\"before\":null,\"after\":null";
    }
    if (e.after) out += e.after->object();
    out += frame.source_head;
    json::append_integer(out, e.source.row);
    out += frame.source_tail;
    key(out, e);
    out += "}\n";
}

void append_json_line(std::string& out, const ChangeEvent& e, int64_t now_ms) {
    append_json_line(out, e, make_line_frame(e, now_ms));
}

namespace {
// Where the source block of a line begins: after the images, which cannot hold this text
// unescaped; the key after it holds only key values.
size_t source_block(std::string_view line) { return line.rfind(",\"source\":{\"version\":"); }
constexpr std::string_view snapshot_member = ",\"snapshot\":\"";
} // namespace

bool is_snapshot_line(std::string_view line) {
    size_t source = source_block(line);
    if (source == std::string_view::npos) return false;
    size_t at = line.find(snapshot_member, source);
    return at != std::string_view::npos && line.substr(at + snapshot_member.size(), 1) != "f";
}

void mark_snapshot_last(std::string& line) {
    size_t source = source_block(line);
    if (source == std::string::npos) return;
    size_t at = line.find(std::string(snapshot_member) + "true\"", source);
    if (at != std::string::npos) line.replace(at + snapshot_member.size(), 4, "last");
}

void move_line(std::string& line, std::string_view gtid, std::string_view file, uint64_t pos) {
    size_t source = source_block(line);
    if (source == std::string::npos) return;
    size_t from = line.find(",\"gtid\":", source), to = line.find(",\"row\":", source);
    if (from == std::string::npos || to == std::string::npos || to < from) return;
    std::string place;
    append_place(place, gtid, file, pos);
    line.replace(from, to - from, place);
}

void append_heartbeat_line(std::string& out, int64_t ts_ms, std::string_view position_json) {
    out += "{\"heartbeat\":{\"ts_ms\":";
    json::append_integer(out, ts_ms);
    out += "},\"source\":";
    out += position_json;
    out += "}\n";
}

} // namespace cdc::events
