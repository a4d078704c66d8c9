#pragma once
// Request counts by route and status and a latency histogram by route, kept in atomics so
// that counting costs no lock, written out in the Prometheus text format.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cdc::http {

class RequestMetrics {
public:
    // The route labels, e.g. "/analytics/merchant/{merchantId}"; observe() takes an index.
    explicit RequestMetrics(std::vector<std::string> routes);

    void observe(size_t route, int status, double seconds);
    // cdc_serve_requests_total and cdc_serve_request_duration_seconds.
    std::string prometheus() const;

    static constexpr std::array<int, 6> statuses{200, 400, 404, 405, 500, 503}; // others count as "other"
    static constexpr std::array<double, 12> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1,    2.5};

private:
    struct Route {
        std::array<std::atomic<std::uint64_t>, statuses.size() + 1> by_status{};
        std::array<std::atomic<std::uint64_t>, bounds.size() + 1> by_bound{}; // not cumulative
        std::atomic<std::uint64_t> nanoseconds{0};
    };

    std::vector<std::string> names_;
    std::unique_ptr<Route[]> routes_;
};

} // namespace cdc::http
