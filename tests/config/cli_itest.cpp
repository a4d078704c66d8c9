// The command line as a user meets it: help, version, exit codes.
#include "harness/servers.h"

#include <catch2/catch.hpp>

using harness::run_cdc;

TEST_CASE("cdc --help lists the eight subcommands with their purpose") {
    auto r = run_cdc({"--help"});
    CHECK(r.status == 0);
    for (const char* sub : {"capture", "publish", "enrich", "process", "aggregate", "serve", "dlq-replay", "inspect"})
        CHECK_THAT(r.out, Catch::Contains(std::string("  ") + sub + " "));
}

TEST_CASE("cdc --version prints the version") {
    auto r = run_cdc({"--version"});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::StartsWith("cdc "));
}

TEST_CASE("usage errors exit 2") {
    CHECK(run_cdc({}).status == 2);
    CHECK(run_cdc({"no-such-subcommand"}).status == 2);
    CHECK(run_cdc({"--no-such-option"}).status == 2);
    CHECK(run_cdc({"capture", "--http-port", "99999"}).status == 2); // not a port
    CHECK(run_cdc({"capture", "--heartbeat-interval", "0"}).status == 2);
    // Options of live capture are not silently ignored when decoding files.
    auto offline = run_cdc({"capture", "--binlog-file", "any.bin", "--checkpoint", "cp.json"});
    CHECK(offline.status == 2);
    CHECK_THAT(offline.err, Catch::Contains("--checkpoint is for capture from the source, not --binlog-file"));
}

TEST_CASE("a subcommand not built yet says so in one line and exits 2") {
    auto r = run_cdc({"dlq-replay"});
    CHECK(r.status == 2);
    CHECK(r.err == "cdc dlq-replay: not built yet\n");
}
