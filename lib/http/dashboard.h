#pragma once
// The dashboard's files, compiled into the binary so that it needs nothing from the network.
#include <span>
#include <string_view>

namespace cdc::http {

struct Asset {
    std::string_view path; // as requested: "/", "/assets/dashboard.js"
    std::string_view content_type;
    std::string_view body;
};

std::span<const Asset> dashboard_assets();

} // namespace cdc::http
