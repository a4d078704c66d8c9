#include "events/capture_metrics.h"

#include "events/change_event.h"

#include "json/json_writer.h"
#include <algorithm>

namespace cdc::events {

void CaptureMetrics::rows(std::string_view db, std::string_view table, char op, uint64_t count) {
    std::lock_guard lock(mutex_);
    rows_[{std::string(db) + "." + std::string(table), op}] += count;
}

void CaptureMetrics::bytes(uint64_t count) {
    std::lock_guard lock(mutex_);
    bytes_ += count;
}

void CaptureMetrics::starting(bool yes) {
    std::lock_guard lock(mutex_);
    starting_ = yes;
}

void CaptureMetrics::connected(bool yes) {
    std::lock_guard lock(mutex_);
    connected_ = yes;
}

void CaptureMetrics::event(int64_t event_ms, const BinlogPosition& position) {
    std::lock_guard lock(mutex_);
    if (event_ms) last_event_ms_ = event_ms;
    position_ = position;
    idle_ = false;
}

void CaptureMetrics::heartbeat(const std::string& source_file, uint64_t source_pos) {
    std::lock_guard lock(mutex_);
    source_file_ = source_file;
    source_pos_ = source_pos;
    idle_ = true;
}

std::string CaptureMetrics::health_json() const {
    std::lock_guard lock(mutex_);
    std::string out = connected_  ? "{\"status\":\"ok\",\"connected\":true,\"position\":"
                      : starting_ ? "{\"status\":\"starting\",\"connected\":true,\"position\":"
                                  : "{\"status\":\"down\",\"connected\":false,\"position\":";
    position_.append_json(out);
    out += '}';
    return out;
}

std::string CaptureMetrics::metrics_text() const {
    std::lock_guard lock(mutex_);
    std::string out = "# HELP cdc_capture_rows_total Row changes decoded, by table and operation.\n"
                      "# TYPE cdc_capture_rows_total counter\n";
    for (const auto& [key, count] : rows_) {
        out += "cdc_capture_rows_total{table=\"";
        json::append_escaped(out, key.first);
        out += "\",op=\"";
        out += key.second;
        out += "\"} ";
        json::append_integer(out, count);
        out += '\n';
    }
    out += "# HELP cdc_capture_bytes_total Bytes of JSON lines written.\n# TYPE cdc_capture_bytes_total counter\n"
           "cdc_capture_bytes_total ";
    json::append_integer(out, bytes_);
    // Idle (the source's last heartbeat found nothing new): not behind. Otherwise the age of the
    // last event read.
    int64_t behind_ms = idle_ || !last_event_ms_ ? 0 : std::max<int64_t>(0, now_ms() - last_event_ms_);
    out += "\n# HELP cdc_capture_seconds_behind_source Age of the last binlog event read (0 when caught up).\n"
           "# TYPE cdc_capture_seconds_behind_source gauge\ncdc_capture_seconds_behind_source ";
    json::append_integer(out, behind_ms / 1000);
    uint64_t behind_bytes =
        source_file_ == position_.file && source_pos_ > position_.pos ? source_pos_ - position_.pos : 0;
    out += "\n# HELP cdc_capture_bytes_behind_source Bytes of the source's current binlog not read yet, as of its "
           "last heartbeat.\n# TYPE cdc_capture_bytes_behind_source gauge\ncdc_capture_bytes_behind_source ";
    json::append_integer(out, behind_bytes);
    out += "\n# HELP cdc_capture_connected 1 while connected to the source: streaming, or taking a snapshot as /health "
           "says.\n# TYPE cdc_capture_connected gauge\ncdc_capture_connected ";
    out += connected_ || starting_ ? "1\n" : "0\n";
    return out;
}

} // namespace cdc::events
