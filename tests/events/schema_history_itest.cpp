// Column names across ALTER TABLE in the middle of the stream, with binlog_row_metadata FULL
// (names in every TABLE_MAP) and MINIMAL (names from information_schema, tracked across DDL
// and kept in the checkpoint).
#include "capture_helpers.h"

#include <catch2/catch.hpp>
#include <fstream>

using nlohmann::json;
using namespace capture_test;

TEST_CASE("capture: ALTER TABLE mid-stream keeps values on their names, with FULL and MINIMAL metadata",
          "[capture][source-globals]") {
    for (std::string metadata : {"FULL", "MINIMAL"}) {
        DYNAMIC_SECTION("binlog_row_metadata=" << metadata) {
            Admin admin;
            std::string t = admin.fresh_table("capture_alter",
                                              "(id INT PRIMARY KEY, a VARCHAR(10), b INT, c INT, e ENUM('x', 'y'))");
            std::string checkpoint = checkpoint_path("capture-alter-" + metadata);
            REQUIRE(capture_to_end(t, checkpoint).status == 0); // the position before the changes
            SourceGlobal row_metadata(admin, "binlog_row_metadata", metadata);
            admin.sql("INSERT INTO " + t + " VALUES (1, 'a1', 11, 21, 'y')");
            admin.sql("ALTER TABLE " + t + " ADD COLUMN m ENUM('m2', 'm3') AFTER id");
            admin.sql("INSERT INTO " + t + " VALUES (2, 'm2', 'a2', 12, 22, 'x')");
            admin.sql("ALTER TABLE " + t + " DROP COLUMN b");
            admin.sql("INSERT INTO " + t + " VALUES (3, 'm3', 'a3', 23, 'y')");
            admin.sql("ALTER TABLE " + t + " RENAME COLUMN c TO d");
            admin.sql("UPDATE " + t + " SET d = 33 WHERE id = 3");

            auto r = capture_to_end(t, checkpoint);
            INFO(r.err);
            REQUIRE(r.status == 0);
            auto lines = lines_of(r.out);
            REQUIRE(lines.size() == 4);
            CHECK(lines[0]["after"] == json::parse(R"({"id":1,"a":"a1","b":11,"c":21,"e":"y"})"));
            CHECK(lines[1]["after"] == json::parse(R"({"id":2,"m":"m2","a":"a2","b":12,"c":22,"e":"x"})"));
            CHECK(lines[2]["after"] == json::parse(R"({"id":3,"m":"m3","a":"a3","c":23,"e":"y"})"));
            CHECK(lines[3]["before"] == json::parse(R"({"id":3,"m":"m3","a":"a3","d":23,"e":"y"})"));
            CHECK(lines[3]["after"] == json::parse(R"({"id":3,"m":"m3","a":"a3","d":33,"e":"y"})"));
            for (const json& line : lines) CHECK(line["key"] == json{{"id", line["after"]["id"]}});
            admin.sql("DROP TABLE " + t);
        }
    }
}

TEST_CASE("capture: a restart across ALTER TABLE names columns as of the checkpoint, not as of now",
          "[capture][source-globals]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_restart_alter", "(id INT PRIMARY KEY, a VARCHAR(10), b INT)");
    std::string checkpoint = checkpoint_path("capture-restart-alter");
    SourceGlobal row_metadata(admin, "binlog_row_metadata", "MINIMAL");
    REQUIRE(capture_to_end(t, checkpoint).status == 0);
    std::string before_changes = checkpoint_path("capture-restart-alter-start");
    std::filesystem::copy_file(checkpoint, before_changes);
    admin.sql("INSERT INTO " + t + " VALUES (1, 'a1', 11)");
    auto first = capture_to_end(t, checkpoint);
    INFO(first.err);
    REQUIRE(first.status == 0);
    REQUIRE(lines_of(first.out).size() == 1);
    CHECK(lines_of(first.out)[0]["after"] == json::parse(R"({"id":1,"a":"a1","b":11})"));

    // Capture is down while the table changes twice; information_schema now shows (id, x, b).
    admin.sql("ALTER TABLE " + t + " ADD COLUMN x INT AFTER id");
    admin.sql("INSERT INTO " + t + " VALUES (2, 92, 'a2', 12)");
    admin.sql("ALTER TABLE " + t + " DROP COLUMN a");
    admin.sql("INSERT INTO " + t + " VALUES (3, 93, 13)");
    auto second = capture_to_end(t, checkpoint);
    INFO(second.err);
    REQUIRE(second.status == 0);
    auto lines = lines_of(second.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["after"] == json::parse(R"({"id":2,"x":92,"a":"a2","b":12})"));
    CHECK(lines[1]["after"] == json::parse(R"({"id":3,"x":93,"b":13})"));

    // A checkpoint without the schema (as older versions wrote): the schema of now does not fit
    // the rows before the ALTERs, and capture says so instead of guessing.
    json stripped = read_json(before_changes);
    stripped.erase("schema");
    std::ofstream(before_changes, std::ios::trunc) << stripped.dump();
    auto unsure = capture_to_end(t, before_changes);
    CHECK(unsure.status == 1);
    CHECK(lines_of(unsure.out).empty());
    CHECK_THAT(unsure.err, Catch::Contains("cannot name the columns of " + t));
    CHECK_THAT(unsure.err, Catch::Contains("binlog_row_metadata=FULL"));
    CHECK_THAT(unsure.err, Catch::Contains("new snapshot"));
    admin.sql("DROP TABLE " + t);
}

TEST_CASE("capture: without a schema in the checkpoint, MINIMAL metadata, rows are named where no DDL lies between",
          "[capture][source-globals]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_no_schema", "(id INT PRIMARY KEY, a VARCHAR(10))");
    std::string other = admin.fresh_table("capture_no_schema_other", "(id INT)"); // not captured
    std::string checkpoint = checkpoint_path("capture-no-schema");
    SourceGlobal row_metadata(admin, "binlog_row_metadata", "MINIMAL");
    REQUIRE(capture_to_end(t, checkpoint).status == 0);
    json stripped = read_json(checkpoint);
    stripped.erase("schema");
    std::ofstream(checkpoint, std::ios::trunc) << stripped.dump();
    admin.sql("INSERT INTO " + t + " VALUES (1, 'a1')");
    admin.sql("ALTER TABLE " + other + " ADD COLUMN x INT");
    admin.sql("INSERT INTO " + t + " VALUES (2, 'a2')");
    auto r = capture_to_end(t, checkpoint);
    INFO(r.err);
    REQUIRE(r.status == 0);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["after"] == json::parse(R"({"id":1,"a":"a1"})"));
    CHECK(lines[1]["after"] == json::parse(R"({"id":2,"a":"a2"})"));
    admin.sql("DROP TABLE " + t + ", " + other);
}

TEST_CASE("capture: a DDL it cannot interpret stops capture with the fix, MINIMAL metadata",
          "[capture][source-globals]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_unknown_ddl", "(id INT PRIMARY KEY, v INT)");
    admin.sql("DROP TABLE IF EXISTS " + t + "_src");
    admin.sql("RENAME TABLE " + t + " TO " + t + "_src");
    std::string checkpoint = checkpoint_path("capture-unknown-ddl");
    SourceGlobal row_metadata(admin, "binlog_row_metadata", "MINIMAL");
    REQUIRE(capture_to_end(t, checkpoint).status == 0);
    admin.sql("CREATE TABLE " + t + " (id INT PRIMARY KEY)");
    admin.sql("INSERT INTO " + t + " VALUES (1)");
    // Renamed from a table capture does not track: its columns cannot be known from the stream.
    admin.sql("DROP TABLE " + t);
    admin.sql("RENAME TABLE " + t + "_src TO " + t);
    admin.sql("INSERT INTO " + t + " VALUES (2, 20)");
    auto r = capture_to_end(t, checkpoint);
    CHECK(r.status == 1);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 1); // the row before the RENAME, named from the CREATE TABLE
    CHECK(lines[0]["after"] == json::parse(R"({"id":1})"));
    CHECK_THAT(r.err, Catch::Contains("does not track"));
    CHECK_THAT(r.err, Catch::Contains("binlog_row_metadata=FULL"));
    admin.sql("DROP TABLE " + t);
}

TEST_CASE("capture: a restart inside the window a checkpoint kept is as sure of names as the run that wrote it, "
          "MINIMAL metadata",
          "[capture][source-globals]") {
    Admin admin;
    SourceGlobal row_metadata(admin, "binlog_row_metadata", "MINIMAL");
    // A checkpoint written at the start of a run that had no schema to start with: of the schema
    // read at the end of the binlog, the table that may have changed since is in the window.
    auto inside_window = [&](const std::string& t, const std::string& checkpoint,
                             const std::function<void()>& changes) {
        REQUIRE(capture_to_end(t, checkpoint).status == 0);
        json start = read_json(checkpoint);
        changes();
        std::string through = checkpoint + ".end";
        std::ofstream(through) << start.dump();
        REQUIRE(capture_to_end(t, through).status == 0);
        json end = read_json(through);
        std::string db = t.substr(0, t.find('.')), table = t.substr(t.find('.') + 1);
        json sure = json::array(), unsure = json::array();
        for (const json& def : end["schema"]) (def["db"] == db && def["table"] == table ? unsure : sure).push_back(def);
        start["schema"] = sure;
        start["schema_window"] = {{"holds_from", {{"file", end["file"]}, {"pos", end["pos"]}}}, {"tables", unsure}};
        std::ofstream(checkpoint, std::ios::trunc) << start.dump();
    };

    std::string renamed = admin.fresh_table("capture_window_renamed", "(id INT PRIMARY KEY, a INT)");
    std::string checkpoint = checkpoint_path("capture-window-renamed");
    inside_window(renamed, checkpoint, [&] {
        admin.sql("INSERT INTO " + renamed + " VALUES (1, 10)");
        admin.sql("ALTER TABLE " + renamed + " RENAME COLUMN a TO b"); // the same types: only names tell
        admin.sql("INSERT INTO " + renamed + " VALUES (2, 20)");
    });
    auto unsure = capture_to_end(renamed, checkpoint);
    CHECK(unsure.status == 1);
    CHECK(lines_of(unsure.out).empty()); // not {"id":1,"b":10}
    CHECK_THAT(unsure.err, Catch::Contains("cannot name the columns of " + renamed));

    std::string kept = admin.fresh_table("capture_window_kept", "(id INT PRIMARY KEY, a INT)");
    std::string other = admin.fresh_table("capture_window_other", "(id INT)"); // not captured
    checkpoint = checkpoint_path("capture-window-kept");
    inside_window(kept, checkpoint, [&] {
        admin.sql("INSERT INTO " + kept + " VALUES (1, 10)");
        admin.sql("ALTER TABLE " + other + " ADD COLUMN x INT");
        admin.sql("INSERT INTO " + kept + " VALUES (2, 20)");
    });
    auto sure = capture_to_end(kept, checkpoint);
    INFO(sure.err);
    REQUIRE(sure.status == 0);
    auto lines = lines_of(sure.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["after"] == json::parse(R"({"id":1,"a":10})"));
    CHECK(lines[1]["after"] == json::parse(R"({"id":2,"a":20})"));
    admin.sql("DROP TABLE " + renamed + ", " + kept + ", " + other);
}

TEST_CASE("capture: with NO_LOG metadata, signedness and character sets come from the tracked schema, or capture "
          "stops with the fix",
          "[capture][source-globals]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_no_log", "(id BIGINT UNSIGNED PRIMARY KEY, tiny TINYINT UNSIGNED, "
                                                        "small SMALLINT, code VARBINARY(4), note TEXT, "
                                                        "label VARCHAR(10) CHARACTER SET latin1)");
    std::string checkpoint = checkpoint_path("capture-no-log");
    REQUIRE(capture_to_end(t, checkpoint).status == 0); // the position before the changes
    SourceGlobal row_metadata(admin, "binlog_row_metadata", "NO_LOG");
    admin.sql("INSERT INTO " + t + " VALUES (18446744073709551615, 200, -2, X'FF00', 'naïve', 'café')");
    admin.sql("ALTER TABLE " + t + " ADD COLUMN qty INT UNSIGNED, ADD COLUMN raw BLOB");
    admin.sql("INSERT INTO " + t + " VALUES (2, 1, 1, X'01', 'n', 'l', 3000000000, X'FF')");
    admin.sql("ALTER TABLE " + t + " ADD COLUMN remark VARCHAR(20)"); // its character set: the table's
    admin.sql("INSERT INTO " + t + " VALUES (3, 1, 1, X'01', 'n', 'l', 1, X'00', 'r')");

    auto r = capture_to_end(t, checkpoint);
    INFO(r.err);
    CHECK(r.status == 1);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["after"] == json::parse(R"({"id":18446744073709551615,"tiny":200,"small":-2,"code":"/wA=",
        "note":"naïve","label":"café"})"));
    CHECK(lines[0]["key"] == json::parse(R"({"id":18446744073709551615})"));
    CHECK(lines[1]["after"] == json::parse(R"({"id":2,"tiny":1,"small":1,"code":"AQ==","note":"n","label":"l",
        "qty":3000000000,"raw":"/w=="})"));
    CHECK_THAT(r.err, Catch::Contains("column remark") && Catch::Contains("binlog_row_metadata=MINIMAL or FULL"));
    admin.sql("DROP TABLE " + t);
}

TEST_CASE("capture: with NO_LOG metadata, RENAME COLUMN, SERIAL, CHARACTER SET and CONVERT TO keep values right",
          "[capture][source-globals]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_no_log_ddl", "(id INT PRIMARY KEY, x INT UNSIGNED, "
                                                            "l VARCHAR(10) CHARACTER SET latin1)");
    std::string checkpoint = checkpoint_path("capture-no-log-ddl");
    REQUIRE(capture_to_end(t, checkpoint).status == 0);
    SourceGlobal row_metadata(admin, "binlog_row_metadata", "NO_LOG");
    admin.sql("ALTER TABLE " + t +
              " RENAME COLUMN x TO y, ADD COLUMN z SERIAL, ADD COLUMN c VARCHAR(4) CHARSET cp1251");
    admin.sql("INSERT INTO " + t + " VALUES (1, 4294967295, 'é', 18446744073709551615, 'ж')");
    admin.sql("ALTER TABLE " + t + " CONVERT TO CHARACTER SET utf8mb4");
    admin.sql("INSERT INTO " + t + " VALUES (2, 1, 'é😀', 2, 'ж😀')");
    auto r = capture_to_end(t, checkpoint);
    INFO(r.err);
    REQUIRE(r.status == 0);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["after"] == json::parse(R"({"id":1,"y":4294967295,"l":"é","z":18446744073709551615,"c":"ж"})"));
    CHECK(lines[1]["after"] == json::parse(R"({"id":2,"y":1,"l":"é😀","z":2,"c":"ж😀"})"));
    admin.sql("DROP TABLE " + t);
}
