#pragma once
// What --http-port shows of a running capture: /health (live, connected, position) and
// /metrics (Prometheus text: rows by table and op, bytes written, how far behind the source).
// Written by the capture loop, read by the HTTP thread.
#include "events/binlog_position.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace cdc::events {

class CaptureMetrics {
public:
    void rows(std::string_view db, std::string_view table, char op, uint64_t count);
    void bytes(uint64_t count);
    void connected(bool yes);
    // Capture is connected and preparing its start (a snapshot, which may take hours): alive,
    // not yet streaming.
    void starting(bool yes);
    // An event written by the source at `event_ms` was handled; `position` is where capture is.
    void event(int64_t event_ms, const BinlogPosition& position);
    // The source sent a heartbeat: capture has read everything up to `source_pos` in
    // `source_file`, the end of the source's binlog.
    void heartbeat(const std::string& source_file, uint64_t source_pos);

    std::string health_json() const;
    std::string metrics_text() const;

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, char>, uint64_t> rows_;
    uint64_t bytes_ = 0;
    bool connected_ = false;
    bool starting_ = false;
    bool idle_ = false;
    int64_t last_event_ms_ = 0;
    BinlogPosition position_;
    std::string source_file_;
    uint64_t source_pos_ = 0;
};

} // namespace cdc::events
