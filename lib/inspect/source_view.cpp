#include "inspect/source_view.h"

#include "config/failure.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace cdc::inspect {
namespace {

// What capture needs, and what each wrong value costs.
struct Expected {
    const char* variable;
    const char* value;
    const char* otherwise;
};
const Expected expectations[] = {
    {"log_bin", "ON", "no binary log: nothing can be captured"},
    {"binlog_format", "ROW", "statements instead of rows: changes cannot be decoded"},
    {"binlog_row_image", "FULL", "updates and deletes lose the columns they did not change"},
    {"binlog_row_metadata", "FULL", "column names come from information_schema, which is racy across DDL"},
};

nlohmann::json checkpoint_row(const std::string& path, const std::vector<BinlogFile>& binlogs) {
    nlohmann::json row = {{"checkpoint", path}};
    std::ifstream in(path);
    if (!in) {
        row["state"] = "unreadable";
        return row;
    }
    auto doc = nlohmann::json::parse(in, nullptr, false);
    const auto& position = doc.is_object() && doc.contains("source") ? doc["source"] : doc;
    if (!position.is_object() || !position.contains("file") || !position.contains("pos")) {
        row["state"] = "not a checkpoint";
        return row;
    }
    std::string file = position["file"].get<std::string>();
    std::int64_t pos = position["pos"].get<std::int64_t>();
    row["file"] = file;
    row["pos"] = pos;
    for (const char* gtid : {"gtid", "last_gtid"})
        if (position.contains(gtid) && position[gtid].is_string()) row["gtid"] = position[gtid];
    if (auto behind = bytes_behind(binlogs, file, pos)) {
        row["bytes_behind"] = *behind;
        row["state"] = *behind == 0 ? "caught up" : "behind";
    } else {
        row["state"] = "purged: resume with --snapshot initial";
    }
    return row;
}

} // namespace

std::optional<std::int64_t> bytes_behind(const std::vector<BinlogFile>& binlogs, const std::string& file,
                                         std::int64_t pos) {
    std::int64_t behind = 0;
    bool found = false;
    for (const auto& binlog : binlogs) {
        if (binlog.name == file) {
            found = true;
            behind += std::max<std::int64_t>(0, binlog.size - pos);
        } else if (found) {
            behind += binlog.size - 4; // every file starts with the 4-byte magic
        }
    }
    return found ? std::optional(behind) : std::nullopt;
}

std::vector<std::string> checkpoint_files(const std::vector<std::string>& given) {
    if (!given.empty()) return given;
    std::vector<std::string> found;
    const char* home = std::getenv("CDC_HOME");
    std::error_code ec; // no such folder: none
    if (home)
        for (const auto& entry : std::filesystem::directory_iterator(std::string(home) + "/checkpoints", ec))
            if (entry.is_regular_file()) found.push_back(entry.path().string());
    std::sort(found.begin(), found.end());
    return found;
}

Report source_view(mysql::Connection& source, const std::vector<std::string>& paths) {
    Report report;
    Table settings{"binlog settings on " + source.endpoint().redacted(), {"variable", "value", "needed", "state"}};
    auto variables = source
                         .prepare("SHOW GLOBAL VARIABLES WHERE Variable_name IN "
                                  "('log_bin','binlog_format','binlog_row_image','binlog_row_metadata',"
                                  "'gtid_mode','gtid_strict_mode','gtid_binlog_pos','server_id','version')")
                         .query();
    std::map<std::string, std::string> values;
    for (const auto& row : variables) values[row[0].value_or("")] = row[1].value_or("");
    for (const auto& e : expectations) {
        auto it = values.find(e.variable);
        std::string value = it == values.end() ? "(not supported)" : it->second;
        settings.rows.push_back({{"variable", e.variable},
                                 {"value", value},
                                 {"needed", e.value},
                                 {"state", value == e.value ? "ok" : e.otherwise}});
    }
    for (const char* informational : {"gtid_mode", "gtid_strict_mode", "gtid_binlog_pos", "server_id", "version"})
        if (values.count(informational))
            settings.rows.push_back({{"variable", informational},
                                     {"value", values[informational]},
                                     {"needed", nullptr},
                                     {"state", nullptr}});
    report.document["settings"] = settings.rows;

    std::vector<BinlogFile> binlogs;
    if (values["log_bin"] == "ON") {
        for (const auto& row : source.prepare("SHOW BINARY LOGS").query())
            binlogs.push_back({row[0].value_or(""), std::stoll(row[1].value_or("0"))});
    }
    Table position{"binary log", {"file", "size"}};
    for (const auto& b : binlogs) position.rows.push_back({{"file", b.name}, {"size", b.size}});
    report.document["binlogs"] = position.rows;
    if (!binlogs.empty()) report.document["end"] = {{"file", binlogs.back().name}, {"pos", binlogs.back().size}};

    Table checkpoints{"capture checkpoints", {"checkpoint", "file", "pos", "gtid", "bytes_behind", "state"}};
    for (const auto& path : paths) checkpoints.rows.push_back(checkpoint_row(path, binlogs));
    report.document["checkpoints"] = checkpoints.rows;

    report.tables = {settings, position, checkpoints};
    if (!binlogs.empty())
        report.notes.push_back("server position: " + binlogs.back().name + ":" + std::to_string(binlogs.back().size));
    return report;
}

} // namespace cdc::inspect
