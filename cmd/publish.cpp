// cdc publish: JSON lines on stdin into Kafka topics.
#include "config/file_lock.h"
#include "config/shutdown.h"
#include "http/status_server.h"
#include "kafka/publisher.h"
#include "subcommands.h"

#include <spdlog/spdlog.h>

Run publish_command(CLI::App& sub, cdc::SharedOptions& shared) {
    struct Options {
        std::string prefix = "cdc";
        std::string topic;
        std::string key;
        std::vector<std::string> properties;
        std::string on_error = "fail";
        std::string dlq_topic = "dl-publish";
        std::string checkpoint;
        int http_port = -1;
        std::string bind = "127.0.0.1";
    };
    auto o = std::make_shared<Options>();
    cdc::add_shared_options(sub, shared, cdc::servers::brokers);
    sub.add_option("--topic-prefix", o->prefix, "capture events go to PREFIX-TABLE")->capture_default_str();
    sub.add_option("--topic", o->topic, "topic, or a template with {db} and {table} (default PREFIX-{table})");
    sub.add_option("--key", o->key, "JSON pointer to each line's key, for JSON lines not from capture (e.g. /id)");
    sub.add_option("-X,--property", o->properties, "librdkafka property NAME=VALUE (repeatable), as kcat -X")
        ->check([](const std::string& v) { return v.find('=') == std::string::npos ? "expected NAME=VALUE" : ""; });
    sub.add_option("--on-error", o->on_error, "a line that cannot be published: fail, skip or dlq")
        ->capture_default_str()
        ->check(CLI::IsMember({"fail", "skip", "dlq"}));
    sub.add_option("--dlq-topic", o->dlq_topic, "dead-letter topic for --on-error dlq")->capture_default_str();
    sub.add_option("--checkpoint", o->checkpoint,
                   "file kept with the source position up to which every line is delivered; "
                   "capture resumes from it with --resume-from");
    sub.add_option("--http-port", o->http_port, "serve /health and /metrics on this port")->check(CLI::Range(0, 65535));
    sub.add_option("--bind", o->bind, "address for --http-port")->capture_default_str();
    sub.footer("Reads JSON lines on stdin (see man cdc-publish).");

    return [o, &shared] {
        cdc::kafka::Properties properties;
        for (const auto& p : o->properties)
            properties.emplace_back(p.substr(0, p.find('=')), p.substr(p.find('=') + 1));
        cdc::kafka::PublishSettings settings;
        settings.on_error = o->on_error == "skip"  ? cdc::kafka::OnError::skip
                            : o->on_error == "dlq" ? cdc::kafka::OnError::dlq
                                                   : cdc::kafka::OnError::fail;
        settings.dlq_topic = o->dlq_topic;
        settings.checkpoint_path = o->checkpoint;
        cdc::FileLock checkpoint_lock(o->checkpoint, "publish");
        settings.track_positions = o->http_port >= 0;
        cdc::kafka::Router router(o->topic.empty() ? o->prefix + "-{table}" : o->topic, o->key);
        cdc::kafka::Publisher publisher(shared.brokers, properties, std::move(router), settings);
        auto status = cdc::http::serve_status(o->bind, o->http_port, publisher);
        const auto& stop = cdc::shutdown_requested();
        auto summary = [&] {
            const auto& c = publisher.counters();
            spdlog::info("{} lines read, {} delivered, {} heartbeats, {} empty, {} skipped, {} dead-lettered{}",
                         c.read.load(), c.delivered.load(), c.heartbeats.load(), c.empty.load(), c.skipped.load(),
                         c.dead_lettered.load(), stop ? " (stopped by signal)" : "");
        };
        try {
            publisher.run(0, stop);
        } catch (...) {
            summary();
            throw;
        }
        summary();
    };
}
