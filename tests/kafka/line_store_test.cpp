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

TEST_CASE("the reader waits while every chunk holds unpublished lines") {
    LineStore store(4, 2);
    REQUIRE(store.keep("1234", 1));
    REQUIRE(store.keep("5678", 2));
    std::optional<std::string_view> third;
    std::thread reader([&] { third = store.keep("9abc", 3); }); // both chunks in use: it waits
    store.release_through(1);
    reader.join();
    REQUIRE(third);
    CHECK(*third == "9abc");
}

TEST_CASE("close ends a wait for a chunk, for good") {
    LineStore store(4, 1);
    REQUIRE(store.keep("1234", 1));
    std::optional<std::string_view> second = "unset";
    std::thread reader([&] { second = store.keep("5678", 2); });
    store.close();
    reader.join();
    CHECK_FALSE(second);
    CHECK_FALSE(store.keep("x", 3));
}
