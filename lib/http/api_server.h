#pragma once
// cdc serve: the analytics REST API, its health and metrics routes and the dashboard, over
// cpp-httplib's thread pool. Every request goes through one router, so that every route
// answers unknown paths (404), other methods (405) and bad input (400) the same way, as
// {"error": "..."}, and is counted in the metrics.
#include "http/metrics.h"
#include "http/response_cache.h"
#include "http/sink_pool.h"
#include "http/summary_request.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace cdc::http {

struct ServeOptions {
    std::string bind = "127.0.0.1";
    int port = 9090;                // 0: any free port (see ApiServer::bind)
    size_t threads = 128;           // each open keep-alive connection holds one
    std::int64_t max_staleness = 0; // seconds; readiness fails when the newest window is older; 0: never
    PageLimits limits;
    std::chrono::milliseconds cache_ttl{1000}; // how long an answer is reused; 0: never
    size_t cache_bytes = 64 << 20;
};

class ApiServer {
public:
    ApiServer(SinkPool& pool, ServeOptions options);
    ~ApiServer();

    // Listens on options.bind:options.port and returns the port. Throws Failure.
    int bind();
    // Answers requests until stop(); returns once the requests in flight are answered.
    void run();
    // Safe from any thread.
    void stop();

    struct Route;

private:
    void handle(const httplib::Request& request, httplib::Response& response);
    std::vector<Route> routes();
    void summary(httplib::Response& response, const analytics::SummaryQuery& query);
    void answer(httplib::Response& response, const CachedAnswer& answer);
    void merchants(const httplib::Request& request, httplib::Response& response);
    void categories(const httplib::Request& request, httplib::Response& response);
    void readiness(httplib::Response& response);
    void metrics(httplib::Response& response);

    SinkPool& pool_;
    const ServeOptions options_;
    std::vector<Route> routes_;
    RequestMetrics metrics_;
    ResponseCache cache_;
    std::unique_ptr<httplib::Server> server_;
};

} // namespace cdc::http
