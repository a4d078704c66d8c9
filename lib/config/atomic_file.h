#pragma once
// Files that a crash must never leave half-written, such as checkpoints.
#include <string>

namespace cdc {

// Replaces `path` with `content` so that a reader, or a restart after a crash, sees either the
// old content or the new, never a mix: a temporary file beside it, fsync, rename, fsync of the
// folder. Throws Failure naming the file.
void write_file_atomically(const std::string& path, const std::string& content);

} // namespace cdc
