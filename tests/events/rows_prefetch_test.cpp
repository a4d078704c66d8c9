#include "binlog/binlog_builder.h"
#include "binlog/binlog_file.h"
#include "binlog/event_type.h"
#include "config/failure.h"
#include "events/offline_capture.h"
#include "events/rows_prefetch.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace cdc::test;

namespace {

std::string file_of(const std::vector<std::string>& events, const std::string& tail = "") {
    auto path = std::filesystem::temp_directory_path() /
                ("cdc-prefetch-" + std::to_string(getpid()) + "-" + std::to_string(events.size()) + ".bin");
    std::ofstream(path, std::ios::binary) << binlog_file(events) << tail;
    return path.string();
}

// The lines with their top-level ts_ms (when capture wrote them, ",\"ts_ms\":N" before "key") taken out.
std::string without_capture_time(const std::string& text) {
    std::string out;
    const std::string key = ",\"key\":";
    size_t from = 0;
    for (size_t at; (at = text.find(key, from)) != std::string::npos; from = at + key.size()) {
        size_t ts = text.rfind(",\"ts_ms\":", at);
        out.append(text, from, ts - from);
        out += key;
    }
    out.append(text, from);
    return out;
}

struct Outcome {
    std::string lines; // with the top-level ts_ms (when capture wrote the line) taken out
    std::string error;
};

Outcome capture(const std::string& path, unsigned threads, const std::string& tables = "*.*") {
    cdc::events::CaptureSettings settings;
    settings.tables = cdc::events::TableFilter(tables, "");
    settings.include_query = true;
    settings.positional_column_names = true;
    settings.decode_threads = threads;
    cdc::events::StringOutput out;
    Outcome o;
    try {
        cdc::events::capture_binlog_files({path}, settings, out);
    } catch (const cdc::Failure& e) { o.error = e.what(); }
    o.lines = without_capture_time(out.text);
    return o;
}

} // namespace

TEST_CASE("rows decoded ahead on threads give the lines rows decoded in line give", "[events]") {
    // Many events of many rows, more than is read ahead at once: inserts, updates (some change
    // the key: a delete and a create), deletes, a rollback, a table not captured, and damage at
    // the end.
    std::vector<std::string> events;
    int64_t id = 0;
    for (int t = 0; t < 150; ++t) {
        events.push_back(query("BEGIN"));
        events.push_back(items_map());
        for (int e = 0; e < 6; ++e) {
            std::string rows;
            for (int r = 0; r < 40; ++r, ++id) rows += item(id, "item " + std::to_string(id));
            events.push_back(rows_event(23, 7, 2, rows));
        }
        std::string updates = item(id, "old") + item(id, "new") + item(id - 1, "k") + item(id + 100000, "k");
        events.push_back(rows_event(24, 7, 2, updates));
        events.push_back(rows_event(25, 7, 2, item(id - 2, "gone")));
        events.push_back(query(t % 10 == 3 ? "ROLLBACK" : "COMMIT"));
    }
    std::string damage = event(23, Bytes().le(7, 6).data).substr(0, 12);
    std::string path = file_of(events, damage);
    Outcome in_line = capture(path, 0);
    REQUIRE(std::count(in_line.lines.begin(), in_line.lines.end(), '\n') == 135 * (240 + 4));
    CHECK_THAT(in_line.error, Catch::Contains("truncated event header"));
    for (unsigned threads : {1u, 3u}) {
        INFO(threads << " threads");
        Outcome ahead = capture(path, threads);
        CHECK(ahead.lines == in_line.lines);
        CHECK(ahead.error == in_line.error);
        Outcome none = capture(path, threads, "shop.other");
        CHECK(none.lines.empty());
    }
    std::filesystem::remove(path);
}

TEST_CASE("every fixture file gives the same lines and errors with rows decoded ahead", "[events]") {
    for (const auto& entry : std::filesystem::directory_iterator(CDC_FIXTURES_DIR "/binlog")) {
        if (entry.path().filename() == "README.md") continue;
        INFO(entry.path().filename());
        Outcome in_line = capture(entry.path().string(), 0);
        Outcome ahead = capture(entry.path().string(), 2);
        CHECK(ahead.lines == in_line.lines);
        CHECK(ahead.error == in_line.error);
    }
}

namespace {

using Decode = std::function<void(const cdc::binlog::TableMap&, cdc::events::DecodedRows&)>;

// Hands a ChangeStream the events of `path`, each rows event with rows that `decode` makes,
// given the table map of the file; returns the lines.
std::string handle_with(const std::string& path, const Decode& decode) {
    cdc::events::CaptureSettings settings;
    settings.tables = cdc::events::TableFilter("*.*", "");
    cdc::events::StringOutput out;
    cdc::events::ChangeStream stream(settings, out);
    stream.start_file("prefetch.bin");
    cdc::binlog::BinlogFile file(path);
    cdc::binlog::TableMap map;
    while (auto e = file.next()) {
        if (e->header.type == cdc::binlog::table_map) map = cdc::binlog::parse_table_map(*e);
        cdc::events::DecodedRows decoded;
        bool rows = cdc::binlog::is_rows_event(e->header.type);
        if (rows) decode(map, decoded);
        stream.handle(*e, rows ? &decoded : nullptr);
    }
    return out.text;
}

// Rows decoded from `event` (a rows event of `path`'s table) with `map`.
void decode_rows(const std::string& rows_event_bytes, cdc::binlog::TableMap map, cdc::events::DecodedRows& d) {
    d.map = std::make_shared<cdc::binlog::TableMap>(std::move(map));
    std::string path = file_of({rows_event_bytes});
    cdc::binlog::BinlogFile file(path);
    auto e = file.next();
    while (e && !cdc::binlog::is_rows_event(e->header.type)) e = file.next();
    cdc::binlog::RowsEvent rows(*e);
    d.before.resize(8);
    d.after.resize(8);
    while (rows.next(*d.map, d.before[d.rows], d.after[d.rows])) ++d.rows;
    std::filesystem::remove(path);
}

} // namespace

TEST_CASE("rows decoded ahead are used only where their table map is the stream's", "[events]") {
    std::string path =
        file_of({query("BEGIN"), items_map(), rows_event(23, 7, 2, item(1, "pen") + item(2, "ink")), xid()});
    std::string other_rows = rows_event(23, 7, 2, item(1, "PEN") + item(2, "INK"));
    // The same map: the rows decoded ahead are the ones written (here, other rows, to show it).
    std::string used = handle_with(path, [&](const auto& map, auto& d) { decode_rows(other_rows, map, d); });
    CHECK_THAT(used, Catch::Contains(R"("after":{"id":1,"name":"PEN"})"));
    // Another map (a column named otherwise, as where the tracked schema names it), or a
    // decoding that failed: the stream decodes the event itself.
    std::string renamed = handle_with(path, [&](auto map, auto& d) {
        map.columns[1].name = "label";
        map.columns[1].json_member = R"(,"label":)";
        decode_rows(other_rows, map, d);
    });
    CHECK_THAT(renamed, Catch::Contains(R"("after":{"id":1,"name":"pen"})"));
    CHECK_THAT(renamed, !Catch::Contains("label"));
    std::string failed = handle_with(path, [&](const auto& map, auto& d) {
        decode_rows(other_rows, map, d);
        d.failed = true;
    });
    CHECK_THAT(failed, Catch::Contains(R"("after":{"id":2,"name":"ink"})"));
    std::filesystem::remove(path);
}

TEST_CASE("rows of tables the binlog does not name are decoded ahead with the stream's names", "[events]") {
    // MINIMAL metadata: the TABLE_MAP names no column; --positional-column-names names them.
    std::string unnamed = table_map(7, {8, 15}, Bytes().le(80, 2).data, {});
    std::string path = file_of({unnamed, table_map(8, {8}, Bytes().data, {}, "shop", "other")});
    cdc::binlog::BinlogFile file(path);
    cdc::events::CaptureSettings settings;
    settings.tables = cdc::events::TableFilter("shop.items", "");
    settings.positional_column_names = true;
    cdc::events::StringOutput out;
    cdc::events::ChangeStream stream(settings, out);
    stream.start_file("prefetch.bin");
    auto items = file.next();
    while (items && items->header.type != cdc::binlog::table_map) items = file.next();
    REQUIRE(items);
    cdc::binlog::TableMap parsed = cdc::binlog::parse_table_map(*items);
    REQUIRE_FALSE(parsed.has_names);
    // Not known before the stream reaches a TABLE_MAP of the table: not decoded ahead.
    CHECK(stream.prefetch_map(parsed) == nullptr);
    stream.handle(*items);
    auto named = stream.prefetch_map(parsed);
    REQUIRE(named);
    CHECK(named->columns[0].name == "col_1");
    CHECK(named->columns[1].json_member == R"(,"col_2":)");
    CHECK(stream.prefetch_map(parsed) == named); // one map while the table's is the same
    auto other = file.next();
    REQUIRE(other);
    CHECK(stream.prefetch_map(cdc::binlog::parse_table_map(*other)) == nullptr); // not captured
    std::filesystem::remove(path);
}

TEST_CASE("a file the binlog names no column of gives the same lines with rows decoded ahead", "[events]") {
    std::vector<std::string> events;
    for (int64_t t = 0; t < 40; ++t) {
        events.push_back(query("BEGIN"));
        events.push_back(table_map(7, {8, 15}, Bytes().le(80, 2).data, {}));
        std::string rows;
        for (int64_t r = 0; r < 30; ++r) rows += item(t * 30 + r, "item");
        events.push_back(rows_event(30, 7, 2, rows));
        events.push_back(xid());
    }
    std::string path = file_of(events);
    Outcome in_line = capture(path, 0);
    CHECK(std::count(in_line.lines.begin(), in_line.lines.end(), '\n') == 40 * 30);
    CHECK_THAT(in_line.lines, Catch::Contains(R"("after":{"col_1":0,"col_2":"item"})"));
    Outcome ahead = capture(path, 2);
    CHECK(ahead.lines == in_line.lines);
    CHECK(ahead.error == in_line.error);
    std::filesystem::remove(path);
}
