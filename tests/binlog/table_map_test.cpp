// TABLE_MAP's optional metadata, as MariaDB and MySQL each write it.
#include "binlog/column_type.h"
#include "binlog/table_map.h"
#include "binlog_builder.h"

#include <catch2/catch.hpp>

using namespace cdc;

namespace {

// A TABLE_MAP body of `db`.t with `types`, their metadata, and optional fields (kind, bytes).
binlog::TableMap parse(const std::string& server_version, const std::vector<uint8_t>& types, const std::string& meta,
                       const std::vector<std::pair<uint8_t, std::string>>& fields, const std::string& db = "db") {
    test::Bytes b;
    b.le(1, 6).le(1, 2).u8(static_cast<uint8_t>(db.size())).raw(db).u8(0).u8(1).raw("t").u8(0).lenenc(types.size());
    for (uint8_t t : types) b.u8(t);
    b.lenenc_str(meta).le(0, static_cast<int>((types.size() + 7) / 8));
    for (const auto& [kind, field] : fields) b.u8(kind).lenenc_str(field);
    auto format = std::make_shared<binlog::FormatDescription>();
    format->server_version = server_version;
    binlog::Event e;
    e.body = binlog::ByteCursor(reinterpret_cast<const uint8_t*>(b.data.data()), b.data.size(), 19);
    e.format = format;
    return binlog::parse_table_map(e);
}

} // namespace

TEST_CASE("SIGNEDNESS has a bit for YEAR from MariaDB, and none from MySQL", "[binlog]") {
    using namespace binlog;
    // INT, YEAR, TINYINT, TINYINT UNSIGNED: MariaDB's bits 0,1,0,1; MySQL's 0,0,1 (no YEAR).
    std::vector<uint8_t> types = {t_long, t_year, t_tiny, t_tiny};
    for (auto [version, bits] : {std::pair{"10.11.6-MariaDB", '\x50'}, std::pair{"8.0.36", '\x20'}}) {
        INFO(version);
        TableMap t = parse(version, types, "", {{1, std::string(1, bits)}});
        CHECK_FALSE(t.columns[0].is_unsigned);
        CHECK_FALSE(t.columns[2].is_unsigned);
        CHECK(t.columns[3].is_unsigned);
    }
}

TEST_CASE("ENUM and SET strings and names come out in UTF-8, whatever their character set", "[binlog]") {
    using namespace binlog;
    // ENUM('café','naïve') CHARACTER SET latin1: its strings come in latin1 (collation 8).
    test::Bytes values;
    values.lenenc(2).lenenc_str("caf\xe9").lenenc_str("na\xefve");
    test::Bytes charset;
    charset.lenenc(8);
    TableMap t = parse("10.11.6-MariaDB", {t_string}, "\xf7\x01", {{6, values.data}, {10, charset.data}}, "d\xe9mo");
    REQUIRE(t.columns[0].type == t_enum);
    CHECK(t.columns[0].values == std::vector<std::string>{"caf\xc3\xa9", "na\xc3\xafve"});
    CHECK(t.db == "d\xc3\xa9mo"); // a name that is not UTF-8 (a damaged file): read as latin1
}

TEST_CASE("a TABLE_MAP says whether it knows signedness and character sets (not with NO_LOG)", "[binlog]") {
    using namespace binlog;
    std::vector<uint8_t> types = {t_long, t_varchar};
    std::string meta = std::string("\x28\x00", 2); // VARCHAR(40)
    TableMap none = parse("10.11.6-MariaDB", types, meta, {});
    CHECK_FALSE(none.signedness_known);
    CHECK_FALSE(none.charsets_known);
    TableMap minimal = parse("10.11.6-MariaDB", types, meta, {{1, std::string(1, '\x80')}, {2, "\x2d"}});
    CHECK(minimal.signedness_known);
    CHECK(minimal.charsets_known);
    CHECK(minimal.columns[0].is_unsigned);
    CHECK(minimal.columns[1].collation == 45);
    // Nothing to say for columns the table does not have.
    TableMap dates = parse("10.11.6-MariaDB", {t_date}, "", {});
    CHECK(dates.signedness_known);
    CHECK(dates.charsets_known);
}
