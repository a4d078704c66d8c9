#include "config/failure.h"
#include "inspect/event_stream.h"
#include "inspect/event_view.h"
#include "inspect/report.h"
#include "inspect/source_view.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace cdc::inspect;

TEST_CASE("reports render as aligned tables") {
    Report report;
    Table t{"things", {"name", "count", "note"}};
    t.rows.push_back({{"name", "a"}, {"count", 1}, {"note", nullptr}});
    t.rows.push_back({{"name", "longer"}, {"count", 22}, {"note", "x"}});
    report.tables = {t, Table{"empty", {"x"}}};
    report.notes = {"done"};
    CHECK(render(report) == "things\n"
                            "  name   count note\n"
                            "  a      1     -\n"
                            "  longer 22    x\n"
                            "\nempty\n  (none)\ndone\n");
}

TEST_CASE("bytes behind counts to the end of the last binlog, past file headers") {
    std::vector<BinlogFile> logs{{"b.000001", 1000}, {"b.000002", 504}, {"b.000003", 104}};
    CHECK(bytes_behind(logs, "b.000003", 104) == 0);
    CHECK(bytes_behind(logs, "b.000003", 4) == 100);
    CHECK(bytes_behind(logs, "b.000001", 900) == 100 + 500 + 100);
    CHECK(bytes_behind(logs, "b.000000", 4) == std::nullopt); // purged
}

TEST_CASE("event filters keep what matches every field") {
    auto event = nlohmann::json::parse(R"({"op":"u","source":{"db":"shop","table":"orders"}})");
    CHECK(EventFilter::parse("").matches(event));
    CHECK(EventFilter::parse("table=orders,op=u").matches(event));
    CHECK(EventFilter::parse("op=c,op=u").matches(event));
    CHECK_FALSE(EventFilter::parse("table=orders,op=d").matches(event));
    CHECK_FALSE(EventFilter::parse("db=other").matches(event));
    CHECK_THROWS_AS(EventFilter::parse("colour=red"), cdc::UsageError);
    CHECK_THROWS_AS(EventFilter::parse("table"), cdc::UsageError);
}

TEST_CASE("events read as one line: time, op, table, key and what changed") {
    auto update = nlohmann::json::parse(
        R"({"before":{"order_id":1001,"order_status":"CREATED","merchant_id":10},"after":{"order_id":1001,)"
        R"("order_status":"PAID","merchant_id":10},"source":{"db":"ecommerce_db","table":"orders"},"op":"u",)"
        R"("ts_ms":1764000000123,"key":{"order_id":1001}})");
    CHECK(describe_event(update) == R"(2025-11-24T16:00:00.123Z u ecommerce_db.orders {"order_id":1001} )"
                                    R"(order_status: "CREATED" -> "PAID")");
    auto remove = nlohmann::json::parse(R"({"before":{"id":3},"after":null,"source":{"db":"d","table":"t"},"op":"d",)"
                                        R"("ts_ms":0,"key":{"id":3}})");
    CHECK(describe_event(remove) == R"(1970-01-01T00:00:00.000Z d d.t {"id":3} {"id":3})");
    auto beat = nlohmann::json::parse(R"({"heartbeat":{"ts_ms":1},"source":{"file":"b.000001","pos":120}})");
    CHECK(describe_event(beat) == "heartbeat at b.000001:120");
}

TEST_CASE("inspect source shows the checkpoints named, else those under $CDC_HOME/checkpoints") {
    auto home = std::filesystem::temp_directory_path() / ("cdc-inspect-home-" + std::to_string(getpid()));
    std::filesystem::create_directories(home / "checkpoints");
    for (const char* name : {"b.json", "a.json"}) std::ofstream(home / "checkpoints" / name) << "{}";
    ::setenv("CDC_HOME", home.c_str(), 1);
    CHECK(cdc::inspect::checkpoint_files({"mine.json"}) == std::vector<std::string>{"mine.json"});
    CHECK(cdc::inspect::checkpoint_files({}) == std::vector<std::string>{(home / "checkpoints" / "a.json").string(),
                                                                         (home / "checkpoints" / "b.json").string()});
    std::filesystem::remove_all(home);
    CHECK(cdc::inspect::checkpoint_files({}).empty()); // no such folder
    ::unsetenv("CDC_HOME");
}

TEST_CASE("inspect events keeps the lines of a stream that match, and passes over what is not JSON") {
    std::istringstream in(R"({"op":"c","source":{"db":"shop","table":"orders"},"after":{"id":1}}
not json
{"op":"u","source":{"db":"shop","table":"items"},"after":{"id":2}}
)");
    std::FILE* out = std::tmpfile();
    REQUIRE(out);
    show_events(in, "", {}, EventFilter::parse("table=orders"), true, out);
    std::rewind(out);
    char text[512] = {};
    size_t n = std::fread(text, 1, sizeof text - 1, out);
    std::fclose(out);
    CHECK(std::string(text, n) == R"({"after":{"id":1},"op":"c","source":{"db":"shop","table":"orders"}})"
                                  "\n");
}
