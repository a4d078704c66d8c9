#include "kafka/routing.h"

#include "config/failure.h"
#include "kafka/json_text.h"

#include <cctype>

namespace cdc::kafka {
namespace {

void replace_all(std::string& text, std::string_view placeholder, std::string_view value) {
    for (size_t at = 0; (at = text.find(placeholder, at)) != std::string::npos; at += value.size())
        text.replace(at, placeholder.size(), value);
}

// Strings become their text; any other JSON value keeps its JSON form.
std::string key_text(std::string_view raw) {
    if (auto text = json_text::string_value(raw)) return *text;
    return std::string(raw);
}

enum Top { source_member, heartbeat_member, key_member };
constexpr std::string_view top_names[] = {"source", "heartbeat", "key"};
enum Source { db, table, file, pos, gtid, row, server_id };
constexpr std::string_view source_names[] = {"db", "table", "file", "pos", "gtid", "row", "server_id"};
constexpr const char* position_fields[] = {"file", "pos", "gtid", "row", "server_id"};

// The source position travels in one header, so a consumer can drop a duplicate without
// parsing the value (one header, not one per field: librdkafka's headers are costly).
void render_position(const json_text::MemberSpans& source, std::string& out) {
    out.clear();
    for (int field = file; field <= server_id; ++field) {
        auto raw = source.values[field];
        if (!raw || *raw == "null") continue;
        out += out.empty() ? "{\"" : ",\"";
        out += position_fields[field - file];
        out += "\":";
        out += *raw;
    }
    if (!out.empty()) out += "}";
}

} // namespace

std::string position_in_line_end(std::string_view end) {
    // Neither text can be inside a JSON string, where every quote is escaped.
    constexpr std::string_view opening = ",\"source\":{";
    size_t from = end.rfind(opening), to = end.rfind("},\"op\":\"");
    if (from == std::string_view::npos || to == std::string_view::npos || to < from) return "";
    from += opening.size() - 1; // at its '{'

    std::string_view block = end.substr(from, to + 1 - from);
    if (!json_text::validate(block).empty()) return "";
    json_text::MemberSpans source(source_names);
    json_text::find_members(block, source);
    std::string position;
    render_position(source, position);
    return position;
}

std::string topic_name_problem(std::string_view name) {
    // Kafka's own rule (org.apache.kafka.common.internals.Topic): the broker refuses anything else.
    constexpr size_t longest = 249;
    if (name.empty() || name == "." || name == "..") return "\"" + std::string(name) + "\" is not a legal topic name";
    if (name.size() > longest)
        return "topic name of " + std::to_string(name.size()) + " characters (Kafka allows " + std::to_string(longest) +
               ")";
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-')
            return "topic name \"" + std::string(name) + "\" has '" + c + "' (Kafka allows letters, digits, . _ and -)";
    return "";
}

Router::Router(std::string topic_template, std::string key_pointer)
    : topic_template_(std::move(topic_template)), key_pointer_(std::move(key_pointer)),
      needs_source_(topic_template_.find('{') != std::string::npos) {
    std::string sample = topic_template_; // the shortest name it makes
    for (std::string_view placeholder : {"{db}", "{table}"}) replace_all(sample, placeholder, "x");
    if (auto problem = topic_name_problem(sample); !problem.empty())
        throw UsageError("topics named " + topic_template_ + " (from --topic or --topic-prefix): " + problem);
}

std::string Router::route(std::string_view line, RoutedLine& out) const {
    out.heartbeat = false;
    out.key.clear();
    out.source = {};
    out.position.clear();
    // One pass validates the line and finds the members routing needs.
    json_text::MemberSpans top(top_names);
    json_text::MemberSpans source(source_names);
    if (auto error = json_text::validate(line, top, "source", source); !error.empty()) return "not JSON: " + error;
    if (line[line.find_first_not_of(" \t\r")] != '{') return "not a JSON object";
    if (top.values[source_member]) out.source = *top.values[source_member];

    if (key_pointer_.empty()) {
        if (top.values[heartbeat_member]) {
            out.heartbeat = true;
            return "";
        }
        auto key = top.values[key_member];
        if (!key) return "no \"key\" member (lines from cdc capture have one; for other JSON give --key POINTER)";
        if (*key != "null") out.key.assign(*key); // a table without a primary key: no key
    } else {
        auto key = json_text::pointer(line, key_pointer_);
        if (!key) return "no value at the key pointer " + key_pointer_;
        out.key = key_text(*key);
    }

    if (out.topic != topic_template_) out.topic = topic_template_; // the same for every line, usually
    if (needs_source_) {
        for (auto [field, name] : {std::pair{db, "db"}, std::pair{table, "table"}}) {
            std::string placeholder = std::string("{") + name + "}";
            if (out.topic.find(placeholder) == std::string::npos) continue;
            auto raw = source.values[field];
            auto value = raw ? json_text::string_value(*raw) : std::nullopt;
            if (!value || value->empty())
                return "no source." + std::string(name) + " for the topic template " + topic_template_;
            replace_all(out.topic, placeholder, *value);
        }
    }
    if (needs_source_)
        if (auto problem = topic_name_problem(out.topic); !problem.empty()) return problem;
    render_position(source, out.position);
    return "";
}

} // namespace cdc::kafka
