#include "config/config_file.h"

#include "json/json_writer.h"
#include <CLI/CLI.hpp>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace cdc {
namespace {

bool is_bare_key(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A recursive descent over the whole text, so that an array may span lines and every error
// knows its line.
class Parser {
public:
    Parser(const std::string& text, const std::string& path) : s_(text), path_(path) {}

    ConfigFile parse() {
        if (s_.starts_with("\xEF\xBB\xBF")) i_ = 3;      // a byte order mark some editors write
        std::map<std::vector<std::string>, int> defined; // every full key, and its line
        for (;;) {
            skip_blanks();
            skip_comment();
            if (at_end()) return std::move(out_);
            if (peek() == '\n') {
                next_line();
                continue;
            }
            if (peek() == '[') header();
            else key_value(defined);
            end_of_line();
        }
    }

private:
    const std::string& s_;
    const std::string& path_;
    size_t i_ = 0;
    int line_ = 1;
    std::vector<std::string> section_;
    ConfigFile out_;

    [[noreturn]] void fail(const std::string& what, int line = 0) const {
        throw CLI::ConfigError(path_ + ":" + std::to_string(line ? line : line_) + ": " + what);
    }
    bool at_end() const { return i_ >= s_.size(); }
    char peek() const { return at_end() ? '\0' : s_[i_]; }
    std::string shown() const {
        if (at_end()) return "the end of the file";
        if (peek() == '\n') return "the end of the line";
        return "'" + std::string(1, peek()) + "'";
    }
    void next_line() {
        ++i_;
        ++line_;
    }
    void skip_blanks() {
        while (peek() == ' ' || peek() == '\t' || (peek() == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n')) ++i_;
    }
    void skip_comment() {
        if (peek() == '#')
            while (!at_end() && peek() != '\n') ++i_;
    }
    // Blanks, comments and line ends: what may stand between an array's elements.
    void skip_space() {
        for (;;) {
            skip_blanks();
            skip_comment();
            if (peek() != '\n') return;
            next_line();
        }
    }
    void end_of_line() {
        skip_blanks();
        skip_comment();
        if (at_end()) return;
        if (peek() != '\n') fail("unexpected " + shown() + " after the value (one key = value per line)");
        next_line();
    }

    void header() {
        ++i_;
        if (peek() == '[') fail("arrays of tables ([[...]]) are not supported: options are [SUBCOMMAND] sections");
        int line = line_;
        skip_blanks();
        section_ = key();
        skip_blanks();
        if (peek() != ']') fail("expected ']' to end the section name, not " + shown());
        ++i_;
        out_.sections.push_back({line, section_});
    }

    void key_value(std::map<std::vector<std::string>, int>& defined) {
        ConfigEntry entry;
        entry.line = line_;
        auto parts = key();
        entry.section = section_;
        entry.section.insert(entry.section.end(), parts.begin(), parts.end() - 1);
        entry.key = parts.back();
        skip_blanks();
        if (peek() != '=') fail("expected '=' after the key '" + entry.key + "', not " + shown());
        ++i_;
        skip_blanks();
        value(entry.values, entry.array);
        auto full = entry.section;
        full.push_back(entry.key);
        if (auto [first, added] = defined.try_emplace(full, entry.line); !added)
            fail("'" + dotted(full) + "' is set twice (first on line " + std::to_string(first->second) + ")",
                 entry.line);
        out_.entries.push_back(std::move(entry));
    }

    std::vector<std::string> key() {
        std::vector<std::string> parts{key_part()};
        for (skip_blanks(); peek() == '.'; skip_blanks()) {
            ++i_;
            skip_blanks();
            parts.push_back(key_part());
        }
        return parts;
    }

    std::string key_part() {
        if (peek() == '"') return basic_string();
        if (peek() == '\'') return literal_string();
        size_t start = i_;
        while (!at_end() && is_bare_key(peek())) ++i_;
        if (i_ == start) fail("expected a key (letters, digits, - and _), not " + shown());
        return s_.substr(start, i_ - start);
    }

    // The value at i_, as CLI11 takes it: strings unquoted, an array as its elements (nested
    // arrays flattened), anything else as written.
    void value(std::vector<std::string>& values, bool& array) {
        switch (peek()) {
        case '"': values.push_back(basic_string()); return;
        case '\'': values.push_back(literal_string()); return;
        case '[':
            array = true;
            array_elements(values);
            return;
        case '{': fail("inline tables ({...}) are not supported: options are keys of a [SUBCOMMAND] section");
        }
        size_t start = i_;
        auto token_end = [&] {
            while (!at_end() && std::string_view(" \t\r\n#,]").find(peek()) == std::string_view::npos) ++i_;
        };
        token_end();
        // A date and a time may be separated by a space (1979-05-27 07:32:00).
        static const std::regex date(R"(\d{4}-\d{2}-\d{2})");
        if (peek() == ' ' && i_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + 1])) &&
            std::regex_match(s_.begin() + static_cast<long>(start), s_.begin() + static_cast<long>(i_), date)) {
            ++i_;
            token_end();
        }
        std::string token = s_.substr(start, i_ - start);
        if (token.empty()) fail("expected a value, not " + shown());
        static const std::regex scalar(
            R"(true|false|[+-]?(inf|nan)|[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?)"
            R"(|0x[0-9A-Fa-f](_?[0-9A-Fa-f])*|0o[0-7](_?[0-7])*|0b[01](_?[01])*)"
            R"(|\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}:\d{2}(\.\d+)?)");
        if (!std::regex_match(token, scalar))
            fail("'" + token + "' is not a TOML value (strings are quoted: \"" + token + "\")");
        if (std::isdigit(static_cast<unsigned char>(token.back())) && token.find(':') == std::string::npos)
            std::erase(token, '_'); // 1_000 is TOML's 1000; CLI11 would reject it
        values.push_back(token);
    }

    void array_elements(std::vector<std::string>& values) {
        int opened = line_;
        ++i_;
        for (bool nested = false;;) {
            skip_space();
            if (at_end()) fail("the array is not closed (a ']' is missing)", opened);
            if (peek() == ']') break;
            value(values, nested);
            skip_space();
            if (peek() == ',') {
                ++i_;
                continue;
            }
            if (peek() == ']') break;
            if (at_end()) fail("the array is not closed (a ']' is missing)", opened);
            fail("expected ',' or ']' in the array, not " + shown());
        }
        ++i_;
    }

    std::string basic_string() {
        ++i_;
        if (s_.compare(i_, 2, "\"\"") == 0) fail("multi-line strings (\"\"\"...\"\"\") are not supported");
        std::string out;
        for (;;) {
            if (at_end() || peek() == '\n') fail("the string is not closed (a '\"' is missing)");
            char c = s_[i_++];
            if (c == '"') return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            char escape = peek();
            ++i_;
            switch (escape) {
            case 'b': out += '\b'; break;
            case 't': out += '\t'; break;
            case 'n': out += '\n'; break;
            case 'f': out += '\f'; break;
            case 'r': out += '\r'; break;
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case 'u': json::append_utf8(out, code_point(4)); break;
            case 'U': json::append_utf8(out, code_point(8)); break;
            default:
                --i_;
                fail("bad escape '\\" + std::string(1, escape) +
                     "' in a string (write \\\\ for a backslash, or use 'single quotes')");
            }
        }
    }

    uint32_t code_point(int digits) {
        uint32_t cp = 0;
        for (int k = 0; k < digits; ++k, ++i_) {
            int v = hex_value(peek());
            if (v < 0) fail("a \\u escape takes 4 hex digits, \\U 8");
            cp = cp * 16 + static_cast<uint32_t>(v);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) fail("the escape names no Unicode character");
        return cp;
    }

    std::string literal_string() {
        ++i_;
        if (s_.compare(i_, 2, "''") == 0) fail("multi-line strings ('''...''') are not supported");
        size_t end = s_.find_first_of("'\n", i_);
        if (end == std::string::npos || s_[end] != '\'') fail("the string is not closed (a \"'\" is missing)");
        std::string out = s_.substr(i_, end - i_);
        i_ = end + 1;
        return out;
    }
};

} // namespace

std::string dotted(const std::vector<std::string>& parts) {
    std::string name;
    for (const auto& part : parts) name += (name.empty() ? "" : ".") + part;
    return name;
}

ConfigFile parse_config(const std::string& text, const std::string& path) { return Parser(text, path).parse(); }

ConfigFile read_config_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CLI::FileError::Missing(path);
    std::stringstream text;
    text << in.rdbuf(); // fails on an empty file, which is fine: no options
    if (in.bad()) throw CLI::FileError::Missing(path);
    return parse_config(text.str(), path);
}

} // namespace cdc
