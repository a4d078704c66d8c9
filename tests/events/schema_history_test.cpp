// The schema history that names TABLE_MAP columns when the binlog carries no names.
#include "binlog/charset.h"
#include "binlog/column_type.h"
#include "config/failure.h"
#include "events/schema_history.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace cdc::events;
using namespace cdc::binlog;

namespace {

SchemaHistory shop() {
    Schema s;
    s[{"shop", "items"}] = TrackedTable{{{"id", "bigint", {}}, {"name", "varchar", {}}}, {"id"}, ""};
    return SchemaHistory(TableFilter("shop.*", ""), s);
}

// A TABLE_MAP as binlog_row_metadata=MINIMAL logs it: signedness and character sets, no names.
TableMap unnamed(std::vector<uint8_t> types) {
    TableMap m;
    m.db = "shop";
    m.table = "items";
    m.signedness_known = m.charsets_known = true;
    for (uint8_t t : types) {
        Column c;
        c.type = t;
        m.columns.push_back(c);
    }
    return m;
}

BinlogPosition at(uint64_t pos) { return {"bin.000002", pos, "", ""}; }

// Whether a checkpoint at `pos` keeps a window: the schema does not hold for sure there.
bool unsure_at(const SchemaHistory& h, uint64_t pos) {
    std::string json = "{";
    h.append_checkpoint_members(json, at(pos));
    return nlohmann::json::parse(json + "}").contains("schema_window");
}

} // namespace

TEST_CASE("schema history: names, key and DDL", "[events]") {
    SchemaHistory h = shop();
    TableMap m = unnamed({t_longlong, t_varchar});
    REQUIRE(h.name_columns(m, at(100)) == "");
    CHECK(m.columns[1].name == "name");
    CHECK(m.has_primary_key);
    CHECK(m.primary_key == std::vector<uint32_t>{0});

    h.apply("ALTER TABLE items ADD COLUMN price DECIMAL(10,2) AFTER id", "shop", at(200));
    TableMap old_shape = unnamed({t_longlong, t_varchar});
    CHECK_THAT(h.name_columns(old_shape, at(300)), Catch::Contains("the binlog has 2 columns, the tracked schema 3"));
    TableMap swapped = unnamed({t_longlong, t_varchar, t_newdecimal});
    CHECK_THAT(h.name_columns(swapped, at(300)), Catch::Contains("column 2 (price decimal"));
    TableMap right = unnamed({t_longlong, t_newdecimal, t_varchar});
    REQUIRE(h.name_columns(right, at(300)) == "");
    CHECK(right.columns[1].name == "price");
}

TEST_CASE("schema history: a named TABLE_MAP teaches the table, even one left unknown", "[events]") {
    SchemaHistory h = shop();
    h.apply("ALTER TABLE items ADD SYSTEM VERSIONING", "shop", at(100));
    TableMap m = unnamed({t_longlong, t_varchar});
    CHECK_THAT(h.name_columns(m, at(200)), Catch::Contains("binlog_row_metadata=FULL"));
    TableMap named = unnamed({t_long, t_varchar});
    named.columns[0].name = "id";
    named.columns[1].name = "label";
    named.has_names = true;
    h.learn(named);
    TableMap next = unnamed({t_long, t_varchar});
    REQUIRE(h.name_columns(next, at(300)) == "");
    CHECK(next.columns[1].name == "label");
    CHECK_FALSE(next.has_primary_key); // unknown since the DDL, and the map says none

    SchemaHistory known = shop();
    known.learn(named);
    TableMap keyed = unnamed({t_long, t_varchar});
    REQUIRE(known.name_columns(keyed, at(300)) == "");
    CHECK(keyed.has_primary_key); // the key tracked before: the map said none
}

TEST_CASE("schema history: a schema read later holds only from where it was read", "[events]") {
    SchemaHistory h = shop();
    h.loaded_later(at(500));
    TableMap before = unnamed({t_longlong, t_varchar});
    CHECK_THAT(h.name_columns(before, at(400)), Catch::Contains("only known to hold from bin.000002:500"));
    h.apply("ALTER TABLE items DROP COLUMN name", "shop", at(450)); // already in what was read
    TableMap after = unnamed({t_longlong, t_varchar});
    CHECK(h.name_columns(after, at(600)) == "");

    SchemaHistory later = shop();
    later.loaded_later(at(500));
    later.apply("ALTER TABLE items ADD COLUMN z INT", "shop", at(600)); // past it: applied
    TableMap wider = unnamed({t_longlong, t_varchar, t_long});
    REQUIRE(later.name_columns(wider, at(700)) == "");
    CHECK(wider.columns[2].name == "z");
}

TEST_CASE("schema history: where a schema read later holds is looked for only once rows need names", "[events]") {
    SchemaHistory h = shop();
    int asked = 0;
    h.loaded_later(at(500), [&] { return ++asked, at(300); }); // the last DDL ends at 300
    h.apply("CREATE TABLE other (a INT)", "shop", at(150));
    CHECK(asked == 0);
    CHECK(unsure_at(h, 400));
    TableMap early = unnamed({t_longlong, t_varchar});
    CHECK_THAT(h.name_columns(early, at(200)), Catch::Contains("only known to hold from bin.000002:300"));
    TableMap later = unnamed({t_longlong, t_varchar});
    CHECK(h.name_columns(later, at(350)) == "");
    CHECK(asked == 1);
    CHECK_FALSE(unsure_at(h, 400));

    SchemaHistory no_ddl = shop();
    no_ddl.loaded_later(at(500), [] { return at(100); }); // none since the start
    TableMap first = unnamed({t_longlong, t_varchar});
    CHECK(no_ddl.name_columns(first, at(100)) == "");
}

TEST_CASE("schema history: a checkpoint inside the window keeps it apart, and a restart there resumes it", "[events]") {
    SchemaHistory h = shop();
    h.loaded_later(at(500), [] { return at(500); });
    TableMap other = unnamed({t_long});
    other.table = "other";
    other.columns[0].name = "a";
    other.has_names = true;
    h.learn(other); // a TABLE_MAP with names: known for sure
    std::string json = "{";
    h.append_checkpoint_members(json, at(200));
    nlohmann::json saved = nlohmann::json::parse(json + "}");
    // Only the sure table is in "schema": a version that knows no window refuses the others.
    Schema sure = SchemaHistory::parse_json(saved["schema"], "test");
    CHECK(sure.count({"shop", "other"}) == 1);
    CHECK(sure.count({"shop", "items"}) == 0);
    SchemaWindow window = SchemaHistory::parse_window(saved["schema_window"], "test");
    CHECK(window.holds_from.pos == 500);
    CHECK(window.tables.count({"shop", "items"}) == 1);

    SchemaHistory restarted(TableFilter("shop.*", ""), sure);
    int asked = 0;
    restarted.resume_window(window, [&] { return ++asked, at(250); }); // the last DDL ends at 250
    TableMap early = unnamed({t_longlong, t_varchar});
    CHECK_THAT(restarted.name_columns(early, at(200)), Catch::Contains("only known to hold from bin.000002:250"));
    TableMap later = unnamed({t_longlong, t_varchar});
    CHECK(restarted.name_columns(later, at(300)) == "");
    CHECK(later.columns[1].name == "name");
    CHECK(asked == 1);

    json = "{";
    restarted.append_checkpoint_members(json, at(300)); // past the window: all in "schema"
    saved = nlohmann::json::parse(json + "}");
    CHECK_FALSE(saved.contains("schema_window"));
    CHECK(SchemaHistory::parse_json(saved["schema"], "test") == restarted.schema());
    CHECK_THROWS_AS(SchemaHistory::parse_window(
                        nlohmann::json::parse(R"({"holds_from":{"file":"b","pos":4},"tables":{}})"), "test"),
                    cdc::Failure);
}

TEST_CASE("schema history: its JSON form, and a broken one", "[events]") {
    SchemaHistory h = shop();
    h.apply("CREATE TABLE other (a INT)", "shop", at(10));
    h.apply("ALTER TABLE other FROBNICATE", "shop", at(20));
    Schema back = SchemaHistory::parse_json(h.to_json(), "test");
    CHECK(back == h.schema());
    CHECK_FALSE(back.at({"shop", "other"}).unknown.empty());
    CHECK_THROWS_AS(SchemaHistory::parse_json(nlohmann::json::parse(R"([{"db":"x"}])"), "test"), cdc::Failure);
    CHECK_THROWS_AS(SchemaHistory::parse_json(nlohmann::json::parse("{}"), "test"), cdc::Failure);
}

TEST_CASE("schema history: MariaDB's old-format temporals with a fraction get their precision", "[events]") {
    SchemaHistory h = shop();
    h.apply("CREATE TABLE old (id INT, t TIME(3), d DATETIME(6), s TIMESTAMP(2), n DATETIME)", "shop", at(10));
    CHECK(SchemaHistory::parse_json(h.to_json(), "test") == h.schema()); // the precision is kept
    TableMap m = unnamed({t_long, t_time, t_datetime, t_timestamp2, t_datetime});
    m.table = "old";
    REQUIRE(h.name_columns(m, at(20)).empty());
    h.form_columns(m);
    // TIMESTAMP2 describes itself; DATETIME without a fraction is the plain old type.
    CHECK(std::vector<int>{m.columns[1].hires_fsp, m.columns[2].hires_fsp, m.columns[3].hires_fsp,
                           m.columns[4].hires_fsp} == std::vector<int>{3, 6, 0, 0});
    h.learn(m); // a named TABLE_MAP keeps the precision it does not carry
    CHECK(h.schema().at({"shop", "old"}).columns[2].fsp == 6);
}

TEST_CASE("schema history: without signedness and character sets in the binlog (NO_LOG), the schema gives them",
          "[events]") {
    Schema s;
    // As information_schema shows them: utf8mb4_general_ci is 45, latin1_swedish_ci 8, binary 63.
    s[{"shop", "items"}] = TrackedTable{{{"id", "bigint", {}, 0, true, 0},
                                         {"label", "varchar", {}, 0, false, 8},
                                         {"code", "varbinary", {}, 0, false, 63},
                                         {"note", "text", {}, 0, false, 45}},
                                        {"id"},
                                        ""};
    SchemaHistory h(TableFilter("shop.*", ""), s);
    TableMap m = unnamed({t_longlong, t_varchar, t_varchar, t_blob});
    m.signedness_known = m.charsets_known = false;
    REQUIRE(h.name_columns(m, at(100)) == "");
    CHECK(m.columns[0].is_unsigned);
    CHECK(std::vector<uint32_t>{m.columns[1].collation, m.columns[2].collation, m.columns[3].collation} ==
          std::vector<uint32_t>{8, 63, 45});
    CHECK(SchemaHistory::parse_json(h.to_json(), "test") == h.schema()); // kept in the checkpoint

    // A DDL says UNSIGNED and binary types for sure, but not a text column's character set.
    h.apply("ALTER TABLE items ADD COLUMN qty INT UNSIGNED ZEROFILL, ADD COLUMN raw BLOB", "shop", at(200));
    TableMap wider = unnamed({t_longlong, t_varchar, t_varchar, t_blob, t_long, t_blob});
    wider.signedness_known = wider.charsets_known = false;
    REQUIRE(h.name_columns(wider, at(300)) == "");
    CHECK(wider.columns[4].is_unsigned);
    CHECK(wider.columns[5].collation == 63);
    h.apply("ALTER TABLE items ADD COLUMN remark VARCHAR(20)", "shop", at(400));
    TableMap widest = unnamed({t_longlong, t_varchar, t_varchar, t_blob, t_long, t_blob, t_varchar});
    widest.signedness_known = widest.charsets_known = false;
    CHECK_THAT(h.name_columns(widest, at(500)),
               Catch::Contains("column remark") && Catch::Contains("binlog_row_metadata=MINIMAL or FULL"));
    // With the character sets in the binlog (MINIMAL), the same map is named.
    widest.charsets_known = true;
    CHECK(h.name_columns(widest, at(500)) == "");
}

TEST_CASE("schema history: what NO_LOG needs survives RENAME COLUMN, and DDL declares it with SERIAL, CHARACTER "
          "SET, COLLATE and CONVERT TO",
          "[events]") {
    Schema s;
    s[{"shop", "items"}] = TrackedTable{
        {{"id", "int", {}, 0, false, 0}, {"x", "int", {}, 0, true, 0}, {"e", "enum", {"a", "b"}, 0, false, 8}},
        {"id"},
        ""};
    SchemaHistory h(TableFilter("shop.*", ""), s);
    auto columns = [&] { return h.schema().at({"shop", "items"}).columns; };
    h.apply("ALTER TABLE items RENAME COLUMN x TO y, RENAME COLUMN e TO f", "shop", at(100));
    CHECK(columns()[1] == ColumnDef{"y", "int", {}, 0, true, 0});
    CHECK(columns()[2] == ColumnDef{"f", "enum", {"a", "b"}, 0, false, 8});
    h.apply("ALTER TABLE items ADD COLUMN z SERIAL, ADD COLUMN l VARCHAR(4) CHARACTER SET 'latin1', "
            "ADD COLUMN u VARCHAR(4) CHARSET utf8 COLLATE utf8_bin, ADD COLUMN c VARCHAR(4) COLLATE cp1251_bin, "
            "ADD COLUMN b VARCHAR(4) CHARACTER SET binary, ADD COLUMN n VARCHAR(4)",
            "shop", at(200));
    CHECK(columns()[3] == ColumnDef{"z", "bigint", {}, 0, true, 0});
    std::vector<std::string_view> charsets; // a collation of the character set named
    for (size_t i = 4; i < columns().size(); ++i)
        charsets.push_back(encoding_of_collation(columns()[i].collation).name);
    CHECK(charsets == std::vector<std::string_view>{"latin1", "utf8mb3", "cp1251", "binary", ""});
    CHECK(columns().back().collation == 0); // the table's default, not known
    h.apply("ALTER TABLE items CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", "shop", at(300));
    for (const ColumnDef& c : columns())
        if (c.type == "varchar" || c.type == "enum") CHECK(c.collation == 45);
    CHECK(columns()[0].collation == 0); // an INT has none
}
