#pragma once
// Logs go to stderr (stdout carries data), as text or as one JSON object per line.
#include <string>

namespace cdc {

// name is the subcommand ("capture"); level and format as given by --log-level/--log-format.
void setup_logging(const std::string& name, const std::string& level, const std::string& format);

} // namespace cdc
