#pragma once
// cdc inspect events: the change events of standard input or of a topic, filtered, one line
// each (or JSON), like kcat -C.
#include "inspect/event_view.h"

#include <cstdio>
#include <istream>
#include <string>

namespace cdc::inspect {

struct EventSource {
    std::string topic; // empty: the input stream
    bool from_beginning = false;
    bool until_end = false; // a topic: stop once every partition is read to its end
};

// Writes the events of `in` or of `source.topic` that `filter` keeps to `out`, until the end or
// a shutdown. A line that is not a JSON object is named on stderr (line, or topic/partition/
// offset) and passed over.
void show_events(std::istream& in, const std::string& brokers, const EventSource& source, const EventFilter& filter,
                 bool json, std::FILE* out);

} // namespace cdc::inspect
