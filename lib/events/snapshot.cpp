#include "events/snapshot.h"

#include "binlog/column_type.h"
#include "binlog/rows_event.h"
#include "binlog/table_map.h"
#include "config/failure.h"
#include "config/shutdown.h"
#include "events/change_event.h"
#include "events/schema_snapshot.h"

#include "json/json_writer.h"
#include <algorithm>
#include <cctype>
#include <chrono>
#include <mysqld_error.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cdc::events {
namespace {

using Rows = std::vector<mysql::Row>;

std::string identifier(const std::string& name) {
    std::string q = "`";
    for (char c : name) q += c == '`' ? std::string("``") : std::string(1, c);
    return q + "`";
}

// The tables capture reads (with their engine's word on transactions, YES or NO), those without
// transactions first: what they hold is only consistent while nobody writes to them.
Rows captured_tables(mysql::Connection& source, const TableFilter& filter) {
    Rows all = source
                   .prepare("SELECT t.table_schema, t.table_name, COALESCE(e.transactions, 'YES') FROM "
                            "information_schema.tables t LEFT JOIN information_schema.engines e ON e.engine = "
                            "t.engine WHERE t.table_type = 'BASE TABLE' AND t.table_schema NOT IN ('mysql', "
                            "'information_schema', 'performance_schema', 'sys') ORDER BY e.transactions = 'NO' "
                            "DESC, t.table_schema, t.table_name")
                   .query();
    Rows captured;
    for (auto& row : all)
        if (filter.matches(row[0].value_or(""), row[1].value_or(""))) captured.push_back(std::move(row));
    return captured;
}

// A row of captured_tables: its third column is the engine's word on transactions.
bool has_transactions(const mysql::Row& table) { return table[2] != "NO"; }

// The binlog position of the snapshot just started: MariaDB reports it without any lock; other
// servers need a brief global read lock around the start of the transaction. With `hold_lock`
// (tables without transactions, MyISAM or Aria, are read) the lock is taken in any case, and
// held until those tables are read: writes wait, as in Debezium's snapshot of such tables.
BinlogPosition begin_snapshot(mysql::Connection& source, bool hold_lock) {
    source.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    if (hold_lock) {
        try {
            source.execute("FLUSH TABLES WITH READ LOCK");
        } catch (const Failure& e) {
            if (std::string_view(e.what()).find("denied") == std::string_view::npos) throw;
            throw Failure(std::string(e.what()) +
                          " — a captured table has no transactions (MyISAM, Aria), so its snapshot needs writes "
                          "held: GRANT RELOAD to the capture user, or leave the table out (--exclude-tables), or "
                          "start with --snapshot never");
        }
    }
    source.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
    Rows status = source.prepare("SHOW STATUS LIKE 'binlog_snapshot_%'").query();
    BinlogPosition p;
    for (const auto& row : status) {
        if (!row[0] || !row[1]) continue;
        if (*row[0] == "Binlog_snapshot_file") p.file = *row[1];
        if (*row[0] == "Binlog_snapshot_position") p.pos = std::stoull(*row[1]);
    }
    if (!p.file.empty()) return p;
    if (!hold_lock) {
        source.execute("ROLLBACK");
        source.execute("FLUSH TABLES WITH READ LOCK");
        source.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
    }
    Rows master = source.prepare(source.binlog_status_statement()).query();
    if (!hold_lock) source.execute("UNLOCK TABLES");
    std::optional<BinlogPosition> written = master.empty() ? std::nullopt : BinlogPosition::from_status_row(master[0]);
    if (!written) throw Failure("the source has no binary log: start it with log_bin=ON");
    return *written;
}

binlog::TableMap describe(mysql::Connection& source, const std::string& db, const std::string& table) {
    binlog::TableMap t;
    t.db = db;
    t.table = table;
    Rows columns = source
                       .prepare("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "
                                "? AND table_name = ? ORDER BY ordinal_position")
                       .query({db, table});
    for (const auto& c : columns) {
        binlog::Column col;
        col.name = c[0].value_or("");
        col.json_member = json::json_member(col.name);
        if (c[1] == "float") col.type = binlog::t_float;
        t.columns.push_back(std::move(col));
    }
    Rows key = source
                   .prepare("SELECT c.ordinal_position FROM information_schema.key_column_usage k JOIN "
                            "information_schema.columns c ON c.table_schema = k.table_schema AND c.table_name = "
                            "k.table_name AND c.column_name = k.column_name WHERE k.table_schema = ? AND "
                            "k.table_name = ? AND k.constraint_name = 'PRIMARY' ORDER BY k.ordinal_position")
                   .query({db, table});
    for (const auto& k : key) t.primary_key.push_back(static_cast<uint32_t>(std::stoul(k[0].value_or("1")) - 1));
    t.has_primary_key = !t.primary_key.empty();
    t.has_names = true;
    return t;
}

// Every column by name, INVISIBLE ones too, as the binlog has them. FLOAT as DOUBLE: as text, a
// FLOAT has only 6 digits, while its DOUBLE is the exact value, which reads back as that FLOAT.
std::string select_list(const binlog::TableMap& map) {
    std::string list;
    for (const binlog::Column& col : map.columns) {
        if (!list.empty()) list += ", ";
        if (col.type == binlog::t_float) list += "CAST(" + identifier(col.name) + " AS DOUBLE)";
        else list += identifier(col.name);
    }
    return list;
}

// A number without the leading zeros of ZEROFILL (and of YEAR 0000), which JSON numbers may
// not have, and which the binlog does not hold: "00042" is 42, "0001.50" 1.50.
std::string unpadded(std::string_view v) {
    size_t sign = !v.empty() && v[0] == '-', first = sign;
    while (first + 1 < v.size() && v[first] == '0' && std::isdigit(static_cast<unsigned char>(v[first + 1]))) ++first;
    return std::string(v.substr(0, sign)).append(v.substr(first));
}

// A value of the text protocol as the binlog decoder would write it (see value_decoder.h).
void append_text_value(std::string& out, const char* data, unsigned long length, const MYSQL_FIELD& f) {
    std::string_view v(data, length);
    switch (f.type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE: out += unpadded(v); return;
    case MYSQL_TYPE_NEWDECIMAL: json::append_json_string(out, unpadded(v)); return;
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_TIMESTAMP: {
        std::string iso(v);
        if (iso.size() > 10 && iso[10] == ' ') iso[10] = 'T';
        if (f.type == MYSQL_TYPE_TIMESTAMP) iso += 'Z'; // the session's time zone is UTC
        json::append_json_string(out, iso);
        return;
    }
    case MYSQL_TYPE_JSON: out += v; return; // MySQL's: a JSON value, as the binlog's is (MariaDB's is text)
    case MYSQL_TYPE_BIT: {
        uint64_t bits = 0;
        for (char c : v) bits = bits << 8 | static_cast<uint8_t>(c);
        if (f.length == 1) out += bits ? "true" : "false";
        else json::append_integer(out, bits);
        return;
    }
    case MYSQL_TYPE_GEOMETRY: {
        if (v.size() < 4) {
            out += "null";
            return;
        }
        uint32_t srid = static_cast<uint8_t>(v[0]) | static_cast<uint8_t>(v[1]) << 8 |
                        static_cast<uint8_t>(v[2]) << 16 | static_cast<uint32_t>(static_cast<uint8_t>(v[3])) << 24;
        out += "{\"wkb\":";
        json::append_base64(out, v.substr(4));
        out += ",\"srid\":";
        json::append_integer(out, srid);
        out += '}';
        return;
    }
    default:
        if (f.charsetnr == 63 && !(f.flags & (ENUM_FLAG | SET_FLAG)) && f.type != MYSQL_TYPE_NEWDECIMAL &&
            f.type != MYSQL_TYPE_DATE && f.type != MYSQL_TYPE_TIME)
            json::append_base64(out, v);
        else json::append_json_string(out, v);
    }
}

// Writes `lines` but the last, which stays.
void write_all_but_last(Output& out, std::string& lines) {
    size_t last = lines.size() < 2 ? 0 : lines.rfind('\n', lines.size() - 2) + 1;
    out.write(std::string_view(lines).substr(0, last));
    lines.erase(0, last);
}

// Freed unfinished, a result first reads the rest of the table to discard it, which takes as
// long as reading it all. Shutting the connection leaves only what is in the socket's buffer to
// read; closed with a reset (no linger) rather than a FIN, it ends the query on the server at
// once too, instead of after net_write_timeout (a shut socket announces no window to a server
// blocked on a full one). The connection is unusable afterwards.
void abandon_result(MYSQL* c) {
    linger reset{1, 0};
    setsockopt(static_cast<int>(mysql_get_socket(c)), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    mariadb_cancel(c);
}

// information_schema hides a table the user may not SELECT: without this check its rows would
// be left out of the snapshot without a word. Only a table that does not exist is passed over.
void check_named_tables_readable(mysql::Connection& source, const TableFilter& filter, const Rows& visible) {
    MYSQL* c = source.handle();
    for (const auto& [db, table] : filter.named_tables()) {
        // Captured by name: clang before 16 cannot capture a structured binding.
        bool listed = std::any_of(visible.begin(), visible.end(), [&db = db, &table = table](const mysql::Row& r) {
            return r[0] == db && r[1] == table;
        });
        if (listed) continue;
        // Only quoted names, no values.
        std::string sql = "SELECT 1 FROM " + identifier(db) + "." + identifier(table) + " LIMIT 0";
        if (mysql_real_query(c, sql.data(), sql.size()) == 0) {
            mysql_free_result(mysql_store_result(c));
            continue;
        }
        switch (mysql_errno(c)) {
        case ER_NO_SUCH_TABLE:
            spdlog::warn(
                "{}.{} does not exist: nothing of it in the snapshot; its rows are captured once it is created", db,
                table);
            break;
        case ER_TABLEACCESS_DENIED_ERROR:
        case ER_COLUMNACCESS_DENIED_ERROR:
        case ER_DBACCESS_DENIED_ERROR:
            throw Failure("the capture user may not read " + db + "." + table +
                          ", so its rows cannot be in the snapshot: GRANT SELECT ON " + db + "." + table + " to it (" +
                          mysql_error(c) + ")");
        default: source.fail("checking that " + db + "." + table + " can be read");
        }
    }
}

} // namespace

BinlogPosition snapshot_tables(mysql::Connection& source, const CaptureSettings& settings, Output& out, Schema& schema,
                               CaptureMetrics* metrics) {
    bool reading = !settings.skip_ops.contains('r');
    Rows before = captured_tables(source, settings.tables);
    bool locked = reading && !std::all_of(before.begin(), before.end(), has_transactions);
    BinlogPosition position = position_with_schema(
        source, settings.tables, [&] { return begin_snapshot(source, locked); },
        [&] {
            source.execute("ROLLBACK");
            if (locked) source.execute("UNLOCK TABLES");
        },
        schema);
    spdlog::info("snapshot at {} {}", position.file, position.pos);
    Rows tables = captured_tables(source, settings.tables);
    check_named_tables_readable(source, settings.tables, tables);
    const std::atomic<bool>& stop = shutdown_requested();
    bool progress = isatty(2);
    std::string lines; // not yet written: the last one waits, to be marked the snapshot's last
    uint64_t row_number = 0;
    for (const auto& name : tables) {
        std::string db = name[0].value_or(""), table = name[1].value_or("");
        if (locked && has_transactions(name)) { // the rest is in the consistent snapshot
            source.execute("UNLOCK TABLES");
            locked = false;
        }
        if (!reading) break;
        binlog::TableMap map = describe(source, db, table);
        // Streamed row by row (mysql_use_result); the statement has no values, only quoted names.
        std::string sql = "SELECT " + select_list(map) + " FROM " + identifier(db) + "." + identifier(table);
        MYSQL* c = source.handle();
        if (mysql_real_query(c, sql.data(), sql.size()) != 0) source.fail("reading " + db + "." + table);
        MYSQL_RES* result = mysql_use_result(c);
        if (!result) source.fail("reading " + db + "." + table);
        unsigned fields = mysql_num_fields(result);
        MYSQL_FIELD* field = mysql_fetch_fields(result);
        if (fields != map.columns.size()) {
            mysql_free_result(result);
            throw Failure("table " + db + "." + table + " changed while it was being read; run capture again");
        }
        ChangeEvent e;
        e.op = Op::read;
        e.db = db;
        e.table = table;
        e.columns = &map;
        e.source.server_name = settings.server_name;
        e.source.snapshot = true;
        e.source.file = position.file;
        e.source.pos = position.pos;
        e.source.ts_ms = now_ms();
        LineFrame frame = make_line_frame(e, e.source.ts_ms);
        binlog::RowImage image;
        e.after = &image;
        uint64_t table_rows = 0, counted = 0;
        auto count = [&] { // into /metrics as they go, as a snapshot may take hours
            if (metrics) metrics->rows(db, table, 'r', table_rows - counted);
            counted = table_rows;
        };
        while (MYSQL_ROW row = stop ? nullptr : mysql_fetch_row(result)) {
            unsigned long* lengths = mysql_fetch_lengths(result);
            image.reset(fields);
            for (unsigned i = 0; i < fields; ++i) {
                std::string& text = image.begin_value(i, map.columns[i].json_member);
                if (!row[i]) text += "null";
                else if (map.columns[i].type == binlog::t_float) json::append_float(text, std::strtof(row[i], nullptr));
                else append_text_value(text, row[i], lengths[i], field[i]);
                image.end_value(i);
            }
            image.finish();
            e.source.row = row_number++;
            append_json_line(lines, e, frame);
            if (lines.size() > (1 << 16)) {
                write_all_but_last(out, lines);
                count();
            }
            if (++table_rows % 100000 == 0 && progress)
                std::fprintf(stderr, "\rsnapshot %s.%s: %llu rows", db.c_str(), table.c_str(),
                             static_cast<unsigned long long>(table_rows));
        }
        bool failed = !stop && mysql_errno(c) != 0;
        if (stop) abandon_result(c);
        mysql_free_result(result);
        if (failed) source.fail("reading " + db + "." + table);
        write_all_but_last(out, lines);
        count();
        if (stop) {
            out.write(lines);
            out.flush();
            throw Interrupted("stopped by a signal inside the snapshot of " + db + "." + table +
                              ": no checkpoint written, the next run takes the snapshot again");
        }
        if (progress && table_rows >= 100000) std::fprintf(stderr, "\n");
        spdlog::info("snapshot of {}.{}: {} rows", db, table, table_rows);
    }
    if (locked) source.execute("UNLOCK TABLES");
    source.execute("COMMIT");
    mark_snapshot_last(lines);
    out.write(lines);
    out.flush();
    return position;
}

} // namespace cdc::events
