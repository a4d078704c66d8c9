// Inputs the fuzzer found (tests/fuzz/regressions): each must end, with rows or a one-line error.
#include "config/failure.h"
#include "events/offline_capture.h"

#include <catch2/catch.hpp>
#include <filesystem>

TEST_CASE("fuzzer findings end with rows or a one-line error", "[binlog][fuzz]") {
    for (const auto& entry : std::filesystem::directory_iterator(CDC_SOURCE_DIR "/tests/fuzz/regressions")) {
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
        }
    }
}
