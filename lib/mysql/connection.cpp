#include "mysql/connection.h"

#include "config/failure.h"

#include <errmsg.h>
#include <mysqld_error.h>

namespace cdc::mysql {
namespace {

std::string hint(unsigned error, const std::string& role) {
    switch (error) {
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case CR_SERVER_LOST: return not_running_hint("the " + role);
    case CR_UNKNOWN_HOST: return " (check the host name in --" + role + ")";
    case ER_ACCESS_DENIED_ERROR:
        return " (check the user in --" + role + " and the password: CDC_" +
               std::string(role == "source" ? "SOURCE" : "SINK") + "_PASSWORD or --" + role + "-password-file)";
    case ER_BAD_DB_ERROR: return " (create it: see mysql/" + role + "-init/)";
    default: return "";
    }
}

} // namespace

Connection::Connection(const Endpoint& endpoint, std::string_view role)
    : handle_(mysql_init(nullptr)), endpoint_(endpoint), role_(role) {
    if (!handle_) throw Failure("out of memory creating a MySQL session");
    unsigned timeout = 5;
    unsigned protocol = MYSQL_PROTOCOL_TCP;
    mysql_options(handle_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_options(handle_, MYSQL_OPT_PROTOCOL, &protocol);
    mysql_options(handle_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    mysql_options(handle_, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
    if (!mysql_real_connect(handle_, endpoint.host.c_str(), endpoint.user.c_str(),
                            endpoint.password.empty() ? nullptr : endpoint.password.c_str(),
                            endpoint.database.empty() ? nullptr : endpoint.database.c_str(),
                            static_cast<unsigned>(endpoint.port), nullptr, 0)) {
        std::string message = "cannot connect to " + endpoint.redacted() + ": " + mysql_error(handle_) +
                              hint(mysql_errno(handle_), role_);
        mysql_close(handle_);
        throw Failure(message);
    }
}

Connection::~Connection() { mysql_close(handle_); }

bool Connection::is_mariadb() const {
    const char* version = mysql_get_server_info(handle_);
    return version && std::string_view(version).find("MariaDB") != std::string_view::npos;
}

std::string_view Connection::binlog_status_statement() const {
    return mysql::binlog_status_statement(is_mariadb(), mysql_get_server_version(handle_));
}

std::string_view binlog_status_statement(bool mariadb, unsigned long version) {
    return !mariadb && version >= 80200 ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
}

std::string quoted_literal(MYSQL* handle, std::string_view text) {
    std::string out(text.size() * 2 + 1, '\0');
    out.resize(mysql_real_escape_string(handle, out.data(), text.data(), static_cast<unsigned long>(text.size())));
    return "'" + out + "'";
}

void Connection::fail(std::string_view doing) const {
    throw Failure(std::string(doing) + " on " + endpoint_.redacted() + ": " + mysql_error(handle_) +
                  hint(mysql_errno(handle_), role_));
}

void Connection::execute(std::string_view sql) {
    if (mysql_real_query(handle_, sql.data(), sql.size()) != 0) fail("'" + std::string(sql) + "' failed");
    if (MYSQL_RES* result = mysql_store_result(handle_)) mysql_free_result(result);
}

Statement Connection::prepare(std::string_view sql) { return Statement(*this, sql); }

Statement::Statement(Connection& connection, std::string_view sql)
    : connection_(&connection), stmt_(mysql_stmt_init(connection.handle())), sql_(sql) {
    if (!stmt_) connection.fail("cannot create a statement");
    if (mysql_stmt_prepare(stmt_, sql_.data(), sql_.size()) != 0) fail("cannot prepare");
}

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_), stmt_(other.stmt_), sql_(std::move(other.sql_)) {
    other.stmt_ = nullptr;
}

Statement::~Statement() {
    if (stmt_) mysql_stmt_close(stmt_);
}

void Statement::fail(std::string_view doing) const {
    throw Failure(std::string(doing) + " '" + sql_ + "' on " + connection_->endpoint().redacted() + ": " +
                  mysql_stmt_error(stmt_));
}

void Statement::run(const std::vector<Value>& params) {
    if (params.size() != mysql_stmt_param_count(stmt_))
        throw Failure("'" + sql_ + "' takes " + std::to_string(mysql_stmt_param_count(stmt_)) + " values, given " +
                      std::to_string(params.size()));
    std::vector<MYSQL_BIND> binds(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
        MYSQL_BIND& bind = binds[i];
        bind = MYSQL_BIND{};
        std::visit(
            [&bind](const auto& value) {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    bind.buffer_type = MYSQL_TYPE_NULL;
                } else if constexpr (std::is_same_v<T, std::int64_t>) {
                    bind.buffer_type = MYSQL_TYPE_LONGLONG;
                    bind.buffer = const_cast<std::int64_t*>(&value);
                } else if constexpr (std::is_same_v<T, double>) {
                    bind.buffer_type = MYSQL_TYPE_DOUBLE;
                    bind.buffer = const_cast<double*>(&value);
                } else {
                    bind.buffer_type = MYSQL_TYPE_STRING;
                    bind.buffer = const_cast<char*>(value.data());
                    bind.buffer_length = value.size();
                }
            },
            params[i]);
    }
    if (!binds.empty() && mysql_stmt_bind_param(stmt_, binds.data())) fail("cannot bind values to");
    if (mysql_stmt_execute(stmt_) != 0) fail("cannot execute");
}

std::uint64_t Statement::execute(const std::vector<Value>& params) {
    run(params);
    auto affected = mysql_stmt_affected_rows(stmt_);
    mysql_stmt_free_result(stmt_);
    return affected;
}

std::vector<Row> Statement::query(const std::vector<Value>& params) {
    run(params);
    MYSQL_RES* meta = mysql_stmt_result_metadata(stmt_);
    if (!meta) return {};
    const unsigned columns = mysql_num_fields(meta);
    mysql_free_result(meta);

    // Each column is fetched as text into a small buffer, and again whole when it was cut.
    std::vector<MYSQL_BIND> binds(columns);
    std::vector<std::string> buffers(columns, std::string(64, '\0'));
    std::vector<unsigned long> lengths(columns);
    std::vector<my_bool> nulls(columns);
    for (unsigned c = 0; c < columns; ++c) {
        binds[c] = MYSQL_BIND{};
        binds[c].buffer_type = MYSQL_TYPE_STRING;
        binds[c].buffer = buffers[c].data();
        binds[c].buffer_length = buffers[c].size();
        binds[c].length = &lengths[c];
        binds[c].is_null = &nulls[c];
    }
    if (mysql_stmt_bind_result(stmt_, binds.data())) fail("cannot bind the result of");
    std::vector<Row> rows;
    for (;;) {
        int status = mysql_stmt_fetch(stmt_);
        if (status == MYSQL_NO_DATA) break;
        if (status == 1) fail("cannot fetch the result of");
        Row& row = rows.emplace_back(columns);
        for (unsigned c = 0; c < columns; ++c) {
            if (nulls[c]) continue;
            if (lengths[c] <= buffers[c].size()) {
                row[c] = std::string(buffers[c].data(), lengths[c]);
                continue;
            }
            std::string whole(lengths[c], '\0');
            MYSQL_BIND bind{};
            bind.buffer_type = MYSQL_TYPE_STRING;
            bind.buffer = whole.data();
            bind.buffer_length = whole.size();
            if (mysql_stmt_fetch_column(stmt_, &bind, c, 0)) fail("cannot fetch a long column of");
            row[c] = std::move(whole);
        }
    }
    mysql_stmt_free_result(stmt_);
    return rows;
}

} // namespace cdc::mysql
