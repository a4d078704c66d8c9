// Declared type words against TABLE_MAP type codes.
#include "binlog/column_type.h"
#include "events/type_words.h"

#include <catch2/catch.hpp>

using namespace cdc::binlog;
using cdc::events::type_matches;
using cdc::events::type_word;

TEST_CASE("TABLE_MAP types are checked against declared types", "[events]") {
    CHECK(type_matches(t_long, "int"));
    CHECK(type_matches(t_varchar, "varchar"));
    CHECK(type_matches(t_blob, "longtext"));
    CHECK(type_matches(t_enum, "enum"));
    CHECK_FALSE(type_matches(t_long, "varchar"));
    CHECK_FALSE(type_matches(t_datetime2, "decimal"));
    CHECK(type_matches(t_long, "inet6")); // a type this check does not know
    CHECK(type_matches(t_varchar, ""));
    CHECK(type_word(t_longlong) == "bigint");
    CHECK(type_matches(t_longlong, type_word(t_longlong)));
}
