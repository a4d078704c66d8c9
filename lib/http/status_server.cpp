#include "http/status_server.h"

#include "config/failure.h"

#include <csignal>
#include <httplib.h>
#include <pthread.h>

namespace cdc::http {

StatusServer::StatusServer(const std::string& bind, int port, StatusPages pages)
    : server_(std::make_unique<httplib::Server>()), pages_(std::move(pages)) {
    server_->new_task_queue = [] { return new httplib::ThreadPool(2); };
    server_->Get("/health", [this](const httplib::Request&, httplib::Response& response) {
        auto body = pages_.health();
        bool up = body.find("\"status\":\"ok\"") != std::string::npos ||
                  body.find("\"status\":\"starting\"") != std::string::npos; // a snapshot: alive
        response.status = up ? 200 : 503;
        response.set_content(body, "application/json");
    });
    server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
        response.set_content(pages_.metrics(), "text/plain; version=0.0.4");
    });
    port_ = port == 0 ? server_->bind_to_any_port(bind) : (server_->bind_to_port(bind, port) ? port : -1);
    if (port_ <= 0)
        throw Failure("cannot listen on " + bind + ":" + std::to_string(port) +
                      " for /health and /metrics (is the port taken, or " + bind +
                      " not an address of this machine? choose another --http-port or --bind)");
    // Signals are for the thread that does the work (it is waiting on its input): the server's
    // threads never take them.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

StatusServer::~StatusServer() {
    server_->stop();
    thread_.join();
}

} // namespace cdc::http
