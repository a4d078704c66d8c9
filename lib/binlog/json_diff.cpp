#include "binlog/json_diff.h"

#include "binlog/byte_cursor.h"
#include "binlog/json_binary.h"

#include "json/json_writer.h"
#include <algorithm>
#include <nlohmann/json.hpp>
#include <variant>
#include <vector>

namespace cdc::binlog {
namespace {

using Step = std::variant<std::string, size_t>; // object member (as JSON text) or array index

// MySQL writes diff paths in canonical form: $ then .member, ."quoted member" or [index].
std::vector<Step> parse_path(std::string_view p, const ByteCursor& at) {
    auto bad = [&] { at.fail("invalid JSON diff path '" + std::string(p) + "'"); };
    if (p.empty() || p[0] != '$') bad();
    std::vector<Step> steps;
    size_t i = 1;
    while (i < p.size()) {
        if (p[i] == '.') {
            ++i;
            std::string key;
            if (i < p.size() && p[i] == '"') {
                std::string quoted = "\"";
                for (++i; i < p.size() && p[i] != '"'; ++i) {
                    quoted += p[i];
                    if (p[i] == '\\' && i + 1 < p.size()) quoted += p[++i];
                }
                if (i >= p.size()) bad();
                ++i;
                quoted += '"';
                nlohmann::json parsed = nlohmann::json::parse(quoted, nullptr, false);
                if (!parsed.is_string()) bad();
                key = parsed.get<std::string>();
            } else {
                while (i < p.size() && p[i] != '.' && p[i] != '[') key += p[i++];
            }
            std::string text; // as the document's keys are written
            json::append_json_string(text, key);
            steps.emplace_back(std::move(text));
        } else if (p[i] == '[') {
            size_t index = 0;
            size_t digits = 0;
            for (++i; i < p.size() && p[i] >= '0' && p[i] <= '9' && digits < 18; ++i, ++digits)
                index = index * 10 + static_cast<size_t>(p[i] - '0');
            if (!digits || i >= p.size() || p[i] != ']') bad();
            ++i;
            steps.emplace_back(index);
        } else {
            bad();
        }
    }
    return steps;
}

// A JSON document as the binary JSON decoder writes it, its scalars kept as their text: a
// number passed through a double would lose digits (DECIMAL) or change its form.
struct Node {
    enum Kind { scalar, object, array } kind = scalar;
    std::string text;              // scalar: its JSON text
    std::vector<std::string> keys; // object: its members' keys as JSON text, with quotes
    std::vector<Node> elements;    // array: its elements; object: its members' values
};

class Reader {
public:
    Reader(std::string_view text, const ByteCursor& at) : s_(text), at_(at) {}

    Node document() {
        Node n = value(0);
        if (i_ != s_.size()) bad();
        return n;
    }

private:
    [[noreturn]] void bad() const { at_.fail("JSON value does not decode to JSON"); }
    char next() const { return i_ < s_.size() ? s_[i_] : '\0'; }
    void expect(char c) {
        if (next() != c) bad();
        ++i_;
    }
    std::string string_text() {
        size_t from = i_;
        expect('"');
        while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
        expect('"');
        return std::string(s_.substr(from, i_ - from));
    }
    Node value(int depth) {
        if (depth > 512) at_.fail("JSON value nested too deeply");
        Node n;
        char c = next();
        if (c == '{' || c == '[') {
            n.kind = c == '{' ? Node::object : Node::array;
            char close = c == '{' ? '}' : ']';
            ++i_;
            while (next() != close) {
                if (!n.elements.empty()) expect(',');
                if (n.kind == Node::object) {
                    n.keys.push_back(string_text());
                    expect(':');
                }
                n.elements.push_back(value(depth + 1));
            }
            ++i_;
        } else if (c == '"') {
            n.text = string_text();
        } else {
            size_t from = i_;
            while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']') ++i_;
            if (i_ == from) bad();
            n.text = std::string(s_.substr(from, i_ - from));
        }
        return n;
    }

    std::string_view s_;
    size_t i_ = 0;
    const ByteCursor& at_;
};

Node parse(std::string_view text, const ByteCursor& at) { return Reader(text, at).document(); }

void write(std::string& out, const Node& n) {
    if (n.kind == Node::scalar) {
        out += n.text;
        return;
    }
    out += n.kind == Node::object ? '{' : '[';
    for (size_t i = 0; i < n.elements.size(); ++i) {
        if (i) out += ',';
        if (n.kind == Node::object) {
            out += n.keys[i];
            out += ':';
        }
        write(out, n.elements[i]);
    }
    out += n.kind == Node::object ? '}' : ']';
}

// The index of an object's member with key `key` (as JSON text), or the number of members.
size_t member(const Node& object, const std::string& key) {
    return static_cast<size_t>(std::find(object.keys.begin(), object.keys.end(), key) - object.keys.begin());
}

Node* child(Node& parent, const Step& step) {
    if (auto* key = std::get_if<std::string>(&step)) {
        if (parent.kind != Node::object) return nullptr;
        size_t i = member(parent, *key);
        return i == parent.keys.size() ? nullptr : &parent.elements[i];
    }
    size_t index = std::get<size_t>(step);
    if (parent.kind != Node::array || index >= parent.elements.size()) return nullptr;
    return &parent.elements[index];
}

void apply(Node& doc, uint8_t op, const std::vector<Step>& path, Node value, const ByteCursor& at) {
    if (path.empty()) {
        if (op != 0) at.fail("JSON diff inserts or removes the whole document");
        doc = std::move(value);
        return;
    }
    Node* parent = &doc;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
        parent = child(*parent, path[i]);
        if (!parent) at.fail("JSON diff path does not exist in the before value");
    }
    const Step& last = path.back();
    if (auto* key = std::get_if<std::string>(&last)) {
        if (parent->kind != Node::object) {
            if (op == 2) return;
            at.fail("JSON diff sets a member of a non-object");
        }
        size_t i = member(*parent, *key);
        if (i == parent->keys.size() && op != 2) {
            parent->keys.push_back(*key);
            parent->elements.push_back(std::move(value));
        } else if (i < parent->keys.size() && op == 2) {
            parent->keys.erase(parent->keys.begin() + static_cast<std::ptrdiff_t>(i));
            parent->elements.erase(parent->elements.begin() + static_cast<std::ptrdiff_t>(i));
        } else if (i < parent->keys.size()) {
            parent->elements[i] = std::move(value);
        }
        return;
    }
    size_t index = std::get<size_t>(last);
    std::vector<Node>* elements = parent->kind == Node::array ? &parent->elements : nullptr;
    if (op == 2) { // REMOVE
        if (elements && index < elements->size())
            elements->erase(elements->begin() + static_cast<std::ptrdiff_t>(index));
        return;
    }
    if (!elements) at.fail("JSON diff sets an element of a non-array");
    if (op == 1) { // INSERT: at the index, or appended past the end
        elements->insert(elements->begin() + static_cast<std::ptrdiff_t>(std::min(index, elements->size())),
                         std::move(value));
    } else if (index < elements->size()) {
        (*elements)[index] = std::move(value);
    } else {
        at.fail("JSON diff replaces an element past the end of an array");
    }
}

} // namespace

std::string apply_json_diffs(std::string_view before, std::string_view diffs, uint64_t offset) {
    ByteCursor c(reinterpret_cast<const uint8_t*>(diffs.data()), diffs.size(), offset);
    Node doc = parse(before, c);
    while (!c.empty()) {
        ByteCursor at = c;
        uint8_t op = c.u8();
        if (op > 2) c.fail("unknown JSON diff operation " + std::to_string(op));
        std::vector<Step> path = parse_path(c.lenenc_bytes(), at);
        Node value;
        if (op != 2) {
            size_t length = c.checked_size(c.lenenc());
            uint64_t value_at = c.offset();
            std::string_view binary = c.bytes(length);
            std::string text;
            append_binary_json(text, binary, value_at);
            value = parse(text, at);
        }
        apply(doc, op, path, std::move(value), at);
    }
    std::string out;
    write(out, doc);
    return out;
}

} // namespace cdc::binlog
