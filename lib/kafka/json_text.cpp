#include "kafka/json_text.h"

#include "json/json_writer.h"
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace cdc::json_text {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The text of a quoted member name; one with a backslash (`escaped`) is unescaped into `storage`.
std::string_view name_text(std::string_view raw, bool escaped, std::string& storage) {
    if (!escaped) return raw.substr(1, raw.size() - 2);
    storage = string_value(raw).value_or("");
    return storage;
}

// A name matches at most one wanted member.
void record(MemberSpans& spans, std::string_view name, std::string_view value) {
    if (name.empty()) return;
    for (size_t k = 0; k < spans.names.size(); ++k)
        if (spans.names[k].size() == name.size() && spans.names[k][0] == name[0] && !spans.values[k] &&
            spans.names[k] == name) {
            spans.values[k] = value;
            return;
        }
}

// Characters that may stand in a JSON string as they are.
constexpr std::array<bool, 256> plain_characters() {
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 256; ++c) table[c] = c != '"' && c != '\\';
    return table;
}
constexpr auto plain = plain_characters();

// The first character in [p, end) that is not plain. Strings are most of a change event, so
// SSE2 (every x86-64 has it) looks at 16 bytes at a time.
const char* skip_plain(const char* p, const char* end) {
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), below_space = _mm_set1_epi8(0x1f);
    while (end - p >= 16) {
        __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // Bytes below 0x20 as unsigned: min(chunk, 0x1f) == chunk.
        __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(chunk, below_space), chunk);
        __m128i special =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)), control);
        if (int mask = _mm_movemask_epi8(special)) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (p < end && plain[static_cast<unsigned char>(*p)]) ++p;
    return p;
}

// A recursive-descent validator; depth is bounded so hostile input cannot exhaust the stack.
// It walks with pointers held in locals in the loops, which the compiler keeps in registers.
class Validator {
public:
    Validator(std::string_view text, MemberSpans* top, std::string_view nested_name, MemberSpans* nested)
        : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), top_(top), nested_name_(nested_name),
          nested_(nested) {}

    std::string run() {
        skip_space();
        if (!value(0)) return error_;
        skip_space();
        if (p_ != end_) return fail("unexpected text after the value");
        return "";
    }

private:
    static constexpr int max_depth = 256;

    std::string fail(const char* what) {
        if (error_.empty()) error_ = std::string(what) + " at byte " + std::to_string(p_ - begin_);
        return error_;
    }
    bool bad(const char* what) {
        fail(what);
        return false;
    }
    bool bad_at(const char* at, const char* what) {
        p_ = at;
        return bad(what);
    }
    // The byte at p_, or 0 at the end: 0 is never valid outside a string, so it fails as any bad byte.
    char peek() const { return p_ < end_ ? *p_ : '\0'; }
    void skip_space() {
        const char* p = p_;
        while (p < end_ && is_space(*p)) ++p;
        p_ = p;
    }
    bool literal(std::string_view word) {
        if (static_cast<size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0)
            return bad("invalid literal");
        p_ += word.size();
        return true;
    }

    bool value(int depth) {
        if (depth > max_depth) return bad("nesting too deep");
        if (p_ >= end_) return bad("unexpected end");
        switch (*p_) {
        case '{': return object(depth);
        case '[': return array(depth);
        case '"': return string();
        case 't': return literal("true");
        case 'f': return literal("false");
        case 'n': return literal("null");
        default: return number();
        }
    }

    bool object(int depth) {
        ++p_;
        skip_space();
        if (peek() == '}') return ++p_, true;
        for (;;) {
            skip_space();
            if (peek() != '"') return bad("expected a member name");
            const char* name_start = p_;
            if (!string()) return false;
            // Names matter only where members are looked for: the top object and the nested one.
            bool wanted = depth == 0 || (depth == 1 && in_nested_);
            std::string unescaped;
            auto name = wanted ? name_text(std::string_view(name_start, static_cast<size_t>(p_ - name_start)), escaped_,
                                           unescaped)
                               : std::string_view();
            skip_space();
            if (peek() != ':') return bad("expected ':'");
            ++p_;
            skip_space();
            const char* value_start = p_;
            bool was_nested = in_nested_;
            if (depth == 0 && nested_) in_nested_ = name == nested_name_;
            if (!value(depth + 1)) return false;
            std::string_view value_text(value_start, static_cast<size_t>(p_ - value_start));
            if (depth == 0 && top_) record(*top_, name, value_text);
            if (depth == 1 && in_nested_) record(*nested_, name, value_text);
            if (depth == 0) in_nested_ = was_nested;
            skip_space();
            char next = peek();
            if (next == ',') {
                ++p_;
                continue;
            }
            if (next == '}') return ++p_, true;
            return bad("expected ',' or '}'");
        }
    }

    bool array(int depth) {
        ++p_;
        skip_space();
        if (peek() == ']') return ++p_, true;
        for (;;) {
            skip_space();
            if (!value(depth + 1)) return false;
            skip_space();
            char next = peek();
            if (next == ',') {
                ++p_;
                continue;
            }
            if (next == ']') return ++p_, true;
            return bad("expected ',' or ']'");
        }
    }

    bool string() {
        const char* p = skip_plain(p_ + 1, end_); // plain characters are by far the most common
        escaped_ = false;
        if (p < end_ && *p == '"') {
            p_ = p + 1;
            return true;
        }
        return rest_of_string(p);
    }

    // Past an escape or at a bad byte: kept out of string() so that its common case stays small.
    [[gnu::noinline]] bool rest_of_string(const char* p) {
        for (;;) {
            if (p >= end_) break;
            auto c = static_cast<unsigned char>(*p);
            if (c == '"') {
                p_ = p + 1;
                return true;
            }
            if (c < 0x20) return bad_at(p, "control character in a string");
            escaped_ = true; // a backslash
            if (++p >= end_) break;
            if (*p == 'u') {
                for (int k = 1; k <= 4; ++k)
                    if (p + k >= end_ || !std::isxdigit(static_cast<unsigned char>(p[k])))
                        return bad_at(p, "bad \\u escape");
                p += 4;
            } else if (std::string_view("\"\\/bfnrt").find(*p) == std::string_view::npos) {
                return bad_at(p, "bad escape");
            }
            p = skip_plain(p + 1, end_);
        }
        return bad_at(end_, "unterminated string");
    }

    bool number() {
        const char* p = p_;
        auto digits = [&p, this] {
            while (p < end_ && is_digit(*p)) ++p;
        };
        if (p < end_ && *p == '-') ++p;
        if (p < end_ && *p == '0') {
            ++p;
        } else {
            if (p >= end_ || !is_digit(*p)) return bad("unexpected character");
            digits();
        }
        if (p < end_ && *p == '.') {
            ++p;
            if (p >= end_ || !is_digit(*p)) return bad_at(p, "bad number");
            digits();
        }
        if (p < end_ && (*p == 'e' || *p == 'E')) {
            ++p;
            if (p < end_ && (*p == '+' || *p == '-')) ++p;
            if (p >= end_ || !is_digit(*p)) return bad_at(p, "bad number");
            digits();
        }
        p_ = p;
        return true;
    }

    const char* begin_;
    const char* p_;
    const char* end_;
    MemberSpans* top_;
    std::string_view nested_name_;
    MemberSpans* nested_;
    bool in_nested_ = false; // inside the value of the top-level member nested_name_
    bool escaped_ = false;   // the last string read holds an escape
    std::string error_;
};

size_t skip_space(std::string_view s, size_t i) {
    while (i < s.size() && is_space(s[i])) ++i;
    return i;
}

// The end of the valid value starting at i.
size_t skip_value(std::string_view s, size_t i) {
    if (s[i] == '"') {
        for (++i; s[i] != '"'; ++i)
            if (s[i] == '\\') ++i;
        return i + 1;
    }
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (; i < s.size(); ++i) {
            char c = s[i];
            if (c == '"') {
                i = skip_value(s, i) - 1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return i;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !is_space(s[i])) ++i;
    return i;
}

std::string_view trimmed(std::string_view s) {
    size_t begin = skip_space(s, 0), end = s.size();
    while (end > begin && is_space(s[end - 1])) --end;
    return s.substr(begin, end - begin);
}

std::uint32_t hex4(std::string_view s) {
    std::uint32_t v = 0;
    for (char c : s.substr(0, 4))
        v = v * 16 +
            static_cast<std::uint32_t>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c | 0x20) - 'a' + 10);
    return v;
}

} // namespace

std::string validate(std::string_view text) { return Validator(text, nullptr, {}, nullptr).run(); }

std::string validate(std::string_view text, MemberSpans& top, std::string_view nested_name, MemberSpans& nested) {
    return Validator(text, &top, nested_name, &nested).run();
}

void find_members(std::string_view object, MemberSpans& spans) {
    object = trimmed(object);
    if (object.empty() || object[0] != '{') return;
    size_t i = skip_space(object, 1);
    while (i < object.size() && object[i] == '"') {
        size_t key_end = skip_value(object, i);
        auto raw_key = object.substr(i, key_end - i);
        i = skip_space(object, skip_space(object, key_end) + 1); // past ':'
        size_t value_end = skip_value(object, i);
        std::string unescaped;
        auto key = name_text(raw_key, raw_key.find('\\') != std::string_view::npos, unescaped);
        record(spans, key, object.substr(i, value_end - i));
        if (std::all_of(spans.values.begin(), spans.values.begin() + static_cast<long>(spans.names.size()),
                        [](const auto& v) { return v.has_value(); }))
            return;
        i = skip_space(object, value_end);
        if (i < object.size() && object[i] == ',') i = skip_space(object, i + 1);
    }
}

std::optional<std::string_view> member(std::string_view object, std::string_view name) {
    MemberSpans spans(std::span(&name, 1));
    find_members(object, spans);
    return spans.values[0];
}

std::optional<std::string_view> element(std::string_view array, size_t index) {
    array = trimmed(array);
    if (array.empty() || array[0] != '[') return std::nullopt;
    size_t i = skip_space(array, 1);
    for (size_t n = 0; i < array.size() && array[i] != ']'; ++n) {
        size_t end = skip_value(array, i);
        if (n == index) return array.substr(i, end - i);
        i = skip_space(array, end);
        if (i < array.size() && array[i] == ',') i = skip_space(array, i + 1);
    }
    return std::nullopt;
}

std::optional<std::string_view> pointer(std::string_view json, std::string_view path) {
    std::optional<std::string_view> at = trimmed(json);
    while (at && !path.empty()) {
        if (path[0] != '/') return std::nullopt;
        size_t next = path.find('/', 1);
        std::string token(path.substr(1, next == std::string_view::npos ? std::string_view::npos : next - 1));
        for (size_t p; (p = token.find("~1")) != std::string::npos;) token.replace(p, 2, "/");
        for (size_t p; (p = token.find("~0")) != std::string::npos;) token.replace(p, 2, "~");
        path = next == std::string_view::npos ? std::string_view() : path.substr(next);
        if (!at->empty() && (*at)[0] == '[') {
            size_t index = 0;
            auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
            // An index past any array (too long for size_t) finds nothing, like one past the end.
            if (token.empty() || error != std::errc() || end != token.data() + token.size()) return std::nullopt;
            at = element(*at, index);
        } else {
            at = member(*at, token);
        }
    }
    return at;
}

std::optional<std::string> string_value(std::string_view raw) {
    raw = trimmed(raw);
    if (raw.size() < 2 || raw.front() != '"') return std::nullopt;
    std::string out;
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
        char c = raw[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        char e = raw[++i];
        switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
            std::uint32_t cp = hex4(raw.substr(i + 1));
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && raw.substr(i + 1, 2) == "\\u") {
                std::uint32_t low = hex4(raw.substr(i + 3));
                if (low >= 0xDC00 && low < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
            }
            json::append_utf8(out, cp);
            break;
        }
        default: out += e; // " \ /
        }
    }
    return out;
}

} // namespace cdc::json_text
