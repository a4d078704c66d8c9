#pragma once
// One process at a time per checkpoint: two that share one would each write every line, and
// overwrite each other's position.
#include <string>

namespace cdc {

class FileLock {
public:
    // Locks `path`.lock (created beside it) for as long as this lives; an empty path locks
    // nothing. Throws Failure naming `user` (e.g. "capture") if another process holds it.
    FileLock(const std::string& path, const std::string& user);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int fd_ = -1;
};

} // namespace cdc
