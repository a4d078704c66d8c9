#pragma once
// Streams the events of a binlog file from disk with a bounded buffer (never the whole file in
// memory): checks the magic, then hands out one whole event at a time.
#include "binlog/event.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cdc::binlog {

class BinlogFile {
public:
    explicit BinlogFile(const std::string& path);  // throws DecodeError / std::runtime_error
    BinlogFile(std::FILE* file, std::string name); // takes ownership of an open file

    // The next event, or nothing at the clean end of the file. Damage throws DecodeError.
    // The event's bytes stay valid until the next call.
    std::optional<Event> next();

    uint64_t offset() const { return offset_; } // where the next event starts
    const std::string& path() const { return path_; }

private:
    void read_magic();
    bool fill(size_t bytes); // makes `bytes` bytes available from offset_; false at end of file

    std::string path_;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_{nullptr,
                                                          &std::fclose}; // closed even by a throwing constructor
    std::vector<uint8_t> buffer_;
    size_t begin_ = 0, end_ = 0; // the unread bytes in buffer_
    uint64_t offset_ = 0;
    EventParser parser_;
};

} // namespace cdc::binlog
