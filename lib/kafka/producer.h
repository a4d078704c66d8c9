#pragma once
// A Kafka producer that never loses what it was given: idempotent, acks=all, and every message
// is reported back once the broker has it, or once it has failed for good.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

struct rd_kafka_s;
struct rd_kafka_topic_s;

namespace cdc::kafka {

struct Callbacks;

// librdkafka properties (CONFIGURATION.md), as kcat's -X key=value.
using Properties = std::vector<std::pair<std::string, std::string>>;
using Header = std::pair<std::string_view, std::string_view>;

struct DeliveryReport {
    std::uint64_t id; // what send() was given
    std::string_view topic;
    int partition = -1;
    std::int64_t offset = -1;
    std::string error; // empty when delivered
};

class Producer {
public:
    using OnDelivery = std::function<void(const DeliveryReport&)>;

    // Throws UsageError for a property librdkafka rejects.
    Producer(const std::string& brokers, const Properties& properties, OnDelivery on_delivery);
    ~Producer();
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;

    // Queues a message; while the local queue is full it serves delivery reports and waits.
    // The value is sent from where it is: it must stay as it is until its delivery report.
    // Returns empty, or why librdkafka refused the message for its size (then nothing is queued);
    // throws Failure for a topic that cannot be produced to or does not come to exist, or when
    // `stop` ends a wait for one.
    std::string send(const std::string& topic, std::string_view key, std::string_view value,
                     std::span<const Header> headers, std::uint64_t id);
    // Serves delivery reports for up to timeout_ms (and finds out when brokers are back).
    void poll(int timeout_ms);
    // Waits until every queued message is reported, or timeout_ms passed; true when none is left.
    bool flush(int timeout_ms);
    // Messages queued and not yet reported.
    int in_flight() const;
    // False while librdkafka reports every broker down; true again once one answers.
    bool connected() const { return connected_; }
    // message.max.bytes: the longest message librdkafka accepts.
    size_t max_message_bytes() const;
    // Once `stop` is set, send() gives up waiting for brokers that do not answer about a new topic.
    void stop_waiting_when(const std::atomic<bool>& stop) { stop_ = &stop; }

private:
    rd_kafka_topic_s* topic_handle(const std::string& topic);
    void wait_until_exists(rd_kafka_topic_s* topic);
    size_t setting(const char* name) const; // a numeric librdkafka property

    rd_kafka_s* handle_ = nullptr;
    // Looked up once per topic: naming the topic on each message takes librdkafka's lock.
    std::unordered_map<std::string, rd_kafka_topic_s*> topics_;
    OnDelivery on_delivery_;
    std::atomic<bool> connected_{true};
    std::chrono::steady_clock::time_point last_connection_check_;
    const std::atomic<bool>* stop_ = nullptr;
    std::unique_ptr<Callbacks> callbacks_; // what librdkafka's callbacks reach
};

} // namespace cdc::kafka
