#pragma once
// A request the API refuses: the HTTP status and the one line that tells the client why.
#include <stdexcept>
#include <string>

namespace cdc::http {

struct ApiError : std::runtime_error {
    ApiError(int status, const std::string& message) : std::runtime_error(message), status(status) {}
    int status;
};

} // namespace cdc::http
