// MySQL 8's compressed transactions (TRANSACTION_PAYLOAD): what they hold, and damage.
#include "binlog/decode_error.h"
#include "binlog/transaction_payload.h"
#include "binlog_builder.h"

#include <catch2/catch.hpp>
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
        REQUIRE(frame.size() < 251);
        body.u8(1).u8(1).u8(static_cast<uint8_t>(frame.size())); // payload size
        body.u8(2).u8(1).u8(0);                                  // zstd
        body.u8(3).u8(9).u8(0xfe).le(declared, 8);               // uncompressed size
        body.u8(0).raw(frame);
        event.body = binlog::ByteCursor(reinterpret_cast<const uint8_t*>(body.data.data()), body.data.size(), 19);
    }
};

} // namespace

TEST_CASE("a compressed transaction uncompresses to the events it holds", "[binlog]") {
    std::string events(100000, 'x');
    Payload p(events, events.size());
    std::vector<uint8_t> out = binlog::uncompress_transaction_payload(p.event);
    CHECK(std::string(out.begin(), out.end()) == events);
}

TEST_CASE("a compressed transaction larger than it declares is damage, not memory without end", "[binlog]") {
    Payload p(std::string(1 << 20, '\0'), 1000); // 1 MiB of zeros in a few bytes, said to be 1000
    CHECK_THROWS_WITH(binlog::uncompress_transaction_payload(p.event),
                      Catch::Contains("beyond the 1000 bytes it declares"));
}
