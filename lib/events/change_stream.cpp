#include "events/change_stream.h"

#include "binlog/column_type.h"
#include "binlog/control_events.h"
#include "binlog/event_type.h"
#include "binlog/transaction_payload.h"
#include "config/failure.h"
#include "events/change_event.h"
#include "events/statement.h"

#include <algorithm>
#include <functional>
#include <spdlog/spdlog.h>
#include <utility>

namespace cdc::events {

using namespace binlog;

ChangeStream::ChangeStream(CaptureSettings settings, Output& out) : settings_(std::move(settings)), out_(out) {}

void ChangeStream::start_file(std::string name) {
    position_.file = std::move(name);
    position_.pos = 4;
    tables_.clear();
}

void ChangeStream::handle(const Event& e, const DecodedRows* decoded) {
    dispatch(e, decoded);
    constexpr uint16_t artificial = 0x20; // made up by the server for the replica; not in the file
    if (e.header.type != rotate && !(e.header.flags & artificial)) {
        // Live events carry their end position (0 for those the server makes up at dump start).
        if (!live_) position_.pos = e.offset + e.header.size;
        else if (e.header.next_pos) position_.pos = e.header.next_pos;
    }
    if (!txn_.started) {
        committed_ = position_;
        // Past what was delivered before a restart, or at a heartbeat's position: reading again
        // is over, even while the source is idle.
        if (delivered_until_ &&
            (delivered_until_->precedes(position_) || (delivered_rows_ == 0 && !position_.precedes(*delivered_until_))))
            delivered_until_.reset();
    }
}

void ChangeStream::dispatch(const Event& e, const DecodedRows* decoded) {
    switch (e.header.type) {
    case query: on_query(e); break;
    case execute_load_query: // pre-GA 5.1 servers gave the code to other events, of other lengths
        if (e.format->post_header_length(execute_load_query, 0) == 26) on_query(e);
        break;
    case xid: commit(); break;
    case xa_prepare: on_xa_prepare(e); break;
    case table_map:
        // A statement outside BEGIN .. COMMIT (a non-transactional table before MySQL 5.5): its
        // rows form a transaction of their own, which starts here and ends with the statement.
        if (!txn_.started) start_transaction(e, "");
        on_table_map(e);
        break;
    case mysql_gtid:
    case mysql_anonymous_gtid:
    case mysql_gtid_tagged: {
        std::string gtid = (e.header.type == mysql_gtid_tagged ? parse_mysql_tagged_gtid(e) : parse_mysql_gtid(e)).gtid;
        start_transaction(e, gtid);
        if (!gtid.empty()) position_.advance_mysql_gtid(gtid);
        break;
    }
    case mariadb_gtid: {
        GtidEvent g = parse_mariadb_gtid(e);
        start_transaction(e, g.gtid);
        if (g.xa) start_xa(); // before its GTID is in position_: a restart reads it again
        position_.advance_mariadb_gtid(g.gtid);
        txn_.open = !g.standalone; // MariaDB's GTID event stands for BEGIN
        break;
    }
    case rotate:
        if (live_) {
            RotateEvent r = parse_rotate(e);
            position_.file = r.next_file;
            position_.pos = r.position;
        }
        break;
    // The GTID state at the start of the file: not where a dump resumed inside it, whose own
    // state is already in position_.
    case previous_gtids:
        if (e.offset >= position_.pos) position_.gtid_set = parse_previous_gtids(e);
        break;
    case mariadb_gtid_list:
        if (e.offset >= position_.pos) position_.gtid_set = parse_mariadb_gtid_list(e);
        break;
    case rows_query:
    case mariadb_annotate_rows:
        if (settings_.include_query) txn_.query.assign(parse_rows_query(e));
        break;
    case transaction_payload: on_payload(e); break;
    case incident: {
        IncidentEvent i = parse_incident(e);
        spdlog::warn("{} offset {}: the source logged incident {}{}{}: changes around it may be missing from the "
                     "binlog (a MySQL replica stops here); compare the captured tables with a new snapshot",
                     position_.file, e.offset, i.number, i.number == 1 ? " (LOST_EVENTS)" : "",
                     i.message.empty() ? "" : ", \"" + std::string(i.message) + "\"");
        break;
    }
    case mariadb_query_compressed:
    case mariadb_write_rows_compressed_v1:
    case mariadb_write_rows_compressed_v1 + 1:
    case mariadb_write_rows_compressed_v1 + 2:
    case mariadb_write_rows_compressed_v1 + 3:
    case mariadb_write_rows_compressed_v1 + 4:
    case mariadb_delete_rows_compressed:
        throw DecodeError("MariaDB compressed events (log_bin_compress=ON) are not supported; "
                          "set log_bin_compress=OFF on the server",
                          e.offset);
    case mariadb_start_encryption:
        throw DecodeError("encrypted binlog (encrypt_binlog=ON) cannot be read from the file; "
                          "capture it live from the server instead",
                          e.offset);
    default:
        if (!is_rows_event(e.header.type)) break;
        on_rows(e, decoded);
        if (!txn_.open && txn_.started && rows_end_statement(e)) end_transaction();
        break; // events that change no rows (FORMAT_DESCRIPTION, ROTATE, INTVAR, ...)
    }
}

void ChangeStream::start_transaction(const Event& e, std::string gtid) {
    if (txn_.open) rollback(); // a new transaction while one is open: the old one never committed
    txn_ = Transaction{};
    txn_.gtid = std::move(gtid);
    txn_.pos = e.offset;
    txn_.started = true;
    if (!txn_.gtid.empty()) position_.last_gtid = txn_.gtid;
    std::optional<int> order; // of this transaction relative to the last one delivered
    if (delivered_until_) {
        BinlogPosition here{position_.file, e.offset, "", ""};
        order = here.precedes(*delivered_until_) ? -1 : delivered_until_->precedes(here) ? 1 : 0;
    } else if (!delivered_gtid_.empty()) {
        order = mariadb_gtid_order(txn_.gtid, delivered_gtid_); // another domain's: not known, written
    } else if (!delivered_state_.empty()) { // domain by domain; reading again ends once all are passed
        txn_.delivered = mariadb_state_before(delivered_state_, txn_.gtid) || txn_.gtid.empty() ? 0 : UINT64_MAX;
    }
    if (order && *order < 0) txn_.delivered = UINT64_MAX;
    if (order && *order == 0) {
        txn_.delivered = delivered_rows_;
        txn_.ends_replay = true;
    }
    if (order && *order > 0) { // past it: everything from here on is new
        delivered_until_.reset();
        delivered_gtid_.clear();
    }
}

void ChangeStream::on_query(const Event& e) {
    QueryEvent q = parse_query(e);
    Statement s = classify_statement(q.sql);
    switch (s.kind) {
    case Statement::begin:
    case Statement::xa_start:
        if (!txn_.started) start_transaction(e, "");
        txn_.open = true;
        txn_.thread = q.thread_id;
        if (s.kind == Statement::xa_start) start_xa();
        return;
    case Statement::commit: commit(); return;
    case Statement::rollback: rollback(); return;
    case Statement::savepoint: txn_.savepoints.push_back({s.name, {buffer_.size(), txn_.rows}}); return;
    case Statement::rollback_to_savepoint:
        for (auto it = txn_.savepoints.rbegin(); it != txn_.savepoints.rend(); ++it)
            if (it->first == s.name) {
                buffer_.truncate(it->second.first);
                txn_.rows = it->second.second;
                txn_.savepoints.erase(it.base(), txn_.savepoints.end());
                break;
            }
        return;
    case Statement::xa_commit:
    case Statement::xa_rollback:
        if (!txn_.started) start_transaction(e, "");
        end_xa(s.name, s.kind == Statement::xa_commit);
        break;
    case Statement::truncate:
        if (!txn_.started) start_transaction(e, "");
        txn_.thread = q.thread_id;
        emit_truncate(e, s.db.empty() ? q.db : std::string_view(s.db), s.name);
        break;
    case Statement::data_change:
        for (const auto& [db, table] : s.tables) {
            std::string name = (db.empty() ? std::string(q.db) : db) + "." + table;
            if (!settings_.tables.matches(db.empty() ? q.db : std::string_view(db), table)) continue;
            std::string what = "a change to " + name +
                               " was logged as a statement, not as rows (binlog_format STATEMENT or MIXED in the "
                               "session that made it), so capture cannot see what it changed";
            if (live_)
                throw DecodeError(what + "; set binlog_format=ROW for every session and take a new snapshot", e.offset);
            if (statement_changes_seen_.insert(name).second)
                spdlog::warn("{} offset {}: {}; its rows are not in the output", position_.file, e.offset, what);
        }
        break;
    case Statement::other:
        if (schema_) schema_->apply(q.sql, std::string(q.db), position_);
        break;
    }
    if (!txn_.open) { // a statement of its own (DDL): its GTID, if any, ends with it
        commit();
    }
}

// The rows of an XA transaction are written when it commits, at XA_PREPARE .. ONE PHASE or at
// its XA COMMIT later; whether they were delivered before a restart is judged there.
void ChangeStream::start_xa() {
    txn_.xa_delivered = std::exchange(txn_.delivered, 0);
    xa_start_.from = position_;
    xa_start_.from.pos = txn_.pos;
    xa_start_.schema_members.clear();
    if (schema_) schema_->append_checkpoint_members(xa_start_.schema_members, xa_start_.from);
}

// XA PREPARE ends the rows of an XA transaction: committed at once (ONE PHASE), or held until
// its XA COMMIT or XA ROLLBACK in a transaction of its own, after others (end_xa).
void ChangeStream::on_xa_prepare(const Event& e) {
    XaPrepareEvent x = parse_xa_prepare(e);
    if (x.one_phase) {
        write_lines(buffer_, txn_.xa_delivered, false);
        return end_transaction();
    }
    if (txn_.rows == 0) return rollback(); // nothing captured in it
    Prepared& p = prepared_[x.xid];
    p.start = std::move(xa_start_);
    p.start.xid = x.xid;
    p.lines = std::move(buffer_);
    p.lines.keep_in_memory_below(size_t(64) << 10); // many may be held, for long
    p.order = prepares_++;
    buffer_.clear();
    end_transaction();
}

void ChangeStream::end_xa(const std::string& xid, bool commit) {
    auto it = prepared_.find(xid);
    if (it == prepared_.end()) {
        // Nothing captured in it, unless lines of it were delivered before a restart: its rows
        // then lie before where this run started, and any not delivered are out of reach.
        if (commit && !checkpointed_ && txn_.delivered && txn_.delivered != UINT64_MAX)
            spdlog::warn("{} offset {}: XA COMMIT {}: its rows lie before where capture resumed; {} of its lines were "
                         "delivered before the restart, and any after those are lost; run capture with --checkpoint, "
                         "which keeps prepared XA transactions across restarts",
                         position_.file, txn_.pos, xid, txn_.delivered);
        return;
    }
    if (commit) write_lines(it->second.lines, txn_.delivered, true);
    prepared_.erase(it);
}

const ChangeStream::PreparedXa* ChangeStream::oldest_prepared() const {
    const Prepared* oldest = nullptr;
    for (const auto& [xid, p] : prepared_)
        if (!oldest || p.order < oldest->order) oldest = &p;
    return oldest ? &oldest->start : nullptr;
}

namespace {

// Passes lines on but the first `skip`, each edited first; they may come in pieces.
class SkippedLines : public Output {
public:
    SkippedLines(Output& out, uint64_t skip, std::function<void(std::string&)> edit)
        : out_(out), skip_(skip), edit_(std::move(edit)) {}
    void write(std::string_view text) override {
        for (size_t end; (end = text.find('\n')) != std::string_view::npos; text.remove_prefix(end + 1)) {
            line_.append(text.substr(0, end + 1));
            if (skip_) {
                --skip_;
            } else {
                if (edit_) edit_(line_);
                out_.write(line_);
            }
            line_.clear();
        }
        line_.append(text);
    }
    void flush() override {}

private:
    Output& out_;
    uint64_t skip_;
    std::function<void(std::string&)> edit_;
    std::string line_;
};

} // namespace

// Writes `lines`, but the first `skip` (delivered before a restart); as lines of the open
// transaction if `move`.
void ChangeStream::write_lines(TransactionBuffer& lines, uint64_t skip, bool move) {
    if (skip == UINT64_MAX) return lines.clear();
    std::function<void(std::string&)> edit;
    if (move) edit = [this](std::string& line) { move_line(line, txn_.gtid, position_.file, txn_.pos); };
    if (skip == 0 && !edit) return lines.commit(out_);
    SkippedLines out(out_, skip, std::move(edit));
    lines.commit(out);
}

void ChangeStream::on_table_map(const Event& e) {
    Table t;
    t.map = parse_table_map(e);
    t.wanted = settings_.tables.matches(t.map.db, t.map.table);
    if (t.wanted && t.map.has_names && schema_) schema_->learn(t.map);
    if (t.wanted && !t.map.has_names && schema_) t.unnamed = schema_->name_columns(t.map, position_);
    if (t.wanted && !t.map.has_names && settings_.positional_column_names) name_columns_by_position(t.map);
    if (t.wanted && schema_ && t.unnamed.empty()) schema_->form_columns(t.map);
    if (t.wanted && !schema_ && e.format->is_mariadb()) warn_of_old_temporals(t.map, e.offset);
    tables_[t.map.table_id] = std::move(t);
}

// MariaDB's old-format TIME, DATETIME and TIMESTAMP (mysql56_temporal_format=OFF) take more
// bytes with a fraction than without, and the binlog does not say which: only the schema,
// which a file does not have, does.
void ChangeStream::warn_of_old_temporals(const TableMap& map, uint64_t offset) {
    bool old = std::any_of(map.columns.begin(), map.columns.end(), [](const Column& c) {
        return (c.type == t_time || c.type == t_datetime || c.type == t_timestamp) && !c.hires_fsp;
    });
    std::string name = map.db + "." + map.table;
    if (!old || !old_temporals_seen_.insert(name).second) return;
    spdlog::warn("{} offset {}: {} has TIME, DATETIME or TIMESTAMP columns in MariaDB's old format, whose "
                 "fractional seconds the binlog does not declare: if any has them, its values are wrong or stop "
                 "capture; capture the table live, where the schema says",
                 position_.file, offset, name);
}

std::shared_ptr<const TableMap> ChangeStream::prefetch_map(const TableMap& parsed) {
    if (!settings_.tables.matches(parsed.db, parsed.table)) return nullptr;
    auto it = tables_.find(parsed.table_id);
    if (it != tables_.end() && it->second.map.has_names && it->second.map.db == parsed.db &&
        it->second.map.table == parsed.table) {
        Table& t = it->second;
        if (!t.prefetch_map) t.prefetch_map = std::make_shared<const TableMap>(t.map);
        return t.prefetch_map;
    }
    return parsed.has_names ? std::make_shared<const TableMap>(parsed) : nullptr;
}

SourceInfo ChangeStream::source(const Event& e) const {
    SourceInfo s;
    s.server_name = settings_.server_name;
    s.ts_ms = static_cast<int64_t>(e.header.timestamp) * 1000;
    s.server_id = e.header.server_id;
    s.gtid = txn_.gtid;
    s.file = position_.file;
    s.pos = txn_.started ? txn_.pos : e.offset;
    s.thread = txn_.thread;
    s.query = txn_.query;
    return s;
}

std::string& ChangeStream::line_buffer() { return txn_.open ? buffer_.text() : direct_; }

void ChangeStream::line_written() {
    if (txn_.rows < txn_.delivered) { // delivered before the restart
        ++txn_.rows;
        line_buffer().clear(); // only the line just appended can be in it: earlier ones were skipped too
        return;
    }
    ++txn_.rows;
    if (txn_.open) {
        buffer_.written();
    } else { // outside a transaction (non-transactional statement): it is final
        out_.write(direct_);
        direct_.clear();
    }
}

// Whether an update changed the row's primary key, as far as both images hold its columns.
static bool key_changed(const TableMap& table, const RowImage& before, const RowImage& after) {
    if (!table.has_primary_key) return false;
    for (uint32_t i : table.primary_key) {
        if (i >= before.columns() || i >= after.columns() || !before.present(i) || !after.present(i)) continue;
        if (before.value(i) != after.value(i)) return true;
    }
    return false;
}

void ChangeStream::on_rows(const Event& e, const DecodedRows* decoded) {
    RowsEvent rows(e);
    auto it = tables_.find(rows.table_id());
    if (it == tables_.end())
        throw DecodeError("rows event for table id " + std::to_string(rows.table_id()) + " without its TABLE_MAP",
                          e.offset);
    Table& t = it->second;
    Op op = rows.kind() == RowsKind::insert ? Op::create : rows.kind() == RowsKind::update ? Op::update : Op::remove;
    constexpr Op ops[] = {Op::create, Op::update, Op::remove};
    bool written[3]; // by op: what --skip-ops leaves, asked once per event rather than per line
    for (size_t i = 0; i < 3; ++i) written[i] = !settings_.skip_ops.contains(static_cast<char>(ops[i]));
    // An update may change the key, and is then written as a delete and a create (below).
    bool none = op == Op::update ? !(written[0] || written[1] || written[2]) : !written[op == Op::create ? 0 : 2];
    if (!t.wanted || none) return;
    if (!t.map.has_names && !t.map.columns.empty() && !t.unnamed.empty()) throw Failure(t.unnamed);
    if (!t.map.has_names && !t.map.columns.empty())
        throw Failure("table " + t.map.db + "." + t.map.table + " at byte offset " + std::to_string(e.offset) +
                      ": the binlog carries no column names (binlog_row_metadata is not FULL), so values cannot "
                      "be named for sure; set binlog_row_metadata=FULL on the server for new binlogs, or pass "
                      "--positional-column-names to name them col_1, col_2, ...");
    ChangeEvent ce;
    ce.db = t.map.db;
    ce.table = t.map.table;
    ce.columns = &t.map;
    ce.source = source(e);
    int64_t now = now_ms();
    std::optional<LineFrame> frames[3]; // by op, made when the first line of that op comes
    uint64_t counts[3] = {};
    auto emit = [&](size_t i, const RowImage* before, const RowImage* after) {
        if (!written[i]) return;
        ce.op = ops[i];
        ce.before = before;
        ce.after = after;
        ce.source.row = txn_.rows;
        if (!frames[i]) frames[i] = make_line_frame(ce, now);
        append_json_line(line_buffer(), ce, *frames[i]);
        line_written();
        ++counts[i];
    };
    if (decoded && !decoded->failed && decoded->map != t.prefetch_map && decoded->map->columns == t.map.columns)
        t.prefetch_map = decoded->map;
    bool ahead = decoded && !decoded->failed && decoded->map == t.prefetch_map;
    size_t row = 0;
    const RowImage *before = &before_, *after = &after_;
    auto next = [&] {
        if (!ahead) return rows.next(t.map, before_, after_);
        if (row == decoded->rows) return false;
        before = &decoded->before[row];
        after = &decoded->after[row++];
        return true;
    };
    while (next()) {
        if (op == Op::create) {
            emit(0, nullptr, after);
        } else if (op == Op::remove) {
            emit(2, before, nullptr);
        } else if (key_changed(t.map, *before, *after)) { // as Debezium: the old key goes, the new one comes
            emit(2, before, nullptr);
            emit(0, nullptr, after);
        } else {
            emit(1, before, after);
        }
    }
    for (size_t i = 0; i < 3; ++i)
        if (metrics_ && counts[i]) metrics_->rows(t.map.db, t.map.table, static_cast<char>(ops[i]), counts[i]);
}

void ChangeStream::emit_truncate(const Event& e, std::string_view db, std::string_view table) {
    if (!settings_.tables.matches(db, table) || settings_.skip_ops.contains('t')) return;
    ChangeEvent ce;
    ce.op = Op::truncate;
    ce.db = db;
    ce.table = table;
    ce.source = source(e);
    ce.source.row = txn_.rows;
    append_json_line(line_buffer(), ce, now_ms());
    line_written();
    if (metrics_) metrics_->rows(db, table, 't', 1);
}

void ChangeStream::on_payload(const Event& e) {
    TransactionPayload payload(e);
    for (std::string_view bytes; !(bytes = payload.next_event()).empty();) {
        const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
        EventHeader h = EventParser::parse_header(data, bytes.size(), e.offset);
        if (h.size < e.format->header_length)
            throw DecodeError("transaction payload holds an event of impossible size " + std::to_string(h.size),
                              e.offset);
        Event inner;
        inner.header = h;
        inner.offset = e.offset; // errors and positions point at the payload event in the file
        inner.format = e.format;
        inner.body = ByteCursor(data + e.format->header_length, h.size - e.format->header_length, e.offset);
        if (h.type == transaction_payload) throw DecodeError("transaction payload nested in another", e.offset);
        dispatch(inner);
    }
}

void ChangeStream::commit() {
    buffer_.commit(out_);
    end_transaction();
}

void ChangeStream::rollback() {
    buffer_.clear();
    end_transaction();
}

void ChangeStream::end_transaction() {
    if (txn_.ends_replay) {
        delivered_until_.reset();
        delivered_gtid_.clear();
    }
    if (!delivered_state_.empty() && mariadb_state_covers(position_.gtid_set, delivered_state_))
        delivered_state_.clear();
    txn_ = Transaction{};
}

uint64_t ChangeStream::end_of_input() {
    uint64_t dropped = txn_.open ? txn_.rows : 0;
    txn_.ends_replay = false; // cut off, not ended: read again, its delivered lines are skipped again
    rollback();
    out_.flush();
    return dropped;
}

} // namespace cdc::events
