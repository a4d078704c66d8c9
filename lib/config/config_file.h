#pragma once
// The TOML file of --config, read strictly. CLI11 2.1's own reader takes any line (`tables =`
// becomes an empty value, `oops` a flag) and knows no line numbers, so a mistake in the file
// would go unnoticed or be reported without saying where.
#include <string>
#include <vector>

namespace cdc {

struct ConfigEntry {
    int line = 0;                     // 1-based, where the key is
    std::vector<std::string> section; // [capture] -> {"capture"}; empty at the top of the file
    std::string key;                  // the last part of a dotted key; the others go to section
    std::vector<std::string> values;  // the strings CLI11 takes: an array's elements, else one
    bool array = false;
};

struct ConfigSection {
    int line = 0;
    std::vector<std::string> name;
};

struct ConfigFile {
    std::vector<ConfigSection> sections; // every [header], in order
    std::vector<ConfigEntry> entries;    // every key = value, in order
};

// Reads the subset of TOML an options file needs: [sections], bare, quoted and dotted keys, and
// strings, numbers, booleans, dates and arrays of them as values (not inline tables, [[arrays of
// tables]] or multi-line strings). Throws CLI::ConfigError "PATH:LINE: what is wrong" when the
// file cannot be read or is not such TOML, or sets a key twice.
ConfigFile read_config_file(const std::string& path);

// {"capture", "x"} -> "capture.x", a section's or key's name as written in the file.
std::string dotted(const std::vector<std::string>& parts);

// The same from text; `path` only names it in errors.
ConfigFile parse_config(const std::string& text, const std::string& path);

} // namespace cdc
