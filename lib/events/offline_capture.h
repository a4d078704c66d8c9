#pragma once
// `cdc capture --binlog-file`: binlog files from disk to change-event lines, like mysqlbinlog.
#include "binlog/binlog_file.h"
#include "events/change_stream.h"
#include "events/output.h"

#include <atomic>
#include <string>
#include <vector>

namespace cdc::events {

// Decodes one file into `stream`; on damage throws cdc::Failure naming the file and offset.
// Once `stop` is set (SIGINT, SIGTERM), reads no further event and returns false.
bool capture_binlog_file(binlog::BinlogFile& file, ChangeStream& stream, const std::atomic<bool>* stop = nullptr);

// Decodes the files in order. On damage, every line before it has been written; throws
// cdc::Failure with one line naming the file and byte offset. Once `stop` is set, ends after
// the event in hand with the lines of the transactions committed so far written.
void capture_binlog_files(const std::vector<std::string>& files, const CaptureSettings& settings, Output& out,
                          const std::atomic<bool>* stop = nullptr);

} // namespace cdc::events
