// cdc capture against the live source of the harness: snapshot, streaming, transactions,
// every column type, rotation, restart from the checkpoint, and the errors of the source.
#include "capture_helpers.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

using harness::run_cdc;
using harness::servers;
using nlohmann::json;
using namespace capture_test;

TEST_CASE("capture: snapshot, then inserts, updates, deletes and truncate, rollbacks emit nothing", "[capture]") {
    Admin admin;
    std::string table =
        admin.fresh_table("capture_it", "(id BIGINT PRIMARY KEY, name VARCHAR(20), price DECIMAL(10,2))");
    admin.sql("INSERT INTO " + table + " VALUES (1, 'one', 1.50), (2, 'two', 2.00)");
    std::string checkpoint = checkpoint_path("capture-basic");

    auto first = capture_to_end(table, checkpoint, "initial");
    INFO(first.err);
    REQUIRE(first.status == 0);
    auto snapshot = lines_of(first.out);
    REQUIRE(snapshot.size() == 2);
    CHECK(snapshot[0]["op"] == "r");
    CHECK(snapshot[0]["source"]["snapshot"] == "true");
    CHECK(snapshot[1]["source"]["snapshot"] == "last"); // as Debezium: streaming comes next
    CHECK(snapshot[0]["after"] == json::parse(R"({"id":1,"name":"one","price":"1.50"})"));
    CHECK(snapshot[0]["key"] == json::parse(R"({"id":1})"));

    admin.sql("INSERT INTO " + table + " VALUES (3, 'three', 3.00), (4, 'four', 4.00)");
    admin.sql("UPDATE " + table + " SET price = 9.99 WHERE id = 1");
    admin.sql("DELETE FROM " + table + " WHERE id = 2");
    admin.sql("BEGIN");
    admin.sql("INSERT INTO " + table + " VALUES (5, 'gone', 5.00)");
    admin.sql("ROLLBACK");
    admin.sql("FLUSH BINARY LOGS");
    admin.sql("TRUNCATE TABLE " + table);

    auto second = capture_to_end(table, checkpoint, "initial"); // the checkpoint wins: no second snapshot
    INFO(second.err);
    REQUIRE(second.status == 0);
    auto changes = lines_of(second.out);
    REQUIRE(changes.size() == 5);
    CHECK(changes[0]["op"] == "c");
    CHECK(changes[0]["after"]["id"] == 3);
    CHECK(changes[1]["after"]["id"] == 4);
    CHECK(changes[0]["source"]["gtid"] == changes[1]["source"]["gtid"]); // one statement, one transaction
    CHECK(changes[0]["source"]["row"] == 0);
    CHECK(changes[1]["source"]["row"] == 1);
    CHECK(changes[2]["op"] == "u");
    CHECK(changes[2]["before"]["price"] == "1.50");
    CHECK(changes[2]["after"]["price"] == "9.99");
    CHECK(changes[3]["op"] == "d");
    CHECK(changes[3]["before"]["id"] == 2);
    CHECK(changes[4]["op"] == "t");
    CHECK(changes[4]["source"]["file"] != changes[0]["source"]["file"]); // after FLUSH BINARY LOGS

    auto third = capture_to_end(table, checkpoint, "initial");
    CHECK(third.status == 0);
    CHECK(lines_of(third.out).empty());
    admin.sql("DROP TABLE " + table);
}

TEST_CASE("capture: rows decoded ahead on other threads give the lines capture's own thread gives", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table(
        "capture_ahead", "(id INT PRIMARY KEY, v VARCHAR(20), d DECIMAL(10,2), ts TIMESTAMP(3) DEFAULT NOW(3))");
    std::string ahead = checkpoint_path("capture-ahead"), in_line = checkpoint_path("capture-in-line");
    REQUIRE(capture_to_end(table, ahead).status == 0); // both start where this one ends
    std::filesystem::copy_file(ahead, in_line, std::filesystem::copy_options::overwrite_existing);
    for (int i = 1; i <= 10; ++i) {
        std::string base = std::to_string(i * 1000);
        admin.sql("INSERT INTO " + table + " (id, v, d) SELECT seq + " + base +
                  ", CONCAT('v', seq), seq / 7 FROM ecommerce_db.seq_1_to_300");
        admin.sql("UPDATE " + table + " SET v = 'x' WHERE id % 13 = 0");
        admin.sql("UPDATE " + table + " SET id = id + 100000 WHERE id % 19 = 0 AND id < 100000"); // new keys
        admin.sql("DELETE FROM " + table + " WHERE id % 17 = 0");
        admin.sql("BEGIN");
        admin.sql("DELETE FROM " + table);
        admin.sql("ROLLBACK");
    }
    auto run = [&](const std::string& checkpoint, const char* threads) {
        std::vector<std::string> args = capture_args(table, checkpoint);
        args.insert(args.end(), {"--until-end", "--decode-threads", threads});
        auto r = harness::run_cdc(args);
        INFO(r.err);
        CHECK(r.status == 0);
        auto lines = lines_of(r.out);
        for (json& l : lines) l.erase("ts_ms"); // when capture wrote the line
        return lines;
    };
    auto decoded_ahead = run(ahead, "3");
    auto decoded_in_line = run(in_line, "0");
    CHECK(decoded_ahead.size() > 3000);
    CHECK(decoded_ahead == decoded_in_line);
    admin.sql("DROP TABLE " + table);
}

TEST_CASE("capture: every column type, value by value", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("capture_types", R"((
        id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED, mi MEDIUMINT,
        de DECIMAL(20,6), fl FLOAT, db DOUBLE, d DATE, t TIME(6), dt DATETIME(3), ts TIMESTAMP(2) NULL, y YEAR,
        vc VARCHAR(30) CHARACTER SET utf8mb4, l1 VARCHAR(10) CHARACTER SET latin1, ch CHAR(5), bn BINARY(4),
        vb VARBINARY(10), bl BLOB, tx TEXT, b1 BIT(1), b9 BIT(9), e ENUM('small','large'), s SET('a','b','c'),
        j JSON, g GEOMETRY, n INT NULL))");
    std::string checkpoint = checkpoint_path("capture-types");
    REQUIRE(capture_to_end(table, checkpoint).status == 0); // position before the insert
    admin.sql("INSERT INTO " + table + R"( VALUES (1, -128, 255, -9223372036854775808,
        18446744073709551615, -8388608, -12345678901234.123456, 1.5, 0.1, '2024-02-29', '-838:59:59.000000',
        '9999-12-31 23:59:59.999', '2038-01-19 03:14:07.99', 2155, 'hé "q"', 'café', 'ab', 'ab',
        X'00ff', X'0102', 'text', b'1', b'100000001', 'large', 'a,c', '{"k": [1, true, null]}',
        ST_GeomFromText('POINT(0 1)', 4326), NULL))");
    auto r = capture_to_end(table, checkpoint);
    INFO(r.err);
    REQUIRE(r.status == 0);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 1);
    const json& a = lines[0]["after"];
    CHECK(a["ti"] == -128);
    CHECK(a["tu"] == 255);
    CHECK(a["bi"] == std::numeric_limits<int64_t>::min());
    CHECK(a["bu"] == std::numeric_limits<uint64_t>::max());
    CHECK(a["mi"] == -8388608);
    CHECK(a["de"] == "-12345678901234.123456");
    CHECK(a["fl"] == 1.5);
    CHECK(a["db"] == 0.1);
    CHECK(a["d"] == "2024-02-29");
    CHECK(a["t"] == "-838:59:59.000000");
    CHECK(a["dt"] == "9999-12-31T23:59:59.999");
    CHECK(a["ts"] == "2038-01-19T03:14:07.99Z");
    CHECK(a["y"] == 2155);
    CHECK(a["vc"] == "h\u00e9 \"q\"");
    CHECK(a["l1"] == "caf\u00e9");
    CHECK(a["ch"] == "ab");
    CHECK(a["bn"] == "YWIAAA==");
    CHECK(a["vb"] == "AP8=");
    CHECK(a["bl"] == "AQI=");
    CHECK(a["tx"] == "text");
    CHECK(a["b1"] == true);
    CHECK(a["b9"] == 257);
    CHECK(a["e"] == "large");
    CHECK(a["s"] == "a,c");
    CHECK(a["j"] == "{\"k\": [1, true, null]}"); // MariaDB's JSON is text
    CHECK(a["g"]["srid"] == 4326);
    CHECK(a["g"]["wkb"] == "AQEAAAAAAAAAAAAAAAAAAAAAAPA/");
    CHECK(a["n"].is_null());
    admin.sql("DROP TABLE " + table);
}

namespace {

// The row (id, `values`...) as the snapshot reads it (id 1) and as the binlog has it (id 2),
// without its id: the two must be the same. `checkpoint` is where capture stopped.
struct ReadAndStreamed {
    json read, streamed;
};
ReadAndStreamed read_and_streamed(Admin& admin, const std::string& table, const std::string& values,
                                  const std::string& checkpoint) {
    admin.sql("INSERT INTO " + table + " VALUES (1, " + values + ")");
    auto snapshot = capture_to_end(table, checkpoint, "initial");
    INFO(snapshot.err);
    REQUIRE(snapshot.status == 0);
    admin.sql("INSERT INTO " + table + " VALUES (2, " + values + ")");
    auto stream = capture_to_end(table, checkpoint);
    INFO(stream.err);
    REQUIRE(stream.status == 0);
    auto read = lines_of(snapshot.out), streamed = lines_of(stream.out); // lines_of parses: valid JSON
    REQUIRE(read.size() == 1);
    REQUIRE(streamed.size() == 1);
    ReadAndStreamed r{read[0]["after"], streamed[0]["after"]};
    r.read.erase("id");
    r.streamed.erase("id");
    return r;
}

} // namespace

TEST_CASE("capture: the snapshot writes the same values as the binlog, padded and zero ones included", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("capture_same", R"((
        id INT PRIMARY KEY, y YEAR, z INT(6) ZEROFILL, ts TIMESTAMP(2) NULL, tz TIMESTAMP NULL, d DATE,
        f FLOAT, h INT INVISIBLE DEFAULT 7))");
    admin.sql("SET SESSION sql_mode = ''"); // zero dates allowed
    auto [a, b] =
        read_and_streamed(admin, table, "0, 42, '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00', 16777217",
                          checkpoint_path("capture-same"));
    CHECK(a["y"] == 0);
    CHECK(a["z"] == 42);
    CHECK(a["ts"] == "0000-00-00T00:00:00.00Z");
    CHECK(a["tz"] == "0000-00-00T00:00:00Z");
    CHECK(a["d"] == "0000-00-00");
    CHECK(a["f"] == 16777216); // the FLOAT stored, not its 6-digit text
    CHECK(a["h"] == 7);        // INVISIBLE, and in the binlog all the same
    CHECK(a == b);
    admin.sql("DROP TABLE " + table);
}

TEST_CASE("capture: text in other character sets is UTF-8 in the stream as in the snapshot", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("capture_charsets", R"((id INT PRIMARY KEY,
        sj VARCHAR(10) CHARACTER SET sjis, cy TEXT CHARACTER SET cp1251, u2 CHAR(4) CHARACTER SET ucs2,
        u16 VARCHAR(10) CHARACTER SET utf16, gr VARCHAR(10) CHARACTER SET greek COLLATE greek_nopad_bin))");
    auto [a, b] = read_and_streamed(admin, table, "'日本語', 'Привет', 'hé', '😀 ok', 'Αθήνα'",
                                    checkpoint_path("capture-charsets"));
    CHECK(b["sj"] == "日本語");
    CHECK(b["cy"] == "Привет");
    CHECK(b["u2"] == "hé");
    CHECK(b["u16"] == "😀 ok");
    CHECK(b["gr"] == "Αθήνα");
    CHECK(a == b);
    admin.sql("DROP TABLE " + table);
}

TEST_CASE("capture: MariaDB's UUID, INET4 and INET6 are text in the stream as in the snapshot", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("capture_uuid", "(id INT PRIMARY KEY, u UUID, i4 INET4, i6 INET6)");
    // Fixed bytes in the binlog, zero ones at the end included (BINARY drops them there).
    std::string checkpoint = checkpoint_path("capture-uuid");
    auto [a, b] = read_and_streamed(admin, table, "'123e4567-e89b-12d3-a456-426614174000', '0.0.0.0', '::ffff:1.2.3.4'",
                                    checkpoint);
    CHECK(b["u"] == "123e4567-e89b-12d3-a456-426614174000");
    CHECK(b["i4"] == "0.0.0.0");
    CHECK(b["i6"] == "::ffff:1.2.3.4");
    CHECK(a == b);
    // Still so once the table changes, which the binlog's table map tells with plain types.
    admin.sql("ALTER TABLE " + table + " ADD COLUMN n INT");
    admin.sql("INSERT INTO " + table +
              " VALUES (3, '6ccd780c-baba-1026-9564-5b8c656024db', '10.0.0.1', '2001:db8::1', 1)");
    admin.sql("INSERT INTO " + table + " VALUES (4, NULL, '10.0.0.2', '::', 2)");
    auto r = capture_to_end(table, checkpoint);
    REQUIRE(r.status == 0);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["after"]["u"] == "6ccd780c-baba-1026-9564-5b8c656024db");
    CHECK(lines[1]["after"]["i6"] == "::");
    CHECK(lines[1]["after"]["u"].is_null());
    admin.sql("DROP TABLE " + table);
}

TEST_CASE("capture: --include-query puts the statement in source.query, live as from files", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("capture_query", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-query");
    REQUIRE(capture_to_end(table, checkpoint).status == 0);
    std::string insert = "INSERT INTO " + table + " VALUES (1), (2)";
    admin.sql(insert);
    std::vector<std::string> args = capture_args(table, checkpoint);
    args.insert(args.end(), {"--until-end", "--include-query"});
    auto r = run_cdc(args);
    INFO(r.err);
    REQUIRE(r.status == 0);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["source"]["query"] == insert);
    CHECK(lines[1]["source"]["query"] == insert);
    admin.sql("DROP TABLE " + table);
}

TEST_CASE("capture: an XA transaction's rows come at its XA COMMIT, across a restart from the checkpoint",
          "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("capture_xa", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-xa");
    REQUIRE(capture_to_end(table, checkpoint).status == 0);
    using Statements = std::vector<std::string>;
    auto xid = [](const std::string& name) { return "'" + unique(name) + "'"; }; // XIDs are server-wide
    std::string one = xid("one"), two = xid("two"), three = xid("three");
    admin.sql("INSERT INTO " + table + " VALUES (1)");
    for (const std::string& sql : Statements{"XA START " + one, "INSERT INTO " + table + " VALUES (2)", "XA END " + one,
                                             "XA COMMIT " + one + " ONE PHASE"})
        admin.sql(sql);
    // The session that prepares an XA transaction ends it too: another one could only once the
    // server has detached it from this one, which happens some time after a disconnect.
    Admin session;
    for (const std::string& sql :
         Statements{"XA START " + two, "INSERT INTO " + table + " VALUES (3)", "XA END " + two, "XA PREPARE " + two})
        session.sql(sql);
    admin.sql("INSERT INTO " + table + " VALUES (4)");
    auto r = capture_to_end(table, checkpoint);
    REQUIRE(r.status == 0);
    auto ids = [](const std::vector<nlohmann::json>& lines) {
        std::vector<int> out;
        for (const auto& l : lines) out.push_back(l["after"]["id"]);
        return out;
    };
    CHECK(ids(lines_of(r.out)) == std::vector<int>{1, 2, 4}); // 3 is prepared, not committed
    CHECK(read_json(checkpoint).contains("written"));         // the checkpoint stays before it

    session.sql("XA COMMIT " + two);
    admin.sql("INSERT INTO " + table + " VALUES (5)");
    for (const std::string& sql : Statements{"XA START " + three, "INSERT INTO " + table + " VALUES (6)",
                                             "XA END " + three, "XA PREPARE " + three, "XA ROLLBACK " + three})
        session.sql(sql);
    auto again = capture_to_end(table, checkpoint); // reads 3 again from before it, and nothing else twice
    REQUIRE(again.status == 0);
    auto lines = lines_of(again.out);
    REQUIRE(ids(lines) == std::vector<int>{3, 5});
    std::string commit_gtid = lines[0]["source"]["gtid"];
    CHECK(lines[1]["source"]["gtid"] != commit_gtid);
    CHECK(!read_json(checkpoint).contains("written"));
    CHECK(lines_of(capture_to_end(table, checkpoint).out).empty());
    admin.sql("DROP TABLE " + table);
}

TEST_CASE("capture: the errors of the source say how to fix them", "[capture]") {
    cdc::Endpoint wrong = servers().source;
    wrong.password = "not-the-password";
    auto r = run_cdc({"capture", "--source", harness::url_with_password(wrong), "--until-end"});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("Access denied"));
    CHECK_THAT(r.err, Catch::Contains("password"));
    CHECK(r.err.find("not-the-password") == std::string::npos);

    cdc::Endpoint down = servers().source;
    down.port = harness::closed_port();
    auto d = run_cdc({"capture", "--source", harness::url_with_password(down), "--until-end"});
    CHECK(d.status == 1);
    CHECK_THAT(d.err, Catch::Contains("cannot connect"));
}

TEST_CASE("capture: an --http-port it cannot listen on names the address and what to change", "[capture]") {
    auto r = run_cdc({"capture", "--source", harness::url_with_password(servers().source), "--snapshot", "never",
                      "--until-end", "--http-port", std::to_string(harness::closed_port()), "--bind", "999.1.1.1"});
    CHECK(r.status == 1);
    CHECK_THAT(r.err,
               Catch::Contains("999.1.1.1 not an address of this machine? choose another --http-port or --bind"));
}

TEST_CASE("capture: --http-port serves /health and /metrics while streaming", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("capture_http", "(id INT PRIMARY KEY)");
    admin.sql("INSERT INTO " + table + " VALUES (10), (11), (12)"); // for the snapshot
    int port = harness::closed_port();
    harness::Child child({"capture", "--source", harness::url_with_password(servers().source), "--tables", table,
                          "--http-port", std::to_string(port)});
    std::string url = "http://127.0.0.1:" + std::to_string(port);
    for (int i = 0; i < 100 && !streaming(port); ++i) usleep(100000);
    auto health = harness::shell("curl -s " + url + "/health");
    CHECK_THAT(health.out, Catch::Contains("\"status\":\"ok\",\"connected\":true"));
    admin.sql("INSERT INTO " + table + " VALUES (1), (2)");
    harness::Result metrics;
    for (int i = 0; i < 100 && metrics.out.find("op=\"c\"} 2") == std::string::npos; ++i) {
        usleep(100000);
        metrics = harness::shell("curl -s " + url + "/metrics");
    }
    CHECK_THAT(metrics.out, Catch::Contains("cdc_capture_rows_total{table=\"" + table + "\",op=\"c\"} 2"));
    CHECK_THAT(metrics.out, Catch::Contains("cdc_capture_rows_total{table=\"" + table + "\",op=\"r\"} 3"));
    CHECK_THAT(metrics.out, Catch::Contains("cdc_capture_connected 1"));
    CHECK_THAT(metrics.out, Catch::Contains("cdc_capture_seconds_behind_source"));
    CHECK_THAT(metrics.out, Catch::Contains("cdc_capture_bytes_behind_source"));
    child.signal(SIGTERM);
    auto r = child.wait();
    CHECK(r.status == 0);
    CHECK(lines_of(r.out).size() == 5);
    admin.sql("DROP TABLE " + table);
}
