#include "binlog/decimal.h"

namespace cdc::binlog {
namespace {
// Bytes that hold 0..9 leftover decimal digits; full groups of 9 digits take 4 bytes.
constexpr unsigned digit_bytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
constexpr uint32_t powers[10] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
} // namespace

void append_decimal(std::string& out, ByteCursor& c, unsigned precision, unsigned scale) {
    if (precision == 0 || precision > 65 || scale > 30 || scale > precision)
        c.fail("invalid DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")");
    unsigned intg = precision - scale;
    unsigned intg0 = intg / 9, intg0x = intg % 9, frac0 = scale / 9, frac0x = scale % 9;
    size_t size = intg0 * 4 + digit_bytes[intg0x] + frac0 * 4 + digit_bytes[frac0x];
    std::string_view raw = c.bytes(size);
    uint8_t buf[40] = {};
    for (size_t i = 0; i < size; ++i) buf[i] = static_cast<uint8_t>(raw[i]);
    // The top bit is the sign (set: positive); negative numbers store every bit inverted.
    bool negative = !(buf[0] & 0x80);
    buf[0] ^= 0x80;
    if (negative)
        for (size_t i = 0; i < size; ++i) buf[i] = static_cast<uint8_t>(~buf[i]);
    size_t pos = 0;
    auto group = [&](unsigned bytes, unsigned digits) {
        uint32_t v = 0;
        for (unsigned i = 0; i < bytes; ++i) v = v << 8 | buf[pos++];
        if (v >= powers[digits]) c.fail("DECIMAL digit group out of range");
        return v;
    };
    std::string digits;
    auto put = [&](uint32_t v, unsigned width) {
        char tmp[9];
        for (unsigned i = width; i-- > 0; v /= 10) tmp[i] = static_cast<char>('0' + v % 10);
        digits.append(tmp, width);
    };
    if (intg0x) put(group(digit_bytes[intg0x], intg0x), intg0x);
    for (unsigned i = 0; i < intg0; ++i) put(group(4, 9), 9);
    size_t first = digits.find_first_not_of('0');
    std::string integer = first == std::string::npos ? "0" : digits.substr(first);
    digits.clear();
    for (unsigned i = 0; i < frac0; ++i) put(group(4, 9), 9);
    if (frac0x) put(group(digit_bytes[frac0x], frac0x), frac0x);
    bool zero = integer == "0" && digits.find_first_not_of('0') == std::string::npos;
    if (negative && !zero) out += '-';
    out += integer;
    if (scale) {
        out += '.';
        out += digits;
    }
}

} // namespace cdc::binlog
