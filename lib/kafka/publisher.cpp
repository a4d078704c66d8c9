#include "kafka/publisher.h"

#include "config/atomic_file.h"
#include "config/failure.h"

#include <ctime>
#include <spdlog/spdlog.h>

namespace cdc::kafka {
namespace {

std::string utc_now() {
    std::time_t now = std::time(nullptr);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return text;
}

constexpr auto checkpoint_interval = std::chrono::milliseconds(200);

} // namespace

Publisher::Publisher(const std::string& brokers, const Properties& properties, Router router, PublishSettings settings)
    : router_(std::move(router)), settings_(std::move(settings)),
      producer_(brokers, properties, [this](const DeliveryReport& r) { on_delivery(r); }) {
    if (settings_.on_error != OnError::dlq) return;
    if (auto problem = topic_name_problem(settings_.dlq_topic); !problem.empty())
        throw UsageError("--dlq-topic: " + problem);
}

void Publisher::run(int input, const std::atomic<bool>& stop) {
    try {
        publish_lines(input, stop);
    } catch (...) {
        drain(); // what was sent before the failure is still delivered, and checkpointed
        throw;
    }
    drain();
    if (!delivery_error_.empty()) throw Failure(delivery_error_);
}

void Publisher::publish_lines(int input, const std::atomic<bool>& stop) {
    producer_.stop_waiting_when(stop);
    RoutingStage stage(input, producer_.max_message_bytes(), router_, lines_, stop);
    while (delivery_error_.empty()) {
        // With messages in flight the wait is in the producer, so that their delivery reports,
        // which free the line store the reader may be waiting for, are served as they come.
        Batch* batch = stage.next(producer_.in_flight() ? 0 : 100);
        if (batch) {
            for (size_t i = 0; i < batch->count; ++i) {
                ++counters_.read;
                publish(batch->entries[i]);
            }
            bool end = batch->end;
            stage.recycle(batch);
            if (end) break;
        } else if (stage.drained()) {
            break; // stopped by a signal, and everything read is handed over
        }
        producer_.poll(batch || !producer_.in_flight() ? 0 : 10);
        save_checkpoint(false);
    }
}

void Publisher::drain() {
    while (!producer_.flush(500)) save_checkpoint(false);
    save_checkpoint(true);
}

void Publisher::publish(const RoutedEntry& entry) {
    if (!entry.reason.empty()) return reject(entry.number, entry.line, entry.reason, entry.routed.position);
    if (entry.line.empty()) {
        ++counters_.empty;
        return track(entry.number, "", Fate::settled);
    }
    const RoutedLine& routed = entry.routed;
    if (routed.heartbeat) {
        ++counters_.heartbeats;
        return track(entry.number, routed.source, Fate::settled);
    }
    const Header position[] = {{"cdc.position", routed.position}};
    auto refused = producer_.send(routed.topic, routed.key, entry.line,
                                  std::span(position, routed.position.empty() ? 0 : 1), entry.number);
    if (!refused.empty()) return reject(entry.number, entry.line, "Kafka refused it: " + refused, routed.position);
    track(entry.number, routed.source, Fate::sent);
    ++counters_.produced;
}

void Publisher::reject(std::uint64_t number, std::string_view line, const std::string& reason,
                       std::string_view position) {
    std::string where = settings_.input_name + " line " + std::to_string(number);
    std::string now = utc_now(); // header values are views: keep it alive until sent
    switch (settings_.on_error) {
    case OnError::fail: throw Failure(where + ": " + reason + " (use --on-error skip or dlq to go on past such lines)");
    case OnError::skip:
        spdlog::warn("{}: {}; skipped", where, reason);
        ++counters_.skipped;
        return track(number, "", Fate::settled);
    case OnError::dlq:
        std::string stated = reason;
        Header error[] = {{"cdc.error.reason", stated},
                          {"cdc.error.stage", "publish"},
                          {"cdc.error.time", now},
                          {"cdc.error.input", where},
                          {"cdc.position", position}};
        auto headers = std::span(error, position.empty() ? 4 : 5);
        auto refused = producer_.send(settings_.dlq_topic, "", line, headers, number);
        if (!refused.empty()) { // too large with the headers: the reason and the place still go there
            stated = reason + "; the line (" + std::to_string(line.size()) + " bytes) is too large to keep here";
            error[0].second = stated;
            refused = producer_.send(settings_.dlq_topic, "", "", headers, number);
        }
        if (!refused.empty())
            throw Failure(where + ": " + reason + "; Kafka refused it for " + settings_.dlq_topic + " too: " + refused);
        spdlog::warn("{}: {}; sent to {}", where, reason, settings_.dlq_topic);
        track(number, "", Fate::dead_lettered);
    }
}

void Publisher::track(std::uint64_t number, std::string_view source, Fate fate) {
    // Times are taken only when someone will read them.
    pending_.push_back(
        {number, fate, false, source,
         settings_.track_positions ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point()});
    if (fate == Fate::settled) on_delivery({number, "", -1, -1, ""});
}

void Publisher::on_delivery(const DeliveryReport& report) {
    // Every line is tracked, in input order, so its entry is found from its number.
    if (pending_.empty() || report.id < pending_.front().line) return;
    auto it = pending_.begin() + static_cast<std::ptrdiff_t>(report.id - pending_.front().line);
    if (!report.error.empty()) {
        ++counters_.failed;
        if (delivery_error_.empty())
            delivery_error_ = settings_.input_name + " line " + std::to_string(report.id) + ": delivery to " +
                              std::string(report.topic) + " failed: " + report.error;
        return;
    }
    if (it->fate == Fate::dead_lettered) ++counters_.dead_lettered;
    if (it->fate == Fate::sent) {
        ++counters_.delivered;
        if (settings_.track_positions)
            counters_.latency_us_total += static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - it->sent)
                    .count());
    }
    it->done = true;
    std::string_view source;
    std::uint64_t through = 0;
    while (!pending_.empty() && pending_.front().done) {
        if (!pending_.front().source.empty()) source = pending_.front().source;
        through = pending_.front().line;
        pending_.pop_front();
    }
    if (!source.empty()) { // copied before its line is released
        published_source_.assign(source);
        std::lock_guard lock(shown_mutex_);
        shown_source_ = published_source_;
    }
    if (through) lines_.release_through(through);
}

std::string Publisher::health_json() const {
    std::string position;
    {
        std::lock_guard lock(shown_mutex_);
        position = shown_source_.empty() ? "null" : shown_source_;
    }
    bool connected = producer_.connected();
    return std::string("{\"status\":\"") + (connected ? "ok" : "brokers down") +
           "\",\"live\":true,\"connected\":" + (connected ? "true" : "false") + ",\"position\":" + position + "}";
}

std::string Publisher::metrics_text() const {
    const auto& c = counters_;
    std::string out;
    auto counter = [&out](const char* name, const char* help, std::uint64_t value) {
        out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " +
               std::to_string(value) + "\n";
    };
    counter("cdc_publish_lines_read_total", "Lines read from the input.", c.read);
    counter("cdc_publish_produced_total", "Messages handed to the producer.", c.produced);
    counter("cdc_publish_delivered_total", "Messages the broker acknowledged.", c.delivered);
    counter("cdc_publish_failed_total", "Messages the broker refused for good.", c.failed);
    counter("cdc_publish_skipped_total", "Bad lines skipped (--on-error skip).", c.skipped);
    counter("cdc_publish_dead_lettered_total", "Bad lines the dead-letter topic acknowledged.", c.dead_lettered);
    counter("cdc_publish_heartbeats_total", "Heartbeat lines read (not published).", c.heartbeats);
    counter("cdc_publish_empty_lines_total", "Empty lines read (not published).", c.empty);
    out += "# HELP cdc_publish_queue_depth Messages waiting for their delivery report.\n"
           "# TYPE cdc_publish_queue_depth gauge\ncdc_publish_queue_depth " +
           std::to_string(producer_.in_flight()) + "\n";
    out += "# HELP cdc_publish_delivery_latency_seconds From produce to delivery report.\n"
           "# TYPE cdc_publish_delivery_latency_seconds summary\n"
           "cdc_publish_delivery_latency_seconds_sum " +
           std::to_string(static_cast<double>(c.latency_us_total) / 1e6) +
           "\ncdc_publish_delivery_latency_seconds_count " + std::to_string(c.delivered) + "\n";
    return out;
}

void Publisher::save_checkpoint(bool force) {
    if (settings_.checkpoint_path.empty() || published_source_ == saved_source_) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_save_ < checkpoint_interval) return;
    write_file_atomically(settings_.checkpoint_path, "{\"source\":" + published_source_ + "}\n");
    saved_source_ = published_source_;
    last_save_ = now;
}

} // namespace cdc::kafka
