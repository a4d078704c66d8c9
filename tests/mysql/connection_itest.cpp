#include "config/failure.h"
#include "harness/servers.h"
#include "mysql/connection.h"

#include <catch2/catch.hpp>

using cdc::mysql::Connection;

namespace {
std::string connect_error(const cdc::Endpoint& endpoint, const char* role) {
    try {
        Connection c(endpoint, role);
    } catch (const cdc::Failure& e) { return e.what(); }
    return "connected";
}
} // namespace

TEST_CASE("prepared statements carry values and return rows as text") {
    Connection admin(harness::servers().sink_admin, "sink");
    admin.execute("CREATE TABLE IF NOT EXISTS connection_itest (k VARCHAR(200) PRIMARY KEY, "
                  "amount DECIMAL(15,2), n BIGINT, at TIMESTAMP NULL)");
    admin.execute("DELETE FROM connection_itest");
    auto insert = admin.prepare("INSERT INTO connection_itest VALUES (?, ?, ?, ?)");
    CHECK(insert.execute({std::string("it's \"quoted\" ü"), std::string("9999999999999.99"),
                          std::int64_t{-9223372036854775807LL}, std::string("2025-01-02 03:04:05")}) == 1);
    CHECK(insert.execute({std::string("short"), std::string("0.01"), std::monostate{}, std::monostate{}}) == 1);

    auto rows = admin.prepare("SELECT k, amount, n, at FROM connection_itest ORDER BY amount DESC").query();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0][0] == "it's \"quoted\" ü");
    CHECK(rows[0][1] == "9999999999999.99");
    CHECK(rows[0][2] == "-9223372036854775807");
    CHECK(rows[0][3] == "2025-01-02 03:04:05"); // the session is UTC
    CHECK(rows[1][1] == "0.01");
    CHECK_FALSE(rows[1][2].has_value());

    std::string long_text(150, 'y');
    admin.prepare("UPDATE connection_itest SET k = ? WHERE amount = 0.01").execute({long_text});
    auto longer = admin.prepare("SELECT k FROM connection_itest WHERE amount = ?").query({std::string("0.01")});
    CHECK(longer.at(0).at(0) == long_text); // longer than the first fetch buffer
    admin.execute("DROP TABLE connection_itest");
}

TEST_CASE("the read-only sink user cannot write") {
    Connection reader(harness::servers().sink_reader, "sink");
    CHECK_THROWS_WITH(reader.execute("DELETE FROM merchant_sales_summary"), Catch::Contains("DELETE command denied"));
}

TEST_CASE("connection errors say how to fix them and never show the password") {
    auto wrong = harness::servers().sink;
    wrong.password = "not-the-password";
    auto message = connect_error(wrong, "sink");
    CHECK_THAT(message, Catch::Contains("cannot connect to " + wrong.redacted()));
    CHECK_THAT(message, Catch::Contains("CDC_SINK_PASSWORD"));
    CHECK_THAT(message, !Catch::Contains("not-the-password"));

    auto closed = harness::servers().source;
    closed.port = harness::closed_port();
    CHECK_THAT(connect_error(closed, "source"),
               Catch::Contains("is the source running? start it, or from a clone of cdc: scripts/infra up"));

    auto missing = harness::servers().sink_admin;
    missing.database = "no_such_db";
    CHECK_THAT(connect_error(missing, "sink"), Catch::Contains("Unknown database"));
}
