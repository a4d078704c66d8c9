#include "events/live_capture.h"

#include <catch2/catch.hpp>

using cdc::events::explain_replication_error;

TEST_CASE("a purged binlog: start again from a new snapshot, into a new output file", "[events]") {
    std::string m = explain_replication_error("Could not find first log file name in binary log index file", 7,
                                              "mariadb-bin.000003", "", true);
    CHECK_THAT(m, Catch::Contains("mariadb-bin.000003"));
    CHECK_THAT(m, Catch::Contains("delete the checkpoint"));
    // Capture also resumes after the last line of the output file it appends to.
    CHECK_THAT(m, Catch::Contains("new output file"));
    CHECK_THAT(m, Catch::Contains("new snapshot"));
}

TEST_CASE("a position that is not the start of an event says the checkpoint is wrong", "[events]") {
    // What MariaDB 10.11 answers to a dump from offsets inside an event, or past the end.
    for (std::string server :
         {"bogus data in log event; the first event 'mariadb-bin.000001' at 5, the last event read from "
          "'mariadb-bin.000001' at 5, the last byte read from 'mariadb-bin.000001' at 24.",
          "binlog truncated in the middle of event; consider out of disk space on master; the first event "
          "'mariadb-bin.000001' at 100",
          "log event entry exceeded max_allowed_packet; Increase max_allowed_packet on master; the first event "
          "'mariadb-bin.000001' at 300",
          "Client requested master to start replication from impossible position; the first event "
          "'mariadb-bin.000001' at 999999"}) {
        std::string m = explain_replication_error(server, 7, "mariadb-bin.000001", "", true);
        INFO(m);
        CHECK_THAT(m, Catch::Contains("not the start of an event"));
        CHECK_THAT(m, Catch::Contains("edited or comes from another server"));
        CHECK_THAT(m, Catch::Contains("new output file"));
        CHECK_THAT(m, Catch::Contains("new snapshot"));
        CHECK_THAT(m, Catch::Contains(server)); // the server's own words too
    }
}

TEST_CASE("a damaged event in the middle of the stream is not blamed on the checkpoint", "[events]") {
    std::string m = explain_replication_error("bogus data in log event; the first event 'mariadb-bin.000001' at 4", 7,
                                              "mariadb-bin.000001", "", false);
    CHECK(m.find("checkpoint") == std::string::npos);
    CHECK_THAT(m, Catch::Contains("bogus data in log event"));
}

TEST_CASE("a dump from a GTID state that is purged names the state, not a binlog that still exists", "[events]") {
    // What MariaDB 10.11 answers when the binlogs before the state are purged; the checkpoint's
    // file (mariadb-bin.000002) is still there.
    std::string m = explain_replication_error("Could not find GTID state requested by slave in any binlog files. "
                                              "Probably the slave state is too old and required binlog files have "
                                              "been purged.",
                                              7, "mariadb-bin.000002", "0-1-5", true);
    CHECK_THAT(m, Catch::Contains("no longer has the binlogs that hold GTID state 0-1-5 (purged)"));
    CHECK(m.find("binlog mariadb-bin.000002") == std::string::npos);
    CHECK_THAT(m, Catch::Contains("new snapshot"));
}

TEST_CASE("a dump from a GTID the source never wrote says so", "[events]") {
    std::string m = explain_replication_error("Error: connecting slave requested to start from GTID 0-1-999999, "
                                              "which is not in the master's binlog",
                                              7, "mariadb-bin.000002", "0-1-999999", true);
    CHECK_THAT(m, Catch::Contains("binlogs do not hold GTID state 0-1-999999"));
    CHECK_THAT(m, Catch::Contains("another server"));
    CHECK_THAT(m, Catch::Contains("new snapshot"));
}
