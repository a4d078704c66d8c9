#include "binlog/decimal.h"

#include "json/json_writer.h"

namespace cdc::binlog {
namespace {
// Bytes that hold 0..9 leftover decimal digits; full groups of 9 digits take 4 bytes.
constexpr unsigned digit_bytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
constexpr uint32_t powers[10] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
} // namespace

void append_decimal(std::string& out, ByteCursor& c, unsigned precision, unsigned scale) {
    // MySQL allows a scale up to 30, MariaDB up to 38.
    if (precision == 0 || precision > 65 || scale > 38 || scale > precision)
        c.fail("invalid DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")");
    unsigned intg = precision - scale;
    unsigned intg0 = intg / 9, intg0x = intg % 9, frac0 = scale / 9, frac0x = scale % 9;
    size_t size = intg0 * 4 + digit_bytes[intg0x] + frac0 * 4 + digit_bytes[frac0x];
    const auto* raw = reinterpret_cast<const uint8_t*>(c.bytes(size).data());
    // The top bit is the sign (set: positive); negative numbers store every bit inverted.
    bool negative = !(raw[0] & 0x80);
    uint8_t flip = negative ? 0xff : 0x00;
    size_t pos = 0;
    auto group = [&](unsigned bytes, unsigned digits) {
        uint32_t v = 0;
        for (unsigned i = 0; i < bytes; ++i, ++pos)
            v = v << 8 | static_cast<uint8_t>(raw[pos] ^ flip ^ (pos ? 0 : 0x80));
        if (v >= powers[digits]) c.fail("DECIMAL digit group out of range");
        return v;
    };
    // Writes `v` as `width` digits, zero-padded.
    auto put = [](char* to, size_t& n, uint32_t v, unsigned width) {
        for (unsigned i = width; i-- > 0; v /= 10) to[n + i] = static_cast<char>('0' + v % 10);
        n += width;
    };
    if (intg <= 18 && scale <= 9) { // fits 64 bits (most columns): no digit-by-digit text
        uint64_t integer = intg0x ? group(digit_bytes[intg0x], intg0x) : 0;
        for (unsigned i = 0; i < intg0; ++i) integer = integer * powers[9] + group(4, 9);
        uint32_t fraction = frac0 ? group(4, 9) : frac0x ? group(digit_bytes[frac0x], frac0x) : 0;
        if (negative && (integer || fraction)) out += '-';
        json::append_integer(out, integer);
        if (scale) {
            char text[10] = {'.'};
            size_t n = 1;
            put(text, n, fraction, scale);
            out.append(text, n);
        }
        return;
    }
    // Up to 65 digits: built in fixed buffers, as this runs for every DECIMAL of every row.
    char integer[80], fraction[40];
    size_t ni = 0, nf = 0;
    if (intg0x) put(integer, ni, group(digit_bytes[intg0x], intg0x), intg0x);
    for (unsigned i = 0; i < intg0; ++i) put(integer, ni, group(4, 9), 9);
    for (unsigned i = 0; i < frac0; ++i) put(fraction, nf, group(4, 9), 9);
    if (frac0x) put(fraction, nf, group(digit_bytes[frac0x], frac0x), frac0x);
    size_t first = 0;
    while (first < ni && integer[first] == '0') ++first;
    bool zero = first == ni;
    for (size_t i = 0; zero && i < nf; ++i) zero = fraction[i] == '0';
    if (negative && !zero) out += '-';
    if (first == ni) out += '0';
    else out.append(integer + first, ni - first);
    if (scale) {
        out += '.';
        out.append(fraction, nf);
    }
}

} // namespace cdc::binlog
