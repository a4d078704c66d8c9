// Every real binlog file of ../shared/fixtures/binlog: which decode and to what rows, which
// fail and where.
#include "binlog/binlog_file.h"
#include "binlog/rows_event.h"
#include "config/failure.h"
#include "events/offline_capture.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using cdc::events::CaptureSettings;
using nlohmann::json;

namespace {

const std::string dir = CDC_FIXTURES_DIR "/binlog/";

struct Outcome {
    std::vector<json> lines;
    std::string error; // empty: decoded to the end
};

Outcome capture(const std::string& name, bool positional = true) {
    CaptureSettings settings;
    settings.include_query = true;
    settings.tables = cdc::events::TableFilter("*.*", "");
    settings.positional_column_names = positional;
    cdc::events::StringOutput out;
    Outcome o;
    try {
        cdc::events::capture_binlog_files({dir + name}, settings, out);
    } catch (const cdc::Failure& e) { o.error = e.what(); }
    std::istringstream in(out.text);
    for (std::string line; std::getline(in, line);) o.lines.push_back(json::parse(line));
    return o;
}

struct Expected {
    const char* file;
    size_t rows;
    const char* error; // substring of the one-line error, naming file and offset; null: none
};

const Expected expected[] = {
    {"binlog_56_gtid_reserved_word.000001", 1, nullptr},
    {"binlog_savepoint.000001", 0, nullptr}, // statement-based
    {"binlog_transaction.000001", 0, nullptr},
    {"binlog_transaction_previous_GTID_no_tag.000001", 0, nullptr},
    {"binlog_transaction_with_GTID.000001", 0, nullptr},
    {"binlog_transaction_with_GTID_TAG.000001", 1, nullptr},
    {"binlog_transaction_with_anonymous_GTID.000001", 0, nullptr},
    {"binlog_truncated_event.000001", 0, "truncated event header (10 of 19 bytes) at byte offset 4"},
    {"binlog_truncated_prev_gtid_event.000001", 0, "truncated event header (9 of 19 bytes) at byte offset 120"},
    {"bug11747887-bin.000003", 0, nullptr},
    {"bug16266.000001", 0, nullptr},
    {"bug27213339-bin.000001", 0, nullptr},
    {"bug32407.001", 2, nullptr},
    {"bug33029-slave-relay-bin.000001", 0, nullptr},
    {"bug40482-bin.000001", 0, nullptr},
    {"corrupt-relay-bin.000624", 0, "at byte offset 91236"},
    {"json-opaque.binlog", 8, nullptr},
    {"mariadb-bin.000001", 2, nullptr},
    {"master-bin.000001", 0, nullptr},
    {"minimal_row_metadata.000001", 1, nullptr},
    {"mysql_type_bit.000001", 1, nullptr},
    {"rpl_atomic_ddl_rollback_full.000001", 0, nullptr},
    {"rpl_atomic_ddl_rollback_table.000001", 0, nullptr},
    {"rpl_atomic_ddl_rollback_view.000001", 0, nullptr},
    {"rpl_cross_version_default_utf8mb4_collation.000001", 0, nullptr},
    {"rpl_unfiltered_hidden_gcol.000001", 1, nullptr},
    {"slave-relay-bin.000001", 0, nullptr},
    {"time_issue.000001", 1, nullptr},
    {"transaction_compression.000001", 1, nullptr},
    {"update-full-row.binlog", 7, nullptr},
    {"update-partial-row.binlog", 7, nullptr},
    {"ver_5_1-wl2325_r.001", 5, nullptr},
    {"ver_5_1-wl2325_s.001", 0, nullptr},
    {"ver_5_1_23.001", 5, nullptr},
    {"ver_trunk_row_v2.001", 5, nullptr},
    {"write-full-row.binlog", 7, nullptr},
    {"write-partial-row.binlog", 7, nullptr},
};

} // namespace

TEST_CASE("every fixture file has an expected outcome", "[binlog][fixtures]") {
    std::set<std::string> listed;
    for (const auto& e : expected) listed.insert(e.file);
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::string name = entry.path().filename();
        if (name == "README.md") continue;
        INFO(name);
        CHECK(listed.count(name) == 1);
    }
}

TEST_CASE("every fixture file decodes or fails where it is damaged", "[binlog][fixtures]") {
    for (const auto& e : expected) {
        INFO(e.file);
        Outcome o = capture(e.file);
        CHECK(o.lines.size() == e.rows);
        if (e.error) {
            CHECK(o.error.find(e.file) != std::string::npos);
            CHECK(o.error.find(e.error) != std::string::npos);
        } else {
            CHECK(o.error.empty());
        }
        for (const json& line : o.lines) {
            CHECK(line["source"]["connector"] == "mysql");
            CHECK(line["source"]["file"] == e.file);
            CHECK(std::string("cud").find(line["op"].get<std::string>()) != std::string::npos);
        }
    }
}

TEST_CASE("a rows event's table id reads alone as with the rest of its header", "[binlog][fixtures]") {
    size_t rows_events = 0;
    for (const auto& f : expected) {
        INFO(f.file);
        try {
            cdc::binlog::BinlogFile file(dir + f.file);
            while (auto e = file.next()) {
                if (!cdc::binlog::is_rows_event(e->header.type)) continue;
                uint64_t with_header = cdc::binlog::RowsEvent(*e).table_id();
                CHECK(cdc::binlog::rows_table_id(*e) == with_header);
                ++rows_events;
            }
        } catch (const cdc::binlog::DecodeError&) { // damaged files: checked up to the damage
        }
    }
    CHECK(rows_events >= 30);
}

TEST_CASE("MySQL GTIDs advance the GTID set of the position, tagged ones included", "[binlog][fixtures]") {
    const std::string u = "006c2cf2-b1ea-11e4-9057-8c705a3d3e78", t = "55778904-0299-11f1-b1b8-4ef0c4956feb";
    const std::map<std::string, std::pair<std::string, std::string>> expected_sets = {
        {"binlog_transaction_with_GTID.000001", {u + ":1-3", u + ":3"}},
        {"binlog_transaction_with_GTID_TAG.000001", {t + ":1-13," + t + ":mytag:1-3", t + ":mytag:3"}}};
    for (const auto& [name, set] : expected_sets) {
        INFO(name);
        CaptureSettings settings;
        settings.tables = cdc::events::TableFilter("*.*", "");
        settings.positional_column_names = true;
        cdc::events::StringOutput out;
        cdc::events::ChangeStream stream(settings, out);
        stream.start_file(name);
        cdc::binlog::BinlogFile file(dir + name);
        cdc::events::capture_binlog_file(file, stream);
        CHECK(stream.committed().gtid_set == set.first);
        CHECK(stream.committed().last_gtid == set.second);
    }
}

TEST_CASE("BIT columns decode to their numbers", "[binlog][fixtures]") {
    Outcome o = capture("mysql_type_bit.000001");
    REQUIRE(o.lines.size() == 1);
    CHECK(o.lines[0]["after"] == json::parse(R"({"a":4,"b":"foo","c":32})"));
    CHECK(o.lines[0]["source"]["db"] == "mysql");
    CHECK(o.lines[0]["source"]["table"] == "foo");
    CHECK(o.lines[0]["source"]["gtid"] == "fbda2ad0-7c46-11ec-ae30-4ef7efc81a2a:3");
    CHECK(o.lines[0]["source"]["thread"] == 9);
}

TEST_CASE("negative TIME beyond 24 hours keeps sign and hours", "[binlog][fixtures]") {
    Outcome o = capture("time_issue.000001");
    REQUIRE(o.lines.size() == 1);
    CHECK(o.lines[0]["after"]["col_1"] == "-507:48:27");
}

TEST_CASE("binary JSON with opaque values decodes to JSON", "[binlog][fixtures]") {
    Outcome o = capture("json-opaque.binlog");
    REQUIRE(o.lines.size() == 8);
    const char* values[] = {
        R"({"a":"base64:type15:VQ=="})", R"({"b":"2012-03-18"})", R"({"c":"2012-03-18 11:30:45.000000"})",
        R"({"c":"87:31:46.654321"})",    R"({"d":123.456})",      R"({"e":9.00})",
        R"({"e":[0,1,true,false]})",     R"({"e":null})",
    };
    for (size_t i = 0; i < 8; ++i) CHECK(o.lines[i]["after"]["a"] == json::parse(values[i]));
}

TEST_CASE("MySQL 8 compressed transactions (zstd payload) decode", "[binlog][fixtures]") {
    Outcome o = capture("transaction_compression.000001");
    REQUIRE(o.lines.size() == 1);
    CHECK(o.lines[0]["after"] == json::parse(R"({"col_1":1})"));
    CHECK(o.lines[0]["source"]["table"] == "tb1");
}

TEST_CASE("MySQL 8.4 tagged GTIDs name the transaction", "[binlog][fixtures]") {
    Outcome o = capture("binlog_transaction_with_GTID_TAG.000001");
    REQUIRE(o.lines.size() == 1);
    CHECK(o.lines[0]["source"]["gtid"] == "55778904-0299-11f1-b1b8-4ef0c4956feb:mytag:3");
    CHECK(o.lines[0]["after"] == json::parse(R"({"col_1":3,"col_2":100,"col_3":"250.00"})"));
}

TEST_CASE("MariaDB files: names from FULL metadata, GTIDs, primary key, annotate", "[binlog][fixtures]") {
    Outcome o = capture("mariadb-bin.000001", false);
    REQUIRE(o.lines.size() == 2);
    const json& first = o.lines[0];
    CHECK(first["after"] == json::parse(R"({"id":62,"topic":"foo","event_type":"JSON","event":"eyJmb28iOjF9",
                                             "created":"2022-04-20T22:18:04Z"})"));
    CHECK(first["key"] == json::parse(R"({"id":62})"));
    CHECK(first["source"]["gtid"] == "0-1-1");
    CHECK(first["source"]["query"] ==
          "insert into outbox (topic, event_type, event) values ('foo', 'JSON', '{\"foo\":1}')");
    CHECK(o.lines[1]["source"]["gtid"] == "0-1-2");
}

TEST_CASE("minimal row images: updates and deletes carry only the logged columns", "[binlog][fixtures]") {
    Outcome o = capture("update-partial-row.binlog");
    REQUIRE(o.lines.size() == 7);
    CHECK(o.lines[5]["op"] == "u");
    CHECK(o.lines[5]["before"] == json::parse(R"({"col_1":4,"col_3":4})"));
    CHECK(o.lines[5]["after"] == json::parse(R"({"col_1":4,"col_3":40})"));
    CHECK(o.lines[6]["op"] == "d");
    CHECK(o.lines[6]["before"] == json::parse(R"({"col_1":2})"));
    CHECK(o.lines[6]["after"].is_null());
}

TEST_CASE("row events v1 of MySQL 5.1 decode with before and after images", "[binlog][fixtures]") {
    Outcome o = capture("ver_5_1_23.001");
    REQUIRE(o.lines.size() == 5);
    CHECK(o.lines[0]["after"] == json::parse(R"({"col_1":0,"col_2":"one"})"));
    CHECK(o.lines[2]["before"] == json::parse(R"({"col_1":0,"col_2":"one"})"));
    CHECK(o.lines[2]["after"] == json::parse(R"({"col_1":1,"col_2":"one"})"));
    CHECK(o.lines[4]["op"] == "d");
    // MyISAM statements without BEGIN: each is a transaction of its own, whose rows share its
    // position and count from 0.
    std::vector<std::pair<uint64_t, uint64_t>> places;
    for (const json& line : o.lines) places.emplace_back(line["source"]["pos"], line["source"]["row"]);
    CHECK(places == std::vector<std::pair<uint64_t, uint64_t>>{{425, 0}, {425, 1}, {516, 0}, {516, 1}, {626, 0}});
}

TEST_CASE("a 5.2 development tree's rows (other event numbers, no TABLE_MAP metadata) decode as 5.1's",
          "[binlog][fixtures]") {
    // The same statements as ver_5_1_23.001's rows, written with TABLE_MAP as event 16, the rows
    // events as 17 to 19, one column bitmap for both images of an update, and NULL bits after a
    // record header bit.
    Outcome early = capture("ver_5_1-wl2325_r.001");
    Outcome released = capture("ver_5_1_23.001");
    REQUIRE(early.lines.size() == 5);
    for (size_t i = 0; i < early.lines.size(); ++i) {
        for (const char* member : {"op", "before", "after"}) CHECK(early.lines[i][member] == released.lines[i][member]);
    }
    std::vector<uint64_t> positions;
    for (const json& line : early.lines) positions.push_back(line["source"]["pos"]);
    CHECK(positions == std::vector<uint64_t>{428, 428, 511, 511, 612});
}

TEST_CASE("a file cut inside a transaction says how many of its rows were not emitted", "[binlog][fixtures]") {
    std::filesystem::path cut = std::filesystem::temp_directory_path() / "cdc-fixture-cut.binlog";
    for (auto [file, length, message] : {std::tuple{"binlog_56_gtid_reserved_word.000001", 998, "1 row of"},
                                         std::tuple{"bug32407.001", 400, "2 rows of"}}) {
        std::ifstream in(dir + file, std::ios::binary);
        std::string bytes(length, '\0');
        in.read(bytes.data(), length);
        std::ofstream(cut, std::ios::binary | std::ios::trunc) << bytes;
        CaptureSettings settings;
        settings.tables = cdc::events::TableFilter("*.*", "");
        settings.positional_column_names = true;
        cdc::events::StringOutput out;
        CHECK_THROWS_WITH(cdc::events::capture_binlog_files({cut.string()}, settings, out),
                          Catch::Contains(std::string("(not emitted: ") + message +
                                          " the transaction it interrupts, whose end cannot be read)"));
    }
    std::filesystem::remove(cut);
}

TEST_CASE("without column names in the binlog, capture stops and says how to fix it", "[binlog][fixtures]") {
    Outcome o = capture("time_issue.000001", false);
    CHECK(o.lines.empty());
    CHECK(o.error.find("time_issue.000001") != std::string::npos);
    CHECK(o.error.find("binlog_row_metadata=FULL") != std::string::npos);
    CHECK(o.error.find("--positional-column-names") != std::string::npos);
}
