#include "kafka/json_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace cdc::json_text {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool name_equals(std::string_view raw, std::string_view name) {
    return raw.find('\\') == std::string_view::npos ? raw.substr(1, raw.size() - 2) == name
                                                     : string_value(raw) == std::string(name);
}

void record(MemberSpans& spans, std::string_view raw_name, std::string_view value) {
    for (size_t k = 0; k < spans.count; ++k)
        if (!spans.values[k] && name_equals(raw_name, spans.names[k])) spans.values[k] = value;
}

// Characters that may stand in a JSON string as they are.
constexpr std::array<bool, 256> plain_characters() {
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 256; ++c) table[c] = c != '"' && c != '\\';
    return table;
}
constexpr auto plain = plain_characters();

// A recursive-descent validator; depth is bounded so hostile input cannot exhaust the stack.
class Validator {
  public:
    Validator(std::string_view text, MemberSpans* top, std::string_view nested_name, MemberSpans* nested)
        : s_(text), top_(top), nested_name_(nested_name), nested_(nested) {}

    std::string run() {
        skip_space();
        if (!value(0)) return error_;
        skip_space();
        if (i_ != s_.size()) return fail("unexpected text after the value");
        return "";
    }

  private:
    static constexpr int max_depth = 256;

    std::string fail(const char* what) {
        if (error_.empty()) error_ = std::string(what) + " at byte " + std::to_string(i_);
        return error_;
    }
    bool bad(const char* what) {
        fail(what);
        return false;
    }
    void skip_space() {
        while (i_ < s_.size() && is_space(s_[i_])) ++i_;
    }
    bool literal(std::string_view word) {
        if (s_.substr(i_, word.size()) != word) return bad("invalid literal");
        i_ += word.size();
        return true;
    }

    bool value(int depth) {
        if (depth > max_depth) return bad("nesting too deep");
        if (i_ >= s_.size()) return bad("unexpected end");
        switch (s_[i_]) {
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
        ++i_;
        skip_space();
        if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
        for (;;) {
            skip_space();
            if (i_ >= s_.size() || s_[i_] != '"') return bad("expected a member name");
            size_t name_start = i_;
            if (!string()) return false;
            auto name = s_.substr(name_start, i_ - name_start);
            skip_space();
            if (i_ >= s_.size() || s_[i_] != ':') return bad("expected ':'");
            ++i_;
            skip_space();
            size_t value_start = i_;
            bool was_nested = in_nested_;
            if (depth == 0 && nested_) in_nested_ = name_equals(name, nested_name_);
            if (!value(depth + 1)) return false;
            auto value_text = s_.substr(value_start, i_ - value_start);
            if (depth == 0 && top_) record(*top_, name, value_text);
            if (depth == 1 && in_nested_) record(*nested_, name, value_text);
            if (depth == 0) in_nested_ = was_nested;
            skip_space();
            if (i_ < s_.size() && s_[i_] == ',') {
                ++i_;
                continue;
            }
            if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
            return bad("expected ',' or '}'");
        }
    }

    bool array(int depth) {
        ++i_;
        skip_space();
        if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
        for (;;) {
            skip_space();
            if (!value(depth + 1)) return false;
            skip_space();
            if (i_ < s_.size() && s_[i_] == ',') {
                ++i_;
                continue;
            }
            if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
            return bad("expected ',' or ']'");
        }
    }

    bool string() {
        ++i_;
        while (i_ < s_.size()) {
            // Plain characters are by far the most common: skip them in a tight loop.
            const char* p = s_.data() + i_;
            const char* end = s_.data() + s_.size();
            while (p < end && plain[static_cast<unsigned char>(*p)]) ++p;
            i_ = static_cast<size_t>(p - s_.data());
            if (i_ >= s_.size()) break;
            auto c = static_cast<unsigned char>(s_[i_]);
            if (c == '"') return ++i_, true;
            if (c < 0x20) return bad("control character in a string");
            if (c == '\\') {
                if (++i_ >= s_.size()) break;
                char e = s_[i_];
                if (e == 'u') {
                    for (int k = 1; k <= 4; ++k)
                        if (i_ + k >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_ + k])))
                            return bad("bad \\u escape");
                    i_ += 4;
                } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
                    return bad("bad escape");
                }
            }
            ++i_;
        }
        return bad("unterminated string");
    }

    bool number() {
        size_t start = i_;
        if (i_ < s_.size() && s_[i_] == '-') ++i_;
        if (i_ < s_.size() && s_[i_] == '0') {
            ++i_;
        } else {
            if (i_ >= s_.size() || !is_digit(s_[i_])) return i_ = start, bad("unexpected character");
            while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
        }
        if (i_ < s_.size() && s_[i_] == '.') {
            ++i_;
            if (i_ >= s_.size() || !is_digit(s_[i_])) return bad("bad number");
            while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
        }
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            ++i_;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
            if (i_ >= s_.size() || !is_digit(s_[i_])) return bad("bad number");
            while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
        }
        return true;
    }

    std::string_view s_;
    MemberSpans* top_;
    std::string_view nested_name_;
    MemberSpans* nested_;
    bool in_nested_ = false; // inside the value of the top-level member nested_name_
    size_t i_ = 0;
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

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::uint32_t hex4(std::string_view s) {
    std::uint32_t v = 0;
    for (char c : s.substr(0, 4)) v = v * 16 + static_cast<std::uint32_t>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c | 0x20) - 'a' + 10);
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
        record(spans, raw_key, object.substr(i, value_end - i));
        if (std::all_of(spans.values.begin(), spans.values.begin() + static_cast<long>(spans.count),
                        [](const auto& v) { return v.has_value(); }))
            return;
        i = skip_space(object, value_end);
        if (i < object.size() && object[i] == ',') i = skip_space(object, i + 1);
    }
}

std::optional<std::string_view> member(std::string_view object, std::string_view name) {
    MemberSpans spans{name};
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
            if (token.empty() || token.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
            at = element(*at, std::stoul(token));
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
            append_utf8(out, cp);
            break;
        }
        default: out += e; // " \ /
        }
    }
    return out;
}

} // namespace cdc::json_text
