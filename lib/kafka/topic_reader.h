#pragma once
// Reads a topic's messages in order per partition, without joining a consumer group (like
// kcat -C): from the beginning, or from what arrives next.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct rd_kafka_s;

namespace cdc::kafka {

struct Message {
    std::string topic;
    int partition = 0;
    std::int64_t offset = 0;
    std::string key;
    std::string value;
};

class TopicReader {
public:
    // Throws Failure when the topic does not exist or no broker answers.
    TopicReader(const std::string& brokers, const std::string& topic, bool from_beginning);
    ~TopicReader();
    TopicReader(const TopicReader&) = delete;
    TopicReader& operator=(const TopicReader&) = delete;

    // The next message, or nullopt after timeout_ms without one.
    std::optional<Message> next(int timeout_ms);
    // True once every partition has been read to its end (messages may arrive later).
    bool at_end() const;

private:
    rd_kafka_s* handle_ = nullptr;
    std::string topic_;
    std::vector<bool> at_end_; // by partition id
};

} // namespace cdc::kafka
