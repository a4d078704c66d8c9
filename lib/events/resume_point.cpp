#include "events/resume_point.h"

#include "config/failure.h"
#include "events/change_event.h"
#include "events/schema_history.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace cdc::events {
namespace {

[[noreturn]] void output_failed(const char* doing) {
    throw Failure(std::string("cannot ") + doing + " the output file: " + std::strerror(errno));
}

std::string read_at(int fd, off_t offset, size_t size) {
    std::string bytes(size, '\0');
    size_t done = 0;
    while (done < size) {
        ssize_t n = pread(fd, bytes.data() + done, size - done, offset + static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) output_failed("read");
        done += static_cast<size_t>(n);
    }
    return bytes;
}

// The lines of a file from its end backwards, read in blocks.
class BackwardLines {
public:
    BackwardLines(int fd, off_t end) : fd_(fd), start_(end) {}

    // The line that ends at `end` (just after its newline, or at a torn end): its offset and
    // text; `end` is at most where the previous call's line started.
    std::pair<off_t, std::string> line_before(off_t end) {
        bytes_.resize(static_cast<size_t>(end - start_)); // what lies after `end` is done with
        for (;;) {
            // Before the line's own last byte (its newline, unless torn).
            size_t newline = bytes_.size() < 2 ? std::string::npos : bytes_.rfind('\n', bytes_.size() - 2);
            if (newline != std::string::npos) {
                off_t start = start_ + static_cast<off_t>(newline) + 1;
                return {start, bytes_.substr(newline + 1)};
            }
            if (start_ == 0) return {0, bytes_};
            off_t from = std::max<off_t>(0, start_ - (1 << 16));
            bytes_ = read_at(fd_, from, static_cast<size_t>(start_ - from)) + bytes_;
            start_ = from;
        }
    }

private:
    int fd_;
    off_t start_;       // file offset of bytes_[0]
    std::string bytes_; // the file from start_ to the end still needed
};

void cut(int fd, off_t size) {
    if (ftruncate(fd, size) != 0) output_failed("cut");
}

// The content of a file, or nothing if there is none yet.
std::optional<std::string> read_text(const std::string& path) {
    if (path.empty()) return std::nullopt;
    std::ifstream in(path);
    if (!in && errno == ENOENT) return std::nullopt;
    // Any other failure (no permission, an I/O error) must not read as "no checkpoint": that
    // would start over, and lose or repeat what the checkpoint marks.
    if (!in) throw Failure("cannot read " + path + ": " + std::strerror(errno));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

std::optional<Checkpoint> read_checkpoint(const std::string& path) {
    std::optional<std::string> text = read_text(path);
    if (!text) return std::nullopt;
    Checkpoint c;
    c.position = BinlogPosition::parse_json(*text, "checkpoint " + path);
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (j.contains("schema")) c.schema = SchemaHistory::parse_json(j["schema"], "checkpoint " + path);
    if (j.contains("schema_window")) {
        if (!c.schema) throw Failure("checkpoint " + path + " has a schema_window without a schema; " + start_afresh);
        c.schema_window = SchemaHistory::parse_window(j["schema_window"], "checkpoint " + path);
    }
    if (j.contains("written")) c.written = BinlogPosition::parse_json(j["written"].dump(), "checkpoint " + path);
    spdlog::info("resuming from checkpoint {}: {} at {}", path, c.position.file, c.position.pos);
    return c;
}

std::optional<ResumePoint> resume_point(const nlohmann::json& source, const std::string& what) {
    if (source.value("snapshot", "false") != "false") {
        spdlog::warn("{}: it stopped inside a snapshot, which is read again", what);
        return std::nullopt;
    }
    ResumePoint r;
    r.position = BinlogPosition::parse_json(source.dump(), what);
    if (source.contains("row") && source["row"].is_number_unsigned())
        r.delivered_rows = source["row"].get<uint64_t>() + 1;
    r.heartbeat = !source.contains("row");
    if (r.heartbeat) r.gtid = r.position.last_gtid;
    else if (source.contains("gtid") && source["gtid"].is_string()) r.gtid = source["gtid"].get<std::string>();
    spdlog::info("resuming after the last delivered line: {} at {}, row {}", r.position.file, r.position.pos,
                 r.delivered_rows);
    return r;
}

std::optional<ResumePoint> read_downstream_checkpoint(const std::string& path) {
    std::optional<std::string> text = read_text(path);
    if (!text) return std::nullopt;
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("source") || !j["source"].is_object())
        throw Failure("--resume-from " + path + " has no \"source\" position (is it a cdc publish checkpoint?)");
    return resume_point(j["source"], "--resume-from " + path);
}

std::optional<ResumePoint> resume_after_output(int fd) {
    struct stat st {};
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return std::nullopt;
    // Standard output is opened for writing only (>>): the file is read through another descriptor.
    int reader = open(("/proc/self/fd/" + std::to_string(fd)).c_str(), O_RDONLY | O_CLOEXEC);
    if (reader < 0) output_failed("open");
    struct Closer {
        int fd;
        ~Closer() { close(fd); }
    } closer{reader};
    off_t end = st.st_size;
    BackwardLines lines(reader, end);
    if (read_at(reader, end - 1, 1) != "\n") {
        off_t start = lines.line_before(end).first;
        spdlog::warn("the output file ends with a line cut short ({} bytes without a newline, from a kill): "
                     "removed, it is written again",
                     end - start);
        cut(fd, start);
        end = start;
    }
    std::optional<ResumePoint> point;
    off_t complete = end, snapshot_start = -1;
    while (end > 0) {
        auto [start, line] = lines.line_before(end);
        if (is_snapshot_line(line)) { // without a parse: a snapshot cut short can be gigabytes
            snapshot_start = start;
            end = start;
            continue;
        }
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object() || !j.contains("source") || !j["source"].is_object())
            throw Failure("the output file's last line, at byte " + std::to_string(start) +
                          ", is not one cdc capture wrote (\"" + std::string(line.substr(0, 60)) +
                          (line.size() > 60 ? "...\"" : "\"") +
                          "): append to a file capture writes alone, or to a new one, and keep its log out of it "
                          "(2>capture.log, not 2>&1)");
        if (j["source"].value("snapshot", "false") == "false") {
            point = resume_point(j["source"], "the output file's last line");
            break;
        }
        snapshot_start = start; // a snapshot ends with a heartbeat line: this one was cut short
        end = start;
    }
    if (snapshot_start >= 0) {
        spdlog::warn("the output file ends inside a snapshot cut short: its {} bytes are removed and the snapshot "
                     "is read again",
                     complete - snapshot_start);
        cut(fd, snapshot_start);
    }
    if (lseek(fd, 0, SEEK_END) < 0) output_failed("seek in");
    return point;
}

} // namespace cdc::events
