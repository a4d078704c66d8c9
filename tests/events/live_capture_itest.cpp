// Where live capture starts: what it logs, what it says when the position is wrong, and
// --snapshot only once a snapshot is recorded.
#include "capture_helpers.h"

#include <catch2/catch.hpp>
#include <fstream>

using nlohmann::json;
using namespace capture_test;

TEST_CASE("capture: a checkpoint offset inside an event says the checkpoint is wrong and what to do", "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_bad_pos", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-bad-pos");
    REQUIRE(capture_to_end(t, checkpoint).status == 0);
    admin.sql("INSERT INTO " + t + " VALUES (1)");
    auto first = capture_to_end(t, checkpoint);
    REQUIRE(lines_of(first.out).size() == 1);
    json row = lines_of(first.out)[0]["source"]; // its pos: where its transaction starts
    json good = json::parse(std::ifstream(checkpoint));
    uint64_t pos = 0;
    SECTION("inside an event") { pos = row["pos"].get<uint64_t>() + 5; }
    SECTION("past the end of the file") { pos = good["pos"].get<uint64_t>() + 100000000; }
    SECTION("inside the file's header") { pos = 2; }
    std::ofstream(checkpoint, std::ios::trunc) << json{{"file", good["file"]}, {"pos", pos}}.dump();
    auto r = capture_to_end(t, checkpoint);
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("not the start of an event"));
    CHECK_THAT(r.err, Catch::Contains("new output file"));
    admin.sql("DROP TABLE " + t);
}

TEST_CASE("capture: --snapshot only takes no second snapshot once one is recorded, as Debezium's initial_only",
          "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_snapshot_only", "(id INT PRIMARY KEY)");
    admin.sql("INSERT INTO " + t + " VALUES (1), (2)");
    std::string checkpoint = checkpoint_path("capture-snapshot-only");
    std::string out = fresh_file("capture-snapshot-only-out");
    std::vector<std::string> args = capture_args(t, checkpoint, "only");
    args.push_back("--until-end"); // were it to stream, it would stop
    REQUIRE(run_appending(args, out).status == 0);
    REQUIRE(lines_of(slurp(out)).size() == 2);
    admin.sql("INSERT INTO " + t + " VALUES (3)");
    std::string second_out = out;
    SECTION("with its checkpoint") {}
    SECTION("appending to its output file") { std::filesystem::remove(checkpoint); }
    SECTION("with --resume-from a downstream checkpoint") {
        std::string downstream = checkpoint_path("capture-snapshot-only-downstream");
        std::ofstream(downstream) << json{{"source", lines_of(slurp(out), true).back()["source"]}}.dump();
        std::filesystem::remove(checkpoint);
        args.insert(args.end(), {"--resume-from", downstream});
        second_out = fresh_file("capture-snapshot-only-out2");
    }
    std::string before = slurp(second_out);
    auto r = run_appending(args, second_out);
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("nothing to do"));
    CHECK(slurp(second_out) == before);
    admin.sql("DROP TABLE " + t);
}

TEST_CASE("capture: only a start from the current position logs that it streams from now", "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_from_now", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-from-now");
    std::filesystem::remove(checkpoint);
    auto first = capture_to_end(t, checkpoint);
    REQUIRE(first.status == 0);
    CHECK_THAT(first.err, Catch::Contains("streaming from now"));
    admin.sql("INSERT INTO " + t + " VALUES (1)");
    // Without the schema (an older checkpoint), the restart reads the current position too.
    json j = json::parse(std::ifstream(checkpoint));
    j.erase("schema");
    std::ofstream(checkpoint, std::ios::trunc) << j.dump();
    auto again = capture_to_end(t, checkpoint);
    INFO(again.err);
    REQUIRE(again.status == 0);
    CHECK(lines_of(again.out).size() == 1);
    CHECK_THAT(again.err, Catch::Contains("resuming from checkpoint"));
    CHECK(again.err.find("streaming from now") == std::string::npos);
    admin.sql("DROP TABLE " + t);
}
