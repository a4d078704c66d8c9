#pragma once
// Turns decoded binlog events into change-event lines: keeps the table maps, follows
// transactions (GTID, BEGIN, COMMIT/XID, ROLLBACK, savepoints, XA) so rows are written only
// once their transaction commits, and applies the table and operation filters.
#include "binlog/event.h"
#include "binlog/rows_event.h"
#include "binlog/table_map.h"
#include "events/binlog_position.h"
#include "events/capture_metrics.h"
#include "events/change_event.h"
#include "events/output.h"
#include "events/rows_prefetch.h"
#include "events/schema_history.h"
#include "events/table_filter.h"
#include "events/transaction_buffer.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cdc::events {

// The original system's tables, captured when --tables does not say.
inline constexpr const char* default_tables = "ecommerce_db.products,ecommerce_db.orders,ecommerce_db.order_items";

struct CaptureSettings {
    TableFilter tables{default_tables, ""};
    OpSet skip_ops;
    bool positional_column_names = false; // name columns col_1.. when the binlog has no names
    std::string server_name = "cdc";
    // source.query: the statement (binlog_rows_query_log_events / binlog_annotate_row_events).
    // Off by default as in Debezium (include.query): a multi-row INSERT repeats on every row.
    bool include_query = false;
    // Threads that decode rows ahead (RowsPrefetch); 0: all on the thread of the stream.
    unsigned decode_threads = 0;
};

class ChangeStream {
public:
    ChangeStream(CaptureSettings settings, Output& out);
    const CaptureSettings& settings() const { return settings_; }

    // A new binlog file begins (its name goes into source.file).
    void start_file(std::string name);
    // Live: ROTATE events name the file that follows, and a change logged as a statement on a
    // captured table stops capture. Offline files (often from statement-based servers) only
    // warn about it, once per table.
    void stream_live() { live_ = true; }
    // `decoded`: its rows as RowsPrefetch decoded them ahead, used where they were decoded
    // with the table map this stream has for them.
    void handle(const binlog::Event& e, const DecodedRows* decoded = nullptr);
    // For RowsPrefetch, reading ahead: the table map this stream decodes rows of `parsed`'s table
    // with, as far as it knows before reaching that TABLE_MAP: the one its last TABLE_MAP of that
    // table id came to (names from the schema or by position included), else `parsed` itself if
    // it carries names; null for a table not captured or not known. A wrong guess costs time
    // only: handle() decodes again rows decoded with another map than its own.
    std::shared_ptr<const binlog::TableMap> prefetch_map(const binlog::TableMap& parsed);
    // The input ended: drops an unfinished transaction and returns how many rows it held.
    uint64_t end_of_input();

    const BinlogPosition& position() const { return position_; }
    // After the last transaction whose lines have been written.
    const BinlogPosition& committed() const { return committed_; }
    // An XA transaction prepared with captured rows, held until its XA COMMIT (written then, as
    // that transaction's) or XA ROLLBACK: a restart must read the binlog again from the oldest
    // one's start to find them.
    struct PreparedXa {
        std::string xid; // as binlog::xid_text
        BinlogPosition from;
        std::string schema_members; // the checkpoint's schema members as of `from`
    };
    const PreparedXa* oldest_prepared() const;
    size_t prepared() const { return prepared_.size(); }
    // Reading again what was written before a restart (see resume_after): a checkpoint or
    // heartbeat written meanwhile would point before lines already out.
    bool replaying() const { return delivered_until_ || !delivered_gtid_.empty() || !delivered_state_.empty(); }
    void set_position(const BinlogPosition& p) { position_ = committed_ = p; }
    // Resuming after lines delivered before a restart, up to the `rows`-th line of the
    // transaction that starts at `position` (0: a heartbeat's position, between transactions):
    // transactions that start before it, and those first lines of that one, are read again
    // without being written; but XA transactions prepared before it, which may commit after.
    void resume_after(const BinlogPosition& position, uint64_t rows) {
        delivered_until_ = position;
        delivered_rows_ = rows;
    }
    // The same after a restart by GTID, where files and offsets may be another server's: the
    // lines delivered end with the `rows`-th of MariaDB transaction `gtid` (UINT64_MAX: all of
    // it), and the transactions of its domain before it.
    void resume_after_gtid(const std::string& gtid, uint64_t rows) {
        delivered_gtid_ = gtid;
        delivered_rows_ = rows;
    }
    // The same where what was delivered is a whole MariaDB GTID state (a heartbeat's, a
    // checkpoint's): the transactions it holds, in every domain.
    void resume_after_gtid_state(const std::string& state) {
        if (!mariadb_state_covers(position_.gtid_set, state)) delivered_state_ = state;
    }
    // Started from a checkpoint, which keeps prepared XA transactions across restarts (see
    // oldest_prepared): an XA COMMIT of one not held then had all its lines written before.
    void checkpointed() { checkpointed_ = true; }
    void count_into(CaptureMetrics* metrics) { metrics_ = metrics; }
    // Names columns from `schema` when a TABLE_MAP has none, and keeps it up to date with the
    // DDL and the named TABLE_MAPs that stream by.
    void track_schema(SchemaHistory* schema) { schema_ = schema; }

private:
    struct Table {
        binlog::TableMap map;
        bool wanted = false;
        std::string unnamed; // why its columns have no names, if they have none
        // The last table map of a prefetch found to decode as `map` does.
        std::shared_ptr<const binlog::TableMap> prefetch_map;
    };
    struct Transaction {
        bool open = false; // inside BEGIN .. COMMIT
        std::string gtid;
        uint64_t pos = 0; // where it starts
        std::optional<uint32_t> thread;
        std::string query; // of the current statement (ROWS_QUERY / ANNOTATE_ROWS)
        uint64_t rows = 0;
        uint64_t delivered = 0; // lines written before a restart, not to be written again
        std::vector<std::pair<std::string, std::pair<uint64_t, uint64_t>>> savepoints; // name -> (bytes, rows)
        bool started = false;                                                          // a GTID or BEGIN has been seen
        bool ends_replay = false;  // the transaction resume_after* names: reading again ends with it
        uint64_t xa_delivered = 0; // an XA transaction's `delivered`, until it is known how it commits
    };
    struct Prepared {
        PreparedXa start;
        TransactionBuffer lines;
        uint64_t order = 0; // of its XA_PREPARE in the stream
    };

    void dispatch(const binlog::Event& e, const DecodedRows* decoded = nullptr); // a payload's events: none
    void on_query(const binlog::Event& e);
    void on_table_map(const binlog::Event& e);
    void warn_of_old_temporals(const binlog::TableMap& map, uint64_t offset);
    void start_xa();
    void on_xa_prepare(const binlog::Event& e);
    void end_xa(const std::string& xid, bool commit);
    void write_lines(TransactionBuffer& lines, uint64_t skip, bool move);
    void on_rows(const binlog::Event& e, const DecodedRows* decoded);
    void on_payload(const binlog::Event& e);
    void start_transaction(const binlog::Event& e, std::string gtid);
    void commit();
    void rollback();
    void end_transaction();
    void emit_truncate(const binlog::Event& e, std::string_view db, std::string_view table);
    std::string& line_buffer(); // where the next line goes: the transaction's buffer, or straight out
    void line_written();
    SourceInfo source(const binlog::Event& e) const;

    CaptureSettings settings_;
    Output& out_;
    std::unordered_map<uint64_t, Table> tables_;
    Transaction txn_;
    TransactionBuffer buffer_;
    PreparedXa xa_start_;                      // of the open transaction, if it is an XA one
    std::map<std::string, Prepared> prepared_; // by XID
    uint64_t prepares_ = 0;
    std::string direct_;
    BinlogPosition position_, committed_;
    bool live_ = false;
    bool checkpointed_ = false;
    std::set<std::string> statement_changes_seen_; // offline: tables already warned about
    std::set<std::string> old_temporals_seen_;     // the same
    std::optional<BinlogPosition> delivered_until_;
    std::string delivered_gtid_;
    std::string delivered_state_;
    uint64_t delivered_rows_ = 0;
    CaptureMetrics* metrics_ = nullptr;
    SchemaHistory* schema_ = nullptr;
    binlog::RowImage before_, after_;
};

} // namespace cdc::events
