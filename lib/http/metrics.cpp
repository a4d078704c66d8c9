#include "http/metrics.h"

#include <algorithm>
#include <cstdio>

namespace cdc::http {

RequestMetrics::RequestMetrics(std::vector<std::string> routes)
    : names_(std::move(routes)), routes_(std::make_unique<Route[]>(names_.size())) {}

void RequestMetrics::observe(size_t route, int status, double seconds) {
    Route& r = routes_[route];
    const auto s = std::find(statuses.begin(), statuses.end(), status) - statuses.begin();
    r.by_status[static_cast<size_t>(s)].fetch_add(1, std::memory_order_relaxed);
    const auto b = std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin();
    r.by_bound[static_cast<size_t>(b)].fetch_add(1, std::memory_order_relaxed);
    r.nanoseconds.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

std::string RequestMetrics::prometheus() const {
    std::string out = "# HELP cdc_serve_requests_total HTTP requests answered, by route and status.\n"
                      "# TYPE cdc_serve_requests_total counter\n";
    for (size_t i = 0; i < names_.size(); ++i)
        for (size_t s = 0; s <= statuses.size(); ++s) {
            auto count = routes_[i].by_status[s].load(std::memory_order_relaxed);
            if (count == 0) continue;
            out += "cdc_serve_requests_total{route=\"" + names_[i] + "\",status=\"" +
                   (s < statuses.size() ? std::to_string(statuses[s]) : "other") + "\"} " + std::to_string(count) +
                   "\n";
        }
    out += "# HELP cdc_serve_request_duration_seconds Time to answer a request, by route.\n"
           "# TYPE cdc_serve_request_duration_seconds histogram\n";
    for (size_t i = 0; i < names_.size(); ++i) {
        const std::string label = "route=\"" + names_[i] + "\"";
        std::uint64_t cumulative = 0;
        for (size_t b = 0; b <= bounds.size(); ++b) {
            cumulative += routes_[i].by_bound[b].load(std::memory_order_relaxed);
            char le[32];
            if (b < bounds.size()) std::snprintf(le, sizeof le, "%g", bounds[b]);
            else std::snprintf(le, sizeof le, "+Inf");
            out += "cdc_serve_request_duration_seconds_bucket{" + label + ",le=\"" + le + "\"} " +
                   std::to_string(cumulative) + "\n";
        }
        char sum[64];
        std::snprintf(sum, sizeof sum, "%.9f", routes_[i].nanoseconds.load(std::memory_order_relaxed) / 1e9);
        out += "cdc_serve_request_duration_seconds_sum{" + label + "} " + sum + "\n";
        out += "cdc_serve_request_duration_seconds_count{" + label + "} " + std::to_string(cumulative) + "\n";
    }
    return out;
}

} // namespace cdc::http
