#include "binlog/temporal.h"

namespace cdc::binlog {
namespace {

// A value's text is built in a fixed buffer and appended once: this runs for every temporal
// column of every row.
class Text {
public:
    void digits(uint64_t value, int width) {
        char tmp[20];
        int n = 0;
        do {
            tmp[n++] = static_cast<char>('0' + value % 10);
            value /= 10;
        } while (value && n < 20);
        for (int i = n; i < width; ++i) put('0');
        while (n) put(tmp[--n]);
    }
    void put(char c) {
        if (n_ < sizeof buf_) buf_[n_++] = c;
    }
    void flush(std::string& out) { out.append(buf_, n_); }

private:
    char buf_[64];
    size_t n_ = 0;
};

void ymd(Text& t, uint64_t year, uint64_t month, uint64_t day) {
    t.digits(year, 4);
    t.put('-');
    t.digits(month, 2);
    t.put('-');
    t.digits(day, 2);
}

void hms(Text& t, uint64_t hour, uint64_t minute, uint64_t second) {
    t.digits(hour, 2);
    t.put(':');
    t.digits(minute, 2);
    t.put(':');
    t.digits(second, 2);
}

// `micros` shown with `fsp` digits (the column's declared precision).
void fraction(Text& t, uint64_t micros, unsigned fsp) {
    if (fsp == 0) return;
    static const uint32_t scale[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    t.put('.');
    t.digits(micros / scale[fsp], static_cast<int>(fsp));
}

// MySQL's packed TIME (hours, minutes, seconds above 24 bits of microseconds, signed) as text.
void packed_time(Text& t, int64_t packed, unsigned fsp) {
    uint64_t a = packed < 0 ? 0 - static_cast<uint64_t>(packed) : static_cast<uint64_t>(packed); // INT64_MIN too
    uint64_t h = a >> 24;
    t.put('"');
    if (packed < 0) t.put('-');
    hms(t, (h >> 12) % 1024, (h >> 6) % 64, h % 64);
    fraction(t, a % (1 << 24), fsp);
    t.put('"');
}

// The fractional part that follows TIME2/DATETIME2/TIMESTAMP2: big-endian, 1 to 3 bytes by
// precision. Returns the stored number; `unit` is microseconds per step, `range` its modulus.
int64_t read_fraction(ByteCursor& c, unsigned fsp, int64_t& unit, int64_t& range) {
    size_t bytes = fsp == 0 ? 0 : (fsp + 1) / 2;
    unit = bytes == 1 ? 10000 : bytes == 2 ? 100 : 1;
    range = int64_t(1) << (8 * bytes);
    return bytes ? static_cast<int64_t>(c.uint_be(bytes)) : 0;
}

// The fraction in microseconds, for the types that are never negative.
int64_t read_fraction(ByteCursor& c, unsigned fsp) {
    int64_t unit, range;
    return read_fraction(c, fsp, unit, range) * unit;
}

unsigned checked_fsp(ByteCursor& c, unsigned fsp) {
    if (fsp > 6) c.fail("fractional seconds precision " + std::to_string(fsp) + " above 6");
    return fsp;
}

// Days since 1970-01-01 to a civil date (proleptic Gregorian).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += (m <= 2);
}

void utc(std::string& out, uint64_t seconds, uint64_t micros, unsigned fsp) {
    // Rows of one transaction mostly share their timestamps (created_at, updated_at = NOW()),
    // so the last text is kept.
    thread_local uint64_t last_seconds = UINT64_MAX, last_micros = 0;
    thread_local unsigned last_fsp = 0;
    thread_local std::string last_text;
    if (seconds == last_seconds && micros == last_micros && fsp == last_fsp) {
        out += last_text;
        return;
    }
    int64_t y = 0;
    unsigned m = 0, d = 0;
    // 0 is the zero TIMESTAMP: the first real one is 1970-01-01 00:00:01.
    if (seconds || micros) civil_from_days(static_cast<int64_t>(seconds / 86400), y, m, d);
    Text t;
    t.put('"');
    ymd(t, static_cast<uint64_t>(y), m, d);
    t.put('T');
    uint64_t s = seconds % 86400;
    hms(t, s / 3600, s / 60 % 60, s % 60);
    fraction(t, micros, fsp);
    t.put('Z');
    t.put('"');
    last_text.clear();
    t.flush(last_text);
    last_seconds = seconds;
    last_micros = micros;
    last_fsp = fsp;
    out += last_text;
}

// MariaDB's old-format ("hires", /* mariadb-5.3 */) TIME, DATETIME and TIMESTAMP with a
// fraction: the value is stored divided by 10^(6 - fsp) (sec_part_shift), big-endian in the fewest
// bytes that hold it (time_hires_bytes, datetime_hires_bytes, 4 + sec_part_bytes).
const uint8_t time_hires_bytes[7] = {3, 4, 4, 5, 5, 5, 6};
const uint8_t datetime_hires_bytes[7] = {5, 6, 6, 7, 7, 7, 8};
const uint8_t sec_part_bytes[7] = {0, 1, 1, 2, 2, 3, 3};
const int64_t power10[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};

// MariaDB only writes hires values for a fraction of 1 to 6 digits.
unsigned checked_hires_fsp(ByteCursor& c, unsigned fsp) {
    if (fsp < 1 || fsp > 6) c.fail("old-format fractional temporal column of precision " + std::to_string(fsp));
    return fsp;
}

} // namespace

void append_date(std::string& out, ByteCursor& c) {
    Text t;
    uint32_t v = c.u24();
    t.put('"');
    ymd(t, v >> 9, (v >> 5) & 15, v & 31);
    t.put('"');
    t.flush(out);
}

void append_time(std::string& out, ByteCursor& c) {
    Text t;
    int32_t v = static_cast<int32_t>(c.u24() << 8) >> 8; // sign-extend 24 bits: HHMMSS as a number
    t.put('"');
    if (v < 0) t.put('-');
    uint32_t a = static_cast<uint32_t>(v < 0 ? -v : v);
    hms(t, a / 10000, a / 100 % 100, a % 100);
    t.put('"');
    t.flush(out);
}

void append_time2(std::string& out, ByteCursor& c, unsigned fsp) {
    Text t;
    fsp = checked_fsp(c, fsp);
    // Big-endian, offset so that negative times sort below positive ones.
    int64_t intpart = static_cast<int64_t>(c.uint_be(3)) - 0x800000;
    int64_t unit, range;
    int64_t frac = read_fraction(c, fsp, unit, range);
    if (intpart < 0 && frac) { // negative times store the fraction as a complement
        intpart++;
        frac -= range;
    }
    frac *= unit;
    packed_time(t, intpart * (int64_t(1) << 24) + frac, fsp);
    t.flush(out);
}

void append_datetime(std::string& out, ByteCursor& c) {
    Text t;
    uint64_t v = c.u64(); // YYYYMMDDhhmmss as a number
    uint64_t date = v / 1000000, time = v % 1000000;
    t.put('"');
    ymd(t, static_cast<unsigned>(date / 10000), date / 100 % 100, date % 100);
    t.put('T');
    hms(t, time / 10000, time / 100 % 100, time % 100);
    t.put('"');
    t.flush(out);
}

void append_datetime2(std::string& out, ByteCursor& c, unsigned fsp) {
    Text t;
    fsp = checked_fsp(c, fsp);
    uint64_t intpart = c.uint_be(5) - 0x8000000000ull;
    int64_t frac = read_fraction(c, fsp);
    uint64_t ymd_bits = intpart >> 17, hms_bits = intpart % (1 << 17);
    uint64_t ym = ymd_bits >> 5;
    t.put('"');
    ymd(t, static_cast<unsigned>(ym / 13), ym % 13, ymd_bits % 32);
    t.put('T');
    hms(t, hms_bits >> 12, (hms_bits >> 6) % 64, hms_bits % 64);
    fraction(t, static_cast<uint64_t>(frac), fsp);
    t.put('"');
    t.flush(out);
}

void append_timestamp(std::string& out, ByteCursor& c) { utc(out, c.u32(), 0, 0); }

void append_timestamp2(std::string& out, ByteCursor& c, unsigned fsp) {
    fsp = checked_fsp(c, fsp);
    uint64_t seconds = c.uint_be(4);
    utc(out, seconds, static_cast<uint64_t>(read_fraction(c, fsp)), fsp);
}

void append_time_hires(std::string& out, ByteCursor& c, unsigned fsp) {
    fsp = checked_hires_fsp(c, fsp);
    // Stored with 838:59:59.999999 + 1 µs added (zero_point), so that it is never negative.
    int64_t zero_point = (838 * 3600 + 59 * 60 + 59 + 1) * power10[fsp];
    int64_t micros = (static_cast<int64_t>(c.uint_be(time_hires_bytes[fsp])) - zero_point) * power10[6 - fsp];
    uint64_t a = micros < 0 ? 0 - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
    uint64_t seconds = a / 1000000;
    Text t;
    t.put('"');
    if (micros < 0) t.put('-');
    hms(t, seconds / 3600, seconds / 60 % 60, seconds % 60);
    fraction(t, a % 1000000, fsp);
    t.put('"');
    t.flush(out);
}

void append_datetime_hires(std::string& out, ByteCursor& c, unsigned fsp) {
    fsp = checked_hires_fsp(c, fsp);
    // Microseconds of ((((year * 13 + month) * 32 + day) * 24 + hour) * 60 + minute) * 60 + second.
    uint64_t v = c.uint_be(datetime_hires_bytes[fsp]) * static_cast<uint64_t>(power10[6 - fsp]);
    uint64_t micros = v % 1000000, seconds = v / 1000000 % 86400, days = v / 86400000000;
    Text t;
    t.put('"');
    ymd(t, days / 32 / 13, days / 32 % 13, days % 32);
    t.put('T');
    hms(t, seconds / 3600, seconds / 60 % 60, seconds % 60);
    fraction(t, micros, fsp);
    t.put('"');
    t.flush(out);
}

void append_timestamp_hires(std::string& out, ByteCursor& c, unsigned fsp) {
    fsp = checked_hires_fsp(c, fsp);
    uint64_t seconds = c.uint_be(4); // big-endian, unlike the old TIMESTAMP without a fraction
    uint64_t micros = c.uint_be(sec_part_bytes[fsp]) * static_cast<uint64_t>(power10[6 - fsp]);
    utc(out, seconds, micros, fsp);
}

void append_packed_datetime(std::string& out, int64_t packed, bool with_date, bool with_time) {
    Text t;
    uint64_t a =
        packed < 0 ? 0 - static_cast<uint64_t>(packed) : static_cast<uint64_t>(packed); // no overflow at INT64_MIN
    uint64_t intpart = a >> 24, micros = a % (1 << 24);
    uint64_t ymd_bits = intpart >> 17, hms_bits = intpart % (1 << 17);
    uint64_t ym = ymd_bits >> 5;
    t.put('"');
    if (with_date) ymd(t, static_cast<unsigned>(ym / 13), ym % 13, ymd_bits % 32);
    if (with_date && with_time) t.put(' ');
    if (with_time) {
        hms(t, hms_bits >> 12, (hms_bits >> 6) % 64, hms_bits % 64);
        fraction(t, micros, 6);
    }
    t.put('"');
    t.flush(out);
}

void append_packed_time(std::string& out, int64_t packed) {
    Text t;
    packed_time(t, packed, 6);
    t.flush(out);
}

} // namespace cdc::binlog
