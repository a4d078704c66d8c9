#pragma once
// What the capture integration tests share: the lines of an output, fresh files and tables,
// the arguments of a capture of one table, an admin connection to the source.
#include "harness/servers.h"
#include "mysql/connection.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>
#include <vector>

namespace capture_test {

using harness::slurp;

// A JSON file (a checkpoint, say), parsed.
inline nlohmann::json read_json(const std::string& path) { return nlohmann::json::parse(slurp(path)); }

// NAME_PID: a name of this run only, for tables, users and files.
inline std::string unique(const std::string& name) { return name + "_" + std::to_string(getpid()); }

// The JSON lines of a capture output, heartbeats left out unless asked for. A last line
// without its newline is still being written and is left out too.
inline std::vector<nlohmann::json> lines_of(const std::string& out, bool keep_heartbeats = false) {
    std::vector<nlohmann::json> lines;
    size_t start = 0;
    for (size_t end; (end = out.find('\n', start)) != std::string::npos; start = end + 1) {
        nlohmann::json j = nlohmann::json::parse(out.substr(start, end - start));
        if (keep_heartbeats || !j.contains("heartbeat")) lines.push_back(std::move(j));
    }
    return lines;
}

// A path under the test output folder for `name` (NAME_PID.EXT) where nothing is: a file or
// folder a killed run left there is removed. For a checkpoint, an output, a FIFO, a folder.
inline std::string fresh_file(const std::string& name) {
    std::filesystem::path file(name);
    auto path =
        std::filesystem::path(harness::output_dir()) / (unique(file.stem().string()) + file.extension().string());
    std::filesystem::remove_all(path);
    return path.string();
}

// A fresh path for a checkpoint, a JSON file.
inline std::string checkpoint_path(const std::string& name) { return fresh_file(name + ".json"); }

// cdc capture of `table` (db.table) from the harness source with `checkpoint`; `snapshot` says
// where it starts when the checkpoint does not exist yet (never: from now).
inline std::vector<std::string> capture_args(const std::string& table, const std::string& checkpoint,
                                             const std::string& snapshot = "never") {
    return {"capture",  "--source",   harness::url_with_password(harness::servers().source),
            "--tables", table,        "--checkpoint",
            checkpoint, "--snapshot", snapshot};
}

// The same to the end of the binlog.
inline harness::Result capture_to_end(const std::string& table, const std::string& checkpoint,
                                      const std::string& snapshot = "never") {
    std::vector<std::string> args = capture_args(table, checkpoint, snapshot);
    args.push_back("--until-end");
    return harness::run_cdc(args);
}

// Whether the capture serving /health on `port` streams: its status "ok", not "starting" (which
// is connected too, while it reads where to start: a change made then may come before that).
inline bool streaming(int port) {
    return harness::shell("curl -s http://127.0.0.1:" + std::to_string(port) + "/health")
               .out.find("\"status\":\"ok\"") != std::string::npos;
}

struct Admin {
    cdc::mysql::Connection c{harness::servers().source_admin, "source"};
    void sql(const std::string& s) { c.execute(s); }
    // ecommerce_db.<name>_<pid>, created afresh with `columns`.
    std::string fresh_table(const std::string& name, const std::string& columns) {
        std::string table = "ecommerce_db." + unique(name);
        sql("DROP TABLE IF EXISTS " + table);
        sql("CREATE TABLE " + table + " " + columns);
        return table;
    }
};

// cdc with `args`, its standard output appended to the file `out` (>>), to its exit.
inline harness::Result run_appending(const std::vector<std::string>& args, const std::string& out) {
    harness::Child child(args, {}, harness::Redirect{"", out, true});
    return child.wait();
}

// A global variable of the source set for the life of the guard and always restored, even
// when the test fails: every test uses this server.
class SourceGlobal {
public:
    SourceGlobal(Admin& admin, std::string name, const std::string& value) : admin_(admin), name_(std::move(name)) {
        saved_ = admin_.c.prepare("SELECT @@global." + name_).query().at(0).at(0).value();
        // A parameter is a string, which a numeric variable refuses.
        bool numeric = !saved_.empty() && saved_.find_first_not_of("0123456789") == std::string::npos;
        set_ = "SET GLOBAL " + name_ + (numeric ? " = CAST(? AS UNSIGNED)" : " = ?");
        admin_.c.prepare(set_).execute({value});
    }
    ~SourceGlobal() {
        try {
            admin_.c.prepare(set_).execute({saved_});
        } catch (const std::exception& e) {
            FAIL_CHECK("could not restore " << name_ << " = " << saved_ << " on the source: " << e.what());
        }
    }
    SourceGlobal(const SourceGlobal&) = delete;
    SourceGlobal& operator=(const SourceGlobal&) = delete;

private:
    Admin& admin_;
    std::string name_, saved_, set_;
};

} // namespace capture_test
