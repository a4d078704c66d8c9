#include "http/response_cache.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <future>
#include <stdexcept>
#include <thread>

using cdc::http::CachedAnswer;
using cdc::http::ResponseCache;
using namespace std::chrono_literals;

TEST_CASE("An answer is reused until it expires, and made again when it is too old") {
    ResponseCache cache(50ms, 1 << 20);
    int made = 0;
    auto make = [&] { return CachedAnswer{"body " + std::to_string(++made), "next"}; };
    CHECK(cache.get("k", make)->body == "body 1");
    CHECK(cache.get("k", make)->body == "body 1");
    CHECK(cache.get("k", make)->next_cursor == "next");
    CHECK(cache.get("other", make)->body == "body 2");
    std::this_thread::sleep_for(120ms); // past twice the ttl: no longer given at all
    CHECK(cache.get("k", make)->body == "body 3");
}

TEST_CASE("An expired answer is given while the background thread makes the next") {
    ResponseCache cache(200ms, 1 << 20);
    std::atomic<int> made{0};
    auto make = [&] { return CachedAnswer{"body " + std::to_string(++made), ""}; };
    CHECK(cache.get("k", make)->body == "body 1");
    std::this_thread::sleep_for(210ms); // expired, not yet twice the ttl
    CHECK(cache.get("k", make)->body == "body 1");
    for (int tries = 0; tries < 5000 && made < 2; ++tries) std::this_thread::sleep_for(1ms);
    CHECK(made == 2); // made by the background thread, no request waited for it
    std::string body = "body 1";
    for (int tries = 0; tries < 5000 && body == "body 1"; ++tries) {
        body = cache.get("k", make)->body;
        std::this_thread::sleep_for(1ms);
    }
    CHECK(body == "body 2");
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

TEST_CASE("Requests for an answer being made wait for it instead of making it again") {
    ResponseCache cache(1h, 1 << 20);
    std::atomic<int> made{0};
    std::promise<void> entered, release;
    auto slow = [&] {
        ++made;
        entered.set_value();
        release.get_future().wait();
        return CachedAnswer{"slow", ""};
    };
    std::thread first([&] { CHECK(cache.get("k", slow)->body == "slow"); });
    entered.get_future().wait();
    std::thread second([&] {
        CHECK(cache
                  .get("k",
                       [&] {
                           ++made;
                           return CachedAnswer{"again", ""};
                       })
                  ->body == "slow");
    });
    release.set_value();
    first.join();
    second.join();
    CHECK(made == 1);
}

TEST_CASE("A failure to make an answer is not kept") {
    ResponseCache cache(1h, 1 << 20);
    CHECK_THROWS_WITH(cache.get("k", []() -> CachedAnswer { throw std::runtime_error("sink down"); }), "sink down");
    CHECK(cache.get("k", [] { return CachedAnswer{"back", ""}; })->body == "back");
}
