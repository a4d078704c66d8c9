#include "events/binlog_position.h"

#include "config/failure.h"

#include "json/json_writer.h"
#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

namespace cdc::events {

void BinlogPosition::append_json(std::string& out) const {
    out += "{\"file\":";
    json::append_json_string(out, file);
    out += ",\"pos\":";
    json::append_integer(out, pos);
    out += ",\"gtid_set\":";
    json::append_string_or_null(out, gtid_set);
    out += ",\"last_gtid\":";
    json::append_string_or_null(out, last_gtid);
    out += '}';
}

BinlogPosition BinlogPosition::parse_json(const std::string& text, const std::string& what) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("file") || !j["file"].is_string() || !j.contains("pos") ||
        !j["pos"].is_number_unsigned())
        throw Failure(what + " is not a capture checkpoint ({\"file\":..,\"pos\":..}); delete it to start afresh");
    BinlogPosition p;
    p.file = j["file"].get<std::string>();
    p.pos = j["pos"].get<uint64_t>();
    // A checkpoint written before states held one GTID per domain may hold two: the last wins.
    if (j.contains("gtid_set") && j["gtid_set"].is_string()) p.gtid_set = one_gtid_per_domain(j["gtid_set"]);
    if (j.contains("last_gtid") && j["last_gtid"].is_string()) p.last_gtid = j["last_gtid"].get<std::string>();
    return p;
}

static uint64_t file_number(const std::string& file) {
    size_t dot = file.rfind('.');
    uint64_t n = 0;
    for (size_t i = dot == std::string::npos ? file.size() : dot + 1; i < file.size(); ++i)
        if (file[i] >= '0' && file[i] <= '9') n = n * 10 + static_cast<uint64_t>(file[i] - '0');
    return n;
}

std::optional<BinlogPosition> BinlogPosition::from_status_row(const std::vector<std::optional<std::string>>& row) {
    if (row.size() < 2 || !row[0] || !row[1]) return std::nullopt;
    BinlogPosition p;
    p.file = *row[0];
    p.pos = std::stoull(*row[1]);
    if (row.size() > 4 && row[4]) p.gtid_set = *row[4];
    std::erase(p.gtid_set, '\n'); // MySQL prints ",\n" between uuids
    return p;
}

bool BinlogPosition::precedes(const BinlogPosition& other) const {
    if (file != other.file) return file_number(file) < file_number(other.file);
    return pos < other.pos;
}

// The entries of a GTID set ("0-1-5,1-2-9", MySQL "uuid:1-5,\nuuid:1-3"), in list order.
static std::vector<std::string> entries_in_order(const std::string& set) {
    std::vector<std::string> entries;
    std::string entry;
    for (char c : set + ",") {
        if (c == ',') {
            if (!entry.empty()) entries.push_back(entry);
            entry.clear();
        } else if (!std::isspace(static_cast<unsigned char>(c))) {
            entry += c;
        }
    }
    return entries;
}

void BinlogPosition::advance_mariadb_gtid(const std::string& gtid) {
    std::string domain = gtid.substr(0, gtid.find('-') + 1);
    std::string out;
    bool replaced = false;
    for (std::string& entry : entries_in_order(gtid_set)) {
        // One entry per domain: its first becomes `gtid`, any other (a state read before this
        // rule, or a list from two servers) is dropped.
        if (entry.rfind(domain, 0) == 0) {
            if (replaced) continue;
            entry = gtid;
            replaced = true;
        }
        out += (out.empty() ? "" : ",") + entry;
    }
    if (!replaced) out += (out.empty() ? "" : ",") + gtid;
    gtid_set = out;
}

namespace {

// `entry` ("uuid:1-5:7", "uuid:tag:1-3") with `n` among the intervals that follow its first
// `prefix` characters: intervals kept in order, neighbours merged.
std::string with_number(const std::string& entry, size_t prefix, uint64_t n) {
    std::vector<std::pair<uint64_t, uint64_t>> intervals{{n, n}};
    size_t at = prefix;
    while (at < entry.size() && entry[at] == ':' && at + 1 < entry.size() &&
           std::isdigit(static_cast<unsigned char>(entry[at + 1]))) {
        size_t end = entry.find(':', at + 1);
        std::string part = entry.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
        size_t dash = part.find('-');
        uint64_t from = std::strtoull(part.c_str(), nullptr, 10);
        uint64_t to = dash == std::string::npos ? from : std::strtoull(part.c_str() + dash + 1, nullptr, 10);
        intervals.emplace_back(from, to);
        at = end == std::string::npos ? entry.size() : end;
    }
    std::sort(intervals.begin(), intervals.end());
    std::string out = entry.substr(0, prefix);
    for (size_t i = 0; i < intervals.size();) {
        auto [from, to] = intervals[i];
        for (++i; i < intervals.size() && intervals[i].first <= to + 1; ++i) to = std::max(to, intervals[i].second);
        out += ':' + std::to_string(from);
        if (to != from) out += '-' + std::to_string(to);
    }
    return out + entry.substr(at); // what follows the intervals: another tag's, in MySQL's own text
}

} // namespace

void BinlogPosition::advance_mysql_gtid(const std::string& gtid) {
    size_t colon = gtid.rfind(':');
    if (colon == std::string::npos || colon + 1 == gtid.size()) return;
    std::string source = gtid.substr(0, colon) + ":"; // uuid: or uuid:tag:
    uint64_t n = std::strtoull(gtid.c_str() + colon + 1, nullptr, 10);
    std::string out;
    bool added = false;
    for (std::string& entry : entries_in_order(gtid_set)) {
        // Its entry: the uuid (and tag) followed by intervals, which begin with a digit.
        if (!added && entry.rfind(source, 0) == 0 && entry.size() > source.size() &&
            std::isdigit(static_cast<unsigned char>(entry[source.size()]))) {
            entry = with_number(entry, source.size() - 1, n);
            added = true;
        }
        out += (out.empty() ? "" : ",") + entry;
    }
    if (!added) out += (out.empty() ? "" : ",") + gtid;
    gtid_set = out;
}

// Domain and sequence number of a MariaDB GTID.
static std::optional<std::pair<std::string, uint64_t>> mariadb_gtid(const std::string& gtid) {
    size_t first = gtid.find('-'), last = gtid.rfind('-');
    if (first == std::string::npos || first == 0 || last == first + 1 || last + 1 >= gtid.size()) return std::nullopt;
    uint64_t sequence = 0;
    for (size_t i = 0; i < gtid.size(); ++i) { // digits but for the two dashes: a MySQL uuid set is not one
        if (i == first || i == last) continue;
        if (!std::isdigit(static_cast<unsigned char>(gtid[i]))) return std::nullopt;
        if (i > last) sequence = sequence * 10 + static_cast<uint64_t>(gtid[i] - '0');
    }
    return std::make_pair(gtid.substr(0, first), sequence);
}

std::optional<int> mariadb_gtid_order(const std::string& a, const std::string& b) {
    auto x = mariadb_gtid(a), y = mariadb_gtid(b);
    if (!x || !y || x->first != y->first) return std::nullopt;
    return x->second < y->second ? -1 : x->second > y->second ? 1 : 0;
}

std::string one_gtid_per_domain(const std::string& state) {
    std::vector<std::string> kept; // in list order, each replaced by its domain's later entries
    std::map<std::string, size_t> domain_at;
    for (const std::string& entry : entries_in_order(state)) {
        auto gtid = mariadb_gtid(entry);
        if (!gtid) return state; // not MariaDB's domain-server-sequence: as it is
        auto [at, added] = domain_at.try_emplace(gtid->first, kept.size());
        if (added) kept.push_back(entry);
        else kept[at->second] = entry;
    }
    std::string out;
    for (const std::string& entry : kept) out += (out.empty() ? "" : ",") + entry;
    return out;
}

// The entries of a GTID set, sorted: two sets compare equal whatever their order.
static std::vector<std::string> sorted_entries(const std::string& set) {
    std::vector<std::string> entries = entries_in_order(set);
    std::sort(entries.begin(), entries.end());
    return entries;
}

// The sequence number of `state`'s entry in `gtid`'s domain (0 if it has none), and `gtid`'s;
// nothing if `gtid` is not a MariaDB GTID.
static std::optional<std::pair<uint64_t, uint64_t>> sequences_in_domain(const std::string& state,
                                                                        const std::string& gtid) {
    auto g = mariadb_gtid(gtid);
    if (!g) return std::nullopt;
    uint64_t in_state = 0;
    for (const std::string& entry : entries_in_order(state)) // a domain's last entry, as one_gtid_per_domain
        if (auto e = mariadb_gtid(entry); e && e->first == g->first) in_state = e->second;
    return std::make_pair(in_state, g->second);
}

bool mariadb_state_before(const std::string& state, const std::string& gtid) {
    auto s = sequences_in_domain(state, gtid);
    return s && s->first < s->second;
}

bool mariadb_state_just_before(const std::string& state, const std::string& gtid) {
    auto s = sequences_in_domain(state, gtid);
    return s && s->first + 1 == s->second;
}

bool mariadb_state_covers(const std::string& state, const std::string& other) {
    for (const std::string& entry : entries_in_order(other))
        if (mariadb_state_before(state, entry)) return false;
    return true;
}

bool same_gtid_set(const std::string& a, const std::string& b) { return sorted_entries(a) == sorted_entries(b); }

} // namespace cdc::events
