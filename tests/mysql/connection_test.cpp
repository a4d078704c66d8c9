// What the client side knows of server dialects, without a server.
#include "mysql/connection.h"

#include <catch2/catch.hpp>

using cdc::mysql::binlog_status_statement;

TEST_CASE("the binlog status statement is the one each server knows", "[mysql]") {
    CHECK(binlog_status_statement(true, 101106) == "SHOW MASTER STATUS");     // MariaDB 10.11
    CHECK(binlog_status_statement(true, 110402) == "SHOW MASTER STATUS");     // MariaDB 11.4
    CHECK(binlog_status_statement(false, 50744) == "SHOW MASTER STATUS");     // MySQL 5.7
    CHECK(binlog_status_statement(false, 80040) == "SHOW MASTER STATUS");     // MySQL 8.0
    CHECK(binlog_status_statement(false, 80200) == "SHOW BINARY LOG STATUS"); // MySQL 8.2, which renamed it
    CHECK(binlog_status_statement(false, 80406) == "SHOW BINARY LOG STATUS"); // MySQL 8.4, which removed the old name
}
