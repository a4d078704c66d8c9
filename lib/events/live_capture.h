#pragma once
// `cdc capture` from a live source: checks the server is set up for row-based capture, streams
// its binlog as a replica from the checkpoint (or from now), writes change-event lines and
// heartbeats, and checkpoints the position of what it has written.
#include "events/capture_metrics.h"
#include "events/change_stream.h"
#include "events/output.h"
#include "mysql/connection.h"

#include <string>

namespace cdc::events {

struct LiveSettings {
    std::string checkpoint;           // file; empty: no checkpoint
    bool until_end = false;           // stop at the end of the binlog
    double heartbeat_seconds = 10;    // interval of heartbeat lines
    uint32_t server_id = 0;           // as a replica; 0: a random one
    std::string snapshot = "initial"; // initial, never or only
    // A downstream checkpoint {"source": <source of the last line delivered>} (cdc publish
    // --checkpoint): capture resumes right after that line when there is no checkpoint.
    std::string resume_from;
    CaptureMetrics* metrics = nullptr; // for --http-port
    // The output's file descriptor: if it is a regular file that already holds lines, capture
    // resumes right after its last one (see resume_after_output).
    int output_fd = -1;
};

// Throws cdc::Failure saying what to change if the source cannot be captured: binary log off,
// binlog_format not ROW, binlog_row_image not FULL, missing
// privileges.
void check_source(mysql::Connection& source);

// The server's replication error, with the fix. `file`: the binlog capture resumes in;
// `gtid_state`: the MariaDB GTID state the dump started from instead (empty: none); `at_start`:
// before any event from there was read.
std::string explain_replication_error(const std::string& message, uint32_t server_id, const std::string& file,
                                      const std::string& gtid_state, bool at_start);

void capture_live(mysql::Connection& source, const CaptureSettings& settings, const LiveSettings& live, Output& out);

} // namespace cdc::events
