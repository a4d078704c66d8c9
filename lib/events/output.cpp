#include "events/output.h"

#include "config/failure.h"

#include <cerrno>
#include <cstring>

namespace cdc::events {

FileOutput::FileOutput(std::FILE* file) : file_(file) { std::setvbuf(file_, nullptr, _IOFBF, 1 << 20); }

void FileOutput::write(std::string_view lines) {
    if (std::fwrite(lines.data(), 1, lines.size(), file_) != lines.size())
        throw Failure(std::string("cannot write the output: ") + std::strerror(errno));
}

void FileOutput::flush() {
    if (std::fflush(file_) != 0) throw Failure(std::string("cannot write the output: ") + std::strerror(errno));
}

} // namespace cdc::events
