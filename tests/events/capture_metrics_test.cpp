// What /health says of capture: starting (a snapshot), streaming, or down.
#include "events/capture_metrics.h"

#include <catch2/catch.hpp>

using cdc::events::CaptureMetrics;

TEST_CASE("health: starting while a snapshot is taken, ok while streaming, down once the source is lost", "[events]") {
    CaptureMetrics m;
    CHECK_THAT(m.health_json(), Catch::StartsWith(R"({"status":"down","connected":false,)"));
    m.starting(true);
    CHECK_THAT(m.health_json(), Catch::StartsWith(R"({"status":"starting","connected":true,)"));
    CHECK_THAT(m.metrics_text(), Catch::Contains("cdc_capture_connected 1")); // as /health says
    m.starting(false);
    m.connected(true);
    CHECK_THAT(m.health_json(), Catch::StartsWith(R"({"status":"ok","connected":true,)"));
    m.connected(false);
    CHECK_THAT(m.health_json(), Catch::StartsWith(R"({"status":"down","connected":false,)"));
}
