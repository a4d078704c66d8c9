#include "http/response_cache.h"

#include <catch2/catch.hpp>
#include <thread>

using cdc::http::CachedAnswer;
using cdc::http::ResponseCache;
using namespace std::chrono_literals;

TEST_CASE("An answer is reused until it expires") {
    ResponseCache cache(50ms, 1 << 20);
    int made = 0;
    auto make = [&] { return CachedAnswer{"body " + std::to_string(++made), "next"}; };
    CHECK(cache.get("k", make)->body == "body 1");
    CHECK(cache.get("k", make)->body == "body 1");
    CHECK(cache.get("k", make)->next_cursor == "next");
    CHECK(cache.get("other", make)->body == "body 2");
    std::this_thread::sleep_for(60ms);
    CHECK(cache.get("k", make)->body == "body 3");
}

TEST_CASE("A cache with no time to live asks every time") {
    ResponseCache cache(0ms, 1 << 20);
    int made = 0;
    auto make = [&] { return CachedAnswer{std::to_string(++made), ""}; };
    CHECK(cache.get("k", make)->body == "1");
    CHECK(cache.get("k", make)->body == "2");
}

TEST_CASE("The cache keeps no more than its size") {
    ResponseCache cache(1h, 16 * 100); // 100 bytes a shard
    int made = 0;
    auto big = [&] { return CachedAnswer{std::string(200, 'x') + std::to_string(++made), ""}; };
    CHECK(cache.get("k", big)->body.size() == 201);
    CHECK(cache.get("k", big)->body.back() == '2'); // too big to keep
    auto small = [&] { return CachedAnswer{std::to_string(++made), ""}; };
    // Many small answers: each shard drops what it holds when full, and every answer stays right.
    for (int i = 0; i < 1000; ++i) {
        const std::string key = "key" + std::to_string(i);
        const std::string body = cache.get(key, small)->body;
        CHECK(cache.get(key, small)->body == body);
    }
}
