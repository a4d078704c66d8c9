// cdc serve: the analytics REST API and dashboard over the sink's summary table.
#include "config/failure.h"
#include "config/shutdown.h"
#include "http/api_server.h"
#include "subcommands.h"

#include <spdlog/spdlog.h>

Run serve_command(CLI::App& sub, cdc::SharedOptions& shared) {
    shared.sink = "mysql://cdc_reader@127.0.0.1:3307/analytics_db"; // serve only reads
    cdc::add_shared_options(sub, shared, cdc::servers::sink);
    auto options = std::make_shared<cdc::http::ServeOptions>();
    auto pool_size = std::make_shared<size_t>(8);
    sub.add_option("--http-port", options->port, "TCP port to listen on (0: any free port)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    sub.add_option("--bind", options->bind, "address to listen on (0.0.0.0: every interface)")->capture_default_str();
    sub.add_option("--pool-size", *pool_size, "sink connections, shared by all requests")
        ->capture_default_str()
        ->check(CLI::Range(1, 1024));
    sub.add_option("--http-threads", options->threads, "request threads; each open keep-alive connection holds one")
        ->capture_default_str()
        ->check(CLI::Range(1, 4096));
    sub.add_option("--max-staleness", options->max_staleness,
                   "seconds: /health/readiness fails when the newest window is older (0: never)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    auto cache_seconds = std::make_shared<double>(1.0);
    sub.add_option("--cache-ttl", *cache_seconds, "seconds an answer is reused for the same request (0: never)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 3600.0));
    sub.add_option("--max-rows", options->limits.max_rows, "the largest page (limit) a client may ask for")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    sub.add_option("--default-rows", options->limits.default_rows, "the page size when a client gives no limit")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));

    return [&shared, options, pool_size, cache_seconds] {
        options->cache_ttl = std::chrono::milliseconds(static_cast<long>(*cache_seconds * 1000));
        if (options->limits.default_rows > options->limits.max_rows)
            throw cdc::UsageError("--default-rows " + std::to_string(options->limits.default_rows) +
                                  " is more than --max-rows " + std::to_string(options->limits.max_rows));
        const cdc::Endpoint sink = shared.sink_endpoint();
        cdc::SignalStop on_signal; // before any thread starts
        cdc::http::SinkPool pool(sink, *pool_size, std::chrono::seconds(2));
        cdc::http::ApiServer server(pool, *options);
        const int port = server.bind();
        on_signal.arm([&server] { server.stop(); });
        spdlog::info("serving http://{}:{}/ from {} ({} sink connections, {} threads)", options->bind, port,
                     sink.redacted(), *pool_size, options->threads);
        server.run();
        if (on_signal.received()) spdlog::info("stopped by signal {}", on_signal.received());
    };
}
