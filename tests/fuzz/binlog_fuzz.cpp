// libFuzzer target: arbitrary bytes as a binlog file, through the decoder and the change
// stream. Anything but a clean end or cdc::Failure (a one-line error) is a bug.
#include "binlog/binlog_file.h"
#include "config/failure.h"
#include "events/offline_capture.h"

#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    std::FILE* memory = fmemopen(const_cast<uint8_t*>(data), size, "rb");
    if (!memory) return 0;
    cdc::events::CaptureSettings settings;
    settings.tables = cdc::events::TableFilter("*.*", "");
    settings.positional_column_names = true;
    settings.include_query = true;
    settings.decode_threads = size % 2; // half the inputs are also decoded ahead, on a worker (RowsPrefetch)
    cdc::events::StringOutput out;
    cdc::events::ChangeStream stream(settings, out);
    try {
        cdc::binlog::BinlogFile file(memory, "fuzz");
        cdc::events::capture_binlog_file(file, stream);
    } catch (const cdc::Failure&) {
    } catch (const cdc::binlog::DecodeError&) { // the magic number check, before the stream
    }
    return 0;
}
