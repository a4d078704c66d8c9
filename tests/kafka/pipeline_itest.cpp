// capture | publish as one pipeline: a kill -9 of either at any moment, then a restart, leaves
// every row change in Kafka, in order per key; a duplicate only repeats an unacknowledged tail
// and carries the same position.
#include "harness/servers.h"
#include "mysql/connection.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace {

using nlohmann::json;

std::string checkpoint_of(const std::string& table) { return harness::output_dir() + "/" + table + ".checkpoint"; }

// cdc capture | cdc publish for one table, joined by a FIFO: publish keeps the checkpoint that
// capture resumes from, and the table's changes go to the topic PREFIX-TABLE.
struct Pipeline {
    std::unique_ptr<harness::Child> capture, publish;

    Pipeline(const std::string& table, const std::string& prefix, const std::vector<std::string>& capture_options) {
        const auto& servers = harness::servers();
        std::vector<std::string> env{"CDC_SOURCE=" + harness::url_with_password(servers.source),
                                     "CDC_BROKERS=" + servers.brokers};
        auto fifo = harness::output_dir() + "/" + table + ".fifo";
        unlink(fifo.c_str());
        REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
        publish = std::make_unique<harness::Child>(
            std::vector<std::string>{"publish", "--checkpoint", checkpoint_of(table), "--topic-prefix", prefix}, env,
            harness::Redirect{fifo, ""});
        std::vector<std::string> args{"capture", "--resume-from", checkpoint_of(table), "--tables",
                                      "ecommerce_db." + table};
        args.insert(args.end(), capture_options.begin(), capture_options.end());
        capture = std::make_unique<harness::Child>(args, env, harness::Redirect{"", fifo});
    }
};

} // namespace

TEST_CASE("capture | publish lose nothing across kill -9 of either, in order per key") {
    const auto& servers = harness::servers();
    const std::string table = "pipeline_" + std::to_string(getpid());
    const std::string prefix = "pipe" + std::to_string(getpid());
    const std::string checkpoint = checkpoint_of(table);
    constexpr int keys = 50, changes = 4000;

    cdc::mysql::Connection admin(servers.source_admin, "source");
    admin.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, n INT NOT NULL)");
    auto end = admin.prepare("SHOW MASTER STATUS").query().at(0);
    std::ofstream(checkpoint) << json{{"source", {{"file", *end[0]}, {"pos", std::stoll(*end[1])}}}}.dump();

    // Changes keep coming while the pipeline is killed and restarted.
    std::thread writer([&] {
        cdc::mysql::Connection source(servers.source_admin, "source");
        auto upsert = source.prepare("INSERT INTO " + table + " (id, n) VALUES (?, ?) ON DUPLICATE KEY UPDATE n = ?");
        for (int i = 1; i <= changes; ++i) {
            upsert.execute({std::int64_t{i % keys}, std::int64_t{i}, std::int64_t{i}});
            if (i % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(60));
        }
    });

    auto start = [&](bool until_end) {
        std::vector<std::string> options{"--heartbeat-interval", "0.2"};
        if (until_end) options.push_back("--until-end");
        return Pipeline(table, prefix, options);
    };

    { // kill -9 capture mid-stream: publish delivers what it read, then ends with its input
        auto p = start(false);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        p.capture->signal(SIGKILL);
        CHECK(p.capture->wait().status == 128 + SIGKILL);
        CHECK(p.publish->wait().status == 0);
    }
    { // kill -9 publish mid-stream: capture stops on the broken pipe
        auto p = start(false);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        p.publish->signal(SIGKILL);
        CHECK(p.publish->wait().status == 128 + SIGKILL);
        p.capture->wait();
    }
    writer.join();
    { // and once more, to the end
        auto p = start(true);
        auto captured = p.capture->wait();
        INFO(captured.err);
        CHECK(captured.status == 0);
        auto published = p.publish->wait();
        INFO(published.err);
        CHECK(published.status == 0);
    }

    auto read = harness::shell("kcat -C -b " + servers.brokers + " -t " + prefix + "-" + table +
                               " -o beginning -e -q -f '%h\\t%s\\n'");
    std::map<std::int64_t, std::vector<int>> by_key;
    std::map<std::string, int> seen_position; // position -> n, for duplicates
    std::istringstream lines(read.out);
    int duplicates = 0;
    for (std::string line; std::getline(lines, line);) {
        auto tab = line.find('\t');
        auto position = line.substr(0, tab);
        auto event = json::parse(line.substr(tab + 1));
        int n = event["after"]["n"];
        if (auto [it, fresh] = seen_position.try_emplace(position, n); !fresh) {
            CHECK(it->second == n); // a duplicate repeats the same change
            ++duplicates;
            continue;
        }
        by_key[event["key"]["id"].get<std::int64_t>()].push_back(n);
    }
    int total = 0;
    for (const auto& [id, ns] : by_key) {
        for (size_t i = 0; i < ns.size(); ++i) {
            CHECK(ns[i] % keys == id);
            if (i > 0) CHECK(ns[i] == ns[i - 1] + keys); // every change, in order
        }
        total += static_cast<int>(ns.size());
    }
    CHECK(total == changes);
    CHECK(by_key.size() == keys);
    INFO("duplicates from unacknowledged tails: " << duplicates);
    admin.execute("DROP TABLE " + table);
}

TEST_CASE("after a finished snapshot, the next run streams only what changed since") {
    const auto& servers = harness::servers();
    const std::string table = "resume_" + std::to_string(getpid());
    const std::string topic = "resume" + std::to_string(getpid());
    cdc::mysql::Connection admin(servers.source_admin, "source");
    admin.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, n INT NOT NULL)");
    admin.execute("INSERT INTO " + table + " VALUES (1, 1), (2, 2), (3, 3)");
    auto run = [&] {
        Pipeline p(table, topic, {"--snapshot", "initial", "--until-end"});
        CHECK(p.capture->wait().status == 0);
        CHECK(p.publish->wait().status == 0);
        auto read = harness::shell("kcat -C -b " + servers.brokers + " -t " + topic + "-" + table +
                                   " -o beginning -e -q -f '%s\\n'");
        std::string ops;
        std::istringstream lines(read.out);
        for (std::string line; std::getline(lines, line);) ops += nlohmann::json::parse(line)["op"].get<std::string>();
        std::sort(ops.begin(), ops.end());
        return ops;
    };
    CHECK(run() == "rrr");
    admin.execute("UPDATE " + table + " SET n = 20 WHERE id = 2");
    CHECK(run() == "rrru"); // no second snapshot
    admin.execute("DROP TABLE " + table);
}
