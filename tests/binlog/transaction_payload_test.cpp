// MySQL 8's compressed transactions (TRANSACTION_PAYLOAD): what they hold, and damage.
#include "binlog/decode_error.h"
#include "binlog/transaction_payload.h"
#include "binlog_builder.h"

#include <catch2/catch.hpp>
#include <sys/resource.h>
#include <zstd.h>

using namespace cdc;

namespace {

// A payload event's body: its size, zstd, the uncompressed size it declares, then the frame.
struct Payload {
    test::Bytes body;
    binlog::Event event;
    Payload(const std::string& content, uint64_t declared) {
        std::string frame(ZSTD_compressBound(content.size()), '\0');
        frame.resize(ZSTD_compress(frame.data(), frame.size(), content.data(), content.size(), 3));
        REQUIRE(frame.size() < 65536);
        body.u8(1).u8(3).u8(0xfc).le(frame.size(), 2); // payload size
        body.u8(2).u8(1).u8(0);                        // zstd
        body.u8(3).u8(9).u8(0xfe).le(declared, 8);     // uncompressed size
        body.u8(0).raw(frame);
        event.body = binlog::ByteCursor(reinterpret_cast<const uint8_t*>(body.data.data()), body.data.size(), 19);
    }
};

// An event of `size` bytes (common header, then `fill`).
std::string event_of(size_t size, char fill) {
    std::string e = test::event(2, std::string(size - 19, fill));
    return e;
}

std::vector<std::string> events_in(binlog::TransactionPayload& payload) {
    std::vector<std::string> events;
    for (std::string_view e; !(e = payload.next_event()).empty();) events.emplace_back(e);
    return events;
}

} // namespace

TEST_CASE("a compressed transaction uncompresses to the events it holds, one by one", "[binlog]") {
    // Events larger than a block, and many small ones: read across the blocks' edges.
    std::vector<std::string> events = {event_of(200000, 'a'), event_of(19, 'b')};
    for (int i = 0; i < 5000; ++i) events.push_back(event_of(19 + static_cast<size_t>(i % 97), 'c'));
    std::string content;
    for (const auto& e : events) content += e;
    Payload p(content, content.size());
    binlog::TransactionPayload payload(p.event);
    CHECK(events_in(payload) == events);
}

TEST_CASE("a compressed transaction larger than it declares is damage, not memory without end", "[binlog]") {
    std::string zeros = event_of(1 << 20, '\0'); // 1 MiB in a few bytes, said to be 1000
    Payload p(zeros, 1000);
    binlog::TransactionPayload payload(p.event);
    CHECK_THROWS_WITH(payload.next_event(), Catch::Contains("beyond the 1000 bytes it declares"));
}

TEST_CASE("a compressed transaction cut inside an event is damage", "[binlog]") {
    std::string e = event_of(100, 'x');
    Payload header_cut(e + e.substr(0, 10), 0);
    binlog::TransactionPayload a(header_cut.event);
    CHECK(a.next_event().size() == 100);
    CHECK_THROWS_WITH(a.next_event(), Catch::Contains("ends inside an event header"));
    Payload body_cut(e.substr(0, 50), 0);
    binlog::TransactionPayload b(body_cut.event);
    CHECK_THROWS_WITH(b.next_event(), Catch::Contains("impossible size 100"));
}

TEST_CASE("an event size a damaged header claims takes no memory of that size", "[binlog]") {
    // Found by the fuzzer: a header claiming 3.6 GB had the buffer grown to it before any came.
    std::string e = event_of(100, 'x');
    std::string claim = e;
    const char huge[4] = {0, 0, 0, '\xf0'}; // 0xf0000000 bytes: the size, little-endian at offset 9
    claim.replace(9, 4, huge, 4);
    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    Payload p(e + claim + std::string(300000, '\0'), 0); // more than the first block: the frame goes on
    binlog::TransactionPayload payload(p.event);
    CHECK(payload.next_event().size() == 100);
    CHECK_THROWS_WITH(payload.next_event(), Catch::Contains("impossible size"));
    getrusage(RUSAGE_SELF, &after);
    CHECK(after.ru_maxrss - before.ru_maxrss < 64 * 1024); // KiB: far below the gigabytes claimed
}
