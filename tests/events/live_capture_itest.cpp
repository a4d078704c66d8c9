// Where live capture starts: what it logs, what it says when the position is wrong, and
// --snapshot only once a snapshot is recorded; and a reader of its output that stalls.
#include "capture_helpers.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

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
    json good = read_json(checkpoint);
    uint64_t pos = 0;
    SECTION("inside an event") { pos = row["pos"].get<uint64_t>() + 5; }
    SECTION("deep inside an event, where MariaDB sends from without a word") { pos = good["pos"].get<uint64_t>() - 7; }
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
    json j = read_json(checkpoint);
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

TEST_CASE("capture: a reader that stops reading for longer than the source's net_write_timeout loses nothing",
          "[capture][source-globals]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_stalled_reader", "(id INT PRIMARY KEY, v VARCHAR(1000))");
    std::string checkpoint = checkpoint_path("capture-stalled-reader");
    REQUIRE(capture_to_end(t, checkpoint).status == 0);
    // 100 MB in transactions of 1 MB (each is written once it commits): more than the pipe, the
    // sockets (up to 32 MB here) and capture's read-ahead hold, so the server has to wait.
    for (int from = 1; from <= 100000; from += 1000)
        admin.sql("INSERT INTO " + t + " SELECT seq, REPEAT('x', 1000) FROM seq_" + std::to_string(from) + "_to_" +
                  std::to_string(from + 999));
    SourceGlobal timeout(admin, "net_write_timeout", "1");
    std::string fifo = fresh_file("capture-stalled-reader.fifo");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::vector<std::string> args = capture_args(t, checkpoint);
    args.push_back("--until-end");
    harness::Child capture(args, {}, harness::Redirect{"", fifo});
    int in = open(fifo.c_str(), O_RDONLY);
    REQUIRE(in >= 0);
    std::this_thread::sleep_for(std::chrono::seconds(3)); // the reader is busy elsewhere
    std::string out;
    char buf[65536];
    for (ssize_t n; (n = read(in, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
    close(in);
    auto r = capture.wait();
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(lines_of(out).size() == 100000);
    admin.sql("DROP TABLE " + t);
}
