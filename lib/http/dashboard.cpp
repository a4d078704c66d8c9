#include "http/dashboard.h"

namespace cdc::http {
namespace assets {
extern const std::string_view index_html;
extern const std::string_view dashboard_js;
extern const std::string_view dashboard_css;
} // namespace assets

std::span<const Asset> dashboard_assets() {
    static const Asset all[] = {
        {"/", "text/html; charset=utf-8", assets::index_html},
        {"/assets/dashboard.js", "text/javascript; charset=utf-8", assets::dashboard_js},
        {"/assets/dashboard.css", "text/css; charset=utf-8", assets::dashboard_css},
    };
    return all;
}

} // namespace cdc::http
