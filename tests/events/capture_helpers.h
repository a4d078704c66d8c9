#pragma once
// What the capture integration tests share: the lines of an output, a fresh checkpoint path,
// an admin connection to the source.
#include "harness/servers.h"
#include "mysql/connection.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace capture_test {

// The JSON lines of a capture output, heartbeats left out unless asked for.
inline std::vector<nlohmann::json> lines_of(const std::string& out, bool keep_heartbeats = false) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        nlohmann::json j = nlohmann::json::parse(line);
        if (keep_heartbeats || !j.contains("heartbeat")) lines.push_back(j);
    }
    return lines;
}

// A path under the test output folder that does not exist yet.
inline std::string checkpoint_path(const std::string& name) {
    auto path = std::filesystem::path(harness::output_dir()) / (name + "-" + std::to_string(getpid()) + ".json");
    std::filesystem::remove(path);
    return path.string();
}

// cdc capture of `table` (db.table) from the harness source with `checkpoint`, streaming from
// now when the checkpoint does not exist yet.
inline std::vector<std::string> capture_args(const std::string& table, const std::string& checkpoint) {
    return {"capture",  "--source",   harness::url_with_password(harness::servers().source),
            "--tables", table,        "--checkpoint",
            checkpoint, "--snapshot", "never"};
}

// The same to the end of the binlog.
inline harness::Result capture_to_end(const std::string& table, const std::string& checkpoint) {
    std::vector<std::string> args = capture_args(table, checkpoint);
    args.push_back("--until-end");
    return harness::run_cdc(args);
}

struct Admin {
    cdc::mysql::Connection c{harness::servers().source_admin, "source"};
    void sql(const std::string& s) { c.execute(s); }
    // ecommerce_db.<name>_<pid>, created afresh with `columns`.
    std::string fresh_table(const std::string& name, const std::string& columns) {
        std::string table = "ecommerce_db." + name + "_" + std::to_string(getpid());
        sql("DROP TABLE IF EXISTS " + table);
        sql("CREATE TABLE " + table + " " + columns);
        return table;
    }
};

} // namespace capture_test
