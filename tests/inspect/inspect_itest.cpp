// cdc inspect against the harness's servers in a known state, and with each server down.
#include "cache/redis_connection.h"
#include "harness/servers.h"
#include "mysql/connection.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <librdkafka/rdkafka.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

using harness::run_cdc;
using nlohmann::json;

namespace {

std::vector<std::string> env() {
    const auto& s = harness::servers();
    return {"CDC_SOURCE=" + harness::url_with_password(s.source), "CDC_SINK=" + harness::url_with_password(s.sink),
            "CDC_REDIS=" + harness::url_with_password(s.redis), "CDC_BROKERS=" + s.brokers};
}

json inspect_json(const std::vector<std::string>& args) {
    auto r = run_cdc(args, "", env());
    INFO(r.err);
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

std::string unique(const std::string& what) { return "inspect-" + std::to_string(getpid()) + "-" + what; }

// Commits `offset` for `group` on partition 0 of `topic`, as a consumer that read that far would.
void commit_offset(const std::string& group, const std::string& topic, std::int64_t offset) {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", harness::servers().brokers.c_str(), error, sizeof error);
    rd_kafka_conf_set(conf, "group.id", group.c_str(), error, sizeof error);
    rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    REQUIRE(consumer);
    auto* offsets = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(offsets, topic.c_str(), 0)->offset = offset;
    CHECK(rd_kafka_commit(consumer, offsets, 0) == RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_topic_partition_list_destroy(offsets);
    rd_kafka_destroy(consumer);
}

} // namespace

TEST_CASE("inspect source shows the binlog settings and how far each checkpoint is behind") {
    auto dir = harness::output_dir();
    auto status = inspect_json({"inspect", "source", "--json"});
    for (const auto& row : status["settings"])
        if (row["needed"].is_string()) CHECK(row["state"] == "ok");
    auto end = status["end"];
    REQUIRE(end.is_object());
    std::ofstream(dir + "/caught-up.json") << json{{"source", {{"file", end["file"]}, {"pos", end["pos"]}}}}.dump();
    std::ofstream(dir + "/start.json") << json{{"file", end["file"]}, {"pos", 4}}.dump();
    std::ofstream(dir + "/purged.json") << json{{"file", "mariadb-bin.999999"}, {"pos", 4}}.dump();
    auto with = inspect_json({"inspect", "source", "--json", "--checkpoint", dir + "/caught-up.json", "--checkpoint",
                              dir + "/start.json", "--checkpoint", dir + "/purged.json"});
    auto checkpoints = with["checkpoints"];
    REQUIRE(checkpoints.size() == 3);
    CHECK(checkpoints[0]["bytes_behind"] == 0);
    CHECK(checkpoints[0]["state"] == "caught up");
    CHECK(checkpoints[1]["bytes_behind"] == end["pos"].get<int>() - 4);
    CHECK(checkpoints[2]["state"] == "purged: resume with --snapshot initial");

    auto table = run_cdc({"inspect", "source"}, "", env());
    CHECK_THAT(table.out, Catch::Contains("binlog_row_metadata FULL") && Catch::Contains("server position: "));
}

TEST_CASE("inspect topics shows watermarks and a group's lag") {
    auto topic = unique("topics");
    std::string lines;
    for (int i = 0; i < 5; ++i) lines += "{\"id\":" + std::to_string(i) + "}\n";
    REQUIRE(
        run_cdc({"publish", "--topic", topic, "--key", "/id", "-X", "partitioner=consistent"}, lines, env()).status ==
        0);
    auto group = unique("group");
    commit_offset(group, topic, 0);
    auto status = inspect_json({"inspect", "topics", "--json"});
    std::int64_t messages = -1;
    for (const auto& t : status["topics"])
        if (t["topic"] == topic) messages = t["messages"];
    CHECK(messages == 5);
    std::int64_t high0 = 0;
    for (const auto& p : status["partitions"])
        if (p["topic"] == topic && p["partition"] == 0) high0 = p["high"];
    bool found = false;
    for (const auto& g : status["groups"]) {
        if (g["group"] != group) continue;
        found = true;
        CHECK(g["committed"] == 0);
        CHECK(g["lag"] == high0);
    }
    CHECK(found);
    auto table = run_cdc({"inspect", "topics"}, "", env());
    CHECK_THAT(table.out, Catch::Contains(topic) && Catch::Contains("total lag: "));
}

TEST_CASE("inspect cache shows keys, values and TTLs") {
    cdc::cache::RedisConnection redis(harness::servers().redis);
    auto prefix = unique("cache");
    redis.command({"SET", prefix + ":product:101", R"({"merchant_id":10,"category":"Electronics"})", "EX", "600"});
    redis.command({"HSET", prefix + ":order:1001", "merchant_id", "10"});
    auto status = inspect_json({"inspect", "cache", prefix + ":*", "--json"});
    REQUIRE(status["keys"].size() == 2);
    auto order = status["keys"][0];
    CHECK(order["key"] == prefix + ":order:1001");
    CHECK(order["type"] == "hash");
    CHECK(order["ttl"].is_null());
    CHECK(order["value"]["merchant_id"] == "10");
    auto product = status["keys"][1];
    CHECK(product["value"]["category"] == "Electronics");
    CHECK(product["ttl"].get<int>() > 500);
    auto limited = inspect_json({"inspect", "cache", prefix + ":*", "--limit", "1", "--json"});
    CHECK(limited["matched"] == 2);
    CHECK(limited["keys"].size() == 1);
}

TEST_CASE("inspect sink sums rows per window and merchant and shows stored offsets") {
    cdc::mysql::Connection admin(harness::servers().sink_admin, "sink");
    admin.execute("DELETE FROM merchant_sales_summary WHERE merchant_id = 990001");
    auto insert = admin.prepare("INSERT INTO merchant_sales_summary (time_stamp, merchant_id, category, total_revenue, "
                                "items_sold, order_count) VALUES ('2030-01-01 10:00:00', 990001, ?, ?, ?, ?)");
    insert.execute({std::string("Electronics"), std::string("0.10"), std::int64_t{1}, std::int64_t{1}});
    insert.execute({std::string("Furniture"), std::string("0.20"), std::int64_t{2}, std::int64_t{1}});
    admin.prepare("REPLACE INTO cdc_offsets (consumer_group, topic, kafka_partition, next_offset) VALUES (?, ?, ?, ?)")
        .execute({std::string("inspect-test"), std::string("cdc-order_items"), std::int64_t{2}, std::int64_t{42}});

    auto status = inspect_json({"inspect", "sink", "--json", "--limit", "1000"});
    bool found = false;
    for (const auto& w : status["windows"]) {
        if (w["merchant_id"] != 990001) continue;
        found = true;
        CHECK(w["window"] == "2030-01-01T10:00:00Z");
        CHECK(w["categories"] == 2);
        CHECK(w["revenue"] == "0.30"); // exact, as text
        CHECK(w["items"] == 3);
    }
    CHECK(found);
    bool offset = false;
    for (const auto& o : status["offsets"])
        offset |= o["group"] == "inspect-test" && o["next_offset"] == 42 && o["partition"] == 2;
    CHECK(offset);
    admin.execute("DELETE FROM merchant_sales_summary WHERE merchant_id = 990001");
    admin.execute("DELETE FROM cdc_offsets WHERE consumer_group = 'inspect-test'");
}

TEST_CASE("inspect events pretty-prints and filters lines from stdin and from a topic") {
    std::string lines =
        R"({"before":{"order_id":1,"order_status":"CREATED"},"after":{"order_id":1,"order_status":"PAID"},)"
        R"("source":{"db":"ecommerce_db","table":"orders"},"op":"u","ts_ms":0,"key":{"order_id":1}})"
        "\n"
        R"({"before":null,"after":{"product_id":7},"source":{"db":"ecommerce_db","table":"products"},"op":"c",)"
        R"("ts_ms":0,"key":{"product_id":7}})"
        "\n"
        "not json\n";
    auto r = run_cdc({"inspect", "events", "--filter", "table=orders,op=u"}, lines, env());
    CHECK(r.status == 0);
    CHECK(r.out ==
          "1970-01-01T00:00:00.000Z u ecommerce_db.orders {\"order_id\":1} order_status: \"CREATED\" -> \"PAID\"\n");
    CHECK_THAT(r.err, Catch::Contains("stdin line 3: not a JSON object"));

    auto topic = unique("events");
    REQUIRE(run_cdc({"publish", "--topic", topic, "--key", "/key"}, lines.substr(0, lines.rfind("not json")), env())
                .status == 0);
    auto from_topic = run_cdc(
        {"inspect", "events", "--topic", topic, "--from-beginning", "--until-end", "--json", "--filter", "op=c"}, "",
        env());
    CHECK(from_topic.status == 0);
    CHECK(json::parse(from_topic.out)["key"]["product_id"] == 7);
}

TEST_CASE("inspect says clearly which server is down") {
    auto port = std::to_string(harness::closed_port());
    auto r = run_cdc({"inspect", "source", "--source", "mysql://cdc@127.0.0.1:" + port + "/ecommerce_db"}, "", env());
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("cannot connect to mysql://cdc@127.0.0.1:" + port + "/ecommerce_db") &&
                          Catch::Contains("is the source running?"));
    r = run_cdc({"inspect", "topics", "--brokers", "127.0.0.1:" + port}, "", env());
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("cannot reach Kafka at 127.0.0.1:" + port));
    r = run_cdc({"inspect", "cache", "--redis", "redis://127.0.0.1:" + port + "/0"}, "", env());
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("cannot connect to redis://127.0.0.1:" + port + "/0") &&
                          Catch::Contains("is Redis running?"));
    r = run_cdc({"inspect", "events", "--topic", "no-such-topic-" + unique("x"), "--until-end"}, "", env());
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("no topic no-such-topic-"));
}
