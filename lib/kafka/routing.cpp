#include "kafka/routing.h"

#include "kafka/json_text.h"

namespace cdc::kafka {
namespace {

// Strings become their text; any other JSON value keeps its JSON form.
std::string key_text(std::string_view raw) {
    if (auto text = json_text::string_value(raw)) return *text;
    return std::string(raw);
}

// The headers that carry the source position, so a consumer can drop a duplicate.
void add_position_headers(std::string_view source, RoutedLine& out) {
    for (const char* name : {"file", "pos", "gtid", "row", "server_id"}) {
        auto raw = json_text::member(source, name);
        if (!raw || *raw == "null") continue;
        out.headers.emplace_back(std::string("cdc.") + name, key_text(*raw));
    }
}

} // namespace

Router::Router(std::string topic_template, std::string key_pointer)
    : topic_template_(std::move(topic_template)), key_pointer_(std::move(key_pointer)),
      needs_source_(topic_template_.find('{') != std::string::npos) {}

std::string Router::route(std::string_view line, RoutedLine& out) const {
    out = RoutedLine{};
    if (auto error = json_text::validate(line); !error.empty()) return "not JSON: " + error;
    if (line.find_first_not_of(" \t") == std::string_view::npos || line[line.find_first_not_of(" \t")] != '{')
        return "not a JSON object";
    auto source = json_text::member(line, "source");
    if (source) out.source = *source;

    if (key_pointer_.empty()) {
        if (json_text::member(line, "heartbeat")) {
            out.heartbeat = true;
            return "";
        }
        auto key = json_text::member(line, "key");
        if (!key || *key == "null")
            return "no \"key\" member (lines from cdc capture have one; for other JSON give --key POINTER)";
        out.key = std::string(*key);
    } else {
        auto key = json_text::pointer(line, key_pointer_);
        if (!key) return "no value at the key pointer " + key_pointer_;
        out.key = key_text(*key);
    }

    out.topic = topic_template_;
    if (needs_source_) {
        for (const char* field : {"db", "table"}) {
            std::string placeholder = std::string("{") + field + "}";
            auto at = out.topic.find(placeholder);
            if (at == std::string::npos) continue;
            auto raw = source ? json_text::member(*source, field) : std::nullopt;
            auto value = raw ? json_text::string_value(*raw) : std::nullopt;
            if (!value || value->empty())
                return "no source." + std::string(field) + " for the topic template " + topic_template_;
            do {
                out.topic.replace(at, placeholder.size(), *value);
            } while ((at = out.topic.find(placeholder)) != std::string::npos);
        }
    }
    if (source) add_position_headers(*source, out);
    return "";
}

} // namespace cdc::kafka
