#include "kafka/topic_reader.h"

#include "config/failure.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

namespace cdc::kafka {

TopicReader::TopicReader(const std::string& brokers, const std::string& topic, bool from_beginning) : topic_(topic) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char error[512];
    rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), error, sizeof error);
    rd_kafka_conf_set(conf, "group.id", "cdc-inspect", error, sizeof error); // required, never joined
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", error, sizeof error);
    rd_kafka_conf_set(conf, "enable.partition.eof", "true", error, sizeof error);
    rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t*, int, const char* facility, const char* text) {
        spdlog::debug("kafka {}: {}", facility, text);
    });
    handle_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    if (!handle_) throw Failure(std::string("cannot create a Kafka consumer: ") + error);

    rd_kafka_topic_t* rkt = rd_kafka_topic_new(handle_, topic.c_str(), nullptr);
    const rd_kafka_metadata_t* metadata = nullptr;
    auto err = rd_kafka_metadata(handle_, 0, rkt, &metadata, 10000);
    rd_kafka_topic_destroy(rkt);
    if (err) {
        rd_kafka_destroy(handle_);
        throw Failure("cannot reach Kafka at " + brokers + ": " + rd_kafka_err2str(err) + not_running_hint("Kafka"));
    }
    if (metadata->topic_cnt != 1 || metadata->topics[0].err || metadata->topics[0].partition_cnt == 0) {
        rd_kafka_metadata_destroy(metadata);
        rd_kafka_destroy(handle_);
        throw Failure("no topic " + topic + " on " + brokers + " (cdc inspect topics lists them)");
    }
    int partitions = metadata->topics[0].partition_cnt;
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p) {
        int id = metadata->topics[0].partitions[p].id;
        rd_kafka_topic_partition_list_add(list, topic.c_str(), id)->offset =
            from_beginning ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
        if (id >= static_cast<int>(at_end_.size())) at_end_.resize(id + 1, true);
        at_end_[id] = false;
    }
    rd_kafka_metadata_destroy(metadata);
    rd_kafka_assign(handle_, list);
    rd_kafka_topic_partition_list_destroy(list);
}

bool TopicReader::at_end() const {
    for (bool end : at_end_)
        if (!end) return false;
    return true;
}

TopicReader::~TopicReader() {
    rd_kafka_consumer_close(handle_);
    rd_kafka_destroy(handle_);
}

std::optional<Message> TopicReader::next(int timeout_ms) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(handle_, timeout_ms);
    if (!m) return std::nullopt;
    std::optional<Message> out;
    bool known = m->partition >= 0 && m->partition < static_cast<int>(at_end_.size());
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        if (known) at_end_[m->partition] = true;
    } else if (m->err) {
        std::string reason = rd_kafka_message_errstr(m);
        rd_kafka_message_destroy(m);
        throw Failure("reading " + topic_ + ": " + reason);
    } else {
        if (known) at_end_[m->partition] = false;
        out = Message{topic_, m->partition, m->offset,
                      m->key ? std::string(static_cast<const char*>(m->key), m->key_len) : std::string(),
                      std::string(static_cast<const char*>(m->payload), m->len)};
    }
    rd_kafka_message_destroy(m);
    return out;
}

} // namespace cdc::kafka
