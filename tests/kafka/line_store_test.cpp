#include "kafka/line_store.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>

using cdc::kafka::LineStore;

TEST_CASE("kept lines stay as they are until published, then their chunk is reused") {
    LineStore store(16, 2); // two chunks of 16 bytes
    auto a = store.keep("0123456789", 1);
    auto b = store.keep("abcdef", 2); // fills the first chunk
    auto c = store.keep("second", 3); // starts the second
    REQUIRE((a && b && c));
    CHECK(*a == "0123456789");
    CHECK(*b == "abcdef");
    CHECK(*c == "second");
    CHECK(b->data() == a->data() + 10);         // one chunk, one after the other
    store.release_through(2);                   // the first chunk is free again
    auto d = store.keep("0123456789abcdef", 4); // does not fit the second: reuses the first
    REQUIRE(d);
    CHECK(d->data() == a->data());
    CHECK(*c == "second"); // not yet published: untouched
}

TEST_CASE("a line longer than a chunk gets a chunk of its own") {
    LineStore store(8, 2);
    std::string long_line(100, 'x');
    auto kept = store.keep(long_line, 1);
    REQUIRE(kept);
    CHECK(*kept == long_line);
    CHECK(store.keep("", 2) == std::string_view());
}

TEST_CASE("a full store keeps nothing more until lines are published") {
    LineStore store(4, 2);
    REQUIRE(store.keep("1234", 1));
    REQUIRE(store.keep("5678", 2));
    CHECK_FALSE(store.keep("9abc", 3)); // both chunks hold unpublished lines
    std::thread publisher([&] { store.release_through(1); });
    store.wait_for_release(std::chrono::seconds(60)); // returns once the first chunk is published
    publisher.join();
    auto third = store.keep("9abc", 3);
    REQUIRE(third);
    CHECK(*third == "9abc");
}
