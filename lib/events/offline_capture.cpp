#include "events/offline_capture.h"

#include "binlog/binlog_file.h"
#include "config/failure.h"

#include <spdlog/spdlog.h>

namespace cdc::events {

void capture_binlog_files(const std::vector<std::string>& files, const CaptureSettings& settings, Output& out) {
    ChangeStream stream(settings, out);
    for (const std::string& path : files) {
        std::string name = path.substr(path.find_last_of('/') + 1);
        stream.start_file(name);
        try {
            binlog::BinlogFile file(path);
            while (auto event = file.next()) stream.handle(*event);
        } catch (const binlog::DecodeError& e) {
            uint64_t dropped = stream.end_of_input();
            throw Failure(path + ": " + e.what() +
                          (dropped ? " (" + std::to_string(dropped) +
                                         " rows of the transaction it interrupts were not emitted: it never committed)"
                                   : std::string()));
        } catch (const Failure& e) {
            stream.end_of_input();
            throw Failure(path + ": " + e.what());
        } catch (const std::runtime_error& e) {
            stream.end_of_input();
            throw Failure(e.what());
        }
        if (uint64_t dropped = stream.end_of_input())
            spdlog::warn("{}: ends inside a transaction; its {} rows were not emitted (no COMMIT)", path, dropped);
    }
}

} // namespace cdc::events
