#pragma once
// /health and /metrics for the daemons that move data (capture, publish), served from a
// thread of their own on --http-port, so an orchestrator can tell live from stuck.
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace cdc::http {

struct StatusPages {
    std::function<std::string()> health;  // a JSON object; "status":"ok" answers 200, else 503
    std::function<std::string()> metrics; // Prometheus text
};

class StatusServer {
public:
    // Listens on bind:port (port 0: any free port) and serves until destroyed. Throws Failure.
    StatusServer(const std::string& bind, int port, StatusPages pages);
    ~StatusServer();
    StatusServer(const StatusServer&) = delete;
    StatusServer& operator=(const StatusServer&) = delete;

    int port() const { return port_; }

private:
    std::unique_ptr<httplib::Server> server_;
    StatusPages pages_;
    int port_ = 0;
    std::thread thread_;
};

// The status server of a daemon whose `source` has health_json() and metrics_text(), or none
// when port < 0 (no --http-port).
template <class Source>
std::unique_ptr<StatusServer> serve_status(const std::string& bind, int port, const Source& source) {
    if (port < 0) return nullptr;
    return std::make_unique<StatusServer>(
        bind, port,
        StatusPages{[&source] { return source.health_json(); }, [&source] { return source.metrics_text(); }});
}

} // namespace cdc::http
