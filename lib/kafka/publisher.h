#pragma once
// The publish loop: JSON lines in, Kafka messages out. A line counts as published only once
// its delivery report is in; the checkpoint names the source position of the last line up to
// which every line is published, so a restart from it loses nothing.
#include "kafka/line_store.h"
#include "kafka/producer.h"
#include "kafka/routing.h"
#include "kafka/routing_stage.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace cdc::kafka {

// What to do with a line that cannot be published as it is.
enum class OnError { fail, skip, dlq };

struct PublishSettings {
    OnError on_error = OnError::fail;
    std::string dlq_topic = "dl-publish";
    std::string checkpoint_path;  // empty: none
    bool track_positions = false; // keep positions and delivery times for --http-port
    std::string input_name = "stdin";
};

struct PublishCounters {
    // Every line read ends up as one of: delivered, heartbeats, empty, skipped, dead_lettered, failed.
    std::atomic<std::uint64_t> read{0}, produced{0}, delivered{0}, heartbeats{0}, empty{0}, skipped{0},
        dead_lettered{0}, failed{0};
    std::atomic<std::uint64_t> latency_us_total{0};
};

class Publisher {
public:
    Publisher(const std::string& brokers, const Properties& properties, Router router, PublishSettings settings);

    // Publishes every line read from the descriptor `input` until its end or until `stop` is
    // set, then waits for every delivery report. Throws Failure for a bad line under OnError::fail,
    // for a message the broker refused and for input that cannot be read, always after delivering
    // and checkpointing what came before it.
    void run(int input, const std::atomic<bool>& stop);

    const PublishCounters& counters() const { return counters_; }

    // For --http-port; safe from another thread.
    std::string health_json() const;
    std::string metrics_text() const;

private:
    // What became of a line: settled without a message (a heartbeat, an empty or skipped line),
    // or sent to its topic or to the dead-letter topic and not yet reported.
    enum class Fate { settled, sent, dead_lettered };
    struct Pending {
        std::uint64_t line;
        Fate fate;
        bool done = false;
        std::string_view source; // the line's source position, in the LineStore until released
        std::chrono::steady_clock::time_point sent;
    };

    void publish_lines(int input, const std::atomic<bool>& stop);
    void drain(); // waits for every delivery report, then saves the checkpoint
    void publish(const RoutedEntry& entry);
    // `position` (cdc.position), when known, stays with the reason even if the line cannot.
    void reject(std::uint64_t number, std::string_view line, const std::string& reason, std::string_view position = {});
    void track(std::uint64_t number, std::string_view source, Fate fate);
    void on_delivery(const DeliveryReport& report);
    void save_checkpoint(bool force);

    Router router_;
    PublishSettings settings_;
    PublishCounters counters_;
    LineStore lines_; // outlives the producer, which sends from it
    Producer producer_;
    std::deque<Pending> pending_;  // lines not yet behind the checkpoint, in input order
    std::string published_source_; // source of the last line with everything before it published
    mutable std::mutex shown_mutex_;
    std::string shown_source_; // published_source_, for the health page
    std::string saved_source_;
    std::string delivery_error_;
    std::chrono::steady_clock::time_point last_save_;
};

} // namespace cdc::kafka
