#include "config/endpoint.h"

#include "config/failure.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>

namespace cdc {
namespace {

int default_port(std::string_view scheme) {
    if (scheme == "mysql") return 3306;
    if (scheme == "redis") return 6379;
    return 0;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::string percent_decode(std::string_view text, std::string_view what) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        int hi = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
        int lo = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            throw UsageError(std::string("bad percent-escape in the ") + std::string(what) +
                             " (write %XX with two hex digits, e.g. %40 for @)");
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string trim_newline(std::string line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return line;
}

} // namespace

Endpoint Endpoint::parse(std::string_view url, std::string_view scheme) {
    Endpoint e;
    // The option's own scheme when it has one: --source takes no redis:// URL.
    std::string expected = scheme.empty() ? "mysql:// or redis://" : std::string(scheme) + "://";
    auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        // Whatever precedes an '@' may be a password: never echo it.
        auto shown = url.find('@') == std::string_view::npos ? "'" + std::string(url) + "'" : "the value";
        throw UsageError(shown + " is not a URL (expected " + (scheme.empty() ? "scheme" : std::string(scheme)) +
                         "://[user[:password]@]host[:port][/db])");
    }
    e.scheme = std::string(url.substr(0, scheme_end));
    if (scheme.empty() ? default_port(e.scheme) == 0 : e.scheme != scheme)
        throw UsageError("unsupported URL scheme '" + e.scheme + "' (expected " + expected + ")");
    auto rest = url.substr(scheme_end + 3);

    // The password may hold '@' once percent-decoded, but never raw: the last '@' ends it.
    auto at = rest.rfind('@', rest.find('/'));
    // An '@' only past the first '/' is most likely that of a password holding a raw '/': read
    // as host, port or database, its parts would be echoed by the errors below.
    if (at == std::string_view::npos && rest.find('@') != std::string_view::npos)
        throw UsageError("the URL has '@' after its first '/': a '/' in a user name or password must be written "
                         "%2F (or give the password in the environment or a password file), an '@' in a "
                         "database name %40");
    if (at != std::string_view::npos) {
        auto userinfo = rest.substr(0, at);
        auto colon = userinfo.find(':');
        e.user = percent_decode(userinfo.substr(0, colon), "user name");
        if (colon != std::string_view::npos) e.password = percent_decode(userinfo.substr(colon + 1), "password");
        rest = rest.substr(at + 1);
    }
    auto slash = rest.find('/');
    auto hostport = rest.substr(0, slash);
    if (slash != std::string_view::npos) e.database = percent_decode(rest.substr(slash + 1), "database");

    auto colon = hostport.rfind(':');
    if (hostport.starts_with('[')) { // [::1]:3306
        auto close = hostport.find(']');
        if (close == std::string_view::npos) throw UsageError("unclosed '[' in the host of " + e.redacted());
        e.host = std::string(hostport.substr(1, close - 1));
        colon = hostport.size() > close + 1 && hostport[close + 1] == ':' ? close + 1 : std::string_view::npos;
    } else {
        e.host = std::string(hostport.substr(0, colon));
    }
    if (e.host.empty()) throw UsageError("no host in " + e.redacted() + " (e.g. 127.0.0.1)");
    e.port = default_port(e.scheme);
    if (colon != std::string_view::npos) {
        auto digits = hostport.substr(colon + 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), e.port);
        if (ec != std::errc() || end != digits.data() + digits.size() || e.port < 1 || e.port > 65535)
            throw UsageError("bad port '" + std::string(digits) + "' in " + e.redacted() + " (expected 1-65535)");
    }
    return e;
}

std::string Endpoint::redacted() const {
    std::string url = scheme + "://";
    if (!user.empty()) url += user + "@";
    url += host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != 0) url += ":" + std::to_string(port);
    if (!database.empty()) url += "/" + database;
    return url;
}

void resolve_password(Endpoint& endpoint, std::string_view role, const std::string& password_file) {
    if (!endpoint.password.empty()) return;
    if (!password_file.empty()) {
        std::ifstream in(password_file);
        if (!in)
            throw Failure("cannot read the " + std::string(role) + " password file " + password_file +
                          " (check that it exists and is readable)");
        std::string line;
        std::getline(in, line);
        endpoint.password = trim_newline(line);
        return;
    }
    std::string variable = "CDC_";
    for (char c : role) variable += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    variable += "_PASSWORD";
    if (const char* value = std::getenv(variable.c_str())) endpoint.password = value;
}

} // namespace cdc
