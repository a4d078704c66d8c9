#pragma once
// cdc inspect source: the binlog settings capture depends on, where the server's binary log
// ends, and how far behind it each capture checkpoint is.
#include "inspect/report.h"
#include "mysql/connection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cdc::inspect {

struct BinlogFile {
    std::string name;
    std::int64_t size;
};

// Bytes from (file, pos) to the end of the last binlog; nullopt when the file is no longer
// on the server (purged), which means capture cannot resume from there.
std::optional<std::int64_t> bytes_behind(const std::vector<BinlogFile>& binlogs, const std::string& file,
                                         std::int64_t pos);

// The checkpoint files to show: those `given`, else every file under $CDC_HOME/checkpoints.
std::vector<std::string> checkpoint_files(const std::vector<std::string>& given);

// paths: checkpoint files to read; each may hold {"file","pos",...} or {"source":{...}}.
Report source_view(mysql::Connection& source, const std::vector<std::string>& paths);

} // namespace cdc::inspect
