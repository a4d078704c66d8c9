#include "config/endpoint.h"
#include "config/failure.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

using cdc::Endpoint;

TEST_CASE("a full mysql URL is split into its parts") {
    auto e = Endpoint::parse("mysql://cdc:secret@db.example:3310/ecommerce_db");
    CHECK(e.scheme == "mysql");
    CHECK(e.user == "cdc");
    CHECK(e.password == "secret");
    CHECK(e.host == "db.example");
    CHECK(e.port == 3310);
    CHECK(e.database == "ecommerce_db");
}

TEST_CASE("ports default by scheme") {
    CHECK(Endpoint::parse("mysql://h").port == 3306);
    CHECK(Endpoint::parse("redis://h/0").port == 6379);
}

TEST_CASE("passwords with special characters are percent-decoded") {
    auto e = Endpoint::parse("mysql://cdc:p%40ss%3Aw%2Frd%25@127.0.0.1/db");
    CHECK(e.password == "p@ss:w/rd%");
    CHECK(e.host == "127.0.0.1");
    auto raw = Endpoint::parse("mysql://cdc:a:b@127.0.0.1/db"); // a raw ':' after the first is kept
    CHECK(raw.password == "a:b");
}

TEST_CASE("IPv6 hosts are written in brackets") {
    auto e = Endpoint::parse("redis://[::1]:6380/2");
    CHECK(e.host == "::1");
    CHECK(e.port == 6380);
    CHECK(e.redacted() == "redis://[::1]:6380/2");
}

TEST_CASE("the redacted form never holds the password") {
    auto e = Endpoint::parse("mysql://cdc:topsecret@127.0.0.1:3306/ecommerce_db");
    CHECK(e.redacted() == "mysql://cdc@127.0.0.1:3306/ecommerce_db");
}

TEST_CASE("bad URLs are usage errors that name the problem without the password") {
    auto message = [](const char* url) {
        try {
            Endpoint::parse(url);
        } catch (const cdc::UsageError& e) { return std::string(e.what()); }
        return std::string("no error");
    };
    CHECK_THAT(message("127.0.0.1:3306"), Catch::Contains("is not a URL"));
    CHECK_THAT(message("cdc:hunter2@127.0.0.1"), !Catch::Contains("hunter2"));
    CHECK_THAT(message("postgres://h/db"), Catch::Contains("unsupported URL scheme 'postgres'"));
    CHECK_THAT(message("mysql://cdc:hunter2@h:99999/db"), Catch::Contains("bad port '99999'"));
    CHECK_THAT(message("mysql://cdc:hunter2@h:99999/db"), !Catch::Contains("hunter2"));
    CHECK_THAT(message("mysql://cdc:hunter2@h:33x6/db"), Catch::Contains("bad port"));
    CHECK_THAT(message("mysql://cdc:pw@/db"), Catch::Contains("no host"));
    CHECK_THAT(message("mysql://cdc:p%4@h/db"), Catch::Contains("bad percent-escape in the password"));
    CHECK_THAT(message("mysql://[::1/db"), Catch::Contains("unclosed '['"));
    // A raw '/' in the password: no part of it is read as host, port or database, and so echoed.
    for (const char* url : {"mysql://cdc:Xq7/Zk9@db:3306/shop", "mysql://cdc:1234/Zk9@db/shop"}) {
        INFO(url);
        CHECK_THAT(message(url), Catch::Contains("must be written %2F"));
        CHECK_THAT(message(url), !Catch::Contains("Xq7") && !Catch::Contains("Zk9") && !Catch::Contains("1234"));
    }
    CHECK(Endpoint::parse("mysql://cdc:Xq7%2FZk9@db:3306/shop").password == "Xq7/Zk9");
}

TEST_CASE("a missing password comes from a named file, else from the environment") {
    auto e = Endpoint::parse("mysql://cdc@h/db");
    std::string file = "endpoint_test_password.txt";
    std::ofstream(file) << "from-file\n";
    ::setenv("CDC_SINK_PASSWORD", "from-env", 1);
    cdc::resolve_password(e, "sink", "");
    CHECK(e.password == "from-env");

    e.password.clear();
    cdc::resolve_password(e, "sink", file);
    CHECK(e.password == "from-file");
    ::unsetenv("CDC_SINK_PASSWORD");

    auto given = Endpoint::parse("mysql://cdc:in-url@h/db");
    cdc::resolve_password(given, "sink", file);
    CHECK(given.password == "in-url");

    e.password.clear();
    CHECK_THROWS_AS(cdc::resolve_password(e, "sink", "/nonexistent/password"), cdc::Failure);
    std::remove(file.c_str());
}

TEST_CASE("an option that takes one scheme names only that one") {
    auto message = [](const char* url, const char* scheme) {
        try {
            Endpoint::parse(url, scheme);
        } catch (const cdc::UsageError& e) { return std::string(e.what()); }
        return std::string("no error");
    };
    CHECK_THAT(message("http://x", "mysql"), Catch::Contains("unsupported URL scheme 'http' (expected mysql://)"));
    CHECK_THAT(message("redis://h/0", "mysql"), Catch::Contains("(expected mysql://)"));
    CHECK_THAT(message("mysql://h/db", "redis"), Catch::Contains("(expected redis://)"));
    CHECK_THAT(message("127.0.0.1", "mysql"), Catch::Contains("expected mysql://[user[:password]@]host"));
    CHECK(Endpoint::parse("mysql://h/db", "mysql").port == 3306);
}
