#include "binlog/binlog_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace cdc::binlog {
namespace {
constexpr uint8_t magic[4] = {0xfe, 'b', 'i', 'n'};
constexpr size_t read_chunk = 1 << 16;
// A guard against a damaged size field asking for gigabytes: real events stay far below this
// (max_allowed_packet is at most 1 GiB).
constexpr uint32_t max_event_size = 1u << 30;
} // namespace

BinlogFile::BinlogFile(const std::string& path) : path_(path) {
    file_.reset(std::fopen(path.c_str(), "rb"));
    if (!file_) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    read_magic();
}

BinlogFile::BinlogFile(std::FILE* file, std::string name) : path_(std::move(name)), file_(file, &std::fclose) {
    read_magic();
}

void BinlogFile::read_magic() {
    if (!fill(4)) throw DecodeError("file too short for the binlog magic number", end_ - begin_);
    if (std::memcmp(buffer_.data() + begin_, magic, 4) != 0)
        throw DecodeError("not a binlog file (bad magic number)", 0);
    begin_ += 4;
    offset_ = 4;
}

bool BinlogFile::fill(size_t bytes) {
    while (end_ - begin_ < bytes) {
        if (begin_ > 0) { // move the unread tail to the front before reading more
            std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        // Grow only as data really arrives, so a damaged size field cannot make us allocate
        // what the file does not hold.
        if (buffer_.size() - end_ < read_chunk) buffer_.resize(std::max(end_ + read_chunk, buffer_.size() * 2));
        size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_.get());
        if (got == 0) {
            if (std::ferror(file_.get()))
                throw std::runtime_error("cannot read " + path_ + ": " + std::strerror(errno));
            return false;
        }
        end_ += got;
    }
    return true;
}

std::optional<Event> BinlogFile::next() {
    if (!fill(1)) return std::nullopt;
    if (!fill(common_header_length))
        throw DecodeError("truncated event header (" + std::to_string(end_ - begin_) + " of 19 bytes)", offset_);
    EventHeader h = EventParser::parse_header(buffer_.data() + begin_, common_header_length, offset_);
    if (h.size > max_event_size) throw DecodeError("implausible event size " + std::to_string(h.size), offset_ + 9);
    if (!fill(h.size))
        throw DecodeError("truncated event (type " + std::to_string(h.type) + ": " + std::to_string(h.size) +
                              " bytes declared, " + std::to_string(end_ - begin_) + " in the file)",
                          offset_);
    Event e = parser_.parse(buffer_.data() + begin_, h.size, offset_);
    begin_ += h.size;
    offset_ += h.size;
    return e;
}

} // namespace cdc::binlog
