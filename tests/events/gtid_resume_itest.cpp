// A restart by GTID where the checkpoint's binlog file and offset are not valid on the server
// (after a failover, or binlog files renamed): MariaDB resumes at the checkpoint's GTID state.
#include "capture_helpers.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>

using nlohmann::json;
using namespace capture_test;

namespace {

void write_json(const std::string& path, const json& j) { std::ofstream(path, std::ios::trunc) << j.dump(); }

// The JSON lines of an output file, heartbeats included.
std::vector<json> file_lines(const std::string& path) { return lines_of(slurp(path), true); }

void rewrite_lines(const std::string& path, const std::vector<json>& lines) {
    std::ofstream out(path, std::ios::trunc);
    for (const json& line : lines) out << line.dump() << "\n";
}

// The ids of the rows in an output file, in order.
std::vector<int> ids_in(const std::string& path) {
    std::vector<int> ids;
    for (const json& j : lines_of(slurp(path))) ids.push_back(j["after"]["id"]);
    return ids;
}

// capture of `table` to the end of the binlog, appending to `out` (>>).
struct CaptureInto {
    std::vector<std::string> args;
    std::string out;
    CaptureInto(const std::string& table, const std::string& checkpoint, std::string output)
        : args(capture_args(table, checkpoint)), out(std::move(output)) {
        args.push_back("--until-end");
    }
    harness::Result operator()() const { return run_appending(args, out); }
};

} // namespace

TEST_CASE("capture: a checkpoint whose binlog file is wrong but whose GTID state is right resumes at the next row",
          "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_gtid", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-gtid");
    REQUIRE(capture_to_end(t, checkpoint).status == 0);
    CHECK_FALSE(read_json(checkpoint)["gtid_set"].is_null()); // --snapshot never records it too
    admin.sql("INSERT INTO " + t + " VALUES (1), (2)");
    auto first = capture_to_end(t, checkpoint);
    REQUIRE(first.status == 0);
    REQUIRE(lines_of(first.out).size() == 2);
    admin.sql("INSERT INTO " + t + " VALUES (3)");
    admin.sql("INSERT INTO " + t + " VALUES (4)");

    json good = read_json(checkpoint);
    std::string real_file = good["file"];
    SECTION("a file name the server does not have") {
        json renamed = good;
        renamed["file"] = "renamed-bin.000001";
        write_json(checkpoint, renamed);
    }
    SECTION("the server's file name at an offset that is not the GTID state's place") {
        json moved = good;
        moved["pos"] = 4; // the file's start: its GTID state is an older one
        write_json(checkpoint, moved);
    }
    auto r = capture_to_end(t, checkpoint);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("resuming from the GTID state"));
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["after"]["id"] == 3);
    CHECK(lines[1]["after"]["id"] == 4);
    CHECK(lines[0]["source"]["file"] == real_file);
    CHECK(read_json(checkpoint)["file"] == real_file); // back on the server's own coordinates

    auto again = capture_to_end(t, checkpoint);
    REQUIRE(again.status == 0);
    CHECK(lines_of(again.out).empty());
    CHECK(again.err.find("GTID state") == std::string::npos); // file and offset are right again
    admin.sql("DROP TABLE " + t);
}

TEST_CASE("capture: into a file, a restart by GTID skips the lines the file already holds", "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_gtid_file", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-gtid-file");
    std::string out = fresh_file("capture-gtid-file.out");
    CaptureInto run(t, checkpoint, out);
    REQUIRE(run().status == 0);
    admin.sql("INSERT INTO " + t + " VALUES (1)");
    REQUIRE(run().status == 0);
    json old_checkpoint = read_json(checkpoint); // after row 1
    admin.sql("INSERT INTO " + t + " VALUES (2), (3)");
    REQUIRE(run().status == 0); // the file now holds rows 1, 2 and 3
    // The checkpoint lags behind the file (as after a kill -9) and its file name is another
    // server's: the dump starts at its GTID state, and rows 2 and 3 are not written again.
    // So is the file's last line (a heartbeat, with the GTID of row 3's transaction).
    old_checkpoint["file"] = "renamed-bin.000001";
    write_json(checkpoint, old_checkpoint);
    std::vector<json> lines = file_lines(out);
    REQUIRE(lines.back().contains("heartbeat"));
    lines.back()["source"]["file"] = "renamed-bin.000001";
    rewrite_lines(out, lines);
    admin.sql("INSERT INTO " + t + " VALUES (4)");
    auto r = run();
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("resuming from the GTID state"));
    CHECK(ids_in(out) == std::vector<int>{1, 2, 3, 4});
    admin.sql("DROP TABLE " + t);
}

TEST_CASE("capture: a wrong binlog file without a GTID state says what to do", "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_gtid_none", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-gtid-none");
    write_json(checkpoint, json{{"file", "renamed-bin.000001"}, {"pos", 4}});
    auto r = capture_to_end(t, checkpoint);
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("renamed-bin.000001"));
    CHECK_THAT(r.err, Catch::Contains("new snapshot"));
    admin.sql("DROP TABLE " + t);
}

TEST_CASE("capture: into a file whose last line is a change at another place, a restart finds it by its GTID",
          "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_gtid_line", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-gtid-line");
    std::string out = fresh_file("capture-gtid-line.out");
    CaptureInto run(t, checkpoint, out);
    REQUIRE(run().status == 0);
    admin.sql("INSERT INTO " + t + " VALUES (1)");
    admin.sql("INSERT INTO " + t + " VALUES (2), (3)");
    REQUIRE(run().status == 0); // the file holds rows 1, 2 and 3
    // As after a kill -9 before row 3 was written and the checkpoint was: the file ends with
    // row 2, the first of its transaction, and there is no checkpoint.
    std::vector<json> lines = file_lines(out);
    auto row = [&](int id) {
        return std::find_if(lines.begin(), lines.end(),
                            [&](const json& j) { return j.contains("after") && j["after"]["id"] == id; });
    };
    REQUIRE(row(2) != lines.end());
    lines.erase(row(2) + 1, lines.end());
    SECTION("a binlog file this server does not have (a failover)") {
        lines.back()["source"]["file"] = "renamed-bin.000001";
    }
    SECTION("this server's file, at another transaction") {
        lines.back()["source"]["pos"] = (*row(1))["source"]["pos"];
    }
    rewrite_lines(out, lines);
    std::filesystem::remove(checkpoint);
    admin.sql("INSERT INTO " + t + " VALUES (4)");
    auto r = run();
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("is not where GTID"));
    CHECK(ids_in(out) == std::vector<int>{1, 2, 3, 4});
    admin.sql("DROP TABLE " + t);
}

TEST_CASE("capture: into a file whose last line is a change at its own place, a restart resumes there", "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_gtid_line_here", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-gtid-line-here");
    std::string out = fresh_file("capture-gtid-line-here.out");
    CaptureInto run(t, checkpoint, out);
    REQUIRE(run().status == 0);
    admin.sql("INSERT INTO " + t + " VALUES (1), (2)");
    REQUIRE(run().status == 0);
    std::vector<json> lines = file_lines(out);
    while (lines.back()["after"] != json{{"id", 1}}) lines.pop_back(); // ends with row 1
    rewrite_lines(out, lines);
    std::filesystem::remove(checkpoint);
    auto r = run();
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.find("is not where GTID") == std::string::npos);
    CHECK(ids_in(out) == std::vector<int>{1, 2});
    admin.sql("DROP TABLE " + t);
}

TEST_CASE("capture: into a file whose last line is another server's change before all of this server's binlogs, a "
          "restart says what to do",
          "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_gtid_line_gone", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-gtid-line-gone");
    std::string out = fresh_file("capture-gtid-line-gone.out");
    CaptureInto run(t, checkpoint, out);
    REQUIRE(run().status == 0);
    admin.sql("INSERT INTO " + t + " VALUES (1)");
    REQUIRE(run().status == 0);
    std::vector<json> lines = file_lines(out);
    while (!lines.back().contains("after")) lines.pop_back(); // ends with row 1
    // Its file and offset are another server's, and every binlog here begins after its GTID
    // (sequence 0 comes before any): streaming from the file and offset would be a guess.
    lines.back()["source"]["file"] = "renamed-bin.000001";
    lines.back()["source"]["gtid"] = "0-1-0";
    rewrite_lines(out, lines);
    std::filesystem::remove(checkpoint);
    auto before = slurp(out);
    auto r = run();
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("none of its binlogs begins before that GTID") &&
                          Catch::Contains("write to a new output file"));
    CHECK(slurp(out) == before);
    admin.sql("DROP TABLE " + t);
}
