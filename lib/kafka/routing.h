#pragma once
// Where a JSON line goes in Kafka. A capture event goes to the topic made from a template
// ("cdc-{table}" by default; {db} and {table} come from its source block), keyed by its "key"
// member (the row's primary key as JSON), so every change to a row lands in one partition, in
// order, with its source position in the header cdc.position. Other JSON lines name their topic and key with --topic
// NAME --key POINTER.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdc::kafka {

struct RoutedLine {
    bool heartbeat = false; // capture's liveness line: not published, but it advances the checkpoint
    std::string topic;
    std::string key;         // empty: the message has no key
    std::string_view source; // raw JSON of the line's source block (its binlog position), or empty
    // The header cdc.position: {"file":..,"pos":..,"gtid":..,"row":..,"server_id":..} from the
    // source block (the members it has), or empty.
    std::string position;
};

// Empty for a name Kafka accepts for a topic, or why it does not.
std::string topic_name_problem(std::string_view name);

// The header cdc.position of a capture line too long to keep, from its last bytes, where its
// source block is ("source":{..},"op":..,"ts_ms":..,"key":..}); empty when they do not hold it.
std::string position_in_line_end(std::string_view end);

class Router {
public:
    // key_pointer empty: lines are capture events, keyed by their "key" member. Throws
    // UsageError for a template that cannot make a legal topic name.
    Router(std::string topic_template, std::string key_pointer);

    // Fills `out`; returns empty, or why the line cannot be published.
    std::string route(std::string_view line, RoutedLine& out) const;

private:
    std::string topic_template_;
    std::string key_pointer_;
    bool needs_source_;
};

} // namespace cdc::kafka
