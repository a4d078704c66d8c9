// A restart by GTID where the checkpoint's binlog file and offset are not valid on the server
// (after a failover, or binlog files renamed): MariaDB resumes at the checkpoint's GTID state.
#include "capture_helpers.h"

#include <catch2/catch.hpp>
#include <fstream>

using nlohmann::json;
using namespace capture_test;

namespace {

json read_json(const std::string& path) { return json::parse(std::ifstream(path)); }

void write_json(const std::string& path, const json& j) { std::ofstream(path, std::ios::trunc) << j.dump(); }

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
    std::string out = checkpoint_path("capture-gtid-file-out");
    std::vector<std::string> args = capture_args(t, checkpoint);
    args.push_back("--until-end");
    auto run = [&] {
        harness::Child child(args, {}, harness::Redirect{"", out, true});
        return child.wait();
    };
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
    std::vector<std::string> lines;
    {
        std::ifstream in(out);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
    }
    json heartbeat = json::parse(lines.back());
    REQUIRE(heartbeat.contains("heartbeat"));
    heartbeat["source"]["file"] = "renamed-bin.000001";
    lines.back() = heartbeat.dump();
    std::ofstream rewritten(out, std::ios::trunc);
    for (const std::string& line : lines) rewritten << line << "\n";
    rewritten.close();
    admin.sql("INSERT INTO " + t + " VALUES (4)");
    auto r = run();
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("resuming from the GTID state"));
    std::ifstream in(out);
    std::vector<int> ids;
    for (std::string line; std::getline(in, line);)
        if (json j = json::parse(line); !j.contains("heartbeat")) ids.push_back(j["after"]["id"]);
    CHECK(ids == std::vector<int>{1, 2, 3, 4});
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
