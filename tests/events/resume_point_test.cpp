// Resuming after the last line of capture's own output file, without a server.
#include "config/failure.h"
#include "events/resume_point.h"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace cdc::events;

namespace {

const std::string change0 =
    R"({"op":"c","source":{"snapshot":"false","file":"bin.000003","pos":700,"row":0,"gtid":"0-1-7"}})"
    "\n";
const std::string change1 =
    R"({"op":"c","source":{"snapshot":"false","file":"bin.000003","pos":700,"row":1,"gtid":"0-1-7"}})"
    "\n";
const std::string heartbeat =
    R"({"heartbeat":{"ts_ms":1},"source":{"file":"bin.000004","pos":4,"gtid_set":"0-1-9","last_gtid":"0-1-9"}})"
    "\n";
const std::string snapshot_row = R"({"op":"r","source":{"snapshot":"true","file":"bin.000004","pos":4,"row":0}})"
                                 "\n";

struct OutputFile {
    std::string path = (std::filesystem::temp_directory_path() / ("cdc-output-" + std::to_string(getpid()))).string();
    int fd = -1;
    explicit OutputFile(const std::string& text) {
        std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
        fd = open(path.c_str(), O_WRONLY | O_APPEND);
    }
    ~OutputFile() {
        close(fd);
        std::filesystem::remove(path);
    }
    std::string text() const {
        std::stringstream s;
        s << std::ifstream(path).rdbuf();
        return s.str();
    }
};

} // namespace

TEST_CASE("resume: after the last change line of the output file, inside its transaction", "[events]") {
    OutputFile out(heartbeat + change0 + change1);
    auto point = resume_after_output(out.fd);
    REQUIRE(point);
    CHECK(point->position.file == "bin.000003");
    CHECK(point->position.pos == 700);
    CHECK(point->delivered_rows == 2);
    CHECK(lseek(out.fd, 0, SEEK_CUR) == static_cast<off_t>(out.text().size()));
}

TEST_CASE("resume: after a heartbeat line, between transactions, GTIDs included", "[events]") {
    OutputFile out(change0 + heartbeat);
    auto point = resume_after_output(out.fd);
    REQUIRE(point);
    CHECK(point->position.file == "bin.000004");
    CHECK(point->position.gtid_set == "0-1-9");
    CHECK(point->delivered_rows == 0);
}

TEST_CASE("resume: a torn last line is cut off", "[events]") {
    OutputFile out(change0 + change1.substr(0, 30));
    auto point = resume_after_output(out.fd);
    REQUIRE(point);
    CHECK(point->delivered_rows == 1);
    CHECK(out.text() == change0);
}

TEST_CASE("resume: a snapshot cut short is removed, to be read again", "[events]") {
    std::string long_row = snapshot_row;
    long_row.insert(long_row.size() - 2, ",\"pad\":\"" + std::string(200000, 'x') + "\""); // longer than a block
    OutputFile out(heartbeat + snapshot_row + long_row + snapshot_row + "{\"op\":\"r\"");
    auto point = resume_after_output(out.fd);
    REQUIRE(point);
    CHECK(point->position.file == "bin.000004");
    CHECK(out.text() == heartbeat);

    OutputFile only_snapshot(snapshot_row + snapshot_row);
    CHECK_FALSE(resume_after_output(only_snapshot.fd));
    CHECK(only_snapshot.text().empty());

    // Lines as capture writes them, recognised without a parse; a column named "snapshot" in
    // the row does not count, the source block does.
    std::string source = R"("source":{"version":"0.1.0","connector":"mysql","name":"cdc","ts_ms":1,"snapshot":)";
    std::string tail = R"(,"db":"d","table":"t","server_id":0,"gtid":null,"file":"bin.000004","pos":4,"row":0,)"
                       R"("thread":null,"query":null},"op":"r","ts_ms":1,"key":null})"
                       "\n";
    std::string row = R"({"before":null,"after":{"snapshot":"false"},)" + source + R"("true")" + tail;
    std::string last = R"({"before":null,"after":{"snapshot":"false"},)" + source + R"("last")" + tail;
    OutputFile real(heartbeat + row + last + row);
    REQUIRE(resume_after_output(real.fd));
    CHECK(real.text() == heartbeat);
}

TEST_CASE("resume: an empty file, a pipe or another program's file", "[events]") {
    OutputFile empty("");
    CHECK_FALSE(resume_after_output(empty.fd));
    int pipe_fds[2];
    REQUIRE(pipe(pipe_fds) == 0);
    CHECK_FALSE(resume_after_output(pipe_fds[1]));
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    OutputFile other("hello\n");
    CHECK_THROWS_AS(resume_after_output(other.fd), cdc::Failure);
    // Its own log, with 2>&1: the message shows the line and says to keep the log out.
    OutputFile logged("2026-11-25T07:00:00.000Z cdc capture info: resuming from checkpoint c.json: "
                      "mariadb-bin.000004 at 4\n");
    CHECK_THROWS_WITH(resume_after_output(logged.fd),
                      Catch::Contains("at byte 0, is not one cdc capture wrote (\"2026-11-25T07:00:00.000Z cdc capture "
                                      "info: resuming from che...\")") &&
                          Catch::Contains("2>capture.log, not 2>&1"));
}

TEST_CASE("resume: a checkpoint that is missing is none; one that cannot be read is an error", "[events]") {
    std::string dir = (std::filesystem::temp_directory_path() / ("cdc-cp-" + std::to_string(getpid()))).string();
    std::filesystem::create_directory(dir);
    CHECK_FALSE(read_checkpoint(dir + "/none.json"));
    CHECK_FALSE(read_downstream_checkpoint(dir + "/none.json"));
    std::ofstream(dir + "/file") << "x";
    // Under a regular file (ENOTDIR): reading it as "no checkpoint" would start over.
    CHECK_THROWS_WITH(read_checkpoint(dir + "/file/checkpoint.json"), Catch::Contains("cannot read " + dir));
    CHECK_THROWS_WITH(read_downstream_checkpoint(dir + "/file/cp.json"), Catch::Contains("Not a directory"));
    std::filesystem::remove_all(dir);
}
