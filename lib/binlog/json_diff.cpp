#include "binlog/json_diff.h"

#include "binlog/byte_cursor.h"
#include "binlog/json_binary.h"

#include <nlohmann/json.hpp>
#include <variant>
#include <vector>

namespace cdc::binlog {
namespace {

using Json = nlohmann::ordered_json;
using Step = std::variant<std::string, size_t>; // object member or array index

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
                Json parsed = Json::parse(quoted, nullptr, false);
                if (!parsed.is_string()) bad();
                key = parsed.get<std::string>();
            } else {
                while (i < p.size() && p[i] != '.' && p[i] != '[') key += p[i++];
            }
            steps.emplace_back(std::move(key));
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

Json* child(Json& parent, const Step& step) {
    if (auto* key = std::get_if<std::string>(&step)) {
        if (!parent.is_object()) return nullptr;
        auto it = parent.find(*key);
        return it == parent.end() ? nullptr : &*it;
    }
    size_t index = std::get<size_t>(step);
    if (!parent.is_array() || index >= parent.size()) return nullptr;
    return &parent[index];
}

void apply(Json& doc, uint8_t op, const std::vector<Step>& path, Json value, const ByteCursor& at) {
    if (path.empty()) {
        if (op != 0) at.fail("JSON diff inserts or removes the whole document");
        doc = std::move(value);
        return;
    }
    Json* parent = &doc;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
        parent = child(*parent, path[i]);
        if (!parent) at.fail("JSON diff path does not exist in the before value");
    }
    const Step& last = path.back();
    if (op == 2) { // REMOVE
        if (auto* key = std::get_if<std::string>(&last)) {
            if (parent->is_object()) parent->erase(*key);
        } else if (parent->is_array() && std::get<size_t>(last) < parent->size()) {
            parent->erase(std::get<size_t>(last));
        }
        return;
    }
    if (auto* key = std::get_if<std::string>(&last)) {
        if (!parent->is_object()) at.fail("JSON diff sets a member of a non-object");
        (*parent)[*key] = std::move(value);
        return;
    }
    size_t index = std::get<size_t>(last);
    if (!parent->is_array()) at.fail("JSON diff sets an element of a non-array");
    if (op == 1) { // INSERT: at the index, or appended past the end
        parent->insert(parent->begin() + static_cast<std::ptrdiff_t>(std::min(index, parent->size())),
                       std::move(value));
    } else if (index < parent->size()) {
        (*parent)[index] = std::move(value);
    } else {
        at.fail("JSON diff replaces an element past the end of an array");
    }
}

} // namespace

std::string apply_json_diffs(std::string_view before, std::string_view diffs, uint64_t offset) {
    Json doc = Json::parse(before, nullptr, false);
    ByteCursor c(reinterpret_cast<const uint8_t*>(diffs.data()), diffs.size(), offset);
    if (doc.is_discarded()) c.fail("JSON before value is not JSON");
    while (!c.empty()) {
        ByteCursor at = c;
        uint8_t op = c.u8();
        if (op > 2) c.fail("unknown JSON diff operation " + std::to_string(op));
        std::vector<Step> path = parse_path(c.lenenc_bytes(), at);
        Json value;
        if (op != 2) {
            size_t length = c.checked_size(c.lenenc());
            uint64_t value_at = c.offset();
            std::string_view binary = c.bytes(length);
            std::string text;
            append_binary_json(text, binary, value_at);
            value = Json::parse(text, nullptr, false);
            if (value.is_discarded()) c.fail("JSON diff value does not decode to JSON");
        }
        apply(doc, op, path, std::move(value), at);
    }
    return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

} // namespace cdc::binlog
