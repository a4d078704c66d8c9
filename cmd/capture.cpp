// cdc capture: the binary log as change-event JSON lines on stdout (see man/cdc-capture.1).
#include "config/failure.h"
#include "config/file_lock.h"
#include "config/shutdown.h"
#include "events/live_capture.h"
#include "events/offline_capture.h"
#include "http/status_server.h"
#include "mysql/connection.h"
#include "subcommands.h"

#include <memory>
#include <unistd.h>

namespace {

struct CaptureOptions {
    std::vector<std::string> binlog_files;
    std::string tables = cdc::events::default_tables;
    std::string exclude_tables;
    std::string skip_ops;
    std::string server_name = "cdc";
    bool positional_column_names = false;
    bool include_query = false;
    unsigned decode_threads = 0;
    std::string snapshot = "initial";
    std::string checkpoint;
    std::string resume_from;
    bool until_end = false;
    double heartbeat_interval = 10;
    uint32_t server_id = 0;
    int http_port = -1;
    std::string bind = "127.0.0.1";
};

} // namespace

Run capture_command(CLI::App& sub, cdc::SharedOptions& shared) {
    auto o = std::make_shared<CaptureOptions>();
    cdc::add_shared_options(sub, shared, cdc::servers::source);
    // Comma-separated too, so that CDC_BINLOG_FILE can name several.
    sub.add_option("--binlog-file", o->binlog_files,
                   "decode these binlog files from disk instead of connecting to the source (F,... or F F ...)")
        ->delimiter(',');
    sub.add_option("--tables", o->tables, "tables to capture: db.table,... (* matches any name, e.g. shop.*)")
        ->capture_default_str();
    sub.add_option("--exclude-tables", o->exclude_tables, "tables not to capture: db.table,...");
    sub.add_option("--skip-ops", o->skip_ops, "operations to drop: c,u,d,r,t (default: none)");
    sub.add_option("--server-name", o->server_name, "logical name of the source, in source.name")
        ->capture_default_str();
    sub.add_flag("--positional-column-names", o->positional_column_names,
                 "name columns col_1, col_2, ... when a binlog file has no column names "
                 "(binlog_row_metadata not FULL)");
    sub.add_flag("--include-query", o->include_query,
                 "put the statement that changed the row in source.query (needs binlog_annotate_row_events "
                 "on MariaDB, binlog_rows_query_log_events on MySQL)");
    sub.add_option("--decode-threads", o->decode_threads,
                   "threads that decode rows ahead of the one that writes lines (0: none; default: the cores "
                   "but one with --binlog-file, but two from the source; at most 8)")
        ->check(CLI::Range(0, 64));
    sub.add_option("--snapshot", o->snapshot,
                   "initial: read the tables first (op r), then stream from that point; never: stream from now; "
                   "only: read the tables and stop (a checkpoint, if there is one, wins over all three)")
        ->capture_default_str()
        ->check(CLI::IsMember({"initial", "never", "only"}));
    sub.add_option("--checkpoint", o->checkpoint,
                   "file of the position of the last line written; capture resumes from it after a restart");
    sub.add_option("--resume-from", o->resume_from,
                   "resume after the last line a downstream stage delivered: the checkpoint file of "
                   "cdc publish --checkpoint ({\"source\": ...}); used when --checkpoint has none");
    sub.add_flag("--until-end", o->until_end, "stop at the end the source's binlog has when streaming begins (exit 0)");
    sub.add_option("--heartbeat-interval", o->heartbeat_interval, "seconds between heartbeat lines")
        ->capture_default_str()
        ->check(CLI::Range(0.001, 86400.0));
    sub.add_option("--server-id", o->server_id,
                   "server id of capture as a replica, unique among the source's replicas (default: random)");
    sub.add_option("--http-port", o->http_port, "serve /health and /metrics on this port (live capture)")
        ->check(CLI::Range(0, 65535));
    sub.add_option("--bind", o->bind, "address for --http-port")->capture_default_str();
    return [o, &shared, &sub] {
        cdc::events::CaptureSettings settings;
        settings.tables = cdc::events::TableFilter(o->tables, o->exclude_tables);
        settings.skip_ops = cdc::events::OpSet::parse(o->skip_ops);
        settings.server_name = o->server_name;
        settings.positional_column_names = o->positional_column_names;
        settings.include_query = o->include_query;
        settings.decode_threads = sub.count("--decode-threads")
                                      ? o->decode_threads
                                      : cdc::events::RowsPrefetch::default_workers(o->binlog_files.empty());
        cdc::events::FileOutput out(STDOUT_FILENO);
        if (!o->binlog_files.empty()) {
            for (const char* live_only : {"--snapshot", "--checkpoint", "--resume-from", "--until-end",
                                          "--heartbeat-interval", "--server-id", "--http-port", "--bind"})
                if (sub.count(live_only))
                    throw cdc::UsageError(std::string(live_only) +
                                          " is for capture from the source, not --binlog-file");
            cdc::events::capture_binlog_files(o->binlog_files, settings, out, &cdc::shutdown_requested());
            return;
        }
        if (o->positional_column_names) throw cdc::UsageError("--positional-column-names is for --binlog-file only");
        cdc::shutdown_requested(); // from here on, a signal stops capture cleanly however early it comes
        cdc::FileLock checkpoint_lock(o->checkpoint, "capture");
        cdc::mysql::Connection source(shared.source_endpoint(), "source");
        cdc::events::CaptureMetrics metrics;
        auto status = cdc::http::serve_status(o->bind, o->http_port, metrics);
        cdc::events::LiveSettings live{o->checkpoint,  o->until_end, o->heartbeat_interval, o->server_id, o->snapshot,
                                       o->resume_from, &metrics,     STDOUT_FILENO};
        cdc::events::capture_live(source, settings, live, out);
    };
}
