#include "binlog/crc32.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

namespace {

// One bit at a time: the definition, to check the fast paths against.
uint32_t crc32_bitwise(const uint8_t* p, size_t n) {
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
}

} // namespace

TEST_CASE("crc32: the IEEE check value", "[binlog][crc32]") {
    const char* check = "123456789";
    CHECK(cdc::binlog::crc32(reinterpret_cast<const uint8_t*>(check), 9) == 0xCBF43926u);
    CHECK(cdc::binlog::crc32(nullptr, 0) == 0);
}

TEST_CASE("crc32: every length and alignment agrees with the bitwise definition", "[binlog][crc32]") {
    std::mt19937 random(42);
    std::vector<uint8_t> bytes(5000);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(random());
    for (size_t offset = 0; offset < 16; offset += 5)
        for (size_t n = 0; n + offset <= bytes.size(); n += n < 300 ? 1 : 97) {
            INFO("offset " << offset << ", " << n << " bytes");
            REQUIRE(cdc::binlog::crc32(bytes.data() + offset, n) == crc32_bitwise(bytes.data() + offset, n));
        }
}
