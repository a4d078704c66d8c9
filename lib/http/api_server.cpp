#include "http/api_server.h"

#include "config/failure.h"
#include "http/api_error.h"
#include "http/dashboard.h"
#include "http/iso_time.h"
#include "http/summary_json.h"

#include <chrono>
#include <functional>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

namespace cdc::http {

struct ApiServer::Route {
    std::string label;   // in metrics and errors, e.g. /analytics/merchant/{merchantId}
    std::string path;    // the whole path, or the part before the key
    bool takes_key;      // the rest of the path is the key
    std::string allowed; // query parameters, comma-separated
    std::function<void(const httplib::Request&, httplib::Response&, const std::string& key)> answer;
};

namespace {

constexpr const char* json_type = "application/json";

std::vector<std::string> labels(const std::vector<ApiServer::Route>& routes) {
    std::vector<std::string> out;
    for (const auto& route : routes) out.push_back(route.label);
    out.push_back("unmatched");
    return out;
}

// cpp-httplib listens with a backlog of 5, compiled into the library: a burst of new
// connections overflows it, and the kernel drops SYNs that clients resend only a second later.
// Listening again on the bound socket widens the queue.
class Listener : public httplib::Server {
public:
    void widen_backlog() { ::listen(svr_sock_, SOMAXCONN); }
};

void refuse(httplib::Response& response, int status, const std::string& message) {
    response.status = status;
    response.set_content(error_json(message), json_type);
}

} // namespace

std::vector<ApiServer::Route> ApiServer::routes() {
    std::vector<Route> routes{
        {"/analytics/merchant/{merchantId}", "/analytics/merchant/", true, "from,to,bucket,limit,cursor",
         [this](const auto& request, auto& response, const std::string& key) {
             summary(response, summary_query(analytics::Dimension::merchant, key, request.params, options_.limits));
         }},
        {"/analytics/category/{category}", "/analytics/category/", true, "from,to,bucket,limit,cursor",
         [this](const auto& request, auto& response, const std::string& key) {
             summary(response, summary_query(analytics::Dimension::category, key, request.params, options_.limits));
         }},
        {"/analytics/merchants", "/analytics/merchants", false, "limit,cursor",
         [this](const auto& request, auto& response, const std::string&) { merchants(request, response); }},
        {"/analytics/categories", "/analytics/categories", false, "limit,cursor",
         [this](const auto& request, auto& response, const std::string&) { categories(request, response); }},
        {"/health/liveness", "/health/liveness", false, "",
         [](const auto&, auto& response, const std::string&) {
             response.set_content("{\"status\":\"alive\"}", json_type);
         }},
        {"/health/readiness", "/health/readiness", false, "",
         [this](const auto&, auto& response, const std::string&) { readiness(response); }},
        {"/metrics", "/metrics", false, "",
         [this](const auto&, auto& response, const std::string&) { metrics(response); }},
    };
    // The original API's health check, kept for the scripts that call it.
    routes.push_back(routes[4]);
    routes.back().label = routes.back().path = "/health";
    for (const Asset& asset : dashboard_assets())
        routes.push_back({std::string(asset.path), std::string(asset.path), false,
                          // The page reads its own parameters: what to show, and how.
                          asset.path == "/" ? "merchant,category,range,bucket,refresh,to" : "",
                          [&asset](const auto&, auto& response, const std::string&) {
                              response.set_header("Cache-Control", "no-cache");
                              response.set_content(asset.body.data(), asset.body.size(),
                                                   std::string(asset.content_type).c_str());
                          }});
    return routes;
}

ApiServer::ApiServer(SinkPool& pool, ServeOptions options)
    : pool_(pool), options_(std::move(options)), routes_(routes()), metrics_(labels(routes_)),
      cache_(options_.cache_ttl, options_.cache_bytes), server_(std::make_unique<Listener>()) {
    const size_t threads = options_.threads;
    server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_->set_keep_alive_max_count(100000);
    server_->set_tcp_nodelay(true);
    server_->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
        handle(request, response);
        return httplib::Server::HandlerResponse::Handled;
    });
    // Requests that cpp-httplib refuses before routing (a bad request line, headers too long).
    server_->set_error_handler([](const httplib::Request&, httplib::Response& response) {
        if (response.body.empty())
            refuse(response, response.status,
                   "the request could not be read (HTTP " + std::to_string(response.status) + ")");
    });
}

ApiServer::~ApiServer() = default;

int ApiServer::bind() {
    const int port = options_.port == 0 ? server_->bind_to_any_port(options_.bind)
                                        : (server_->bind_to_port(options_.bind, options_.port) ? options_.port : -1);
    if (port <= 0)
        throw Failure("cannot listen on " + options_.bind + ":" + std::to_string(options_.port) +
                      " (is the port in use? choose another with --http-port)");
    static_cast<Listener&>(*server_).widen_backlog();
    return port;
}

void ApiServer::run() { server_->listen_after_bind(); }

void ApiServer::stop() { server_->stop(); }

void ApiServer::handle(const httplib::Request& request, httplib::Response& response) {
    const auto started = std::chrono::steady_clock::now();
    size_t matched = routes_.size();
    std::string key;
    for (size_t i = 0; i < routes_.size() && matched == routes_.size(); ++i) {
        const Route& route = routes_[i];
        if (route.takes_key ? request.path.size() > route.path.size() && request.path.starts_with(route.path)
                            : request.path == route.path) {
            matched = i;
            if (route.takes_key) key = request.path.substr(route.path.size());
        }
    }
    try {
        if (matched == routes_.size()) throw ApiError(404, "no such path: " + request.path);
        if (request.method != "GET" && request.method != "HEAD") {
            response.set_header("Allow", "GET, HEAD");
            throw ApiError(405, "method " + request.method + " is not allowed on " + routes_[matched].label +
                                    "; use GET or HEAD");
        }
        check_parameters(request.params, routes_[matched].allowed);
        routes_[matched].answer(request, response, key);
    } catch (const ApiError& e) { refuse(response, e.status, e.what()); } catch (const Failure& e) {
        spdlog::warn("{} {}: {}", request.method, request.target, e.what());
        refuse(response, 503, "the analytics database is unavailable; try again shortly");
    } catch (const std::exception& e) {
        spdlog::error("{} {}: {}", request.method, request.target, e.what());
        refuse(response, 500, "internal error");
    }
    if (response.status == -1) response.status = 200;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.observe(matched, response.status, seconds);
    spdlog::debug("{} {} {} {} {}B {:.3f}ms", request.remote_addr, request.method, request.target, response.status,
                  response.body.size(), seconds * 1e3);
}

void ApiServer::answer(httplib::Response& response, const CachedAnswer& answer) {
    if (!answer.next_cursor.empty()) response.set_header("X-Next-Cursor", answer.next_cursor);
    response.set_content(answer.body, json_type);
}

void ApiServer::summary(httplib::Response& response, const analytics::SummaryQuery& query) {
    answer(response, *cache_.get(cache_key(query), [this, query] {
        // One row more than asked tells whether there is a next page.
        analytics::SummaryQuery probe = query;
        ++probe.limit;
        auto rows = pool_.with_reader([&](analytics::SummaryReader& reader) { return reader.rows(probe); });
        CachedAnswer page;
        if (static_cast<std::int64_t>(rows.size()) > query.limit) {
            rows.pop_back();
            page.next_cursor = next_cursor(query, rows.back());
        }
        page.body = summary_json(rows);
        return page;
    }));
}

void ApiServer::merchants(const httplib::Request& request, httplib::Response& response) {
    const auto q = list_query("merchants", request.params, options_.limits);
    std::optional<std::int64_t> after;
    if (q.after) after = parse_merchant_id(*q.after);
    answer(response, *cache_.get(cache_key("merchants", q), [this, q, after] {
        auto ids =
            pool_.with_reader([&](analytics::SummaryReader& reader) { return reader.merchants(q.limit + 1, after); });
        CachedAnswer page;
        if (static_cast<std::int64_t>(ids.size()) > q.limit) {
            ids.pop_back();
            page.next_cursor = list_cursor("merchants", std::to_string(ids.back()));
        }
        page.body = "[";
        for (auto id : ids) page.body += (page.body.size() > 1 ? "," : "") + std::to_string(id);
        page.body += "]";
        return page;
    }));
}

void ApiServer::categories(const httplib::Request& request, httplib::Response& response) {
    const auto q = list_query("categories", request.params, options_.limits);
    answer(response, *cache_.get(cache_key("categories", q), [this, q] {
        auto names = pool_.with_reader(
            [&](analytics::SummaryReader& reader) { return reader.categories(q.limit + 1, q.after); });
        CachedAnswer page;
        if (static_cast<std::int64_t>(names.size()) > q.limit) {
            names.pop_back();
            page.next_cursor = list_cursor("categories", names.back());
        }
        page.body = "[";
        for (const auto& name : names) page.body += (page.body.size() > 1 ? "," : "") + json_string(name);
        page.body += "]";
        return page;
    }));
}

void ApiServer::readiness(httplib::Response& response) {
    std::optional<std::int64_t> newest;
    try {
        newest = pool_.with_reader([](analytics::SummaryReader& reader) { return reader.newest_window(); });
    } catch (const Failure& e) {
        spdlog::warn("readiness: {}", e.what());
        response.status = 503;
        response.set_content("{\"status\":\"unavailable\",\"sink\":\"unreachable\"}", json_type);
        return;
    }
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const bool stale = options_.max_staleness > 0 && (!newest || now - *newest > options_.max_staleness);
    response.status = stale ? 503 : 200;
    std::string body = std::string("{\"status\":\"") + (stale ? "stale" : "ready") + "\",\"sink\":\"reachable\"";
    body += ",\"newestWindow\":" + (newest ? "\"" + format_iso8601(*newest) + "\"" : std::string("null"));
    body += ",\"newestWindowAgeSeconds\":" + (newest ? std::to_string(now - *newest) : std::string("null"));
    body += ",\"maxStalenessSeconds\":" + std::to_string(options_.max_staleness) + "}";
    response.set_content(body, json_type);
}

void ApiServer::metrics(httplib::Response& response) {
    const auto pool = pool_.stats();
    std::string body = metrics_.prometheus();
    body += "# HELP cdc_serve_sink_pool_size Sink connections the pool may open.\n"
            "# TYPE cdc_serve_sink_pool_size gauge\n"
            "cdc_serve_sink_pool_size " +
            std::to_string(pool.size) +
            "\n"
            "# HELP cdc_serve_sink_pool_connections Open sink connections, by state.\n"
            "# TYPE cdc_serve_sink_pool_connections gauge\n"
            "cdc_serve_sink_pool_connections{state=\"in_use\"} " +
            std::to_string(pool.in_use) +
            "\n"
            "cdc_serve_sink_pool_connections{state=\"idle\"} " +
            std::to_string(pool.open - pool.in_use) +
            "\n"
            "# HELP cdc_serve_sink_pool_waits_total Requests that waited for a free sink connection.\n"
            "# TYPE cdc_serve_sink_pool_waits_total counter\n"
            "cdc_serve_sink_pool_waits_total " +
            std::to_string(pool.waits) +
            "\n"
            "# HELP cdc_serve_sink_pool_timeouts_total Requests refused (503) for want of a sink connection.\n"
            "# TYPE cdc_serve_sink_pool_timeouts_total counter\n"
            "cdc_serve_sink_pool_timeouts_total " +
            std::to_string(pool.timeouts) +
            "\n"
            "# HELP cdc_serve_sink_pool_failures_total Sink connections that failed and were closed.\n"
            "# TYPE cdc_serve_sink_pool_failures_total counter\n"
            "cdc_serve_sink_pool_failures_total " +
            std::to_string(pool.failures) + "\n";
    response.set_content(body, "text/plain; version=0.0.4");
}

} // namespace cdc::http
