#include "kafka/routing.h"

#include <catch2/catch.hpp>

using cdc::kafka::RoutedLine;
using cdc::kafka::Router;

namespace {
const std::string event =
    R"({"before":null,"after":{"order_item_id":1,"price":"5000.00"},"source":{"version":"0.1.0","connector":"mysql",)"
    R"("name":"cdc","db":"ecommerce_db","table":"order_items","server_id":1,"gtid":"0-1-42","file":"mariadb-bin.000002",)"
    R"("pos":4321,"row":0},"op":"c","ts_ms":1,"key":{"order_item_id":1}})";

} // namespace

TEST_CASE("capture events go to PREFIX-TABLE keyed by their primary key, with their position in headers") {
    RoutedLine r;
    REQUIRE(Router("cdc-{table}", "").route(event, r).empty());
    CHECK(r.topic == "cdc-order_items");
    CHECK(r.key == R"({"order_item_id":1})");
    CHECK_FALSE(r.heartbeat);
    CHECK(r.position == R"({"file":"mariadb-bin.000002","pos":4321,"gtid":"0-1-42","row":0,"server_id":1})");
    CHECK(r.source.substr(0, 11) == R"({"version":)");
}

TEST_CASE("the position of a line too long to keep is read from its end") {
    using cdc::kafka::position_in_line_end;
    std::string position = R"({"file":"mariadb-bin.000002","pos":4321,"gtid":"0-1-42","row":0,"server_id":1})";
    CHECK(position_in_line_end(event) == position);
    CHECK(position_in_line_end(event.substr(event.find(",\"source\""))) == position);
    // A value that quotes a source block holds it escaped, so it is never taken for the line's.
    std::string quoting = R"({"before":null,"after":{"note":"x\",\"source\":{\"file\":\"fake\"},\"op\":\""},)" +
                          event.substr(event.find("\"source\""));
    CHECK(position_in_line_end(quoting) == position);
    CHECK(position_in_line_end(event.substr(event.find("\"file\""))).empty()); // cut inside the block
    CHECK(position_in_line_end(std::string(1000, 'x')).empty());
    CHECK(position_in_line_end(R"(,"source":{"file":},"op":"c")").empty()); // damaged
}

TEST_CASE("rows of a table without a primary key have no message key") {
    RoutedLine r;
    REQUIRE(Router("cdc-{table}", "").route(R"({"op":"c","source":{"table":"log"},"key":null})", r).empty());
    CHECK(r.key.empty());
    CHECK(r.topic == "cdc-log");
}

TEST_CASE("topic templates take {db} and {table}") {
    RoutedLine r;
    REQUIRE(Router("{db}.{table}.changes", "").route(event, r).empty());
    CHECK(r.topic == "ecommerce_db.order_items.changes");
}

TEST_CASE("heartbeats are recognised, not routed") {
    RoutedLine r;
    REQUIRE(Router("cdc-{table}", "").route(R"({"heartbeat":{"ts_ms":5},"source":{"file":"b.1","pos":9}})", r).empty());
    CHECK(r.heartbeat);
    CHECK(r.source == R"({"file":"b.1","pos":9})");
}

TEST_CASE("any JSON line can be published with a fixed topic and a key pointer") {
    RoutedLine r;
    Router router("clicks", "/user/id");
    REQUIRE(router.route(R"({"user":{"id":"u-17"},"page":"/"})", r).empty());
    CHECK(r.topic == "clicks");
    CHECK(r.key == "u-17"); // a string key is its text
    REQUIRE(router.route(R"({"user":{"id":17}})", r).empty());
    CHECK(r.key == "17");
    CHECK(r.position.empty());
}

TEST_CASE("lines that cannot be routed say why") {
    RoutedLine r;
    Router router("cdc-{table}", "");
    CHECK(router.route("{\"op\":", r).rfind("not JSON: ", 0) == 0);
    CHECK(router.route("[1,2]", r) == "not a JSON object");
    CHECK(router.route(R"({"op":"c","source":{"table":"t"}})", r).find("no \"key\" member") == 0);
    CHECK(router.route(R"({"key":{"id":1},"source":{"db":"x"}})", r) ==
          "no source.table for the topic template cdc-{table}");
    CHECK(Router("t", "/id").route(R"({"x":1})", r) == "no value at the key pointer /id");
}

TEST_CASE("a topic name Kafka would refuse is a bad line, or a usage error when fixed") {
    RoutedLine r;
    CHECK(Router("cdc-{table}", "").route(R"({"key":null,"source":{"table":"my$t"}})", r) ==
          "topic name \"cdc-my$t\" has '$' (Kafka allows letters, digits, . _ and -)");
    CHECK(Router("{table}", "").route(R"({"key":null,"source":{"table":".."}})", r) ==
          "\"..\" is not a legal topic name");
    CHECK(Router("{db}-{table}", "")
              .route(R"({"key":null,"source":{"db":"d","table":")" + std::string(248, 't') + "\"}}", r) ==
          "topic name of 250 characters (Kafka allows 249)");
    CHECK_THROWS_WITH(Router("my topic", ""), "topics named my topic (from --topic or --topic-prefix): topic name "
                                              "\"my topic\" has ' ' (Kafka allows "
                                              "letters, digits, . _ and -)");
    CHECK_THROWS_WITH(Router("cdc-{tabel}", ""), Catch::Contains("has '{'"));
    CHECK(cdc::kafka::topic_name_problem("cdc.orders_v2-x").empty());
}
