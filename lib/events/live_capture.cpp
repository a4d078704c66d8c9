#include "events/live_capture.h"

#include "binlog/decode_error.h"
#include "binlog/event_type.h"
#include "binlog/replica_stream.h"
#include "config/atomic_file.h"
#include "config/failure.h"
#include "config/shutdown.h"
#include "events/change_event.h"
#include "events/resume_point.h"
#include "events/schema_snapshot.h"
#include "events/snapshot.h"
#include "events/start_replica_stream.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <spdlog/spdlog.h>
#include <thread>
#include <unistd.h>

namespace cdc::events {
namespace {

std::string variable(mysql::Connection& source, const std::string& name) {
    auto rows = source.prepare("SELECT @@global." + name).query();
    return rows.empty() || !rows[0][0] ? "" : *rows[0][0];
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

BinlogPosition current_position(mysql::Connection& source) {
    auto rows = source.prepare(source.binlog_status_statement()).query();
    std::optional<BinlogPosition> p = rows.empty() ? std::nullopt : BinlogPosition::from_status_row(rows[0]);
    if (!p)
        throw Failure("the source has no binary log (" + std::string(source.binlog_status_statement()) +
                      " is empty): start it with log_bin=ON");
    return *p;
}

// A heartbeat line at `position`: consumers skip it, and a downstream checkpoint (publish's)
// moves to it, so that --resume-from starts there: after a finished snapshot, say.
void write_heartbeat(Output& out, const BinlogPosition& position) {
    std::string json, line;
    position.append_json(json);
    append_heartbeat_line(line, now_ms(), json);
    out.write(line);
}

// The position to read from with the schema as of it, so that a restart names columns as they
// were there, and as sure of them as capture was; and what was written, if that lies after it.
void write_checkpoint(const std::string& path, const BinlogPosition& position, const std::string& schema_members,
                      const BinlogPosition* written, Output& out) {
    out.flush(); // the position may only cover lines that have left the process
    if (path.empty()) return;
    std::string json;
    position.append_json(json);
    json.back() = ',';
    json += schema_members;
    if (written) {
        json += ",\"written\":";
        written->append_json(json);
    }
    write_file_atomically(path, json + "}\n");
}

// At `position`, with the schema as of it.
void write_checkpoint(const std::string& path, const BinlogPosition& position, const SchemaHistory& schema,
                      Output& out) {
    std::string members;
    schema.append_checkpoint_members(members, position);
    write_checkpoint(path, position, members, nullptr, out);
}

// Where the stream is: before the oldest XA transaction it holds prepared, if any. Reading
// again what it wrote before a restart, the checkpoint it started from still holds.
void write_checkpoint(const std::string& path, const ChangeStream& stream, const SchemaHistory& schema, Output& out) {
    if (stream.replaying()) return out.flush();
    const BinlogPosition& written = stream.committed();
    if (const ChangeStream::PreparedXa* xa = stream.oldest_prepared())
        return write_checkpoint(path, xa->from, xa->schema_members, &written, out);
    write_checkpoint(path, written, schema, out);
}

// An XA transaction prepared with captured rows holds the checkpoint at its start until it
// ends: said once per transaction, when the binlog has moved on to another file, which a purge
// may remove. Without a checkpoint, a restart loses it: said at once.
void warn_of_held_xa(const ChangeStream& stream, bool checkpointed, std::string& warned) {
    const ChangeStream::PreparedXa* xa = stream.oldest_prepared();
    if (!xa || xa->xid == warned || (checkpointed && xa->from.file == stream.position().file)) return;
    warned = xa->xid;
    if (checkpointed)
        spdlog::warn("XA transaction {} prepared at {} offset {} with captured rows has not committed or rolled back "
                     "yet: the checkpoint stays at it until it does, so keep binlog {} and those after it (a restart "
                     "cannot read a purged one)",
                     xa->xid, xa->from.file, xa->from.pos, xa->from.file);
    else
        spdlog::warn("XA transaction {} prepared at {} offset {} with captured rows is held until it commits; "
                     "without --checkpoint a restart before then loses its rows",
                     xa->xid, xa->from.file, xa->from.pos);
}

// Where a schema read at `to` holds from, for a stream from `from`: after the last DDL on a
// captured table between the two (`to` if that cannot be told). Looked for on demand, while
// the replication stream holds `source`: on a connection of its own.
std::function<BinlogPosition()> where_schema_holds(const mysql::Connection& source, const TableFilter& tables,
                                                   const BinlogPosition& from, const BinlogPosition& to) {
    return [endpoint = source.endpoint(), tables, from, to] {
        try {
            mysql::Connection scan(endpoint, "source");
            return schema_exact_from(scan, tables, from, to).value_or(to);
        } catch (const Failure& e) {
            spdlog::warn("cannot look for DDL in the binlog before {} at {} ({})", to.file, to.pos, e.what());
            return to;
        }
    };
}

// The schema now, for a start at `start` without one: exact if nothing lies between.
SchemaHistory schema_now(mysql::Connection& source, const TableFilter& tables, const BinlogPosition& start) {
    Schema schema;
    BinlogPosition now = position_with_schema(
        source, tables, [&] { return current_position(source); }, [] {}, schema);
    SchemaHistory history(tables, std::move(schema));
    if (start.precedes(now)) history.loaded_later(now, where_schema_holds(source, tables, start, now));
    return history;
}

// Counts the bytes that go out, for /metrics.
class CountingOutput : public Output {
public:
    CountingOutput(Output& inner, CaptureMetrics& metrics) : inner_(inner), metrics_(metrics) {}
    void write(std::string_view lines) override {
        inner_.write(lines);
        metrics_.bytes(lines.size());
    }
    void flush() override { inner_.flush(); }

private:
    Output& inner_;
    CaptureMetrics& metrics_;
};

} // namespace

void check_source(mysql::Connection& source) {
    std::string log_bin = variable(source, "log_bin");
    if (log_bin != "1" && upper(log_bin) != "ON")
        throw Failure("the binary log is off on the source: start the server with log_bin=ON, "
                      "binlog_format=ROW and binlog_row_metadata=FULL");
    std::string format = upper(variable(source, "binlog_format"));
    if (format != "ROW")
        throw Failure("binlog_format is " + format +
                      " on the source: row changes are only in the binlog with "
                      "binlog_format=ROW (SET GLOBAL binlog_format=ROW and in the server's config)");
    std::string image = upper(variable(source, "binlog_row_image"));
    if (image != "FULL")
        throw Failure("binlog_row_image is " + image + " on the source: " +
                      (image == "NOBLOB" ? "BLOB and TEXT columns a change leaves as they were are not logged"
                                         : "updates log only the changed columns and deletes only the key") +
                      ", so before/after images would miss columns; set binlog_row_image=FULL");
    std::string metadata = upper(variable(source, "binlog_row_metadata"));
    if (metadata != "FULL")
        spdlog::info("binlog_row_metadata is {} on the source: column names{} come from information_schema, "
                     "tracked across DDL (binlog_row_metadata=FULL is safer)",
                     metadata, metadata == "NO_LOG" ? ", signedness and character sets" : "");
    try {
        source.prepare(source.binlog_status_statement()).query();
    } catch (const Failure& e) {
        throw Failure(std::string(e.what()) + " — grant the capture user REPLICATION SLAVE, "
                                              "BINLOG MONITOR (MySQL: REPLICATION CLIENT) and SELECT");
    }
}

std::string not_an_event_start(const std::string& file, const std::string& message) {
    return "the position to resume from in binlog " + file +
           " is not the start of an event on this source: the checkpoint (or the output file's last line) was "
           "edited or comes from another server; " +
           start_afresh + " (" + message + ")";
}

std::string explain_replication_error(const std::string& message, uint32_t server_id, const std::string& file,
                                      const std::string& gtid_state, bool at_start) {
    auto says = [&](const char* text) { return message.find(text) != std::string::npos; };
    if (says("same server_id") || says("same server_uuid"))
        return "another replica connected to the source with server id " + std::to_string(server_id) +
               ": give each capture its own --server-id (" + message + ")";
    // A dump from a GTID state ignores the file: what is missing is the binlogs that hold it.
    std::string missing = gtid_state.empty() ? "binlog " + file : "the binlogs that hold GTID state " + gtid_state;
    if (says("Could not find first log file") || says("purged"))
        return "the source no longer has " + missing + " (purged): " + std::string(start_afresh) +
               "; keep binlogs longer than capture may be down (expire_logs_days / binlog_expire_logs_seconds) (" +
               message + ")";
    if (!gtid_state.empty() && says("not in the master's binlog"))
        return "the source's binlogs do not hold GTID state " + gtid_state +
               " (purged, or the checkpoint comes from another server): " + std::string(start_afresh) + " (" + message +
               ")";
    // What MariaDB says when a dump starts at an offset that is not an event's start.
    if (says("impossible position") ||
        (at_start && (says("bogus data in log event") || says("binlog truncated in the middle of event") ||
                      says("exceeded max_allowed_packet"))))
        return not_an_event_start(file, message);
    if (says("Access denied") || says("privilege"))
        return "the capture user may not replicate: GRANT REPLICATION SLAVE, BINLOG MONITOR (MySQL: REPLICATION "
               "CLIENT), SELECT ON *.* (" +
               message + ")";
    return "replication from the source failed: " + message;
}

namespace {

// The source went away (a restart, a failover, a killed dump thread), rather than refused.
bool source_lost(const std::string& message) {
    for (const char* text : {"Lost connection", "gone away", "closed the connection", "Can't connect", "cannot connect",
                             "shutdown in progress", "Connection was killed", "Connection refused", "Connection reset"})
        if (message.find(text) != std::string::npos) return true;
    return false;
}

struct StreamStart {
    BinlogPosition position;
    std::optional<SchemaHistory> schema;
    std::optional<ResumePoint> delivered; // lines delivered before, to skip
    bool by_gtid = false;                 // delivered lines are skipped by GTID: offsets are another server's
    bool from_checkpoint = false;
    bool at_prepared_xa = false; // the checkpoint stays at an XA transaction prepared there
};

std::string server_uuid(mysql::Connection& c) {
    return c.prepare("SELECT @@server_uuid").query().at(0).at(0).value_or("");
}

// Waits `seconds`, or less if capture is asked to stop.
void pause(double seconds) {
    const std::atomic<bool>& stop = shutdown_requested();
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!stop && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// An XA transaction prepared before capture starts afresh commits later with its rows neither in
// the snapshot nor in the binlog after it. XA RECOVER may need a privilege (MySQL:
// XA_RECOVER_ADMIN): without it, nothing is said.
void warn_of_prepared_xa(mysql::Connection& source) {
    std::vector<std::string> xids;
    try {
        // As X'gtrid',X'bqual',formatID, as the binlog names them, rather than bytes run together.
        for (const auto& row :
             source.prepare(source.is_mariadb() ? "XA RECOVER FORMAT='SQL'" : "XA RECOVER CONVERT XID").query())
            if (row.size() > 3 && row[3]) xids.push_back(*row[3]);
    } catch (const Failure&) { return; }
    if (xids.empty()) return;
    std::string list;
    for (const std::string& xid : xids) list += (list.empty() ? "" : ", ") + xid;
    spdlog::warn("{} XA transaction(s) are prepared on the source ({}): if they change captured tables, capture "
                 "misses those rows when they commit; commit or roll them back before capture starts afresh",
                 xids.size(), list);
}

// Where streaming starts, from what a run before left (a checkpoint, the output file, a
// downstream checkpoint), or after a snapshot, or now; nothing if --snapshot only is done.
// Whether the source lets capture replicate, asked by starting a dump (at the end of the binlog,
// under capture's own server id) and reading its first event: a refusal found only after a
// snapshot would have it written for nothing, and again at every retry.
void check_replication(mysql::Connection& source, uint32_t server_id) {
    BinlogPosition now = current_position(source);
    mysql::Connection probe(source.endpoint(), "source");
    try {
        binlog::ReplicaStream stream(probe, binlog::ReplicaStart{now.file, now.pos, "", false}, server_id, true, 1.0);
        stream.next();
    } catch (const std::runtime_error& e) {
        throw Failure(explain_replication_error(e.what(), server_id, now.file, "", false));
    }
}

std::optional<StreamStart> choose_start(mysql::Connection& source, const CaptureSettings& settings,
                                        const LiveSettings& live, Output& out, uint32_t server_id) {
    StreamStart s;
    std::optional<Checkpoint> resume = read_checkpoint(live.checkpoint);
    // Lines written before a restart: in the output file itself (which the checkpoint never
    // passes, as it is written after them), or delivered downstream.
    s.delivered = resume_after_output(live.output_fd);
    if (!s.delivered && !resume) s.delivered = read_downstream_checkpoint(live.resume_from);
    if (live.snapshot == "only" && (resume || s.delivered)) {
        // As Debezium's snapshot.mode=initial_only once offsets are recorded: a position is only
        // written after a finished snapshot (one cut short is taken again), so it was taken.
        spdlog::warn("--snapshot only: the snapshot was taken before (the checkpoint, the output file or "
                     "--resume-from holds a position after it), nothing to do; for a new one, {}",
                     start_afresh);
        return std::nullopt;
    }
    BinlogPosition& start = s.position;
    s.from_checkpoint = resume.has_value();
    s.at_prepared_xa = resume && resume->written;
    if (s.at_prepared_xa && !s.delivered)
        s.delivered = ResumePoint{*resume->written, 0, resume->written->last_gtid, true};
    if (resume) {
        start = resume->position; // lines of the output file after it are read again, not written again
        if (resume->schema) s.schema.emplace(settings.tables, *resume->schema);
        if (resume->schema_window)
            s.schema->resume_window(*resume->schema_window, where_schema_holds(source, settings.tables, start,
                                                                               resume->schema_window->holds_from));
    } else if (s.delivered) {
        start = s.delivered->position;
        // A change line has no GTID state to check its file and offset against: its GTID instead.
        if (!s.delivered->heartbeat && !s.delivered->gtid.empty())
            if (std::optional<BinlogPosition> before = position_before_gtid(source, start, s.delivered->gtid)) {
                s.by_gtid = before->file != start.file || before->pos != start.pos;
                start = *before;
            }
    } else if (live.snapshot == "never") {
        warn_of_prepared_xa(source);
        Schema now;
        start = position_with_schema(
            source, settings.tables, [&] { return current_position(source); }, [] {}, now);
        s.schema.emplace(settings.tables, std::move(now));
        if (auto state = gtid_state_at(source, start)) start.gtid_set = *state; // MariaDB's
        spdlog::info("streaming from now: {} at {}", start.file, start.pos);
    } else {
        if (live.snapshot == "initial") check_replication(source, server_id); // --snapshot only needs none
        warn_of_prepared_xa(source);
        Schema at_snapshot;
        start = snapshot_tables(source, settings, out, at_snapshot, live.metrics);
        s.schema.emplace(settings.tables, std::move(at_snapshot));
        if (auto state = gtid_state_at(source, start)) start.gtid_set = *state; // MariaDB's
        write_heartbeat(out, start);
        write_checkpoint(live.checkpoint, start, *s.schema, out);
        if (live.snapshot == "only") return std::nullopt;
    }
    if (!s.schema) s.schema.emplace(schema_now(source, settings.tables, start));
    return s;
}

// Lines delivered before the restart are read again, not written: skipped by file and offset,
// or by GTID where those are another server's.
void skip_delivered(ChangeStream& stream, const ResumePoint& delivered, bool by_gtid) {
    if (!by_gtid) {
        stream.resume_after(delivered.position, delivered.delivered_rows);
    } else if (delivered.heartbeat && !delivered.position.gtid_set.empty()) {
        stream.resume_after_gtid_state(delivered.position.gtid_set);
    } else if (!delivered.gtid.empty()) {
        stream.resume_after_gtid(delivered.gtid, delivered.heartbeat ? UINT64_MAX : delivered.delivered_rows);
    } else {
        spdlog::warn("the last delivered line has no GTID: lines delivered after {} may be written again",
                     stream.position().gtid_set);
    }
}

} // namespace

void capture_live(mysql::Connection& source, const CaptureSettings& settings, const LiveSettings& live,
                  Output& destination) {
    CaptureMetrics no_metrics;
    CaptureMetrics& metrics = live.metrics ? *live.metrics : no_metrics;
    CountingOutput out(destination, metrics);
    check_source(source);
    // A random default: a pid would repeat across containers (often 1), and two replicas with
    // one id knock each other off the source.
    uint32_t server_id = live.server_id ? live.server_id : 1000000 + std::random_device()() % 2000000000u;
    metrics.starting(true);
    std::optional<StreamStart> chosen = choose_start(source, settings, live, out, server_id);
    metrics.starting(false);
    if (!chosen) return;
    const BinlogPosition& start = chosen->position;
    std::optional<SchemaHistory>& schema = chosen->schema;
    ChangeStream stream(settings, out);
    stream.stream_live();
    stream.count_into(&metrics);
    if (chosen->from_checkpoint) stream.checkpointed();
    stream.track_schema(&*schema);
    stream.set_position(start);
    binlog::ReplicaStart from = replica_start(source, start);
    if (chosen->delivered) skip_delivered(stream, *chosen->delivered, chosen->by_gtid || !from.mariadb_gtid.empty());
    const std::atomic<bool>& stop = shutdown_requested();
    std::string first_uuid = source.is_mariadb() ? "" : server_uuid(source); // MariaDB follows by GTID
    std::optional<mysql::Connection> again; // once the source was lost: the connection that follows it
    std::optional<binlog::ReplicaStream> replica;
    std::optional<RowsPrefetch> ahead; // reads from replica: goes first
    // The binlog an error names, and why the checkpoint stays in it if an XA transaction holds it.
    auto binlog_here = [&] {
        std::string file = stream.position().file;
        if (chosen->at_prepared_xa && file == start.file)
            file += " (where an XA transaction prepared with captured rows starts: the checkpoint stays at it until "
                    "it commits or rolls back, so the binlogs from there on must be kept)";
        return file;
    };
    std::string dump_gtid; // the GTID state the dump started from, if it did from one
    auto follow = [&](mysql::Connection& c, binlog::ReplicaStart where) {
        where.statements = settings.include_query; // Annotate_rows events are not sent unless asked for
        ahead.reset();
        try {
            // Heartbeats from the server at least every second keep the loop responsive to signals.
            replica.emplace(c, where, server_id, live.until_end, std::min(live.heartbeat_seconds, 1.0));
        } catch (const std::runtime_error& e) {
            throw Failure(explain_replication_error(e.what(), server_id, binlog_here(), where.mariadb_gtid, true));
        }
        dump_gtid = where.mariadb_gtid;
        ahead.emplace([&] { return replica->next(); }, [&] { return replica->ready(); },
                      [&](const binlog::TableMap& parsed) { return stream.prefetch_map(parsed); },
                      settings.decode_threads);
    };
    // A daemon follows the source again when it comes back, from what was written (a batch job
    // with --until-end fails instead): waits of 1 s, 2, 4, ... up to 30 s between tries.
    auto reconnect = [&](std::string why) {
        for (double wait = 1; !stop; wait = std::min(wait * 2, 30.0)) {
            spdlog::warn("lost the source ({}); connecting again in {} s", why, wait);
            pause(wait);
            if (stop) return;
            try {
                again.emplace(source.endpoint(), "source");
                check_source(*again); // a failover may land on a server configured otherwise
                std::string uuid = again->is_mariadb() ? "" : server_uuid(*again);
                if (uuid != first_uuid)
                    throw Failure("the source is another MySQL server now (server_uuid " + uuid + ", was " +
                                  first_uuid +
                                  "): binlog offsets are its own, and capture follows "
                                  "MySQL by file and offset; " +
                                  start_afresh);
                stream.set_position(stream.committed());
                follow(*again, replica_start(*again, stream.committed()));
                metrics.connected(true);
                spdlog::info("following the source again from {} at {}", stream.committed().file,
                             stream.committed().pos);
                return;
            } catch (const std::runtime_error& e) {
                if (!source_lost(e.what())) throw;
                why = e.what();
            }
        }
    };
    // --until-end: where the binlog ends as streaming begins. The server's non-blocking dump
    // would go on to the end it reaches meanwhile, which a steady writer keeps moving.
    std::optional<BinlogPosition> end;
    if (live.until_end) end = current_position(source);
    follow(source, from);
    metrics.connected(true);
    struct Disconnected {
        CaptureMetrics& m;
        ~Disconnected() { m.connected(false); }
    } disconnected{metrics};
    // Stopping on an error, the lines written so far are checkpointed: a restart does not write
    // them again.
    auto keep_what_is_written = [&] {
        stream.end_of_input();
        write_checkpoint(live.checkpoint, stream, *schema, out);
    };
    auto at_start = [&] { return stream.position().file == start.file && stream.position().pos == start.pos; };
    // Bytes that do not decode where the dump began: the position was inside an event (the
    // server sends from any offset).
    auto undecodable = [&](const binlog::DecodeError& e) {
        keep_what_is_written();
        if (at_start()) return Failure(not_an_event_start(binlog_here(), e.what()));
        return Failure("binlog " + stream.position().file + ": " + e.what());
    };
    int64_t last_heartbeat = now_ms(), last_checkpoint = now_ms();
    std::string warned_xa;
    while (!stop) {
        std::optional<RowsPrefetch::Next> next;
        try {
            next = ahead->next();
        } catch (const binlog::DecodeError& e) { throw undecodable(e); } catch (const std::runtime_error& e) {
            if (stop) break;
            keep_what_is_written();
            if (!live.until_end && source_lost(e.what())) {
                ahead.reset();
                replica.reset();
                metrics.connected(false);
                reconnect(e.what());
                continue;
            }
            throw Failure(explain_replication_error(e.what(), server_id, binlog_here(), dump_gtid, at_start()));
        }
        if (!next) break;
        const binlog::Event* event = next->event;
        if (event->header.type == binlog::heartbeat) { // its body names the source's file, next_pos its end
            binlog::ByteCursor body = event->body;
            metrics.heartbeat(std::string(body.rest()), event->header.next_pos);
        } else if (event->header.type != binlog::heartbeat_v2) {
            try {
                stream.handle(*event, next->rows);
            } catch (const binlog::DecodeError& e) {
                throw undecodable(e);
            } catch (const Failure&) { // what the stream refuses (names it cannot know, XA)
                keep_what_is_written();
                throw;
            }
            metrics.event(static_cast<int64_t>(event->header.timestamp) * 1000, stream.position());
            if (end && !stream.committed().precedes(*end)) break;
        }
        int64_t now = now_ms();
        if (now - last_heartbeat >= static_cast<int64_t>(live.heartbeat_seconds * 1000) && !stream.replaying()) {
            write_heartbeat(out, stream.committed());
            last_heartbeat = now;
        }
        if (now - last_checkpoint >= 1000) {
            write_checkpoint(live.checkpoint, stream, *schema, out);
            last_checkpoint = now;
            warn_of_held_xa(stream, !live.checkpoint.empty(), warned_xa);
        }
    }
    stream.end_of_input();
    if (!stream.replaying()) write_heartbeat(out, stream.committed());
    write_checkpoint(live.checkpoint, stream, *schema, out);
}

} // namespace cdc::events
