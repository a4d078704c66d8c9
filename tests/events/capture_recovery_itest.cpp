// cdc capture against the live source of the harness, where it has to recover: a snapshot
// taken while a writer keeps changing the table, binlog rotations while capturing and between
// runs, a checkpoint the server no longer has, and the errors of a misconfigured source.
#include "binlog/binlog_builder.h"
#include "capture_helpers.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <poll.h>
#include <random>
#include <set>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using harness::run_cdc;
using harness::servers;
using nlohmann::json;
using namespace capture_test;

namespace {

// Polls `done` for up to a minute: a bound against hanging, not a timing assertion.
template <typename Condition> bool eventually(Condition done) {
    for (int i = 0; i < 600; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
}

std::string master_file(Admin& admin) { return admin.c.prepare("SHOW MASTER STATUS").query().at(0).at(0).value(); }

// The last line capture wrote on stderr: its error.
std::string last_line(const std::string& text) {
    std::string trimmed = text.substr(0, text.find_last_not_of('\n') + 1);
    return trimmed.substr(trimmed.rfind('\n') + 1);
}

} // namespace

// ---- a. snapshot plus streaming under concurrent writes ----------------------------------

namespace {

// Inserts, updates and deletes rows of `table` on its own connection until stopped, and
// rotates the binlog now and then. Ids from `first_new_id` on are new, and an id once deleted
// never comes back, so a second insert of an id in the captured stream is a repeated event.
class Writer {
public:
    Writer(const std::string& table, int64_t first_new_id)
        : thread_([this, table, first_new_id](std::stop_token stop) { run(stop, table, first_new_id); }) {}
    int64_t statements() const { return statements_; }
    std::string stop() {
        thread_.request_stop();
        thread_.join();
        return error_;
    }

private:
    void run(std::stop_token stop, const std::string& table, int64_t next_id) try {
        cdc::mysql::Connection c(servers().source_admin, "source");
        auto insert = c.prepare("INSERT INTO " + table + " (id, qty, price, name) VALUES (?, ?, ?, ?)");
        auto update = c.prepare("UPDATE " + table + " SET qty = qty + 1, price = ?, name = ? WHERE id = ?");
        auto remove = c.prepare("DELETE FROM " + table + " WHERE id = ?");
        std::vector<int64_t> live;
        for (int64_t id = 1; id < next_id; ++id) live.push_back(id);
        std::mt19937_64 random(static_cast<uint64_t>(getpid()));
        while (!stop.stop_requested()) {
            int64_t n = statements_;
            bool transaction = n % 10 == 9; // a few statements in one transaction now and then
            if (transaction) c.execute("BEGIN");
            for (int k = 0; k < (transaction ? 3 : 1); ++k) {
                size_t at = random() % live.size();
                std::string price = std::to_string(n % 1000) + "." + std::to_string(10 + n % 90);
                switch (random() % 3) {
                case 0:
                    insert.execute({next_id, n, price, "new " + std::to_string(n)});
                    live.push_back(next_id++);
                    break;
                case 1: update.execute({price, "updated " + std::to_string(n), live[at]}); break;
                default: remove.execute({live[at]}); live.erase(live.begin() + static_cast<long>(at));
                }
            }
            if (transaction) c.execute("COMMIT");
            if (n % 150 == 149) c.execute("FLUSH BINARY LOGS"); // the stream crosses rotations too
            ++statements_;
        }
    } catch (const std::exception& e) { error_ = e.what(); }

    std::atomic<int64_t> statements_{0};
    std::string error_;
    std::jthread thread_; // last: it starts once the members it uses exist
};

// Applies change lines to rows by primary key, noting every event that does not fit the rows
// so far: a row read or inserted twice, an update or delete of a row that is not there or
// whose before image is not the row as it was. With `repeats_allowed` (after a kill -9) a line
// may come again, but only as the same change at the same position, which consumers drop.
// The streamed rows of one transaction carry its GTID and start position, numbered from 0.
struct Replay {
    bool repeats_allowed = false;
    std::map<int64_t, json> rows;
    std::vector<std::string> problems;
    std::map<std::string, int> ops;
    std::map<std::string, json> applied; // by position: snapshot or not, file, pos, row
    int repeats = 0;
    std::string transaction; // of the last streamed line: GTID, file and position
    uint64_t next_row = 0;

    void apply(const json& line) {
        const json& source = line["source"];
        std::string at = source["snapshot"].get<std::string>() + " " + source["file"].get<std::string>() + " " +
                         source["pos"].dump() + " " + source["row"].dump();
        json change{line["op"], line["before"], line["after"], source};
        if (auto earlier = applied.find(at); earlier != applied.end()) {
            if (!repeats_allowed || earlier->second != change)
                problems.push_back("a second line at " + at + ": " + line.dump());
            ++repeats;
            return;
        }
        applied[at] = change;
        std::string op = line["op"];
        ++ops[op];
        const json& row = op == "d" ? line["before"] : line["after"];
        int64_t id = row["id"];
        auto it = rows.find(id);
        std::string where = "op " + op + " of id " + std::to_string(id) + " at " + at + ": ";
        if (source["snapshot"] == "false") {
            std::string in =
                source["gtid"].dump() + " " + source["file"].get<std::string>() + " " + source["pos"].dump();
            uint64_t expected = in == transaction ? next_row : 0;
            if (source["gtid"].is_null() || source["row"] != expected)
                problems.push_back(where + "not row " + std::to_string(expected) + " of transaction " + in);
            transaction = in;
            next_row = source["row"].get<uint64_t>() + 1;
        }
        if (op == "r" || op == "c") {
            if (it != rows.end()) problems.push_back(where + "the row is already there: " + it->second.dump());
            rows[id] = line["after"];
        } else if (it == rows.end()) {
            problems.push_back(where + "the row is not there");
        } else {
            if (it->second != line["before"])
                problems.push_back(where + "before " + line["before"].dump() + " but the row is " + it->second.dump());
            if (op == "u") it->second = line["after"];
            else rows.erase(it);
        }
    }
};

} // namespace

TEST_CASE("capture: a snapshot taken under concurrent writes, then the stream, equals the table", "[capture]") {
    // Capture is stopped while it streams, then run again from its checkpoint: after SIGTERM
    // nothing comes twice; after kill -9 only lines past the checkpoint, at their same position.
    int stop_signal = SIGTERM;
    std::string engine = "InnoDB";
    SECTION("stopped by SIGTERM") {}
    SECTION("killed by SIGKILL") { stop_signal = SIGKILL; }
    // Without transactions there is no consistent snapshot: writes must wait until it is read.
    SECTION("a MyISAM table, stopped by SIGTERM") { engine = "MyISAM"; }
    Admin admin;
    constexpr int64_t initial_rows = 20000; // long enough to read for the writer to commit meanwhile
    std::string table = admin.fresh_table(
        "recovery_snapshot",
        "(id BIGINT PRIMARY KEY, qty INT NOT NULL, price DECIMAL(10,2) NOT NULL, name VARCHAR(40) NOT NULL) ENGINE=" +
            engine);
    admin.sql("INSERT INTO " + table + " SELECT seq, seq % 97, seq / 7, CONCAT('row ', seq) FROM seq_1_to_" +
              std::to_string(initial_rows));
    std::string checkpoint = checkpoint_path("recovery-snapshot");
    std::string first_out = fresh_file("recovery-snapshot.out");

    Writer writer(table, initial_rows + 1);
    REQUIRE(eventually([&] { return writer.statements() >= 200; })); // changes before the snapshot
    std::string first_err;
    {
        harness::Child capture(capture_args(table, checkpoint, "initial"), {}, harness::Redirect{"", first_out});
        // The snapshot has started and the stream after it has changes of the writer.
        REQUIRE(eventually([&] { return slurp(first_out).find(R"("snapshot":"false")") != std::string::npos; }));
        int64_t seen = writer.statements();
        REQUIRE(eventually([&] { return writer.statements() >= seen + 200; }));
        capture.signal(stop_signal);
        auto first = capture.wait();
        first_err = first.err;
        CHECK(first.status == (stop_signal == SIGTERM ? 0 : 128 + SIGKILL));
    }
    std::string writer_error = writer.stop();
    REQUIRE(writer_error.empty());

    auto second = capture_to_end(table, checkpoint, "initial");
    INFO(first_err);
    INFO(second.err);
    REQUIRE(second.status == 0);

    Replay replay;
    replay.repeats_allowed = stop_signal == SIGKILL;
    auto first_lines = lines_of(slurp(first_out));
    for (const auto& line : first_lines) replay.apply(line);
    int first_stream = replay.ops["c"] + replay.ops["u"] + replay.ops["d"];
    auto second_lines = lines_of(second.out);
    for (const auto& line : second_lines) replay.apply(line);
    CHECK(replay.ops["r"] > 0);
    CHECK(first_stream > 0);        // the first run streamed before it was stopped ...
    CHECK(second_lines.size() > 0); // ... and the second run went on from its checkpoint
    auto elsewhere = std::count_if(first_lines.begin(), first_lines.end(), [&](const json& line) {
        return line["op"] == "r" && line["source"]["pos"] != first_lines[0]["source"]["pos"];
    });
    CHECK(elsewhere == 0); // every snapshot row carries the snapshot's one position
    std::string problems;
    for (size_t i = 0; i < replay.problems.size() && i < 20; ++i) problems += replay.problems[i] + "\n";
    INFO(problems);
    CHECK(replay.problems.empty());
    if (stop_signal == SIGTERM) CHECK(replay.repeats == 0);

    std::map<int64_t, json> table_rows;
    for (const auto& r : admin.c.prepare("SELECT id, qty, price, name FROM " + table).query()) {
        int64_t id = std::stoll(r[0].value());
        table_rows[id] =
            json{{"id", id}, {"qty", std::stoll(r[1].value())}, {"price", r[2].value()}, {"name", r[3].value()}};
    }
    CHECK(replay.rows.size() == table_rows.size());
    int differences = 0;
    for (const auto& [id, row] : table_rows) {
        auto it = replay.rows.find(id);
        json captured = it == replay.rows.end() ? json() : it->second;
        if (captured != row && ++differences <= 20) CHECK(captured == row);
    }
    for (const auto& [id, row] : replay.rows)
        if (!table_rows.count(id) && ++differences <= 20) CHECK(row == json()); // captured, but not in the table
    CHECK(differences == 0);
    admin.sql("DROP TABLE " + table);
}

namespace {

// The read end of a FIFO that capture writes its lines into, read without blocking: capture
// is held where the FIFO is full until the test reads on.
struct FifoReader {
    int fd;
    std::string out;
    explicit FifoReader(const std::string& fifo) : fd(open(fifo.c_str(), O_RDONLY)) { // once capture opened it
        if (fd >= 0) fcntl(fd, F_SETFL, O_NONBLOCK);
    }
    ~FifoReader() {
        if (fd >= 0) close(fd);
    }
    FifoReader(const FifoReader&) = delete;
    FifoReader& operator=(const FifoReader&) = delete;
    // Reads what is there now; true at the end of the file: capture is gone.
    bool read_available() {
        char buf[65536];
        for (ssize_t n; (n = read(fd, buf, sizeof buf)) != 0; out.append(buf, static_cast<size_t>(n)))
            if (n < 0) return false; // EAGAIN: nothing more now
        return true;
    }
    // Reads until a first whole line came; false if capture ended before.
    bool first_line() {
        bool gone = false;
        eventually([&] { return (gone = read_available()) || out.find('\n') != std::string::npos; });
        return !gone && out.find('\n') != std::string::npos;
    }
    // Reads to the end of the file; false if nothing came for a minute (a hang).
    bool read_to_end() {
        for (pollfd p{fd, POLLIN, 0};; p.revents = 0) {
            if (read_available()) return true;
            if (poll(&p, 1, 60000) <= 0) return false;
        }
    }
};

// How capture ended after SIGTERM amid its lines, and the lines it wrote.
struct Interrupted {
    bool midway = false; // a first line came before the end
    bool ended = false;  // within the hang guard
    harness::Result result;
    std::string out;
};

// Capture with `args`, writing into a FIFO, gets SIGTERM amid its lines: the FIFO is read up to
// a first line (capture is held there by the FIFO it cannot write further), then to its end.
Interrupted sigterm_midway(const std::vector<std::string>& args, const std::string& name) {
    std::string fifo = fresh_file(name + ".fifo");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    harness::Child capture(args, {}, harness::Redirect{"", fifo});
    Interrupted stopped;
    {
        FifoReader reader(fifo);
        REQUIRE(reader.fd >= 0);
        stopped.midway = reader.first_line();
        capture.signal(SIGTERM);
        stopped.ended = stopped.midway && reader.read_to_end();
        stopped.out = std::move(reader.out);
    }
    if (!stopped.ended) capture.signal(SIGKILL);
    stopped.result = capture.wait();
    return stopped;
}

} // namespace

// A stop in the middle of the snapshot leaves no checkpoint: the next run reads the tables
// again, every row once.
TEST_CASE("capture: SIGTERM inside the snapshot, then a run that takes it again", "[capture]") {
    Admin admin;
    constexpr int rows = 20000; // far more lines than a pipe holds
    std::string table = admin.fresh_table("recovery_interrupted", "(id INT PRIMARY KEY, name VARCHAR(40))");
    admin.sql("INSERT INTO " + table + " SELECT seq, CONCAT('row ', seq) FROM seq_1_to_" + std::to_string(rows));
    std::string checkpoint = checkpoint_path("recovery-interrupted");
    auto stopped = sigterm_midway(capture_args(table, checkpoint, "initial"), "recovery-interrupted");
    INFO(stopped.result.err);
    REQUIRE(stopped.midway);
    REQUIRE(stopped.ended);
    CHECK(stopped.result.status == 0); // finish the line, flush, exit 0
    CHECK(lines_of(stopped.out).size() < rows);
    CHECK_FALSE(std::filesystem::exists(checkpoint));

    auto again = capture_to_end(table, checkpoint, "initial");
    INFO(again.err);
    REQUIRE(again.status == 0);
    std::set<int64_t> ids;
    for (const auto& line : lines_of(again.out))
        if (line["op"] == "r") ids.insert(line["after"]["id"].get<int64_t>());
    CHECK(lines_of(again.out).size() == rows);
    CHECK(ids.size() == rows);
    admin.sql("DROP TABLE " + table);
}

// Stopping the snapshot of a large table must not read the rest of it first (as freeing an
// unfinished result does): the server has read only part of the table when capture's query
// ends, whatever the speed of the machine.
// Rows_read counts every session's reads: no other test may read the source meanwhile.
TEST_CASE("capture: SIGTERM inside the snapshot of a large table ends its read on the server",
          "[capture][source-globals]") {
    Admin admin;
    constexpr int rows = 400000; // 80 MB: many times what the FIFO and the sockets between hold
    std::string table = admin.fresh_table("recovery_large", "(id INT PRIMARY KEY, pad VARCHAR(200))");
    admin.sql("INSERT INTO " + table + " SELECT seq, REPEAT('x', 180) FROM seq_1_to_" + std::to_string(rows));
    auto rows_read = [&] {
        return std::stoll(admin.c.prepare("SHOW GLOBAL STATUS LIKE 'Rows_read'").query().at(0).at(1).value());
    };
    int64_t before = rows_read();
    std::string checkpoint = checkpoint_path("recovery-large");
    auto stopped = sigterm_midway(capture_args(table, checkpoint, "initial"), "recovery-large");
    INFO(stopped.result.err);
    REQUIRE(stopped.midway);
    REQUIRE(stopped.ended);
    CHECK(stopped.result.status == 0);
    CHECK(lines_of(stopped.out).size() < rows);
    CHECK_FALSE(std::filesystem::exists(checkpoint));
    // The server ends the SELECT once it finds the connection closed.
    auto reading = admin.c.prepare("SELECT COUNT(*) FROM information_schema.processlist WHERE id <> CONNECTION_ID() "
                                   "AND INSTR(info, ?) > 0");
    REQUIRE(eventually([&] { return reading.query({unique("recovery_large")}).at(0).at(0) == "0"; }));
    CHECK(rows_read() - before < rows);
    admin.sql("DROP TABLE " + table);
}

// ---- b. FLUSH BINARY LOGS rotation -------------------------------------------------------

TEST_CASE("capture: rotations while capturing and before a restart lose and repeat nothing", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("recovery_rotation", "(id INT PRIMARY KEY, note VARCHAR(20))");
    std::string checkpoint = checkpoint_path("recovery-rotation");
    std::string out = fresh_file("recovery-rotation.out");
    auto insert = admin.c.prepare("INSERT INTO " + table + " VALUES (?, ?), (?, ?)");
    // The binlog file each id went to; two names when another test rotated the log meanwhile.
    std::map<int64_t, std::set<std::string>> file_of;
    int64_t next_id = 1;
    auto insert_two = [&] {
        std::string before = master_file(admin);
        int64_t id = next_id;
        insert.execute({id, "first", id + 1, "second"});
        next_id += 2;
        file_of[id] = file_of[id + 1] = {before, master_file(admin)};
    };

    REQUIRE(capture_to_end(table, checkpoint).status == 0); // the checkpoint at the current end of the binlog
    std::string first_err;
    {
        harness::Child capture(capture_args(table, checkpoint), {}, harness::Redirect{"", out});
        insert_two();
        admin.sql("FLUSH BINARY LOGS");
        insert_two();
        admin.sql("FLUSH BINARY LOGS");
        admin.sql("FLUSH BINARY LOGS"); // a file with no changes at all
        insert_two();
        int64_t last = next_id - 1;
        CHECK(eventually([&] {
            auto lines = lines_of(slurp(out));
            return !lines.empty() && lines.back()["after"]["id"] == last;
        }));
        capture.signal(SIGTERM);
        auto r = capture.wait();
        first_err = r.err;
        CHECK(r.status == 0);
    }
    auto lines = lines_of(slurp(out));
    CHECK(lines.size() == 6);

    // Capture is down while the log rotates twice; its checkpoint names a file that is no
    // longer the server's current one.
    admin.sql("FLUSH BINARY LOGS");
    insert_two();
    admin.sql("FLUSH BINARY LOGS");
    insert_two();
    auto restart = capture_to_end(table, checkpoint);
    INFO(first_err);
    INFO(restart.err);
    REQUIRE(restart.status == 0);
    auto restarted = lines_of(restart.out);
    CHECK(restarted.size() == 4);
    lines.insert(lines.end(), restarted.begin(), restarted.end());

    std::map<int64_t, int> times;
    for (const auto& line : lines) {
        int64_t id = line["after"]["id"];
        ++times[id];
        CHECK(line["op"] == "c");
        INFO("id " << id << " in " << line["source"].dump());
        CHECK(file_of[id].count(line["source"]["file"].get<std::string>()) == 1);
    }
    for (int64_t id = 1; id < next_id; ++id) {
        INFO("id " << id);
        CHECK(times[id] == 1);
    }
    CHECK(json::parse(slurp(checkpoint))["file"] == master_file(admin));
    CHECK(lines_of(capture_to_end(table, checkpoint).out).empty()); // and nothing again
    admin.sql("DROP TABLE " + table);
}

// ---- c. a position the server no longer has ----------------------------------------------

TEST_CASE("capture: a checkpoint in a purged binlog says to start again with a snapshot", "[capture]") {
    Admin admin;
    // A file before the first one the server has: what a checkpoint names once its file is
    // purged (a real PURGE BINARY LOGS would pull the files from under the other tests).
    std::string current = master_file(admin);
    std::string purged = current.substr(0, current.rfind('.') + 1) + "000000";
    std::string checkpoint = checkpoint_path("recovery-purged");
    std::ofstream(checkpoint) << json{{"file", purged}, {"pos", 4}}.dump() << "\n";
    auto r = capture_to_end("ecommerce_db.products", checkpoint, "initial");
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    std::string error = last_line(r.err);
    CHECK_THAT(error, Catch::Contains(purged));
    CHECK_THAT(error, Catch::Contains("purged"));
    CHECK_THAT(error, Catch::Contains("delete the checkpoint"));
    CHECK_THAT(error, Catch::Contains("snapshot"));
    CHECK_THAT(error, Catch::Contains("binlog_expire_logs_seconds"));
}

TEST_CASE("capture: a checkpoint whose GTID state the source never wrote says so, not that its file is purged",
          "[capture]") {
    Admin admin;
    std::string file = master_file(admin); // still there: what is missing is the GTID
    std::string checkpoint = checkpoint_path("recovery-unknown-gtid");
    std::ofstream(checkpoint) << json{{"file", file}, {"pos", 4}, {"gtid_set", "0-1-4000000000"}}.dump() << "\n";
    auto r = capture_to_end("ecommerce_db.products", checkpoint, "initial");
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    std::string error = last_line(r.err);
    CHECK_THAT(error, Catch::Contains("binlogs do not hold GTID state 0-1-4000000000"));
    CHECK(error.find("no longer has binlog " + file) == std::string::npos);
    CHECK_THAT(error, Catch::Contains("delete the checkpoint"));
}

// ---- d. a misconfigured source -----------------------------------------------------------

namespace {

// A user of the source with only `grants`, dropped at the end.
struct SourceUser {
    Admin& admin;
    cdc::Endpoint endpoint = servers().source;
    SourceUser(Admin& a, const std::string& name, const std::string& grants) : admin(a) {
        endpoint.user = unique(name);
        endpoint.password = "pw-" + endpoint.user;
        admin.sql("DROP USER IF EXISTS '" + endpoint.user + "'@'%'");
        admin.sql("CREATE USER '" + endpoint.user + "'@'%' IDENTIFIED BY '" + endpoint.password + "'");
        admin.sql("GRANT " + grants + " TO '" + endpoint.user + "'@'%'");
    }
    ~SourceUser() {
        try {
            admin.sql("DROP USER IF EXISTS '" + endpoint.user + "'@'%'");
        } catch (const std::exception& e) {
            FAIL_CHECK("could not drop the user " << endpoint.user << ": " << e.what());
        }
    }
};

harness::Result capture_from(const cdc::Endpoint& source, const std::vector<std::string>& more = {}) {
    std::vector<std::string> args{
        "capture", "--source", harness::url_with_password(source), "--tables", "ecommerce_db.products", "--until-end"};
    args.insert(args.end(), more.begin(), more.end());
    return run_cdc(args);
}

bool exited(pid_t pid) {
    siginfo_t info{};
    return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

} // namespace

TEST_CASE("capture: a user without replication privileges is told what to grant", "[capture]") {
    Admin admin;
    SECTION("SELECT only") {
        SourceUser user(admin, "cdc_select", "SELECT ON *.*");
        auto r = capture_from(user.endpoint, {"--snapshot", "never"});
        INFO(r.err);
        CHECK(r.status == 1);
        CHECK(r.out.empty());
        CHECK_THAT(last_line(r.err), Catch::Contains("REPLICATION SLAVE"));
        CHECK_THAT(last_line(r.err), Catch::Contains("grant"));
    }
    SECTION("no REPLICATION SLAVE") {
        SourceUser user(admin, "cdc_monitor", "SELECT, BINLOG MONITOR ON *.*");
        auto r = capture_from(user.endpoint, {"--snapshot", "never"});
        INFO(r.err);
        CHECK(r.status == 1);
        CHECK_THAT(last_line(r.err), Catch::Contains("GRANT REPLICATION SLAVE"));
    }
    SECTION("no REPLICATION SLAVE, found before a snapshot is written for nothing") {
        SourceUser user(admin, "cdc_monitor_snap", "SELECT, BINLOG MONITOR ON *.*");
        auto r = capture_from(user.endpoint); // --snapshot initial: no snapshot lines, not even its end
        INFO(r.err);
        CHECK(r.status == 1);
        CHECK(r.out.empty());
        CHECK_THAT(last_line(r.err), Catch::Contains("GRANT REPLICATION SLAVE"));
    }
}

TEST_CASE("capture: a snapshot of a table without transactions tells a user without RELOAD to grant it", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("recovery_myisam", "(id INT PRIMARY KEY) ENGINE=MyISAM");
    SourceUser user(admin, "cdc_noreload", "REPLICATION SLAVE, BINLOG MONITOR, SELECT ON *.*");
    auto r =
        run_cdc({"capture", "--source", harness::url_with_password(user.endpoint), "--tables", table, "--until-end"});
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK_THAT(last_line(r.err), Catch::Contains("GRANT RELOAD"));
    CHECK(run_cdc({"capture", "--source", harness::url_with_password(user.endpoint), "--tables", table, "--until-end",
                   "--snapshot", "never"})
              .status == 0);
    admin.sql("DROP TABLE " + table);
}

// information_schema hides a table from a user that may not SELECT it: the snapshot must not
// come out empty without a word, or consumers never see the rows that were there before.
TEST_CASE("capture: a user that may not SELECT a captured table is told to grant it", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("recovery_noselect", "(id INT PRIMARY KEY)");
    admin.sql("INSERT INTO " + table + " VALUES (1), (2)");
    SourceUser user(admin, "cdc_noselect", "REPLICATION SLAVE, BINLOG MONITOR ON *.*");
    admin.sql("GRANT SELECT ON ecommerce_db.products TO '" + user.endpoint.user + "'@'%'");
    auto r = run_cdc({"capture", "--source", harness::url_with_password(user.endpoint), "--tables", table, "--snapshot",
                      "initial", "--until-end"});
    INFO(r.err);
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(lines_of(r.out).empty());
    CHECK_THAT(last_line(r.err), Catch::Contains(table));
    CHECK_THAT(last_line(r.err), Catch::Contains("SELECT"));
    admin.sql("DROP TABLE " + table);
}

// Of the named tables, only one that does not exist is passed over, with a warning (its rows
// are captured once it is created): any other error reading one stops the snapshot.
TEST_CASE("capture: a named table that does not exist is a warning, another error reading one is not", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("recovery_named", "(id INT PRIMARY KEY)");
    admin.sql("INSERT INTO " + table + " VALUES (1), (2)");
    SECTION("a table that does not exist") {
        std::string missing = "ecommerce_db." + unique("recovery_missing");
        admin.sql("DROP TABLE IF EXISTS " + missing);
        auto r = capture_to_end(table + "," + missing, checkpoint_path("recovery-missing"), "initial");
        INFO(r.err);
        CHECK(r.status == 0);
        CHECK(lines_of(r.out).size() == 2);
        CHECK_THAT(r.err, Catch::Contains(missing + " does not exist"));
    }
    SECTION("a view whose table is gone") {
        std::string view = "ecommerce_db." + unique("recovery_broken_view");
        std::string gone = admin.fresh_table("recovery_gone", "(id INT)");
        admin.sql("CREATE OR REPLACE VIEW " + view + " AS SELECT id FROM " + gone);
        admin.sql("DROP TABLE " + gone);
        auto r = capture_to_end(table + "," + view, checkpoint_path("recovery-broken-view"), "initial");
        INFO(r.err);
        CHECK(r.status == 1);
        CHECK(lines_of(r.out).empty());
        CHECK_THAT(last_line(r.err), Catch::Contains(view) && Catch::Contains("references invalid table"));
        admin.sql("DROP VIEW " + view);
    }
    admin.sql("DROP TABLE " + table);
}

TEST_CASE("capture: binlog_format and binlog_row_image other than ROW and FULL are refused with the fix",
          "[capture][source-globals]") {
    Admin admin;
    SECTION("binlog_format STATEMENT") {
        SourceGlobal format(admin, "binlog_format", "STATEMENT");
        auto r = capture_from(servers().source);
        INFO(r.err);
        CHECK(r.status == 1);
        CHECK(r.out.empty());
        CHECK_THAT(last_line(r.err), Catch::Contains("binlog_format is STATEMENT"));
        CHECK_THAT(last_line(r.err), Catch::Contains("binlog_format=ROW"));
    }
    SECTION("binlog_format MIXED") {
        SourceGlobal format(admin, "binlog_format", "MIXED");
        auto r = capture_from(servers().source);
        CHECK(r.status == 1);
        CHECK_THAT(last_line(r.err), Catch::Contains("binlog_format is MIXED"));
    }
    SECTION("binlog_row_image MINIMAL") {
        SourceGlobal image(admin, "binlog_row_image", "MINIMAL");
        auto r = capture_from(servers().source);
        INFO(r.err);
        CHECK(r.status == 1);
        CHECK(r.out.empty());
        std::string error = last_line(r.err);
        CHECK_THAT(error, Catch::Contains("binlog_row_image is MINIMAL"));
        CHECK_THAT(error, Catch::Contains("binlog_row_image=FULL"));
        CHECK_THAT(error, Catch::Contains("only the changed columns")); // what is lost
    }
}

// The global binlog_format is checked at the start, but a session may still write statements
// (SET SESSION binlog_format=STATEMENT): their changes are in no row event, so capture stops there.
TEST_CASE("capture: a statement-logged change to a captured table stops capture", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("recovery_statement", "(id INT PRIMARY KEY, v INT)");
    std::string checkpoint = checkpoint_path("recovery-statement");
    REQUIRE(capture_to_end(table, checkpoint).status == 0); // the checkpoint at the current end of the binlog
    admin.sql("INSERT INTO " + table + " VALUES (1, 1)");
    admin.sql("SET SESSION binlog_format = 'STATEMENT'"); // this session only
    admin.sql("INSERT INTO " + table + " VALUES (2, 2)");
    admin.sql("SET SESSION binlog_format = 'ROW'");
    auto r = capture_to_end(table, checkpoint);
    INFO(r.err);
    INFO(r.out);
    CHECK(lines_of(r.out).size() == 1); // the row-logged insert of id 1
    CHECK(r.status == 1);
    CHECK_THAT(last_line(r.err), Catch::Contains("binlog_format"));
    admin.sql("DROP TABLE " + table);
}

TEST_CASE("capture: a second replica with the same --server-id is named in the error", "[capture]") {
    std::string server_id = std::to_string(3000000 + getpid() % 1000000);
    int port = harness::closed_port();
    harness::Child first({"capture", "--source", harness::url_with_password(servers().source), "--tables",
                          "ecommerce_db.products", "--snapshot", "never", "--server-id", server_id, "--http-port",
                          std::to_string(port)});
    REQUIRE(eventually([&] { return streaming(port); }));
    // The server keeps the newest replica of a server id and disconnects the one before.
    auto second = capture_from(servers().source, {"--snapshot", "never", "--server-id", server_id});
    INFO(second.err);
    CHECK(second.status == 0);
    bool first_ended = eventually([&] { return exited(first.pid()); });
    CHECK(first_ended);
    if (!first_ended) first.signal(SIGTERM);
    auto r = first.wait();
    INFO(r.err);
    CHECK(r.status == 1);
    std::string error = last_line(r.err);
    CHECK_THAT(error, Catch::Contains("server id " + server_id));
    CHECK_THAT(error, Catch::Contains("--server-id"));
}

TEST_CASE("capture: a daemon follows the source again after losing it, and loses or repeats nothing", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("recovery_reconnect", "(id INT PRIMARY KEY)");
    SourceUser user(admin, "cdc_reconnect", "REPLICATION SLAVE, BINLOG MONITOR, SELECT ON *.*");
    std::string out = fresh_file("recovery-reconnect-out");
    int port = harness::closed_port();
    harness::Child capture({"capture", "--source", harness::url_with_password(user.endpoint), "--tables", table,
                            "--snapshot", "never", "--checkpoint", checkpoint_path("recovery-reconnect"), "--http-port",
                            std::to_string(port)},
                           {}, harness::Redirect{"", out});
    auto rows = [&] { return lines_of(slurp(out)).size(); };
    REQUIRE(eventually([&] { return streaming(port); }));
    admin.sql("INSERT INTO " + table + " VALUES (1)");
    REQUIRE(eventually([&] { return rows() == 1; }));
    // Its connections killed, as when the source restarts: the rows written meanwhile come once.
    for (const auto& row :
         admin.c.prepare("SELECT id FROM information_schema.processlist WHERE user = ?").query({user.endpoint.user}))
        admin.sql("KILL " + row[0].value());
    admin.sql("INSERT INTO " + table + " VALUES (2)");
    admin.sql("INSERT INTO " + table + " VALUES (3)");
    CHECK(eventually([&] { return rows() == 3; }));
    CHECK(eventually([&] { return streaming(port); }));
    capture.signal(SIGTERM);
    auto r = capture.wait();
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("lost the source"));
    auto lines = lines_of(slurp(out));
    REQUIRE(lines.size() == 3);
    for (size_t i = 0; i < 3; ++i) CHECK(lines[i]["after"]["id"] == i + 1);
    admin.sql("DROP TABLE " + table);
}

namespace {

// A MariaDB of this test's own, started without a binary log: the shared source must keep
// its binlog, and log_bin cannot change while a server runs. Stopped and removed at the end.
class ServerWithoutBinlog {
public:
    cdc::Endpoint endpoint;
    bool ready = false;

    ServerWithoutBinlog() : dir_(fresh_file("no-binlog")) {
        endpoint = servers().source;
        endpoint.port = harness::closed_port();
        endpoint.user = "capture";
        endpoint.password = "capture-pw";
        std::string d = "'" + dir_ + "'";
        REQUIRE(harness::shell("mariadb-install-db --no-defaults --datadir=" + d +
                               " --auth-root-authentication-method=socket >" + d + ".log 2>&1")
                    .status == 0);
        auto started = harness::shell("mariadbd --no-defaults --user=root --datadir=" + d + " --socket=" + d +
                                      "/s --port=" + std::to_string(endpoint.port) +
                                      " --bind-address=127.0.0.1 --skip-log-bin >" + d + ".log 2>&1 & echo $!");
        pid_ = std::stoi(started.out);
        // From here on the destructor stops the server, so no REQUIRE: the test checks `ready`.
        std::string root = "mariadb --no-defaults -uroot --socket=" + d + "/s";
        ready = eventually([&] { return harness::shell(root + " -e 'SELECT 1' >/dev/null 2>&1").status == 0; }) &&
                harness::shell(root + " -e \"CREATE DATABASE ecommerce_db; CREATE USER capture@'127.0.0.1' "
                                      "IDENTIFIED BY 'capture-pw'; GRANT ALL ON *.* TO capture@'127.0.0.1'\"")
                        .status == 0;
    }
    ~ServerWithoutBinlog() {
        kill(pid_, SIGTERM);
        eventually([&] { return kill(pid_, 0) != 0; }); // not our child: gone when kill finds nothing
        std::filesystem::remove_all(dir_);
        std::filesystem::remove(dir_ + ".log");
    }
    ServerWithoutBinlog(const ServerWithoutBinlog&) = delete;
    ServerWithoutBinlog& operator=(const ServerWithoutBinlog&) = delete;

private:
    std::string dir_;
    pid_t pid_ = -1;
};

} // namespace

TEST_CASE("capture: a source without a binary log is told to start with log_bin=ON", "[capture]") {
    ServerWithoutBinlog server;
    REQUIRE(server.ready);
    auto r = capture_from(server.endpoint);
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    std::string error = last_line(r.err);
    CHECK_THAT(error, Catch::Contains("binary log is off"));
    CHECK_THAT(error, Catch::Contains("log_bin=ON"));
    CHECK_THAT(error, Catch::Contains("binlog_format=ROW"));
}

// ---- SIGTERM while decoding files ----------------------------------------------------------

TEST_CASE("capture: SIGTERM while decoding --binlog-file ends after whole transactions, exit 0", "[capture]") {
    using namespace cdc::test;
    constexpr int transactions = 200, rows = 200; // 40,000 lines: far more than a pipe holds
    std::vector<std::string> events;
    for (int64_t t = 0; t < transactions; ++t) {
        events.push_back(query("BEGIN"));
        events.push_back(items_map());
        std::string images;
        for (int64_t r = 0; r < rows; ++r) images += item(t * rows + r, "item");
        events.push_back(rows_event(30, 7, 2, images));
        events.push_back(xid());
    }
    std::string path = fresh_file("offline-interrupted.bin");
    std::ofstream(path, std::ios::binary) << binlog_file(events);
    auto stopped = sigterm_midway({"capture", "--binlog-file", path, "--tables", "shop.items"}, "offline-interrupted");
    INFO(stopped.result.err);
    REQUIRE(stopped.midway);
    REQUIRE(stopped.ended);
    CHECK(stopped.result.status == 0);
    const std::string said = path + ": stopped at byte offset ";
    size_t at = stopped.result.err.find(said);
    REQUIRE(at != std::string::npos);
    uint64_t offset = std::stoull(stopped.result.err.substr(at + said.size()));
    auto lines = lines_of(stopped.out); // whole JSON lines
    CHECK(lines.size() < transactions * rows);
    CHECK(lines.size() % rows == 0); // whole transactions
    for (size_t i = 0; i < lines.size(); ++i) CHECK(lines[i]["after"]["id"] == i);
    // Where the stream stopped (past the transactions written), not how far reading ahead went.
    uint64_t size = std::filesystem::file_size(path);
    if (!lines.empty()) CHECK(offset > lines.back()["source"]["pos"].get<uint64_t>());
    CHECK(offset < size);
}

// ---- c. --until-end -----------------------------------------------------------------------

// Capture is held by a full FIFO amid a backlog (and the server's dump with it) while more rows
// are written: it stops at the end the binlog had when it began to stream, not at the end the
// server reaches meanwhile.
TEST_CASE("capture: --until-end stops at the end the binlog had when streaming began", "[capture]") {
    Admin admin;
    std::string table = admin.fresh_table("until_end", "(id INT PRIMARY KEY, pad VARCHAR(200))");
    auto status = admin.c.prepare(admin.c.binlog_status_statement()).query().at(0);
    std::string checkpoint = checkpoint_path("until-end");
    std::ofstream(checkpoint) << json{{"file", status.at(0).value()}, {"pos", std::stoull(status.at(1).value())}}
                              << "\n";
    // 100 transactions, 10 MB of binlog: many times what the FIFO and the sockets between hold.
    constexpr int transactions = 100, rows = 500;
    auto insert = [&](int from) {
        admin.sql("INSERT INTO " + table + " SELECT seq, REPEAT('x', 180) FROM seq_" + std::to_string(from) + "_to_" +
                  std::to_string(from + rows - 1));
    };
    for (int t = 0; t < transactions; ++t) insert(1 + t * rows);
    std::string fifo = fresh_file("until-end.fifo");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::vector<std::string> args = capture_args(table, checkpoint);
    args.push_back("--until-end");
    harness::Child capture(args, {}, harness::Redirect{"", fifo});
    FifoReader reader(fifo);
    REQUIRE(reader.fd >= 0);
    REQUIRE(reader.first_line()); // streaming: the end is known
    for (int t = transactions; t < 2 * transactions; ++t) insert(1 + t * rows);
    bool ended = reader.read_to_end();
    if (!ended) capture.signal(SIGKILL);
    auto r = capture.wait();
    INFO(r.err);
    REQUIRE(ended);
    CHECK(r.status == 0);
    auto lines = lines_of(reader.out);
    CHECK(lines.size() == transactions * rows);
    for (size_t i = 0; i < lines.size(); ++i) CHECK(lines[i]["after"]["id"] == i + 1);
    admin.sql("DROP TABLE " + table);
}
