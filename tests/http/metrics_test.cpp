#include "http/metrics.h"

#include <catch2/catch.hpp>

using cdc::http::RequestMetrics;

TEST_CASE("Requests are counted by route and status, with a cumulative latency histogram") {
    RequestMetrics metrics({"/a", "/b/{id}"});
    metrics.observe(0, 200, 0.0004);
    metrics.observe(0, 200, 0.003);
    metrics.observe(0, 404, 0.02);
    metrics.observe(1, 418, 5.0);
    const std::string text = metrics.prometheus();
    CHECK(text.find("cdc_serve_requests_total{route=\"/a\",status=\"200\"} 2\n") != std::string::npos);
    CHECK(text.find("cdc_serve_requests_total{route=\"/a\",status=\"404\"} 1\n") != std::string::npos);
    CHECK(text.find("cdc_serve_requests_total{route=\"/b/{id}\",status=\"other\"} 1\n") != std::string::npos);
    CHECK(text.find("status=\"500\"") == std::string::npos); // no zero series
    CHECK(text.find("cdc_serve_request_duration_seconds_bucket{route=\"/a\",le=\"0.0005\"} 1\n") != std::string::npos);
    CHECK(text.find("cdc_serve_request_duration_seconds_bucket{route=\"/a\",le=\"0.005\"} 2\n") != std::string::npos);
    CHECK(text.find("cdc_serve_request_duration_seconds_bucket{route=\"/a\",le=\"0.025\"} 3\n") != std::string::npos);
    CHECK(text.find("cdc_serve_request_duration_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n") != std::string::npos);
    CHECK(text.find("cdc_serve_request_duration_seconds_count{route=\"/a\"} 3\n") != std::string::npos);
    CHECK(text.find("cdc_serve_request_duration_seconds_sum{route=\"/a\"} 0.023400000\n") != std::string::npos);
    CHECK(text.find("cdc_serve_request_duration_seconds_bucket{route=\"/b/{id}\",le=\"2.5\"} 0\n") !=
          std::string::npos);
    CHECK(text.find("cdc_serve_request_duration_seconds_bucket{route=\"/b/{id}\",le=\"+Inf\"} 1\n") !=
          std::string::npos);
}
