#include "events/offline_capture.h"

#include "config/failure.h"

#include <optional>
#include <spdlog/spdlog.h>

namespace cdc::events {

bool capture_binlog_file(binlog::BinlogFile& file, ChangeStream& stream, const std::atomic<bool>* stop) {
    const std::string& path = file.path();
    bool stopped = false;
    try {
        RowsPrefetch ahead([&] { return file.next(); }, [] { return true; },
                           [&](const binlog::TableMap& parsed) { return stream.prefetch_map(parsed); },
                           stream.settings().decode_threads);
        while (!(stopped = stop && *stop))
            if (auto next = ahead.next()) stream.handle(*next->event, next->rows);
            else break;
    } catch (const binlog::DecodeError& e) {
        uint64_t dropped = stream.end_of_input();
        // The transaction may well have committed on the server: its end is what cannot be read.
        throw Failure(path + ": " + e.what() +
                      (dropped ? " (not emitted: " + std::to_string(dropped) + (dropped == 1 ? " row" : " rows") +
                                     " of the transaction it interrupts, whose end cannot be read)"
                               : std::string()));
    } catch (const Failure& e) {
        stream.end_of_input();
        throw Failure(path + ": " + e.what());
    }
    uint64_t dropped = stream.end_of_input();
    if (stopped)
        spdlog::info("{}: stopped at byte offset {}{}", path, stream.position().pos, // the reading ran ahead
                     dropped ? ", inside a transaction: its " + std::to_string(dropped) + " rows were not emitted"
                             : "");
    else if (dropped)
        spdlog::warn("{}: ends inside a transaction; its {} rows were not emitted (no COMMIT)", path, dropped);
    return !stopped;
}

void capture_binlog_files(const std::vector<std::string>& files, const CaptureSettings& settings, Output& out,
                          const std::atomic<bool>* stop) {
    ChangeStream stream(settings, out);
    for (const std::string& path : files) {
        stream.start_file(path.substr(path.find_last_of('/') + 1));
        std::optional<binlog::BinlogFile> file;
        try {
            file.emplace(path);
        } catch (const binlog::DecodeError& e) {
            throw Failure(path + ": " + e.what());
        } catch (const std::runtime_error& e) { throw Failure(e.what()); }
        if (!capture_binlog_file(*file, stream, stop)) return;
    }
    if (size_t held = stream.prepared())
        spdlog::warn("{} XA transaction(s) prepared with captured rows did not commit or roll back in these files: "
                     "their rows are not written (the files that follow may hold their XA COMMIT)",
                     held);
}

} // namespace cdc::events
