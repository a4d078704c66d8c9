#include "kafka/producer.h"

#include "config/failure.h"

#include <chrono>
#include <librdkafka/rdkafka.h>
#include <optional>
#include <spdlog/spdlog.h>

namespace cdc::kafka {

struct Callbacks {
    Producer::OnDelivery* on_delivery;
    std::atomic<bool>* connected;
};

namespace {

// Defaults for not losing data; any of them can be overridden with -X.
const Properties safe_defaults = {
    {"enable.idempotence", "true"},
    {"acks", "all"},
    {"compression.type", "lz4"},
    {"linger.ms", "5"},
    {"batch.num.messages", "10000"},
    {"message.timeout.ms", "0"}, // retry until delivered: nothing accepted is dropped
    // A key goes to the partition Java clients (Kafka Streams, Connect) choose for it, so that
    // topics keyed alike stay co-partitioned for joins; librdkafka's own default hashes otherwise.
    {"partitioner", "murmur2_random"},
};

void on_report(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
    auto* callbacks = static_cast<Callbacks*>(opaque);
    DeliveryReport report;
    report.id = reinterpret_cast<std::uintptr_t>(message->_private);
    report.topic = rd_kafka_topic_name(message->rkt);
    report.partition = message->partition;
    report.offset = message->offset;
    if (message->err) report.error = rd_kafka_err2str(message->err);
    else *callbacks->connected = true;
    (*callbacks->on_delivery)(report);
}

void on_error(rd_kafka_t*, int err, const char* reason, void* opaque) {
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) *static_cast<Callbacks*>(opaque)->connected = false;
    spdlog::warn("kafka: {}", reason);
}

void on_log(const rd_kafka_t*, int level, const char* facility, const char* text) {
    if (level <= 3) spdlog::error("kafka {}: {}", facility, text);
    else if (level <= 5) spdlog::warn("kafka {}: {}", facility, text);
    else spdlog::debug("kafka {}: {}", facility, text);
}

} // namespace

Producer::Producer(const std::string& brokers, const Properties& properties, OnDelivery on_delivery)
    : on_delivery_(std::move(on_delivery)) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char error[512];
    auto set = [&](const std::string& name, const std::string& value) {
        if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            throw UsageError("Kafka property " + name + ": " + error);
        }
    };
    set("bootstrap.servers", brokers);
    for (const auto& [name, value] : safe_defaults) set(name, value);
    for (const auto& [name, value] : properties) set(name, value);
    rd_kafka_conf_set_dr_msg_cb(conf, on_report);
    rd_kafka_conf_set_error_cb(conf, on_error);
    rd_kafka_conf_set_log_cb(conf, on_log);
    callbacks_ = std::make_unique<Callbacks>(Callbacks{&on_delivery_, &connected_});
    rd_kafka_conf_set_opaque(conf, callbacks_.get());
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!handle_) throw Failure(std::string("cannot create a Kafka producer: ") + error);
}

Producer::~Producer() {
    for (auto& [name, topic] : topics_) rd_kafka_topic_destroy(topic);
    rd_kafka_destroy(handle_);
}

rd_kafka_topic_t* Producer::topic_handle(const std::string& topic) {
    auto found = topics_.find(topic);
    if (found != topics_.end()) return found->second;
    rd_kafka_topic_t* handle = rd_kafka_topic_new(handle_, topic.c_str(), nullptr);
    if (!handle) throw Failure("cannot produce to topic " + topic + ": " + rd_kafka_err2str(rd_kafka_last_error()));
    topics_.emplace(topic, handle);
    wait_until_exists(handle);
    return handle;
}

// librdkafka fails the messages of a topic it finds missing topic.metadata.propagation.max.ms
// after the topic was first named, even when the brokers were down all that time and the topic
// is being created on first use. So a topic's first message waits until the cluster knows it:
// while the brokers are down, and then for that long while they answer.
void Producer::wait_until_exists(rd_kafka_topic_t* topic) {
    const std::string name = rd_kafka_topic_name(topic);
    const auto patience = std::chrono::milliseconds(setting("topic.metadata.propagation.max.ms"));
    std::optional<std::chrono::steady_clock::time_point> answering_since;
    for (;;) {
        const rd_kafka_metadata_t* metadata = nullptr;
        rd_kafka_resp_err_t err = rd_kafka_metadata(handle_, 0, topic, &metadata, 1000);
        bool answered = !err;
        if (answered) {
            if (metadata->topic_cnt == 1) err = metadata->topics[0].err;
            bool exists = !err && metadata->topic_cnt == 1 && metadata->topics[0].partition_cnt;
            rd_kafka_metadata_destroy(metadata);
            if (exists) return;
        }
        if (err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
            throw Failure("cannot produce to topic " + name + ": " + rd_kafka_err2str(err));
        // A signal asks to deliver what was read: only brokers that do not answer stop that.
        if (!answered && stop_ && *stop_) throw Failure("stopped while waiting for the brokers to know topic " + name);
        auto now = std::chrono::steady_clock::now();
        if (!answered) answering_since.reset();
        else if (!answering_since) answering_since = now;
        if (answering_since && now - *answering_since > patience)
            throw Failure("topic " + name + " does not exist (" + rd_kafka_err2str(err) +
                          ") and the brokers did not create it within topic.metadata.propagation.max.ms (" +
                          std::to_string(patience.count()) +
                          " ms): create it, or let the brokers create topics on first use");
        poll(answered ? 20 : 0); // other topics' delivery reports meanwhile
    }
}

std::string Producer::send(const std::string& topic, std::string_view key, std::string_view value,
                           std::span<const Header> headers, std::uint64_t id) {
    rd_kafka_topic_t* rkt = topic_handle(topic);
    for (;;) {
        rd_kafka_headers_t* kafka_headers = headers.empty() ? nullptr : rd_kafka_headers_new(headers.size());
        for (const auto& [name, text] : headers)
            rd_kafka_header_add(kafka_headers, name.data(), static_cast<ssize_t>(name.size()), text.data(),
                                static_cast<ssize_t>(text.size()));
        rd_kafka_resp_err_t err = rd_kafka_producev(
            handle_, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_MSGFLAGS(0),
            RD_KAFKA_V_KEY(key.empty() ? nullptr : key.data(), key.size()),
            RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_HEADERS(kafka_headers),
            RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<std::uintptr_t>(id))), RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return "";
        if (kafka_headers) rd_kafka_headers_destroy(kafka_headers); // not taken over on failure
        if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) return rd_kafka_err2str(err);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            throw Failure("cannot produce to topic " + topic + ": " + rd_kafka_err2str(err));
        rd_kafka_poll(handle_, 100);
    }
}

void Producer::poll(int timeout_ms) {
    rd_kafka_poll(handle_, timeout_ms);
    // librdkafka says when every broker is down, not when one is back: with nothing to deliver,
    // a metadata request (once a second, while down) tells.
    if (connected_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_connection_check_ < std::chrono::seconds(1)) return;
    last_connection_check_ = now;
    const rd_kafka_metadata_t* metadata = nullptr;
    if (rd_kafka_metadata(handle_, 0, nullptr, &metadata, 100) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
    rd_kafka_metadata_destroy(metadata);
    connected_ = true;
}

bool Producer::flush(int timeout_ms) { return rd_kafka_flush(handle_, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR; }

size_t Producer::max_message_bytes() const { return setting("message.max.bytes"); }

size_t Producer::setting(const char* name) const {
    char value[32];
    size_t size = sizeof value;
    rd_kafka_conf_get(rd_kafka_conf(handle_), name, value, &size);
    return std::stoul(value); // librdkafka checked it is a number in range
}

int Producer::in_flight() const { return rd_kafka_outq_len(handle_); }

} // namespace cdc::kafka
