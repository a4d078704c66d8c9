#pragma once
// WRITE/UPDATE/DELETE_ROWS (v1, v2, MariaDB, pre-GA 5.1) and PARTIAL_UPDATE_ROWS events: the
// row images they carry, decoded column by column into JSON values.
#include "binlog/event.h"
#include "binlog/table_map.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace cdc::binlog {

// One row image as the JSON object of its present columns ({"name":value,...}), with where
// each column's value lies in it: lines copy the object whole and the key's values from it.
class RowImage {
public:
    static constexpr uint32_t absent = UINT32_MAX;

    void reset(size_t columns) {
        text_.assign(1, '{');
        if (start_.size() == columns) { // as for most rows: their event's row before them had as many
            std::fill(start_.begin(), start_.end(), absent); // end_ is read only where start_ is set
            return;
        }
        start_.assign(columns, absent);
        end_.assign(columns, absent);
    }
    // Writes the column's member text (Column::json_member); its value is then appended to
    // text() until end_value.
    std::string& begin_value(size_t column, std::string_view json_member) {
        if (text_.size() == 1 && !json_member.empty()) json_member.remove_prefix(1); // the first member: no comma
        text_ += json_member;
        start_[column] = static_cast<uint32_t>(text_.size());
        return text_;
    }
    void end_value(size_t column) { end_[column] = static_cast<uint32_t>(text_.size()); }
    void finish() { text_ += '}'; }

    bool present(size_t column) const { return start_[column] != absent; }
    std::string_view value(size_t column) const {
        return std::string_view(text_).substr(start_[column], end_[column] - start_[column]);
    }
    size_t columns() const { return start_.size(); }
    std::string_view object() const { return text_; }

private:
    std::string text_;
    std::vector<uint32_t> start_, end_;
};

enum class RowsKind { insert, update, remove };

// Whether `type` is an event with row images, and of which kind.
bool is_rows_event(uint8_t type);
RowsKind rows_kind(uint8_t type);
// The id of the table whose rows a rows event holds, read without the rest of its header.
uint64_t rows_table_id(const Event& e);
// Whether a rows event is its statement's last (STMT_END_F).
bool rows_end_statement(const Event& e);

class RowsEvent {
public:
    explicit RowsEvent(const Event& e); // reads the header and column bitmaps

    uint64_t table_id() const { return table_id_; }
    RowsKind kind() const { return kind_; }

    // Decodes the next row into `before` and/or `after` (per kind); false when none is left.
    bool next(const TableMap& table, RowImage& before, RowImage& after);

private:
    void read_image(const TableMap& table, const std::vector<uint32_t>& present, RowImage& image,
                    const RowImage* partial_base);

    ByteCursor body_;
    uint64_t table_id_ = 0;
    RowsKind kind_;
    bool partial_ = false;
    // The early format (FormatDescription::early_numbering) kept the storage engine's record
    // header: a row's NULL bits start at its second bit.
    size_t null_bit_offset_ = 0;
    size_t column_count_ = 0;
    std::vector<uint32_t> present_before_, present_after_; // indexes of the columns each image has
};

} // namespace cdc::binlog
