#include "config/failure.h"
#include "events/table_filter.h"

#include <catch2/catch.hpp>

using cdc::events::TableFilter;

TEST_CASE("an empty --tables is a usage error that says what to give") {
    for (const char* empty : {"", " ", ",", " , "}) {
        CAPTURE(empty);
        try {
            TableFilter(empty, "");
            FAIL("no error");
        } catch (const cdc::UsageError& e) {
            CHECK_THAT(e.what(), Catch::Contains("--tables is empty") && Catch::Contains("db.table"));
        }
    }
    CHECK(TableFilter("*", "").matches("shop", "orders"));
    CHECK(TableFilter("shop.*", "").matches("shop", "orders"));
    CHECK_NOTHROW(TableFilter("shop.orders", "")); // an empty --exclude-tables is the default
}
