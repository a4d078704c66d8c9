#pragma once
// ChangeEvent: one row change, and its JSON line in Debezium's MySQL change-event value with
// schemas disabled, plus the row's primary key:
//   {"before":{..}|null,"after":{..}|null,"source":{"version","connector":"mysql","name",
//    "ts_ms","snapshot","db","table","server_id","gtid","file","pos","row","thread","query"},
//    "op":"c|u|d|r|t","ts_ms":N,"key":{pk columns}|null}
// source.pos is where the row's transaction starts and source.row the row's index in it, so
// the rows of one transaction share (file, pos) and gtid.
#include "binlog/rows_event.h"
#include "binlog/table_map.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cdc::events {

enum class Op : char { create = 'c', update = 'u', remove = 'd', read = 'r', truncate = 't' };

struct SourceInfo {
    std::string_view server_name;
    int64_t ts_ms = 0; // when the server wrote the change
    bool snapshot = false;
    uint32_t server_id = 0;
    std::string_view gtid; // empty: none
    std::string_view file;
    uint64_t pos = 0;
    uint64_t row = 0;
    std::optional<uint32_t> thread;
    std::string_view query; // empty: none
};

struct ChangeEvent {
    Op op = Op::create;
    std::string_view db;
    std::string_view table;
    const binlog::TableMap* columns = nullptr; // names and primary key; null for truncate
    const binlog::RowImage* before = nullptr;  // null for c, r, t
    const binlog::RowImage* after = nullptr;   // null for d, t
    SourceInfo source;
};

// Wall-clock milliseconds since the epoch (the top-level ts_ms).
int64_t now_ms();

// The text around the row images and key that is the same for all rows of one rows event
// (everything but source.row), rendered once per event rather than per row.
struct LineFrame {
    std::string source_head; // ,"source":{... ,"row":
    std::string source_tail; // ,"thread":..,"query":..},"op":"c","ts_ms":N,"key":
};
// `now_ms` is the top-level ts_ms (when capture processed the change, as in Debezium).
LineFrame make_line_frame(const ChangeEvent& event, int64_t now_ms);

// Appends the event's JSON line, newline included.
void append_json_line(std::string& out, const ChangeEvent& event, const LineFrame& frame);
void append_json_line(std::string& out, const ChangeEvent& event, int64_t now_ms);

// For lines of the snapshot as append_json_line wrote them, read without a parse by the source
// block they have after their images ("snapshot":"true" or "last"): whether `line` is one, and
// the mark of the snapshot's last line, as Debezium's, so that a consumer knows streaming comes
// next.
bool is_snapshot_line(std::string_view line);
void mark_snapshot_last(std::string& line);

// Moves a line as append_json_line wrote it to the transaction at `gtid` (empty: null),
// `file` and `pos`, keeping its source.row: the rows of an XA transaction are written at its
// XA COMMIT, as that transaction's.
void move_line(std::string& line, std::string_view gtid, std::string_view file, uint64_t pos);

// {"heartbeat":{"ts_ms":N},"source":{position}}: no "op", so change consumers skip it.
void append_heartbeat_line(std::string& out, int64_t ts_ms, std::string_view position_json);

} // namespace cdc::events
