#include "json/json_writer.h"

#include <array>
#include <cmath>

namespace cdc::json {
namespace {

// 0: copy as is; otherwise the escape letter ('u' for \u00XX).
constexpr std::array<char, 256> make_escapes() {
    std::array<char, 256> e{};
    for (int c = 0; c < 0x20; ++c) e[c] = 'u';
    e['"'] = '"';
    e['\\'] = '\\';
    e['\b'] = 'b';
    e['\f'] = 'f';
    e['\n'] = 'n';
    e['\r'] = 'r';
    e['\t'] = 't';
    return e;
}
constexpr std::array<char, 256> escapes = make_escapes();

} // namespace

void append_string_or_null(std::string& out, std::string_view text) {
    if (text.empty()) out += "null";
    else append_json_string(out, text);
}

void append_escaped(std::string& out, std::string_view s) {
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        char e = escapes[static_cast<uint8_t>(s[i])];
        if (!e) continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        if (e == 'u') {
            static const char hex[] = "0123456789abcdef";
            char u[6] = {'\\', 'u', '0', '0', hex[static_cast<uint8_t>(s[i]) >> 4], hex[s[i] & 15]};
            out.append(u, 6);
        } else {
            out += '\\';
            out += e;
        }
    }
    out.append(s.data() + run, s.size() - run);
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    append_escaped(out, s);
    out += '"';
}

void append_base64(std::string& out, std::string_view bytes) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    out += '"';
    size_t i = 0;
    const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
    for (; i + 3 <= bytes.size(); i += 3) {
        uint32_t v = uint32_t(b[i]) << 16 | uint32_t(b[i + 1]) << 8 | b[i + 2];
        char q[4] = {alphabet[v >> 18], alphabet[(v >> 12) & 63], alphabet[(v >> 6) & 63], alphabet[v & 63]};
        out.append(q, 4);
    }
    if (size_t left = bytes.size() - i) {
        uint32_t v = uint32_t(b[i]) << 16 | (left == 2 ? uint32_t(b[i + 1]) << 8 : 0);
        out += alphabet[v >> 18];
        out += alphabet[(v >> 12) & 63];
        out += left == 2 ? alphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    out += '"';
}

std::string json_member(std::string_view name) {
    std::string k = ",";
    append_json_string(k, name);
    k += ':';
    return k;
}

template <class Float> static void append_floating(std::string& out, Float v) {
    if (!std::isfinite(v)) { // not storable in MySQL; keep the line valid JSON anyway
        out += "null";
        return;
    }
    char buf[40];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_double(std::string& out, double v) { append_floating(out, v); }
void append_float(std::string& out, float v) { append_floating(out, v); }

} // namespace cdc::json
