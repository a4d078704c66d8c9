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

TEST_CASE("a position is read from the row of SHOW MASTER STATUS, MySQL's GTID set included", "[events]") {
    using Row = std::vector<std::optional<std::string>>;
    auto mariadb = BinlogPosition::from_status_row(Row{"mariadb-bin.000003", "4567", "", ""});
    REQUIRE(mariadb);
    CHECK(mariadb->file == "mariadb-bin.000003");
    CHECK(mariadb->pos == 4567);
    CHECK(mariadb->gtid_set.empty());
    auto mysql = BinlogPosition::from_status_row(Row{"binlog.000002", "157", "", "", "u1:1-5,\nu2:1-3"});
    REQUIRE(mysql);
    CHECK(mysql->gtid_set == "u1:1-5,u2:1-3");
    CHECK_FALSE(BinlogPosition::from_status_row(Row{std::nullopt, std::nullopt, "", ""})); // log_bin off
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

TEST_CASE("MySQL GTIDs join the intervals of their uuid and tag in the GTID set", "[events]") {
    const std::string u = "3e11fa47-71ca-11e1-9e33-c80aa9429562", v = "4e11fa47-71ca-11e1-9e33-c80aa9429562";
    auto advanced = [](std::string set, const std::string& gtid) {
        BinlogPosition p;
        p.gtid_set = std::move(set);
        p.advance_mysql_gtid(gtid);
        return p.gtid_set;
    };
    CHECK(advanced("", u + ":1") == u + ":1");
    CHECK(advanced(u + ":1-5", u + ":6") == u + ":1-6");
    CHECK(advanced(u + ":1-5", u + ":3") == u + ":1-5");
    CHECK(advanced(u + ":1-5:7-9", u + ":6") == u + ":1-9"); // fills the gap
    CHECK(advanced(u + ":2-5", u + ":9") == u + ":2-5:9");
    CHECK(advanced(u + ":2-5", u + ":1") == u + ":1-5");
    CHECK(advanced(u + ":1-5," + v + ":1-3", v + ":4") == u + ":1-5," + v + ":1-4");
    // MySQL 8.4 tags: a tag's numbers are its own.
    CHECK(advanced(u + ":1-5", u + ":batch:1") == u + ":1-5," + u + ":batch:1");
    CHECK(advanced(u + ":1-5," + u + ":batch:1", u + ":batch:2") == u + ":1-5," + u + ":batch:1-2");
    // As SHOW BINARY LOG STATUS prints it: the tags of a uuid after its untagged numbers.
    CHECK(advanced(u + ":1-5:batch:1-3", u + ":6") == u + ":1-6:batch:1-3");
}

TEST_CASE("positions compare by file sequence number, then offset; GTID sets by their entries", "[events]") {
    BinlogPosition a{"mariadb-bin.000009", 900, "", ""}, b{"mariadb-bin.000010", 4, "", ""};
    CHECK(a.precedes(b));
    CHECK_FALSE(b.precedes(a));
    CHECK_FALSE(a.precedes(a));
    CHECK(BinlogPosition{"mariadb-bin.000010", 3, "", ""}.precedes(b));
    CHECK(cdc::events::same_gtid_set("0-1-5,1-2-9", "1-2-9, 0-1-5"));
    CHECK_FALSE(cdc::events::same_gtid_set("0-1-5", "0-1-6"));
    CHECK_FALSE(cdc::events::same_gtid_set("0-1-5", "0-1-5,1-1-1"));
}

TEST_CASE("MariaDB GTIDs of one domain are ordered by sequence number", "[events]") {
    using cdc::events::mariadb_gtid_order;
    CHECK(mariadb_gtid_order("0-1-9", "0-2-10") == -1);
    CHECK(mariadb_gtid_order("0-1-10", "0-1-10") == 0);
    CHECK(mariadb_gtid_order("0-1-11", "0-1-10") == 1);
    CHECK_FALSE(mariadb_gtid_order("1-1-9", "0-1-10")); // another domain
    CHECK_FALSE(mariadb_gtid_order("3E11FA47-71CA-11E1-9E33-C80AA9429562:23", "0-1-10"));
}

TEST_CASE("a MariaDB GTID leaves one entry in its domain, whatever the state held", "[events]") {
    BinlogPosition p;
    p.gtid_set = "0-1-100,1-1-7,0-2-105"; // two servers' GTIDs in domain 0, as a GTID_LIST after a failover
    p.advance_mariadb_gtid("0-2-106");
    CHECK(p.gtid_set == "0-2-106,1-1-7");
    p.gtid_set = "0-2-106,0-2-106";
    p.advance_mariadb_gtid("0-2-107");
    CHECK(p.gtid_set == "0-2-107");
}

TEST_CASE("a MariaDB GTID state stands before a GTID, or just before it, by its entry of the GTID's domain",
          "[events]") {
    using cdc::events::mariadb_state_before;
    using cdc::events::mariadb_state_just_before;
    CHECK(mariadb_state_just_before("0-1-99,1-1-7", "0-2-100")); // the server id does not count
    CHECK(mariadb_state_before("0-1-99,1-1-7", "0-2-100"));
    CHECK_FALSE(mariadb_state_just_before("0-1-98", "0-1-100"));
    CHECK(mariadb_state_before("0-1-98", "0-1-100"));
    CHECK_FALSE(mariadb_state_before("0-1-100", "0-1-100"));
    CHECK_FALSE(mariadb_state_before("0-1-101", "0-1-100"));
    CHECK(mariadb_state_just_before("1-1-7", "0-1-1")); // the domain's first
    CHECK(mariadb_state_before("", "0-1-5"));
    CHECK_FALSE(mariadb_state_just_before("", "0-1-5"));
    CHECK_FALSE(mariadb_state_before("", "3E11FA47-71CA-11E1-9E33-C80AA9429562:23"));
}

TEST_CASE("a checkpoint's MariaDB state is read with one GTID per domain, the last of each", "[events]") {
    // Checkpoints written before states held one GTID per domain kept a GTID_LIST as it was.
    auto p = BinlogPosition::parse_json(
        R"({"file":"bin.000002","pos":4,"gtid_set":"0-1-100,1-1-7,0-2-105,1-3-2","last_gtid":null})", "checkpoint");
    CHECK(p.gtid_set == "0-2-105,1-3-2");
    CHECK(cdc::events::one_gtid_per_domain("0-2-105,0-1-100") == "0-1-100"); // most recent, not highest
    CHECK(cdc::events::one_gtid_per_domain("") == "");
    for (std::string mysql : {"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,3e11fa47-0000-11e1-9e33-c80aa9429562:1-3",
                              "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,tag:7"})
        CHECK(cdc::events::one_gtid_per_domain(mysql) == mysql);
}

TEST_CASE("a MariaDB GTID state covers another when it holds each of its domains as far", "[events]") {
    CHECK(cdc::events::mariadb_state_covers("0-1-10,5-1-4", "0-1-10,5-1-3"));
    CHECK(cdc::events::mariadb_state_covers("0-1-10,5-1-4", ""));
    CHECK(!cdc::events::mariadb_state_covers("0-1-10,5-1-4", "0-1-11"));
    CHECK(!cdc::events::mariadb_state_covers("0-1-10", "0-1-5,7-1-1")); // a domain it has no entry of
}
