// The dashboard in headless Chromium against a seeded sink: the charts, totals and breakdown
// show the seeded values, and a screenshot is kept among the test outputs.
#include "http/seed_summary.h"
#include "http/serve_process.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>

using namespace serve_test;

namespace {

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return out;
    char buffer[65536];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
    pclose(pipe);
    return out;
}

// Debian's chromium, headless, with nothing that reaches the network by itself. The virtual
// time budget lets the page's requests finish before the DOM is written.
std::string chromium(const std::string& profile, const std::string& what, const std::string& url) {
    return run("chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
               "--disable-component-update --disable-sync --no-first-run --user-data-dir=" +
               profile + " --window-size=1280,1500 --virtual-time-budget=10000 " + what + " '" + url + "' 2>/dev/null");
}

} // namespace

TEST_CASE("The dashboard draws the seeded sales of a merchant") {
    const std::int64_t day = seed_day + 2 * 86400; // 2001-01-03
    seed_summary(930001, 930001,
                 {{day + 10 * 3600, 930001, "Books", "1234.56", 3, 2},
                  {day + 10 * 3600 + 60, 930001, "Electronics", "0.01", 1, 1},
                  {day + 11 * 3600, 930001, "Electronics", "9999999999999.99", 5, 4}});
    ServeProcess serve(reader_url(), {"--cache-ttl", "0"});
    const std::string url =
        serve.base_url() + "/?merchant=930001&range=86400&bucket=1h&refresh=0&to=2001-01-04T00:00:00Z";
    const std::string profile = harness::output_dir() + "/chromium-profile";
    std::filesystem::remove_all(profile);

    const std::string dom = chromium(profile, "--dump-dom", url);
    INFO(dom);
    // The totals, summed exactly in cents.
    CHECK(dom.find("id=\"total-revenue\" data-value=\"10000000001234.56\">10,000,000,001,234.56<") !=
          std::string::npos);
    CHECK(dom.find("id=\"total-items\">9<") != std::string::npos);
    CHECK(dom.find("id=\"total-orders\">7<") != std::string::npos);
    // A bar per hour in each chart, with its exact value.
    CHECK(dom.find("data-time=\"2001-01-03T10:00:00Z\" data-value=\"1234.57\"") != std::string::npos);
    CHECK(dom.find("data-time=\"2001-01-03T11:00:00Z\" data-value=\"9999999999999.99\"") != std::string::npos);
    CHECK(dom.find("<title>2001-01-03T10:00:00Z: 4</title>") != std::string::npos); // items
    CHECK(dom.find("<title>2001-01-03T11:00:00Z: 4</title>") != std::string::npos); // orders
    // The breakdown by category and the merchant picker.
    CHECK(dom.find("<td>Electronics</td><td>10,000,000,000,000.00</td><td>6</td><td>5</td>") != std::string::npos);
    CHECK(dom.find("<option value=\"930001\">Merchant 930001</option>") != std::string::npos);
    CHECK(dom.find("Could not load") == std::string::npos);

    const std::string screenshot = harness::output_dir() + "/dashboard.png";
    std::filesystem::remove(screenshot);
    chromium(profile, "--screenshot=" + screenshot, url);
    REQUIRE(std::filesystem::exists(screenshot));
    CHECK(std::filesystem::file_size(screenshot) > 10000);
    std::filesystem::remove_all(profile);
}
