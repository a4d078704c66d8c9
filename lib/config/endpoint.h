#pragma once
// A server the pipeline talks to, given as a URL:
//   mysql://user:password@host:port/database   redis://[user:password@]host:port/db
// User and password are percent-decoded, so any character can be written.
#include <string>
#include <string_view>

namespace cdc {

struct Endpoint {
    std::string scheme;
    std::string user;
    std::string password;
    std::string host;
    int port = 0;
    std::string database;

    // Throws UsageError naming the URL (without its password) and what is wrong with it.
    // `scheme`, when given, is the only one accepted ("mysql"); else mysql and redis are.
    static Endpoint parse(std::string_view url, std::string_view scheme = {});

    // The URL without its password: the only form that may appear in logs and errors.
    std::string redacted() const;
};

// Fills endpoint.password when the URL had none: from password_file (its first line) when
// one is named, else from the environment variable CDC_<ROLE>_PASSWORD.
// role is "source", "sink" or "redis". Throws Failure when the file cannot be read.
void resolve_password(Endpoint& endpoint, std::string_view role, const std::string& password_file);

} // namespace cdc
