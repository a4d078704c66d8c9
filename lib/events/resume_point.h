#pragma once
// Where a restarted capture resumes: at its checkpoint, or, when lines it wrote before were
// delivered, after the last line of its own output file (stdout appended to a regular file),
// or after the line a downstream stage last delivered (cdc publish --checkpoint, read with
// --resume-from).
#include "events/binlog_position.h"
#include "events/ddl.h"
#include "events/schema_history.h"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace cdc::events {

// A capture checkpoint (--checkpoint): where to read from, the captured tables' columns there,
// and, when that lies before what was written (an XA transaction prepared there commits
// later), the position of what was written.
struct Checkpoint {
    BinlogPosition position;
    std::optional<BinlogPosition> written;
    std::optional<Schema> schema;              // none in older checkpoints
    std::optional<SchemaWindow> schema_window; // where that schema does not hold for sure yet
};

// Nothing if the file does not exist; throws cdc::Failure if it is not a checkpoint.
std::optional<Checkpoint> read_checkpoint(const std::string& path);

// The advice for a start afresh: capture resumes from its checkpoint, else after the last line
// of the output file it appends to, else after --resume-from's, so all three must go.
inline constexpr const char* start_afresh = "delete the checkpoint (and any --resume-from file), write to a new output "
                                            "file and start again with a new snapshot";

struct ResumePoint {
    BinlogPosition position;     // start of the line's transaction, or a heartbeat's position
    uint64_t delivered_rows = 0; // lines of the transaction at `position` delivered
    std::string gtid;            // of that transaction (of the last one before a heartbeat)
    bool heartbeat = false;      // `position` lies between transactions
};

// After the line whose "source" is `source`; nothing for a snapshot line (the snapshot is read
// again). Throws cdc::Failure naming `what` if `source` is not a position.
std::optional<ResumePoint> resume_point(const nlohmann::json& source, const std::string& what);

// A downstream checkpoint {"source": ...}; nothing if the file does not exist.
std::optional<ResumePoint> read_downstream_checkpoint(const std::string& path);

// If `fd` is a regular file that already holds lines (cdc capture >> FILE), the point after
// its last line. A last line without its newline (a kill -9 while writing) is cut off, and so
// are the lines of a snapshot cut short, which is read again whole; both with a warning.
// Leaves `fd` at the end of the file. Throws cdc::Failure if the last line is not capture's.
std::optional<ResumePoint> resume_after_output(int fd);

} // namespace cdc::events
