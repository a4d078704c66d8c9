#include "inspect/event_stream.h"

#include "config/shutdown.h"
#include "kafka/topic_reader.h"

namespace cdc::inspect {

void show_events(std::istream& in, const std::string& brokers, const EventSource& source, const EventFilter& filter,
                 bool json, std::FILE* out) {
    const auto& stop = shutdown_requested();
    auto show = [&](const std::string& text, const std::string& where) {
        auto event = nlohmann::json::parse(text, nullptr, false);
        if (event.is_discarded() || !event.is_object()) {
            std::fprintf(stderr, "cdc inspect: %s: not a JSON object\n", where.c_str());
            return;
        }
        if (!filter.matches(event)) return;
        std::string line = (json ? event.dump() : describe_event(event)) + "\n";
        std::fwrite(line.data(), 1, line.size(), out);
    };
    if (source.topic.empty()) {
        std::string text;
        for (size_t number = 1; !stop && std::getline(in, text); ++number)
            show(text, "stdin line " + std::to_string(number));
        return;
    }
    kafka::TopicReader reader(brokers, source.topic, source.from_beginning);
    while (!stop && !(source.until_end && reader.at_end())) {
        if (auto m = reader.next(200))
            show(m->value, m->topic + "/" + std::to_string(m->partition) + "/" + std::to_string(m->offset));
        std::fflush(out);
    }
}

} // namespace cdc::inspect
