// Where live capture starts: what it says when the position is wrong.
#include "capture_helpers.h"

#include <catch2/catch.hpp>
#include <fstream>

using nlohmann::json;
using namespace capture_test;

TEST_CASE("capture: a checkpoint offset inside an event says the checkpoint is wrong and what to do", "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_bad_pos", "(id INT PRIMARY KEY)");
    std::string checkpoint = checkpoint_path("capture-bad-pos");
    std::filesystem::remove(checkpoint); // left by the section before
    auto first = capture_to_end(t, checkpoint);
    INFO(first.err);
    REQUIRE(first.status == 0);
    json good = json::parse(std::ifstream(checkpoint));
    uint64_t pos = 0;
    SECTION("inside an event") { pos = good["pos"].get<uint64_t>() + 5; }
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
