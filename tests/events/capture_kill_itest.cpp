// kill -9 of capture alone while it streams into a file (cdc capture --checkpoint cp >> out):
// each restart resumes right after the file's last line, so that the file ends up with every
// binlog row change exactly once, in binlog order, whatever the moments of the kills.
#include "capture_helpers.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <csignal>
#include <map>
#include <random>
#include <thread>
#include <tuple>

using harness::servers;
using nlohmann::json;
using namespace capture_test;

namespace {

// Writes row changes until stopped: single inserts and updates, multi-row inserts and
// transactions of several statements; counts the row changes it committed.
class Writer {
public:
    Writer(std::string table, unsigned seed) : table_(std::move(table)), rng_(seed) {
        thread_ = std::thread([this] { run(); });
    }
    ~Writer() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    uint64_t changes() const { return changes_; }

private:
    void run() {
        Admin admin;
        int next = 1;
        // Wide rows, so that capture's output buffer fills and goes out between two checkpoints.
        const std::string pad = "REPEAT('x', 1500)";
        auto id = [&] { return std::to_string(std::uniform_int_distribution<int>(1, next - 1)(rng_)); };
        while (!stop_) {
            int kind = next < 3 ? 0 : std::uniform_int_distribution<int>(0, 3)(rng_);
            if (kind == 0) {
                admin.sql("INSERT INTO " + table_ + " VALUES (" + std::to_string(next++) + ", 0, " + pad + ")");
                changes_ += 1;
            } else if (kind == 1) {
                admin.sql("UPDATE " + table_ + " SET v = v + 1 WHERE id = " + id());
                changes_ += 1;
            } else if (kind == 2) {
                std::string a = std::to_string(next++), b = std::to_string(next++), c = std::to_string(next++);
                admin.sql("INSERT INTO " + table_ + " VALUES (" + a + ", 1, " + pad + "), (" + b + ", 2, " + pad +
                          "), (" + c + ", 3, " + pad + ")");
                changes_ += 3;
            } else {
                admin.sql("BEGIN");
                admin.sql("INSERT INTO " + table_ + " VALUES (" + std::to_string(next++) + ", 5, " + pad + ")");
                admin.sql("UPDATE " + table_ + " SET v = v + 10 WHERE id = " + id());
                admin.sql("COMMIT");
                changes_ += 2;
            }
        }
    }

    std::string table_;
    std::mt19937 rng_;
    std::atomic<bool> stop_{false};
    std::atomic<uint64_t> changes_{0};
    std::thread thread_;
};

uint64_t file_number(const std::string& file) { return std::stoull(file.substr(file.rfind('.') + 1)); }

} // namespace

TEST_CASE("capture: kill -9 while streaming into a file, restarted each time, writes each change once, in order",
          "[capture]") {
    Admin admin;
    std::string t = admin.fresh_table("capture_kill", "(id INT PRIMARY KEY, v INT, pad VARCHAR(2000))");
    std::string checkpoint = checkpoint_path("capture-kill");
    std::string out = fresh_file("capture-kill.out");
    std::vector<std::string> args = capture_args(t, checkpoint);
    {
        std::vector<std::string> first = args;
        first.push_back("--until-end"); // the position before the writes
        harness::Child start(first, {}, harness::Redirect{"", out, true});
        REQUIRE(start.wait().status == 0);
    }
    unsigned seed = std::random_device{}();
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    Writer writer(t, seed);
    for (int kill = 0; kill < 8; ++kill) {
        harness::Child capture(args, {}, harness::Redirect{"", out, true});
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(100, 2500)(rng)));
        capture.signal(SIGKILL);
        auto r = capture.wait();
        INFO(r.err);
        REQUIRE(r.status == 128 + SIGKILL);
    }
    writer.stop();
    std::vector<std::string> last = args;
    last.push_back("--until-end");
    harness::Child catch_up(last, {}, harness::Redirect{"", out, true});
    auto r = catch_up.wait();
    INFO(r.err);
    REQUIRE(r.status == 0);

    std::string text = slurp(out);
    REQUIRE((text.empty() || text.back() == '\n')); // every line whole: a torn one would not parse
    std::vector<json> changes = lines_of(text);
    CHECK(changes.size() == writer.changes());
    std::map<int, json> replay;
    std::tuple<uint64_t, uint64_t, uint64_t> previous{0, 0, 0};
    for (size_t i = 0; i < changes.size(); ++i) {
        const json& s = changes[i]["source"];
        std::tuple<uint64_t, uint64_t, uint64_t> here{file_number(s["file"]), s["pos"], s["row"]};
        INFO("line " << i << ": " << changes[i].dump());
        REQUIRE(previous < here); // in binlog order, none twice
        previous = here;
        const json& after = changes[i]["after"];
        replay[after["id"].get<int>()] = after;
    }
    cdc::mysql::Connection reader(servers().source_admin, "source");
    auto rows = reader.prepare("SELECT id, v, pad FROM " + t + " ORDER BY id").query();
    REQUIRE(rows.size() == replay.size());
    for (const auto& row : rows) {
        int id = std::stoi(*row[0]);
        CHECK(replay[id] == json{{"id", id}, {"v", std::stoi(*row[1])}, {"pad", *row[2]}});
    }
    admin.sql("DROP TABLE " + t);
}
