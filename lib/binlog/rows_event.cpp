#include "binlog/rows_event.h"

#include "binlog/column_type.h"
#include "binlog/event_type.h"
#include "binlog/json_diff.h"
#include "binlog/value_decoder.h"

namespace cdc::binlog {

bool is_rows_event(uint8_t t) {
    return (t >= pre_ga_write_rows && t <= delete_rows_v1) || (t >= write_rows_v2 && t <= delete_rows_v2) ||
           t == partial_update_rows;
}

RowsKind rows_kind(uint8_t t) {
    switch (t) {
    case pre_ga_write_rows:
    case write_rows_v1:
    case write_rows_v2: return RowsKind::insert;
    case pre_ga_delete_rows:
    case delete_rows_v1:
    case delete_rows_v2: return RowsKind::remove;
    default: return RowsKind::update;
    }
}

namespace {

std::vector<bool> read_bitmap(ByteCursor& c, size_t count) {
    std::vector<bool> bits(count);
    std::string_view bytes = c.bytes((count + 7) / 8);
    for (size_t i = 0; i < count; ++i) bits[i] = (static_cast<uint8_t>(bytes[i / 8]) >> (i % 8)) & 1;
    return bits;
}

// The indexes of the set bits: what each row of the event is decoded by.
std::vector<uint32_t> read_columns(ByteCursor& c, size_t count) {
    std::vector<bool> bits = read_bitmap(c, count);
    std::vector<uint32_t> columns;
    for (size_t i = 0; i < count; ++i)
        if (bits[i]) columns.push_back(static_cast<uint32_t>(i));
    return columns;
}

bool is_v2(uint8_t t) { return (t >= write_rows_v2 && t <= delete_rows_v2) || t == partial_update_rows; }

uint64_t read_table_id(ByteCursor& body, const Event& e) {
    uint8_t type = e.header.type;
    return e.format->post_header_length(type, is_v2(type) ? 10 : 8) == 6 ? body.u32() : body.u48();
}

} // namespace

uint64_t rows_table_id(const Event& e) {
    ByteCursor body = e.body;
    return read_table_id(body, e);
}

bool rows_end_statement(const Event& e) {
    ByteCursor body = e.body;
    read_table_id(body, e);
    return body.u16() & 1; // STMT_END_F
}

RowsEvent::RowsEvent(const Event& e) : body_(e.body), kind_(rows_kind(e.header.type)) {
    uint8_t type = e.header.type;
    table_id_ = read_table_id(body_, e);
    body_.skip(2); // flags
    if (is_v2(type)) {
        uint16_t extra = body_.u16();
        if (extra < 2) body_.fail("rows event extra data length below 2");
        body_.skip(extra - 2);
    }
    partial_ = type == partial_update_rows;
    null_bit_offset_ = e.format->early_numbering ? 1 : 0;
    uint64_t count = body_.lenenc();
    if (count > body_.remaining() * 8) body_.fail("rows event declares " + std::to_string(count) + " columns");
    column_count_ = static_cast<size_t>(count);
    present_before_ = read_columns(body_, column_count_);
    // Updates before 5.1 GA logged one column bitmap for both images.
    bool two_bitmaps = kind_ == RowsKind::update && type != pre_ga_update_rows;
    present_after_ = two_bitmaps ? read_columns(body_, column_count_) : present_before_;
}

void RowsEvent::read_image(const TableMap& table, const std::vector<uint32_t>& present, RowImage& image,
                           const RowImage* partial_base) {
    image.reset(column_count_);
    std::vector<bool> partial_json;
    if (partial_base) { // PARTIAL_UPDATE_ROWS after image: which JSON columns hold diffs
        uint64_t options = body_.lenenc();
        size_t json_columns = 0;
        for (uint32_t i : present) json_columns += table.columns[i].type == t_json;
        if (options & 1) partial_json = read_bitmap(body_, json_columns);
        else partial_json.assign(json_columns, false);
    }
    std::string_view nulls = body_.bytes((present.size() + null_bit_offset_ + 7) / 8);
    size_t n = null_bit_offset_, json_index = 0;
    for (uint32_t i : present) {
        const Column& col = table.columns[i];
        bool is_null = (static_cast<uint8_t>(nulls[n / 8]) >> (n % 8)) & 1;
        ++n;
        std::string& text = image.begin_value(i, col.json_member);
        bool diff = partial_base && col.type == t_json && partial_json[json_index++];
        if (is_null) {
            text += "null";
        } else if (diff) {
            if (!partial_base->present(i))
                body_.fail("partial JSON update of " + col.name + " without its before value");
            uint64_t at = body_.offset();
            std::string_view diffs = read_json_bytes(body_, col);
            text += apply_json_diffs(partial_base->value(i), diffs, at + col.meta);
        } else {
            append_value(text, body_, col);
        }
        image.end_value(i);
    }
    image.finish();
}

bool RowsEvent::next(const TableMap& table, RowImage& before, RowImage& after) {
    if (body_.empty()) return false;
    if (column_count_ > table.columns.size())
        body_.fail("rows event has " + std::to_string(column_count_) + " columns, its table map " +
                   std::to_string(table.columns.size()));
    uint64_t start = body_.offset();
    if (kind_ != RowsKind::insert) read_image(table, present_before_, before, nullptr);
    if (kind_ != RowsKind::remove) read_image(table, present_after_, after, partial_ ? &before : nullptr);
    // A row with no bytes (no columns present) would repeat forever over the same bytes.
    if (body_.offset() == start) body_.fail("rows event has a row image of zero bytes");
    return true;
}

} // namespace cdc::binlog
