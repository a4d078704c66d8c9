// Inputs the fuzzer found: the ones that once failed (tests/fuzz/regressions) and the ones that
// reached new code (tests/fuzz/seeds). Each must end, with rows or a one-line error.
// Rows are whole JSON lines: each parses as JSON and ends in a newline.
#include "config/failure.h"
#include "events/offline_capture.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace {

void check_ends_cleanly(const std::filesystem::path& folder) {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        INFO(entry.path().filename());
        cdc::events::CaptureSettings settings;
        settings.tables = cdc::events::TableFilter("*.*", "");
        settings.positional_column_names = true;
        cdc::events::StringOutput out;
        try {
            cdc::events::capture_binlog_files({entry.path().string()}, settings, out);
        } catch (const cdc::Failure& e) {
            std::string message = e.what();
            CHECK(message.find(entry.path().string()) == 0);
            CHECK(message.find('\n') == std::string::npos);
            continue;
        }
        // No error: the output is whole JSON lines.
        CHECK((out.text.empty() || out.text.back() == '\n'));
        for (size_t at = 0; at < out.text.size();) {
            size_t end = out.text.find('\n', at);
            if (end == std::string::npos) end = out.text.size();
            std::string line = out.text.substr(at, end - at);
            INFO("line: " << line);
            CHECK(end < out.text.size()); // ends with a newline
            CHECK_NOTHROW(nlohmann::json::parse(line));
            at = end + 1;
        }
    }
}

} // namespace

TEST_CASE("fuzzer findings end with rows or a one-line error", "[binlog][fuzz]") {
    check_ends_cleanly(CDC_SOURCE_DIR "/tests/fuzz/regressions");
    check_ends_cleanly(CDC_SOURCE_DIR "/tests/fuzz/seeds");
}
