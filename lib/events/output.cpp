#include "events/output.h"

#include "config/failure.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace cdc::events {

FileOutput::FileOutput(int fd) : fd_(fd) {
    struct stat st {};
    bool pipe = fstat(fd_, &st) == 0 && S_ISFIFO(st.st_mode);
    chunk_ = pipe ? PIPE_BUF : size_t(1) << 20;
    buffer_.reserve(chunk_);
}

FileOutput::~FileOutput() {
    try {
        flush();
    } catch (const Failure&) { // already reported by the flush that failed, or nobody reads any more
    }
}

void FileOutput::write_all(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw Failure(std::string("cannot write the output: ") + std::strerror(errno));
        bytes.remove_prefix(static_cast<size_t>(n));
    }
}

void FileOutput::write(std::string_view lines) {
    while (!lines.empty()) {
        size_t room = chunk_ - buffer_.size();
        if (lines.size() <= room) {
            buffer_ += lines;
            return;
        }
        size_t end = lines.substr(0, room).rfind('\n'); // the lines that fit
        if (end == std::string_view::npos) {
            if (!buffer_.empty()) {
                flush();
                continue;
            }
            end = std::min(lines.find('\n'), lines.size() - 1); // one line longer than a chunk
        }
        std::string_view whole = lines.substr(0, end + 1);
        if (buffer_.empty()) { // a large transaction's lines go out without a copy
            write_all(whole);
        } else {
            buffer_ += whole;
            flush();
        }
        lines.remove_prefix(whole.size());
    }
}

void FileOutput::flush() {
    if (buffer_.empty()) return;
    try {
        write_all(buffer_);
    } catch (const Failure&) {
        buffer_.clear(); // a failed output is not written again (by the destructor)
        throw;
    }
    buffer_.clear();
}

} // namespace cdc::events
