// Transactions, filters and the JSON line, over binlog files built by hand.
#include "../binlog/binlog_builder.h"
#include "binlog/control_events.h"
#include "config/failure.h"
#include "events/change_event.h"
#include "events/offline_capture.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sstream>
#include <unistd.h>

using namespace cdc::test;
using nlohmann::json;

namespace {

std::vector<json> capture(const std::vector<std::string>& events, const std::string& tables = "*.*",
                          const std::string& skip = "", std::string* error = nullptr) {
    auto path = std::filesystem::temp_directory_path() / ("cdc-stream-" + std::to_string(getpid()) + ".bin");
    std::ofstream(path, std::ios::binary) << binlog_file(events);
    cdc::events::CaptureSettings settings;
    settings.tables = cdc::events::TableFilter(tables, "");
    settings.skip_ops = cdc::events::OpSet::parse(skip);
    cdc::events::StringOutput out;
    try {
        cdc::events::capture_binlog_files({path.string()}, settings, out);
    } catch (const cdc::Failure& e) {
        if (!error) throw;
        *error = e.what();
    }
    std::filesystem::remove(path);
    std::vector<json> lines;
    std::istringstream in(out.text);
    for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
    return lines;
}

} // namespace

TEST_CASE("a committed insert becomes one Debezium line with its key", "[events]") {
    auto lines = capture({query("BEGIN"), items_map(), rows_event(23, 7, 2, item(1, "pen")), xid()});
    REQUIRE(lines.size() == 1);
    const json& l = lines[0];
    CHECK(l["op"] == "c");
    CHECK(l["before"].is_null());
    CHECK(l["after"] == json::parse(R"({"id":1,"name":"pen"})"));
    CHECK(l["key"] == json::parse(R"({"id":1})"));
    CHECK(l["source"]["db"] == "shop");
    CHECK(l["source"]["table"] == "items");
    CHECK(l["source"]["snapshot"] == "false");
    CHECK(l["source"]["thread"] == 7);
    CHECK(l["source"]["row"] == 0);
    CHECK(l["source"]["pos"] == 4 + 19 + 57 + 164 + 5); // the BEGIN right after the format description
    CHECK(l["ts_ms"].is_number());
}

TEST_CASE("rows of a rolled-back transaction emit nothing", "[events]") {
    auto lines = capture({query("BEGIN"), items_map(), rows_event(23, 7, 2, item(1, "gone")), query("ROLLBACK"),
                          query("BEGIN"), items_map(), rows_event(23, 7, 2, item(2, "kept")), query("COMMIT")});
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["after"]["id"] == 2);
}

TEST_CASE("ROLLBACK TO SAVEPOINT drops only the rows after the savepoint", "[events]") {
    auto lines = capture({query("BEGIN"), items_map(), rows_event(23, 7, 2, item(1, "a")), query("SAVEPOINT `s1`"),
                          rows_event(23, 7, 2, item(2, "b")), query("ROLLBACK TO SAVEPOINT `s1`"),
                          rows_event(23, 7, 2, item(3, "c")), xid()});
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["after"]["id"] == 1);
    CHECK(lines[1]["after"]["id"] == 3);
    CHECK(lines[1]["source"]["row"] == 1);
}

TEST_CASE("updates and deletes carry before images; rows of a transaction share pos", "[events]") {
    auto lines = capture({query("BEGIN"), items_map(),
                          rows_event(24, 7, 2, item(1, "old") + item(1, "new") + item(2, "x") + item(2, "y")),
                          rows_event(25, 7, 2, item(5, "bye")), xid()});
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["op"] == "u");
    CHECK(lines[0]["before"]["name"] == "old");
    CHECK(lines[0]["after"]["name"] == "new");
    CHECK(lines[1]["source"]["row"] == 1);
    CHECK(lines[2]["op"] == "d");
    CHECK(lines[2]["after"].is_null());
    CHECK(lines[2]["key"] == json::parse(R"({"id":5})"));
    CHECK(lines[0]["source"]["pos"] == lines[2]["source"]["pos"]);
}

TEST_CASE("an update of the primary key is a delete of the old key and a create of the new one", "[events]") {
    std::vector<std::string> events = {query("BEGIN"), items_map(),
                                       rows_event(24, 7, 2, item(1, "a") + item(9, "b") + item(2, "c") + item(2, "d")),
                                       xid()};
    auto lines = capture(events);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["op"] == "d");
    CHECK(lines[0]["before"] == json::parse(R"({"id":1,"name":"a"})"));
    CHECK(lines[0]["after"].is_null());
    CHECK(lines[0]["key"] == json::parse(R"({"id":1})"));
    CHECK(lines[1]["op"] == "c");
    CHECK(lines[1]["before"].is_null());
    CHECK(lines[1]["after"] == json::parse(R"({"id":9,"name":"b"})"));
    CHECK(lines[1]["key"] == json::parse(R"({"id":9})"));
    CHECK(lines[2]["op"] == "u"); // the key stays
    for (size_t i = 0; i < 3; ++i) CHECK(lines[i]["source"]["row"] == i);
    auto no_deletes = capture(events, "*.*", "d"); // --skip-ops applies to each line
    REQUIRE(no_deletes.size() == 2);
    CHECK(no_deletes[0]["op"] == "c");
    CHECK(capture(events, "*.*", "u").size() == 2);
}

TEST_CASE("an update with MINIMAL images takes its key from the before image", "[events]") {
    // binlog_row_image=MINIMAL: the before image holds only the key, the after image only what changed.
    Bytes update;
    update.le(7, 6).le(1, 2).lenenc(2).u8(0x01).u8(0x02); // before: id; after: name
    update.u8(0).le(4, 8).u8(0).u8(3).raw("new");
    auto lines = capture({query("BEGIN"), items_map(), event(24, update.data), xid()});
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["op"] == "u");
    CHECK(lines[0]["before"] == json::parse(R"({"id":4})"));
    CHECK(lines[0]["after"] == json::parse(R"({"name":"new"})"));
    CHECK(lines[0]["key"] == json::parse(R"({"id":4})"));
}

TEST_CASE("table and operation filters, and TRUNCATE", "[events]") {
    std::vector<std::string> events = {query("BEGIN"),
                                       items_map(),
                                       rows_event(23, 7, 2, item(1, "a")),
                                       rows_event(25, 7, 2, item(1, "a")),
                                       xid(),
                                       query("TRUNCATE TABLE `items`")};
    CHECK(capture(events, "other.*").empty());
    auto no_deletes = capture(events, "shop.items", "d,t");
    REQUIRE(no_deletes.size() == 1);
    CHECK(no_deletes[0]["op"] == "c");
    auto all = capture(events, "shop.*");
    REQUIRE(all.size() == 3);
    CHECK(all[2]["op"] == "t");
    CHECK(all[2]["source"]["table"] == "items");
    CHECK(all[2]["before"].is_null());
    CHECK(all[2]["after"].is_null());
}

TEST_CASE("partial JSON updates are applied to the before value", "[events]") {
    // shop.docs (id INT, doc JSON): UPDATE docs SET doc = JSON_SET(doc, '$.a', true)
    std::string map = table_map(9, {3, 245}, Bytes().u8(4).data, {"id", "doc"}, "shop", "docs");
    std::string before_doc = Bytes().u8(4).u8(2).data; // JSON false
    std::string diff = Bytes()
                           .u8(0)
                           .lenenc_str("$")
                           .lenenc_str(Bytes().u8(0).le(1, 2).le(12, 2).le(11, 2).le(1, 2).u8(4).le(1, 2).raw("a").data)
                           .data;
    diff += Bytes().u8(1).lenenc_str("$.b").lenenc_str(Bytes().u8(5).le(7, 2).data).data;          // INSERT $.b = 7
    diff += Bytes().u8(1).lenenc_str("$.c").lenenc_str(Bytes().u8(2).le(0, 2).le(4, 2).data).data; // $.c = []
    diff += Bytes().u8(1).lenenc_str("$.c[0]").lenenc_str(Bytes().u8(4).u8(0).data).data;          // $.c[0] = null
    diff += Bytes().u8(2).lenenc_str("$.a").data;                                                  // REMOVE $.a
    std::string row =
        Bytes().u8(0).le(1, 4).le(before_doc.size(), 4).raw(before_doc).data + // before
        Bytes().u8(1).u8(1).u8(0).le(1, 4).le(diff.size(), 4).raw(diff).data;  // after: options, partial bits
    auto lines = capture({query("BEGIN"), map, rows_event(39, 9, 2, row), xid()});
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["before"]["doc"] == false);
    CHECK(lines[0]["after"]["doc"] == json::parse(R"({"b":7,"c":[null]})"));
}

TEST_CASE("damage: rows before it are emitted, then one error with file and offset", "[events]") {
    std::string damaged = rows_event(23, 7, 2, item(2, "b"));
    damaged.resize(damaged.size() - 3);
    damaged[9] = static_cast<char>(damaged.size()); // consistent size: the row itself is cut short
    std::string error;
    auto lines = capture(
        {query("BEGIN"), items_map(), rows_event(23, 7, 2, item(1, "a")), xid(), query("BEGIN"), items_map(), damaged},
        "*.*", "", &error);
    REQUIRE(lines.size() == 1);
    CHECK(error.find("cdc-stream-") != std::string::npos);
    CHECK(error.find("at byte offset") != std::string::npos);
}

TEST_CASE("heartbeat lines have no op and carry the position", "[events]") {
    cdc::events::BinlogPosition p;
    p.file = "bin.000002";
    p.pos = 1234;
    p.last_gtid = "0-1-9";
    std::string position, out;
    p.append_json(position);
    cdc::events::append_heartbeat_line(out, 1700000000000, position);
    json l = json::parse(out);
    CHECK(l["heartbeat"]["ts_ms"] == 1700000000000);
    CHECK(l["source"] == json::parse(R"({"file":"bin.000002","pos":1234,"gtid_set":null,"last_gtid":"0-1-9"})"));
    CHECK(!l.contains("op"));
}

TEST_CASE("resuming after a delivered line skips what came before it, once", "[events]") {
    auto path = std::filesystem::temp_directory_path() / ("cdc-resume-" + std::to_string(getpid()) + ".bin");
    std::ofstream(path, std::ios::binary)
        << binlog_file({query("BEGIN"), items_map(), rows_event(23, 7, 2, item(1, "a") + item(2, "b") + item(3, "c")),
                        xid(), query("BEGIN"), items_map(), rows_event(23, 7, 2, item(4, "d")), xid(), query("BEGIN"),
                        items_map(), rows_event(23, 7, 2, item(5, "e")), xid()});
    auto ids_after = [&](const json* delivered, uint64_t rows) {
        cdc::events::CaptureSettings settings;
        settings.tables = cdc::events::TableFilter("*.*", "");
        cdc::events::StringOutput out;
        cdc::events::ChangeStream stream(settings, out);
        if (delivered) stream.resume_after({(*delivered)["file"], (*delivered)["pos"].get<uint64_t>(), "", ""}, rows);
        cdc::binlog::BinlogFile file(path.string());
        cdc::events::capture_binlog_file(file, stream);
        std::vector<json> lines;
        std::istringstream in(out.text);
        for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
        return lines;
    };
    auto all = ids_after(nullptr, 0);
    REQUIRE(all.size() == 5);
    auto ids = [](const std::vector<json>& lines) {
        std::vector<int> out;
        for (const json& l : lines) out.push_back(l["after"]["id"]);
        return out;
    };
    // After the second line of the first transaction (its source.row is 1).
    CHECK(ids(ids_after(&all[1]["source"], 2)) == std::vector<int>{3, 4, 5});
    // After the whole second transaction.
    CHECK(ids(ids_after(&all[3]["source"], 1)) == std::vector<int>{5});
    // A heartbeat's position: the start of the next transaction, nothing of it delivered.
    CHECK(ids(ids_after(&all[4]["source"], 0)) == std::vector<int>{5});
    std::filesystem::remove(path);
}

namespace {

// Where event `i` of `events` starts in binlog_file(events).
uint64_t offset_of(const std::vector<std::string>& events, size_t i) {
    uint64_t at = 4 + format_description().size();
    for (size_t k = 0; k < i; ++k) at += events[k].size();
    return at;
}

std::vector<int> ids(const std::vector<json>& lines) {
    std::vector<int> out;
    for (const json& l : lines) out.push_back(l["after"]["id"]);
    return out;
}

// MySQL's XA transaction `name` inserting `id`, prepared (or committed at once) with its rows.
std::vector<std::string> mysql_xa(const std::string& name, int64_t id, bool one_phase = false) {
    std::string xid = cdc::binlog::xid_text(1, name, "");
    return {query("XA START " + xid), items_map(), rows_event(23, 7, 2, item(id, name)), query("XA END " + xid),
            xa_prepare(name, one_phase)};
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

TEST_CASE("an XA transaction's rows are written at its XA COMMIT, as that transaction's; XA ROLLBACK drops them",
          "[events]") {
    std::vector<std::string> events =
        mysql_xa("a", 1) +
        std::vector<std::string>{query("BEGIN"), items_map(), rows_event(23, 7, 2, item(2, "b")), xid()} +
        mysql_xa("b", 3) +
        std::vector<std::string>{query("XA COMMIT " + cdc::binlog::xid_text(1, "a", "")),
                                 query("XA ROLLBACK " + cdc::binlog::xid_text(1, "b", ""))} +
        mysql_xa("c", 4, true);
    auto lines = capture(events);
    REQUIRE(ids(lines) == std::vector<int>{2, 1, 4});
    CHECK(lines[1]["source"]["pos"] == offset_of(events, 14)); // the XA COMMIT's place, not the rows'
    CHECK(lines[1]["source"]["row"] == 0);
    CHECK(lines[1]["source"]["gtid"].is_null());
    CHECK(lines[1]["source"]["query"].is_null());
    CHECK(lines[2]["source"]["pos"] == offset_of(events, 16)); // one phase: where its rows are
}

TEST_CASE("MariaDB's XA transactions: GTID flagged XA, XA_PREPARE, then XA COMMIT under a GTID of its own",
          "[events]") {
    std::vector<std::string> events = {mariadb_gtid(12, 64, "a"),
                                       items_map(),
                                       rows_event(23, 7, 2, item(1, "a") + item(2, "a")),
                                       query("XA END X'61',X'',1"),
                                       xa_prepare("a"),
                                       mariadb_gtid(13, 0),
                                       items_map(),
                                       rows_event(23, 7, 2, item(3, "b")),
                                       xid(),
                                       mariadb_gtid(14, 1),
                                       query("XA COMMIT X'61',X'',1")};
    auto lines = capture(events);
    REQUIRE(ids(lines) == std::vector<int>{3, 1, 2});
    for (int i : {1, 2}) {
        CHECK(lines[i]["source"]["gtid"] == "0-1-14");
        CHECK(lines[i]["source"]["pos"] == offset_of(events, 9));
        CHECK(lines[i]["source"]["row"] == i - 1);
    }
    // Prepared in these files but not committed in them: not written.
    events.pop_back();
    CHECK(ids(capture(events)) == std::vector<int>{3});
}

TEST_CASE("resuming, XA transactions prepared before the delivered point are read again, and written once",
          "[events]") {
    std::vector<std::string> events =
        mysql_xa("a", 1) + // prepared first, committed last
        std::vector<std::string>{query("BEGIN"), items_map(), rows_event(23, 7, 2, item(2, "b")), xid()} +
        mysql_xa("c", 3) + std::vector<std::string>{query("XA COMMIT X'63',X'',1")} + // 14: c's rows
        std::vector<std::string>{query("BEGIN"), items_map(), rows_event(23, 7, 2, item(4, "d")), xid()} +
        std::vector<std::string>{query("XA COMMIT X'61',X'',1")}; // 19: a's rows
    auto path = std::filesystem::temp_directory_path() / ("cdc-xa-resume-" + std::to_string(getpid()) + ".bin");
    std::ofstream(path, std::ios::binary) << binlog_file(events);
    auto ids_after = [&](uint64_t pos, uint64_t rows) {
        cdc::events::CaptureSettings settings;
        settings.tables = cdc::events::TableFilter("*.*", "");
        cdc::events::StringOutput out;
        cdc::events::ChangeStream stream(settings, out);
        stream.start_file(path.filename().string());
        stream.resume_after({path.filename().string(), pos, "", ""}, rows);
        cdc::binlog::BinlogFile file(path.string());
        cdc::events::capture_binlog_file(file, stream);
        CHECK(!stream.replaying());
        CHECK(stream.prepared() == 0);
        std::vector<json> lines;
        std::istringstream in(out.text);
        for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
        return ids(lines);
    };
    CHECK(ids_after(4, 0) == std::vector<int>{2, 3, 4, 1});
    // After b's line: a and c were prepared before it, and are read again; c commits after it.
    CHECK(ids_after(offset_of(events, 5), 1) == std::vector<int>{3, 4, 1});
    // After c's line (at its XA COMMIT): c is not written again.
    CHECK(ids_after(offset_of(events, 14), 1) == std::vector<int>{4, 1});
    // After d's: only a, at its XA COMMIT.
    CHECK(ids_after(offset_of(events, 15), 1) == std::vector<int>{1});
    CHECK(ids_after(offset_of(events, 19), 1).empty());
    std::filesystem::remove(path);
}

TEST_CASE("reading again after a restart, a transaction cut off by the end of the input stays delivered", "[events]") {
    // The source goes away while the transaction that holds the delivered point is read again:
    // the stream reads it once more from its start, and skips its delivered lines again.
    std::vector<std::string> events = {query("BEGIN"), items_map(),
                                       rows_event(23, 7, 2, item(1, "a") + item(2, "b") + item(3, "c")), xid()};
    auto path = std::filesystem::temp_directory_path() / ("cdc-cut-" + std::to_string(getpid()) + ".bin");
    cdc::events::CaptureSettings settings;
    settings.tables = cdc::events::TableFilter("*.*", "");
    cdc::events::StringOutput out;
    cdc::events::ChangeStream stream(settings, out);
    stream.resume_after({"cut.000001", offset_of(events, 0), "", ""}, 2);
    for (size_t n : {events.size() - 1, events.size()}) {
        std::ofstream(path, std::ios::binary)
            << binlog_file(std::vector<std::string>(events.begin(), events.begin() + static_cast<long>(n)));
        stream.start_file("cut.000001");
        cdc::binlog::BinlogFile file(path.string());
        cdc::events::capture_binlog_file(file, stream);
        CHECK(stream.replaying() == (n < events.size()));
    }
    std::filesystem::remove(path);
    REQUIRE(std::count(out.text.begin(), out.text.end(), '\n') == 1);
    CHECK(json::parse(out.text)["after"]["id"] == 3);
}

TEST_CASE("resuming after a GTID state skips what it holds, domain by domain", "[events]") {
    auto txn = [](uint64_t seq, uint32_t domain, int64_t id) {
        return std::vector<std::string>{mariadb_gtid(seq, 0, "", domain), items_map(),
                                        rows_event(23, 7, 2, item(id, "x")), xid()};
    };
    // Another server's binlog order: domain 5's transactions interleave with domain 0's.
    std::vector<std::string> events = txn(10, 0, 1) + txn(3, 5, 2) + txn(11, 0, 3) + txn(4, 5, 4) + txn(12, 0, 5);
    auto path = std::filesystem::temp_directory_path() / ("cdc-state-" + std::to_string(getpid()) + ".bin");
    std::ofstream(path, std::ios::binary) << binlog_file(events);
    cdc::events::CaptureSettings settings;
    settings.tables = cdc::events::TableFilter("*.*", "");
    cdc::events::StringOutput out;
    cdc::events::ChangeStream stream(settings, out);
    stream.set_position({"state.000001", 4, "0-1-9,5-1-2", ""});
    stream.resume_after_gtid_state("0-1-10,5-1-4"); // delivered: 0-1-10 and 5-1-3, 5-1-4 (not 0-1-11)
    CHECK(stream.replaying());
    stream.start_file("state.000001");
    cdc::binlog::BinlogFile file(path.string());
    cdc::events::capture_binlog_file(file, stream);
    CHECK(!stream.replaying());
    std::filesystem::remove(path);
    std::vector<int> written;
    std::istringstream in(out.text);
    for (std::string line; std::getline(in, line);) written.push_back(json::parse(line)["after"]["id"]);
    CHECK(written == std::vector<int>{3, 5});
}

TEST_CASE("the oldest XA transaction held prepared is where a restart must read from", "[events]") {
    std::vector<std::string> events =
        std::vector<std::string>{query("BEGIN"), items_map(), rows_event(23, 7, 2, item(1, "a")), xid()} +
        mysql_xa("b", 2) + mysql_xa("c", 3) + std::vector<std::string>{query("XA COMMIT X'62',X'',1")};
    auto path = std::filesystem::temp_directory_path() / ("cdc-xa-held-" + std::to_string(getpid()) + ".bin");
    cdc::events::CaptureSettings settings;
    settings.tables = cdc::events::TableFilter("*.*", "");
    cdc::events::StringOutput out;
    cdc::events::ChangeStream stream(settings, out);
    auto read = [&](size_t events_read) {
        std::ofstream(path, std::ios::binary)
            << binlog_file(std::vector<std::string>(events.begin(), events.begin() + static_cast<long>(events_read)));
        stream.start_file("xa.000001");
        cdc::binlog::BinlogFile file(path.string());
        cdc::events::capture_binlog_file(file, stream);
    };
    read(4);
    CHECK(stream.oldest_prepared() == nullptr);
    read(9); // b prepared
    REQUIRE(stream.oldest_prepared() != nullptr);
    CHECK(stream.oldest_prepared()->from.pos == offset_of(events, 4));
    CHECK(stream.oldest_prepared()->from.file == "xa.000001");
    read(15); // b committed, c still prepared
    REQUIRE(stream.oldest_prepared() != nullptr);
    CHECK(stream.oldest_prepared()->from.pos == offset_of(events, 9));
    CHECK(stream.committed().pos == offset_of(events, 15));
    std::filesystem::remove(path);
}

TEST_CASE("offline, a change logged as a statement is passed over and the rows around it kept", "[events]") {
    // Files of statement-based servers are read offline; live capture stops instead (capture_recovery_itest).
    std::vector<std::string> events = {query("BEGIN"),
                                       items_map(),
                                       rows_event(23, 7, 2, item(1, "a")),
                                       xid(),
                                       query("INSERT INTO items VALUES (2, 'b')"),
                                       query("BEGIN"),
                                       items_map(),
                                       rows_event(23, 7, 2, item(3, "c")),
                                       xid()};
    std::string error;
    auto lines = capture(events, "shop.items", "", &error);
    CHECK(error.empty());
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["after"]["id"] == 1);
    CHECK(lines[1]["after"]["id"] == 3);
}

TEST_CASE("LOAD DATA logged as a statement is a change capture cannot see, as INSERT is", "[events]") {
    std::vector<std::string> events = {query("BEGIN"), items_map(), rows_event(23, 7, 2, item(1, "a")), xid(),
                                       execute_load_query("LOAD DATA LOCAL INFILE '/tmp/SQL_LOAD-1-2-0' INTO TABLE "
                                                          "`items` FIELDS TERMINATED BY '\\t' (`id`, `name`)")};
    auto path = std::filesystem::temp_directory_path() / ("cdc-load-" + std::to_string(getpid()) + ".bin");
    std::ofstream(path, std::ios::binary) << binlog_file(events);
    cdc::events::CaptureSettings settings;
    settings.tables = cdc::events::TableFilter("shop.items", "");
    cdc::events::StringOutput out;
    cdc::events::ChangeStream stream(settings, out);
    stream.stream_live(); // live, capture stops; offline it warns and goes on
    stream.start_file("load.000001");
    cdc::binlog::BinlogFile file(path.string());
    CHECK_THROWS_WITH(cdc::events::capture_binlog_file(file, stream),
                      Catch::Contains("a change to shop.items was logged as a statement"));
    CHECK(out.text.find("\"id\":1") != std::string::npos); // the rows before it are out
    std::string error;
    CHECK(capture(events, "shop.items", "", &error).size() == 1);
    CHECK(error.empty());
    std::filesystem::remove(path);
}

TEST_CASE("from a file, MariaDB's old-format temporals are warned of once: their fraction is not in the binlog",
          "[events]") {
    std::ostringstream log;
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
    std::string old_datetime = table_map(7, {8, 12}, "", {"id", "at"}); // DATETIME, type 12: no metadata
    capture({query("BEGIN"), old_datetime, xid(), query("BEGIN"), old_datetime, xid(), query("BEGIN"),
             table_map(8, {8, 18}, Bytes().u8(3).data, {"id", "at"}, "shop", "new"), xid()});
    spdlog::set_default_logger(previous);
    std::string text = log.str();
    std::string warning = "shop.items has TIME, DATETIME or TIMESTAMP columns in MariaDB's old format";
    CHECK(text.find(warning) != std::string::npos);
    CHECK(text.find(warning) == text.rfind(warning));
    CHECK(text.find("shop.new") == std::string::npos); // DATETIME2 (type 18) declares its fraction
}
