#include "binlog/control_events.h"
#include "binlog/event_type.h"
#include "binlog_builder.h"

#include <catch2/catch.hpp>

using namespace cdc;

namespace {

// A MariaDB GTID_LIST event's body: its count, then domain, server id and sequence of each.
binlog::Event gtid_list(test::Bytes& body, std::initializer_list<std::tuple<uint32_t, uint32_t, uint64_t>> gtids) {
    body.le(gtids.size(), 4);
    for (auto [domain, server, seq] : gtids) body.le(domain, 4).le(server, 4).le(seq, 8);
    binlog::Event e;
    e.header.type = binlog::mariadb_gtid_list;
    e.body = binlog::ByteCursor(reinterpret_cast<const uint8_t*>(body.data.data()), body.data.size(), 19);
    return e;
}

} // namespace

TEST_CASE("a MariaDB GTID_LIST is read as a state of one GTID per domain, its last in the list", "[binlog]") {
    test::Bytes body;
    // After a failover from server 1 to server 2 the list holds both servers' last GTIDs of a
    // domain; the server writes the domain's most recent one last (rpl_binlog_state::get_gtid_list).
    auto e = gtid_list(body, {{0, 1, 100}, {1, 1, 7}, {0, 2, 105}, {1, 3, 2}});
    CHECK(binlog::parse_mariadb_gtid_list(e) == "0-2-105,1-3-2"); // 1-3-2: gtid_strict_mode off

    test::Bytes one;
    CHECK(binlog::parse_mariadb_gtid_list(gtid_list(one, {{0, 1, 100}})) == "0-1-100");
    test::Bytes none;
    CHECK(binlog::parse_mariadb_gtid_list(gtid_list(none, {})).empty());
}

TEST_CASE("XA_PREPARE names its XID as the XA statements do, and says whether it commits at once", "[binlog]") {
    test::Bytes body;
    body.u8(1).le(3, 4).le(2, 4).le(1, 4).raw("ab").raw("\xff");
    binlog::Event e;
    e.header.type = binlog::xa_prepare;
    e.body = binlog::ByteCursor(reinterpret_cast<const uint8_t*>(body.data.data()), body.data.size(), 19);
    binlog::XaPrepareEvent x = binlog::parse_xa_prepare(e);
    CHECK(x.one_phase);
    CHECK(x.xid == "X'6162',X'ff',3");

    test::Bytes too_long;
    too_long.u8(0).le(1, 4).le(65, 4).le(0, 4).raw(std::string(65, 'a'));
    e.body = binlog::ByteCursor(reinterpret_cast<const uint8_t*>(too_long.data.data()), too_long.data.size(), 19);
    CHECK_THROWS_AS(binlog::parse_xa_prepare(e), binlog::DecodeError);
}

TEST_CASE("INCIDENT gives its number and message, which may be absent", "[binlog]") {
    test::Bytes body;
    body.le(1, 2).u8(4).raw("lost");
    binlog::Event e;
    e.header.type = binlog::incident;
    e.body = binlog::ByteCursor(reinterpret_cast<const uint8_t*>(body.data.data()), body.data.size(), 19);
    binlog::IncidentEvent i = binlog::parse_incident(e);
    CHECK(i.number == 1);
    CHECK(i.message == "lost");
    test::Bytes bare;
    bare.le(66, 2);
    e.body = binlog::ByteCursor(reinterpret_cast<const uint8_t*>(bare.data.data()), bare.data.size(), 19);
    CHECK(binlog::parse_incident(e).number == 66);
    CHECK(binlog::parse_incident(e).message.empty());
}
