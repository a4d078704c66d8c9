#pragma once
// --snapshot: the captured tables as they are, one consistent read, emitted as op "r" lines,
// and the binlog position that read matches, so that streaming from it misses and repeats
// nothing.
#include "events/binlog_position.h"
#include "events/capture_metrics.h"
#include "events/change_stream.h"
#include "events/ddl.h"
#include "events/output.h"
#include "mysql/connection.h"

namespace cdc::events {

// Reads every table `settings.tables` selects inside START TRANSACTION WITH CONSISTENT
// SNAPSHOT, row by row (never a whole table in memory), and returns the position of the
// snapshot, with the captured tables' columns as of that position in `schema`; counts the rows
// (op r) into `metrics`, if given. Throws cdc::Failure.
BinlogPosition snapshot_tables(mysql::Connection& source, const CaptureSettings& settings, Output& out, Schema& schema,
                               CaptureMetrics* metrics = nullptr);

} // namespace cdc::events
