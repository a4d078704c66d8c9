#pragma once
// Where JSON lines go: stdout for capture, a string in tests.
#include <cstdio>
#include <string>
#include <string_view>

namespace cdc::events {

struct Output {
    virtual ~Output() = default;
    virtual void write(std::string_view lines) = 0; // lines; the last may end in the next piece
    virtual void flush() = 0;
};

// A file descriptor, buffered. Each write(2) carries whole lines, into a pipe at most PIPE_BUF
// bytes, which the kernel delivers all or nothing: a reader never sees half a line when
// capture is killed (unless one line alone is longer). flush() writes the whole lines it has;
// an unfinished one waits for its end, and is dropped if that never comes. A write error (a
// full disk) throws cdc::Failure; a pipe whose reader is gone ends the process with SIGPIPE, as
// for any filter (cdc capture | head).
class FileOutput : public Output {
public:
    explicit FileOutput(int fd);
    ~FileOutput() override;
    void write(std::string_view lines) override;
    void flush() override;

private:
    void write_all(std::string_view bytes);
    void write_lines(std::string_view lines); // whole lines, in writes of at most a chunk

    int fd_;
    size_t chunk_; // bytes per write(2)
    std::string buffer_;
};

struct StringOutput : Output {
    void write(std::string_view lines) override { text += lines; }
    void flush() override {}
    std::string text;
};

} // namespace cdc::events
