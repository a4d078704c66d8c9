#include "config/failure.h"
#include "events/binlog_position.h"

#include <catch2/catch.hpp>

using cdc::events::BinlogPosition;

TEST_CASE("a position survives its JSON form", "[events]") {
    BinlogPosition p;
    p.file = "mariadb-bin.000007";
    p.pos = 123456789012;
    p.gtid_set = "0-1-100,1-2-5";
    p.last_gtid = "0-1-100";
    std::string json;
    p.append_json(json);
    BinlogPosition q = BinlogPosition::parse_json(json, "test");
    CHECK(q.file == p.file);
    CHECK(q.pos == p.pos);
    CHECK(q.gtid_set == p.gtid_set);
    CHECK(q.last_gtid == p.last_gtid);
    CHECK_THROWS_AS(BinlogPosition::parse_json("{\"file\":1}", "test"), cdc::Failure);
    CHECK_THROWS_AS(BinlogPosition::parse_json("not json", "test"), cdc::Failure);
}

TEST_CASE("MariaDB GTIDs advance their own domain of the GTID position", "[events]") {
    BinlogPosition p;
    p.advance_mariadb_gtid("0-1-5");
    CHECK(p.gtid_set == "0-1-5");
    p.advance_mariadb_gtid("1-1-7");
    CHECK(p.gtid_set == "0-1-5,1-1-7");
    p.advance_mariadb_gtid("0-2-6");
    CHECK(p.gtid_set == "0-2-6,1-1-7");
    p.advance_mariadb_gtid("10-1-1"); // domain 10 is not domain 1
    CHECK(p.gtid_set == "0-2-6,1-1-7,10-1-1");
}
