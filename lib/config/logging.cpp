#include "config/logging.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <spdlog/fmt/chrono.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace cdc {
namespace {

// One JSON object per line, so log shippers need no parsing rules.
class JsonStderrSink : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch());
        nlohmann::json line = {
            {"ts", fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z",
                               fmt::gmtime(std::chrono::system_clock::to_time_t(msg.time)), ms.count() % 1000)},
            {"level", spdlog::level::to_string_view(msg.level).data()},
            {"component", std::string(msg.logger_name.begin(), msg.logger_name.end())},
            {"msg", std::string(msg.payload.begin(), msg.payload.end())},
        };
        auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        std::fwrite(text.data(), 1, text.size(), stderr);
    }
    void flush_() override { std::fflush(stderr); }
};

} // namespace

void setup_logging(const std::string& name, const std::string& level, const std::string& format) {
    spdlog::sink_ptr sink;
    if (format == "json") {
        sink = std::make_shared<JsonStderrSink>();
    } else {
        sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
        sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ %n %l: %v",
                                                                        spdlog::pattern_time_type::utc));
    }
    auto logger = std::make_shared<spdlog::logger>("cdc " + name, sink);
    logger->set_level(spdlog::level::from_str(level));
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(logger);
}

} // namespace cdc
