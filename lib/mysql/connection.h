#pragma once
// A session with a MySQL or MariaDB server through the libmysqlclient API (MariaDB
// Connector/C). Every statement that carries values is a prepared statement.
#include "config/endpoint.h"

#include <cstdint>
#include <memory>
#include <mysql.h>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cdc::mysql {

// A parameter of a prepared statement. Decimals and times travel as strings.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;
// A result row: each column as text, NULL as nullopt.
using Row = std::vector<std::optional<std::string>>;

class Statement;

class Connection {
public:
    // role names the server in errors ("source", "sink"), whose hints say how to fix them.
    // Throws Failure. The session's time zone is UTC.
    Connection(const Endpoint& endpoint, std::string_view role);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // A statement without values (SET, BEGIN, COMMIT, DDL).
    void execute(std::string_view sql);
    Statement prepare(std::string_view sql);
    MYSQL* handle() { return handle_; }
    // From the server's greeting: no round trip.
    bool is_mariadb() const;
    // SHOW MASTER STATUS as this server knows it (see binlog_status_statement).
    std::string_view binlog_status_statement() const;
    const Endpoint& endpoint() const { return endpoint_; }

    // A Failure naming the server and the server's error, with a hint for common causes.
    [[noreturn]] void fail(std::string_view doing) const;

private:
    MYSQL* handle_;
    Endpoint endpoint_;
    std::string role_;
};

// The statement that shows the binlog file and position a server writes at: SHOW MASTER STATUS,
// named SHOW BINARY LOG STATUS since MySQL 8.2 (8.4 knows no other name). `version` as
// mysql_get_server_version gives it: 80400 for 8.4.0.
std::string_view binlog_status_statement(bool mariadb, unsigned long version);

// `text` as a quoted SQL string literal, for the statements that take no placeholders (SHOW
// BINLOG EVENTS IN).
std::string quoted_literal(MYSQL* handle, std::string_view text);

class Statement {
public:
    Statement(Connection& connection, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Runs the statement; returns the number of affected rows.
    std::uint64_t execute(const std::vector<Value>& params = {});
    // Runs the statement and returns all its rows.
    std::vector<Row> query(const std::vector<Value>& params = {});

private:
    void run(const std::vector<Value>& params);
    [[noreturn]] void fail(std::string_view doing) const;

    Connection* connection_;
    MYSQL_STMT* stmt_;
    std::string sql_;
};

} // namespace cdc::mysql
