// cdc publish against the harness's real Kafka broker; kcat reads back what arrived.
#include "harness/servers.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <cstring>
#include <set>
#include <thread>
#include <unistd.h>
#include <utility>

using harness::run_cdc;

namespace {

// A topic prefix of its own for each test, so tests never see each other's messages.
std::string unique_prefix(const std::string& test) {
    return "t" + std::to_string(getpid()) + "-" + std::to_string(std::time(nullptr)) + "-" + test;
}

std::vector<std::string> brokers_env() { return {"CDC_BROKERS=" + harness::servers().brokers}; }

struct Message {
    int partition;
    std::string key, headers, value;
};

// Every message of a topic, read from the beginning with kcat.
std::vector<Message> consume(const std::string& topic) {
    auto r = harness::shell("kcat -C -b " + harness::servers().brokers + " -t " + topic +
                            " -o beginning -e -q -f '%p\\t%k\\t%h\\t%s\\n' 2>&1");
    std::vector<Message> messages;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        Message m;
        std::string partition;
        std::getline(fields, partition, '\t');
        std::getline(fields, m.key, '\t');
        std::getline(fields, m.headers, '\t');
        std::getline(fields, m.value);
        m.partition = std::stoi(partition);
        messages.push_back(m);
    }
    return messages;
}

std::string event(const std::string& table, const std::string& key, int pos, const std::string& extra = "") {
    return R"({"before":null,"after":{)" + extra + R"(},"source":{"db":"ecommerce_db","table":")" + table +
           R"(","file":"mariadb-bin.000001","pos":)" + std::to_string(pos) + R"(,"row":0},"op":"c","ts_ms":1,"key":)" +
           key + "}\n";
}

} // namespace

TEST_CASE("capture events go to one topic per table, keyed by primary key, position in a header") {
    auto prefix = unique_prefix("routing");
    std::string input = event("products", R"({"product_id":101})", 100) + event("orders", R"({"order_id":1001})", 200) +
                        R"({"heartbeat":{"ts_ms":5},"source":{"file":"mariadb-bin.000001","pos":250}})"
                        "\n" +
                        event("order_items", R"({"order_item_id":1})", 300);
    auto r = run_cdc({"publish", "--topic-prefix", prefix}, input, brokers_env());
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("4 lines read, 3 delivered, 1 heartbeats"));

    auto products = consume(prefix + "-products");
    REQUIRE(products.size() == 1);
    CHECK(products[0].key == R"({"product_id":101})");
    CHECK(products[0].value + "\n" == event("products", R"({"product_id":101})", 100));
    CHECK(products[0].headers == R"(cdc.position={"file":"mariadb-bin.000001","pos":100,"row":0})");
    CHECK(consume(prefix + "-orders").size() == 1);
    auto items = consume(prefix + "-order_items");
    REQUIRE(items.size() == 1);
    CHECK(items[0].key == R"({"order_item_id":1})");
}

TEST_CASE("all changes to one row land in one partition, in order") {
    auto prefix = unique_prefix("order");
    std::string input;
    for (int i = 0; i < 300; ++i)
        input += event("order_items", R"({"order_item_id":)" + std::to_string(i % 10) + "}", 1000 + i,
                       R"("seq":)" + std::to_string(i));
    auto r = run_cdc({"publish", "--topic-prefix", prefix}, input, brokers_env());
    REQUIRE(r.status == 0);
    auto messages = consume(prefix + "-order_items");
    REQUIRE(messages.size() == 300);
    std::map<std::string, std::pair<int, int>> last; // key -> partition, seq
    for (const auto& m : messages) {
        int seq = std::stoi(m.value.substr(m.value.find("\"seq\":") + 6));
        auto [it, fresh] = last.try_emplace(m.key, m.partition, seq);
        if (fresh) continue;
        CHECK(it->second.first == m.partition);
        CHECK(it->second.second < seq);
        it->second.second = seq;
    }
    CHECK(last.size() == 10);
}

namespace {

// Kafka's Java client hash (Utils.murmur2), which its default partitioner applies to the key.
std::uint32_t java_murmur2(const std::string& key) {
    const std::uint32_t m = 0x5bd1e995;
    std::uint32_t h = 0x9747b28c ^ static_cast<std::uint32_t>(key.size());
    size_t i = 0;
    for (; i + 4 <= key.size(); i += 4) {
        std::uint32_t k;
        std::memcpy(&k, key.data() + i, 4);
        k *= m;
        k ^= k >> 24;
        k *= m;
        h = h * m ^ k;
    }
    auto byte = [&key](size_t at) { return static_cast<std::uint32_t>(static_cast<unsigned char>(key[at])); };
    switch (key.size() - i) {
    case 3: h ^= byte(i + 2) << 16; [[fallthrough]];
    case 2: h ^= byte(i + 1) << 8; [[fallthrough]];
    case 1: h = (h ^ byte(i)) * m;
    }
    h ^= h >> 13;
    h *= m;
    return h ^ (h >> 15);
}

int partitions_of(const std::string& topic) {
    auto r = harness::shell("kcat -L -b " + harness::servers().brokers + " -t " + topic + " 2>&1");
    auto at = r.out.find(" with ");
    REQUIRE(at != std::string::npos);
    return std::stoi(r.out.substr(at + 6));
}

} // namespace

TEST_CASE("a key lands in the partition a Java producer would choose for it") {
    auto prefix = unique_prefix("murmur2");
    std::string input;
    for (int i = 0; i < 40; ++i) input += event("orders", R"({"order_id":)" + std::to_string(i) + "}", 1000 + i);
    auto r = run_cdc({"publish", "--topic-prefix", prefix}, input, brokers_env());
    REQUIRE(r.status == 0);
    int partitions = partitions_of(prefix + "-orders");
    REQUIRE(partitions > 1);
    auto messages = consume(prefix + "-orders");
    REQUIRE(messages.size() == 40);
    std::set<int> used;
    for (const auto& m : messages) {
        INFO(m.key);
        CHECK(m.partition ==
              static_cast<int>((java_murmur2(m.key) & 0x7fffffff) % static_cast<std::uint32_t>(partitions)));
        used.insert(m.partition);
    }
    CHECK(used.size() > 1);
}

TEST_CASE("a bad line fails with its line number by default, after delivering what came before") {
    auto prefix = unique_prefix("fail");
    std::string input =
        event("orders", R"({"order_id":1})", 10) + "{not json\n" + event("orders", R"({"order_id":2})", 20);
    auto r = run_cdc({"publish", "--topic-prefix", prefix}, input, brokers_env());
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("stdin line 2: not JSON: expected a member name at byte 1"));
    CHECK(consume(prefix + "-orders").size() == 1);
}

TEST_CASE("bad lines are skipped with --on-error skip") {
    auto prefix = unique_prefix("skip");
    std::string input = "[]\n" + event("orders", R"({"order_id":1})", 10) +
                        R"({"op":"c"})"
                        "\n";
    auto r = run_cdc({"publish", "--topic-prefix", prefix, "--on-error", "skip"}, input, brokers_env());
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("stdin line 1: not a JSON object; skipped"));
    CHECK_THAT(r.err, Catch::Contains("stdin line 3: no \"key\" member"));
    CHECK(consume(prefix + "-orders").size() == 1);
}

TEST_CASE("bad lines go to a dead-letter topic with reason, stage and time with --on-error dlq") {
    auto prefix = unique_prefix("dlq");
    std::string input = event("orders", R"({"order_id":1})", 10) + "garbage line\n";
    auto r = run_cdc({"publish", "--topic-prefix", prefix, "--on-error", "dlq", "--dlq-topic", prefix + "-dl"}, input,
                     brokers_env());
    CHECK(r.status == 0);
    auto dead = consume(prefix + "-dl");
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].value == "garbage line");
    CHECK_THAT(dead[0].headers, Catch::Contains("cdc.error.reason=not JSON: unexpected character at byte 0") &&
                                    Catch::Contains("cdc.error.stage=publish") &&
                                    Catch::Contains("cdc.error.time=20") &&
                                    Catch::Contains("cdc.error.input=stdin line 2"));
}

namespace {

// With message.max.bytes=2000: line 2 is longer, line 3 is shorter but too large with its
// header and key; lines 1 and 4 fit.
const std::vector<std::string> size_limit = {"-X", "message.max.bytes=2000"};
std::string too_large_lines() {
    return event("orders", R"({"order_id":1})", 10) +
           event("orders", R"({"order_id":2})", 20, "\"note\":\"" + std::string(5000, 'x') + "\"") +
           event("orders", R"({"order_id":3})", 30, "\"note\":\"" + std::string(1800, 'x') + "\"") + "\n" +
           event("orders", R"({"order_id":4})", 40);
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

} // namespace

TEST_CASE("a line too large for Kafka is a bad line, and what came before it is delivered and checkpointed") {
    auto prefix = unique_prefix("large");
    auto path = harness::output_dir() + "/" + prefix + ".checkpoint";
    auto r = run_cdc(with({"publish", "--topic-prefix", prefix, "--checkpoint", path}, size_limit), too_large_lines(),
                     brokers_env());
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("stdin line 2: line longer than message.max.bytes (2000 bytes"));
    CHECK(consume(prefix + "-orders").size() == 1);
    std::string text = harness::slurp(path);
    CHECK_THAT(text, Catch::Contains("\"pos\":10"));

    prefix = unique_prefix("large-skip");
    r = run_cdc(with({"publish", "--topic-prefix", prefix, "--on-error", "skip"}, size_limit), too_large_lines(),
                brokers_env());
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("stdin line 3: Kafka refused it: Broker: Message size too large; skipped"));
    CHECK_THAT(r.err, Catch::Contains("5 lines read, 2 delivered, 0 heartbeats, 1 empty, 2 skipped, 0 dead-lettered"));
    CHECK(consume(prefix + "-orders").size() == 2);
}

TEST_CASE("lines too large for Kafka go to the dead-letter topic as their reason, and count once") {
    auto prefix = unique_prefix("large-dlq");
    auto r = run_cdc(
        with({"publish", "--topic-prefix", prefix, "--on-error", "dlq", "--dlq-topic", prefix + "-dl"}, size_limit),
        too_large_lines(), brokers_env());
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("5 lines read, 2 delivered, 0 heartbeats, 1 empty, 0 skipped, 2 dead-lettered"));
    auto dead = consume(prefix + "-dl");
    REQUIRE(dead.size() == 2);
    // Dead letters carry no key, so they may land on different partitions: read order is not send order.
    if (dead[0].headers.find("stdin line 3") != std::string::npos) std::swap(dead[0], dead[1]);
    CHECK(dead[0].value.empty());
    CHECK_THAT(dead[0].headers,
               Catch::Contains("cdc.error.reason=line longer than message.max.bytes") &&
                   Catch::Contains("cdc.error.input=stdin line 2") &&
                   Catch::Contains(R"(cdc.position={"file":"mariadb-bin.000001","pos":20,"row":0})")); // from its end
    CHECK(dead[1].value.empty()); // the dead-letter topic refuses it whole, as its own topic did
    CHECK_THAT(dead[1].headers,
               Catch::Contains("cdc.error.reason=Kafka refused it: Broker: Message size too large; the line (") &&
                   Catch::Contains("bytes) is too large to keep here") &&
                   Catch::Contains("cdc.error.input=stdin line 3") &&
                   Catch::Contains("cdc.position={")); // where the row is, to capture it again
}

TEST_CASE("a table whose name is no legal topic name is a bad line; a bad fixed topic is a usage error") {
    auto prefix = unique_prefix("topic-name");
    auto r = run_cdc({"publish", "--topic-prefix", prefix, "--on-error", "skip"},
                     event("my$t", "{\"id\":1}", 10) + event("orders", R"({"order_id":1})", 20), brokers_env());
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("stdin line 1: topic name \"" + prefix + "-my$t\" has '$'"));
    CHECK(consume(prefix + "-orders").size() == 1);
    CHECK(run_cdc({"publish", "--topic", "no spaces"}, "", brokers_env()).status == 2);
    CHECK(run_cdc({"publish", "--on-error", "dlq", "--dlq-topic", "dl/x"}, "", brokers_env()).status == 2);
}

TEST_CASE("any JSON lines go to a named topic with a key pointer, like kcat -P") {
    auto topic = unique_prefix("generic");
    auto r = run_cdc({"publish", "--topic", topic, "--key", "/user/id"},
                     "{\"user\":{\"id\":\"u1\"},\"n\":1}\n{\"user\":{\"id\":\"u2\"},\"n\":2}\n", brokers_env());
    REQUIRE(r.status == 0);
    auto messages = consume(topic);
    REQUIRE(messages.size() == 2);
    CHECK((messages[0].key == "u1" || messages[0].key == "u2"));
}

TEST_CASE("the checkpoint names the last delivered position, written atomically") {
    auto prefix = unique_prefix("checkpoint");
    auto path = harness::output_dir() + "/" + prefix + ".checkpoint";
    std::string input = event("orders", R"({"order_id":1})", 10) + event("orders", R"({"order_id":2})", 20) +
                        R"({"heartbeat":{"ts_ms":5},"source":{"file":"mariadb-bin.000001","pos":30}})"
                        "\n";
    auto r = run_cdc({"publish", "--topic-prefix", prefix, "--checkpoint", path}, input, brokers_env());
    REQUIRE(r.status == 0);
    std::string text = harness::slurp(path);
    CHECK(text == "{\"source\":{\"file\":\"mariadb-bin.000001\",\"pos\":30}}\n");
}

TEST_CASE("SIGTERM stops reading, delivers everything read, exits 0") {
    auto prefix = unique_prefix("sigterm");
    harness::Child publish({"publish", "--topic-prefix", prefix}, brokers_env());
    for (int i = 0; i < 500; ++i) publish.write(event("orders", "{\"order_id\":" + std::to_string(i) + "}", i));
    std::this_thread::sleep_for(std::chrono::seconds(2)); // stdin stays open: only the signal ends it
    publish.signal(SIGTERM);
    auto r = publish.wait();
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("500 delivered") && Catch::Contains("stopped by signal"));
    CHECK(consume(prefix + "-orders").size() == 500);
}

namespace {

// Publishes 1000 lines to a new topic while the broker is stopped for 6 seconds.
// The broker stops answering (SIGSTOP) until resume() or the end of the scope, whatever fails.
class BrokerPause {
public:
    BrokerPause() {
        pid_ = harness::shell("cat " + harness::servers().home + "/kafka/kafka.pid").out;
        pid_.erase(pid_.find_last_not_of("\n") + 1);
        REQUIRE(harness::shell("kill -STOP " + pid_).status == 0);
    }
    ~BrokerPause() { resume(); }
    void resume() {
        if (!pid_.empty()) harness::shell("kill -CONT " + std::exchange(pid_, ""));
    }

private:
    std::string pid_;
};

void publish_across_a_pause(const std::string& prefix, const std::vector<std::string>& options) {
    BrokerPause pause;
    harness::Child publish(with({"publish", "--topic-prefix", prefix}, options), brokers_env());
    for (int i = 0; i < 1000; ++i) publish.write(event("orders", "{\"order_id\":" + std::to_string(i) + "}", i));
    publish.close_stdin();
    std::this_thread::sleep_for(std::chrono::seconds(6));
    pause.resume();
    auto r = publish.wait();
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(consume(prefix + "-orders").size() == 1000);
}

} // namespace

TEST_CASE("a broker that stops answering for seconds and comes back loses nothing") {
    publish_across_a_pause(unique_prefix("pause"), {});
}

TEST_CASE("a topic the brokers do not create fails publish once they have answered for the propagation time") {
    auto prefix = unique_prefix("no-create");
    auto r = run_cdc({"publish", "--topic-prefix", prefix, "-X", "allow.auto.create.topics=false", "-X",
                      "topic.metadata.propagation.max.ms=1000"},
                     event("orders", R"({"order_id":1})", 10), brokers_env());
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("topic " + prefix +
                                      "-orders does not exist (Broker: Unknown topic or partition) and the brokers did "
                                      "not create it within topic.metadata.propagation.max.ms (1000 ms)"));
}

TEST_CASE("SIGTERM ends the wait for brokers that do not answer about a new topic") {
    auto prefix = unique_prefix("stop-in-pause");
    BrokerPause pause;
    harness::Child publish({"publish", "--topic-prefix", prefix}, brokers_env());
    publish.write(event("orders", R"({"order_id":1})", 10));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    publish.signal(SIGTERM);
    auto r = publish.wait();
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("stopped while waiting for the brokers to know topic " + prefix + "-orders"));
}

TEST_CASE("a second SIGTERM ends publish at once while the broker is down; the checkpoint loses nothing") {
    auto prefix = unique_prefix("second-signal");
    auto path = harness::output_dir() + "/" + prefix + ".checkpoint";
    harness::Child publish({"publish", "--topic-prefix", prefix, "--checkpoint", path}, brokers_env());
    publish.write(event("orders", "{\"id\":1}", 10));
    std::this_thread::sleep_for(std::chrono::seconds(2)); // delivered and checkpointed
    BrokerPause pause;
    publish.write(event("orders", "{\"id\":2}", 20));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    publish.signal(SIGTERM); // waits for the broker to deliver line 2
    std::this_thread::sleep_for(std::chrono::seconds(1));
    publish.signal(SIGTERM);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    pause.resume(); // had publish not ended, it would now deliver line 2 and exit 0
    auto r = publish.wait();
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("second signal: exiting without finishing the work in hand"));
    std::string text = harness::slurp(path);
    CHECK_THAT(text, Catch::Contains("\"pos\":10")); // line 2 was not delivered: a restart sends it
}

TEST_CASE("SIGTERM delivers every line read, also to a topic this process had not used yet") {
    auto prefix = unique_prefix("stop-new-topic");
    REQUIRE(run_cdc({"publish", "--topic-prefix", prefix}, event("b", "{\"id\":0}", 1), brokers_env()).status == 0);
    // One message in flight at a time keeps table a's lines going for seconds after the signal.
    harness::Child publish({"publish", "--topic-prefix", prefix, "-X", "queue.buffering.max.messages=1"},
                           brokers_env());
    for (int i = 1; i <= 300; ++i) publish.write(event("a", "{\"id\":" + std::to_string(i) + "}", i));
    publish.write(event("b", "{\"id\":301}", 301));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    publish.signal(SIGTERM);
    auto r = publish.wait();
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("301 lines read, 301 delivered"));
    CHECK(consume(prefix + "-b").size() == 2);
}

TEST_CASE("a topic created on first use survives a broker pause longer than librdkafka waits for new topics") {
    // librdkafka gives up on a topic it finds missing topic.metadata.propagation.max.ms after
    // first naming it (30 s by default; 1 s here, to keep the test short).
    publish_across_a_pause(unique_prefix("pause-new"), {"-X", "topic.metadata.propagation.max.ms=1000"});
}

TEST_CASE("a bad -X property is a usage error") {
    auto r = run_cdc({"publish", "-X", "no.such.property=1"}, "", brokers_env());
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("Kafka property no.such.property"));
}

TEST_CASE("publish serves /health and /metrics on --http-port") {
    auto prefix = unique_prefix("status");
    auto port = std::to_string(harness::closed_port());
    harness::Child publish({"publish", "--topic-prefix", prefix, "--http-port", port}, brokers_env());
    for (int i = 0; i < 20; ++i) publish.write(event("orders", "{\"order_id\":" + std::to_string(i) + "}", 100 + i));
    harness::Result health;
    for (int attempt = 0; attempt < 100; ++attempt) { // until the 20 lines are delivered
        health = harness::shell("curl -s http://127.0.0.1:" + port + "/health");
        if (health.out.find("\"pos\":119") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK_THAT(health.out, Catch::StartsWith("{\"status\":\"ok\",\"live\":true,\"connected\":true,\"position\":{") &&
                               Catch::Contains("\"pos\":119"));
    auto metrics = harness::shell("curl -s http://127.0.0.1:" + port + "/metrics").out;
    CHECK_THAT(metrics, Catch::Contains("cdc_publish_delivered_total 20\n") &&
                            Catch::Contains("cdc_publish_queue_depth 0\n") &&
                            Catch::Contains("cdc_publish_delivery_latency_seconds_count 20\n"));
    publish.signal(SIGTERM);
    CHECK(publish.wait().status == 0);
}
