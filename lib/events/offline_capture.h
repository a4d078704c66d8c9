#pragma once
// `cdc capture --binlog-file`: binlog files from disk to change-event lines, like mysqlbinlog.
#include "binlog/binlog_file.h"
#include "events/change_stream.h"
#include "events/output.h"

#include <string>
#include <vector>

namespace cdc::events {

// Decodes one file into `stream`; on damage throws cdc::Failure naming the file and offset.
void capture_binlog_file(binlog::BinlogFile& file, ChangeStream& stream);

// Decodes the files in order. On damage, every line before it has been written; throws
// cdc::Failure with one line naming the file and byte offset.
void capture_binlog_files(const std::vector<std::string>& files, const CaptureSettings& settings, Output& out);

} // namespace cdc::events
