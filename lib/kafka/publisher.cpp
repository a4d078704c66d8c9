#include "kafka/publisher.h"

#include "config/atomic_file.h"
#include "config/failure.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
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

Publisher::Publisher(const std::string& brokers, const Properties& properties, Router router,
                     PublishSettings settings)
    : router_(std::move(router)), settings_(std::move(settings)),
      producer_(brokers, properties, [this](const DeliveryReport& r) { on_delivery(r); }) {}

void Publisher::run(std::FILE* input, const std::atomic<bool>& stop) {
    char* buffer = nullptr;
    size_t capacity = 0;
    std::uint64_t number = 0;
    while (!stop && delivery_error_.empty()) {
        errno = 0;
        ssize_t length = ::getline(&buffer, &capacity, input);
        if (length < 0) {
            if (errno == EINTR && !stop) continue;
            break;
        }
        ++number;
        ++counters_.read;
        std::string_view line(buffer, static_cast<size_t>(length));
        if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
        if (line.empty()) continue;
        try {
            publish_line(number, line);
        } catch (...) {
            std::free(buffer);
            throw;
        }
        producer_.poll(0);
        save_checkpoint(false);
    }
    std::free(buffer);
    while (!producer_.flush(500)) save_checkpoint(false); // drain: everything read gets delivered
    save_checkpoint(true);
    if (!delivery_error_.empty()) throw Failure(delivery_error_);
}

void Publisher::publish_line(std::uint64_t number, std::string_view line) {
    RoutedLine routed;
    if (auto reason = router_.route(line, routed); !reason.empty()) return reject(number, line, reason);
    if (routed.heartbeat) {
        ++counters_.heartbeats;
        return track(number, routed.source, true);
    }
    track(number, routed.source, false);
    producer_.send(routed.topic, routed.key, line, routed.headers, number);
    ++counters_.produced;
}

void Publisher::reject(std::uint64_t number, std::string_view line, const std::string& reason) {
    std::string where = settings_.input_name + " line " + std::to_string(number);
    switch (settings_.on_error) {
    case OnError::fail:
        while (!producer_.flush(500)) {
        }
        save_checkpoint(true);
        throw Failure(where + ": " + reason + " (use --on-error skip or dlq to go on past such lines)");
    case OnError::skip:
        spdlog::warn("{}: {}; skipped", where, reason);
        ++counters_.skipped;
        return track(number, "", true);
    case OnError::dlq:
        spdlog::warn("{}: {}; sent to {}", where, reason, settings_.dlq_topic);
        ++counters_.dead_lettered;
        track(number, "", false);
        producer_.send(settings_.dlq_topic, "", line,
                       {{"cdc.error.reason", reason},
                        {"cdc.error.stage", "publish"},
                        {"cdc.error.time", utc_now()},
                        {"cdc.error.input", where}},
                       number);
    }
}

void Publisher::track(std::uint64_t number, std::string_view source, bool done) {
    pending_.push_back({number, done, std::string(source), std::chrono::steady_clock::now()});
    if (done) on_delivery({number, "", -1, -1, ""});
}

void Publisher::on_delivery(const DeliveryReport& report) {
    if (pending_.empty() || report.id < pending_.front().line) return;
    // Lines are tracked in input order, one entry each, so a line's entry is found from its number
    // by a binary search (numbers skip only the empty lines).
    auto it = std::lower_bound(pending_.begin(), pending_.end(), report.id,
                               [](const Pending& p, std::uint64_t id) { return p.line < id; });
    if (it == pending_.end() || it->line != report.id) return;
    if (!report.error.empty()) {
        ++counters_.failed;
        if (delivery_error_.empty())
            delivery_error_ = settings_.input_name + " line " + std::to_string(report.id) + ": delivery to " +
                              report.topic + " failed: " + report.error;
        return;
    }
    if (report.partition >= 0) {
        ++counters_.delivered;
        counters_.latency_us_total += static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - it->sent).count());
    }
    it->done = true;
    while (!pending_.empty() && pending_.front().done) {
        if (!pending_.front().source.empty()) published_source_ = std::move(pending_.front().source);
        pending_.pop_front();
    }
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
