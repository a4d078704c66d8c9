// The producer against librdkafka's mock cluster, which can take its broker down and bring it back.
#include "kafka/producer.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <string>
#include <vector>

using cdc::kafka::DeliveryReport;
using cdc::kafka::Producer;

namespace {

// A one-broker mock cluster with the topic "orders".
struct MockCluster {
    MockCluster() {
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        char error[256];
        rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error); // no notice that it has no brokers
        owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
        REQUIRE(owner);
        cluster = rd_kafka_mock_cluster_new(owner, 1);
        REQUIRE(cluster);
        REQUIRE(rd_kafka_mock_topic_create(cluster, "orders", 1, 1) == RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    ~MockCluster() {
        rd_kafka_mock_cluster_destroy(cluster);
        rd_kafka_destroy(owner);
    }
    std::string brokers() const { return rd_kafka_mock_cluster_bootstraps(cluster); }

    rd_kafka_t* owner = nullptr;
    rd_kafka_mock_cluster_t* cluster = nullptr;
};

// Polls until `condition` holds, for at most 30 seconds.
template <typename Condition> bool poll_until(Producer& producer, Condition condition) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!condition() && std::chrono::steady_clock::now() < deadline) producer.poll(100);
    return condition();
}

} // namespace

TEST_CASE("the producer says when every broker is down, and when one answers again with nothing to send") {
    MockCluster mock;
    std::vector<std::string> errors;
    Producer producer(mock.brokers(), {{"reconnect.backoff.max.ms", "200"}},
                      [&](const DeliveryReport& r) { errors.push_back(r.error); });
    REQUIRE(producer.send("orders", "k", "v", {}, 1).empty());
    REQUIRE(producer.flush(10000));
    CHECK(errors == std::vector<std::string>{""});
    CHECK(producer.connected());

    rd_kafka_mock_broker_set_down(mock.cluster, 1);
    CHECK(poll_until(producer, [&] { return !producer.connected(); }));
    rd_kafka_mock_broker_set_up(mock.cluster, 1);
    CHECK(poll_until(producer, [&] { return producer.connected(); }));
}

TEST_CASE("a message librdkafka refuses is reported to the caller, and nothing is queued") {
    MockCluster mock;
    Producer producer(mock.brokers(), {{"message.max.bytes", "1000"}}, [](const DeliveryReport&) {});
    CHECK(producer.max_message_bytes() == 1000);
    CHECK(producer.send("orders", "k", std::string(2000, 'x'), {}, 1) == "Broker: Message size too large");
    CHECK(producer.in_flight() == 0);
}
