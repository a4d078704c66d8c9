#include "binlog/table_map.h"

#include "binlog/charset.h"
#include "binlog/column_type.h"
#include "binlog/event_type.h"

#include "json/json_writer.h"

namespace cdc::binlog {

namespace {

// The columns SIGNEDNESS has a bit for. MariaDB counts YEAR among them (its YEAR is a kind of
// TINYINT), MySQL does not: a bit too many or too few shifts every later integer's sign.
bool is_numeric_type(uint8_t t, bool mariadb) {
    switch (t) {
    case t_year: return mariadb;
    case t_tiny:
    case t_short:
    case t_int24:
    case t_long:
    case t_longlong:
    case t_newdecimal:
    case t_float:
    case t_double: return true;
    default: return false;
    }
}

bool is_enum_or_set(uint8_t t) { return t == t_enum || t == t_set; }

void read_type_metadata(ByteCursor& c, Column& col) {
    switch (col.type) {
    case t_float:
    case t_double:
    case t_blob:
    case t_tiny_blob:
    case t_medium_blob:
    case t_long_blob:
    case t_geometry:
    case t_json:
    case t_blob_compressed:
    case t_timestamp2:
    case t_datetime2:
    case t_time2: col.meta = c.u8(); break;
    case t_varchar:
    case t_varchar_compressed:
    case t_var_string: col.meta = c.u16(); break;
    case t_bit:
    case t_newdecimal: {
        uint8_t first = c.u8();
        col.meta = static_cast<uint16_t>(first << 8 | c.u8()); // BIT: bits%8, bytes; DECIMAL: precision, scale
        break;
    }
    case t_string:
    case t_enum:
    case t_set: {
        uint8_t real = c.u8();
        uint8_t length = c.u8();
        // CHAR lengths above 255 borrow two bits of the real-type byte.
        if ((real & 0x30) != 0x30) {
            col.meta = static_cast<uint16_t>(length | (((real & 0x30) ^ 0x30) << 4));
            real |= 0x30;
        } else {
            col.meta = length;
        }
        col.type = real;
        break;
    }
    default: break;
    }
}

// Bits in optional metadata run from the most significant bit of the first byte.
std::vector<bool> read_msb_bits(ByteCursor& c, size_t count) {
    std::vector<bool> bits(count);
    std::string_view bytes = c.bytes((count + 7) / 8);
    for (size_t i = 0; i < count; ++i) bits[i] = (static_cast<uint8_t>(bytes[i / 8]) >> (7 - i % 8)) & 1;
    return bits;
}

template <class Pred> std::vector<Column*> columns_where(TableMap& t, Pred pred) {
    std::vector<Column*> out;
    for (Column& col : t.columns)
        if (pred(col)) out.push_back(&col);
    return out;
}

void read_default_charset(ByteCursor c, const std::vector<Column*>& cols) {
    uint64_t def = c.lenenc();
    for (Column* col : cols) col->collation = static_cast<uint32_t>(def);
    while (!c.empty()) {
        uint64_t index = c.lenenc();
        uint64_t collation = c.lenenc();
        if (index >= cols.size()) c.fail("charset entry for a column that does not exist");
        cols[index]->collation = static_cast<uint32_t>(collation);
    }
}

void read_column_charsets(ByteCursor c, const std::vector<Column*>& cols) {
    for (Column* col : cols) col->collation = static_cast<uint32_t>(c.lenenc());
}

void read_string_values(ByteCursor c, const std::vector<Column*>& cols) {
    for (Column* col : cols) {
        uint64_t count = c.lenenc();
        c.checked_size(count); // each value takes at least one byte
        col->values.reserve(count);
        for (uint64_t i = 0; i < count; ++i) col->values.emplace_back(c.lenenc_bytes());
    }
}

void read_optional_metadata(ByteCursor& c, TableMap& t, bool mariadb) {
    auto numeric = columns_where(t, [mariadb](const Column& col) { return is_numeric_type(col.type, mariadb); });
    auto character = columns_where(t, [](const Column& col) { return is_character_type(col.type); });
    auto enum_set = columns_where(t, [](const Column& col) { return is_enum_or_set(col.type); });
    t.signedness_known = numeric.empty();
    t.charsets_known = character.empty();
    while (!c.empty()) {
        uint8_t kind = c.u8();
        ByteCursor field = c.sub(c.checked_size(c.lenenc()));
        switch (kind) {
        case 1: { // SIGNEDNESS
            auto bits = read_msb_bits(field, numeric.size());
            for (size_t i = 0; i < numeric.size(); ++i) numeric[i]->is_unsigned = bits[i];
            t.signedness_known = true;
            break;
        }
        case 2:
            read_default_charset(field, character);
            t.charsets_known = true;
            break;
        case 3:
            read_column_charsets(field, character);
            t.charsets_known = true;
            break;
        case 4: // COLUMN_NAME
            for (Column& col : t.columns) col.name.assign(field.lenenc_bytes());
            t.has_names = true;
            break;
        case 5: read_string_values(field, columns_where(t, [](const Column& col) { return col.type == t_set; })); break;
        case 6:
            read_string_values(field, columns_where(t, [](const Column& col) { return col.type == t_enum; }));
            break;
        case 8: // SIMPLE_PRIMARY_KEY
            while (!field.empty()) t.primary_key.push_back(static_cast<uint32_t>(field.lenenc()));
            t.has_primary_key = true;
            break;
        case 9: // PRIMARY_KEY_WITH_PREFIX
            while (!field.empty()) {
                t.primary_key.push_back(static_cast<uint32_t>(field.lenenc()));
                field.lenenc(); // prefix length: the key still names the whole column
            }
            t.has_primary_key = true;
            break;
        case 10: read_default_charset(field, enum_set); break;
        case 11: read_column_charsets(field, enum_set); break;
        default: break; // GEOMETRY_TYPE, COLUMN_VISIBILITY, newer kinds: not needed for values
        }
    }
    for (uint32_t index : t.primary_key)
        if (index >= t.columns.size())
            c.fail("primary key names column " + std::to_string(index) + " of " + std::to_string(t.columns.size()));
}

// Lines are UTF-8. Names are UTF-8 unless the file is damaged; ENUM and SET strings come in
// their column's character set. Bytes that are not text there are read as latin1.
void text_to_utf8(std::string& text, Encoding encoding) {
    if (encoding.charset == Charset::binary || encoding.charset == Charset::unknown ||
        encoding.charset == Charset::unsupported)
        encoding = utf8_text;
    std::string utf8;
    if (!to_utf8(utf8, text, encoding)) to_utf8(utf8, text, utf8_text);
    text = std::move(utf8);
}

void names_and_values_to_utf8(TableMap& t) {
    text_to_utf8(t.db, utf8_text);
    text_to_utf8(t.table, utf8_text);
    for (Column& col : t.columns) {
        text_to_utf8(col.name, utf8_text);
        if (!is_enum_or_set(col.type)) continue;
        Encoding encoding = encoding_of_collation(col.collation);
        for (std::string& value : col.values) text_to_utf8(value, encoding);
    }
}

} // namespace

bool is_character_type(uint8_t t) {
    switch (t) {
    case t_string:
    case t_var_string:
    case t_varchar:
    case t_blob:
    case t_tiny_blob:
    case t_medium_blob:
    case t_long_blob:
    case t_varchar_compressed:
    case t_blob_compressed: return true;
    default: return false;
    }
}

TableMap parse_table_map(const Event& e) {
    ByteCursor c = e.body;
    TableMap t;
    t.table_id = e.format->post_header_length(table_map, 8) == 6 ? c.u32() : c.u48();
    c.skip(2); // flags
    t.db.assign(c.bytes(c.u8()));
    c.skip(1);
    t.table.assign(c.bytes(c.u8()));
    c.skip(1);
    uint64_t count = c.lenenc();
    std::string_view types = c.bytes(c.checked_size(count));
    t.columns.resize(count);
    for (size_t i = 0; i < count; ++i) t.columns[i].type = static_cast<uint8_t>(types[i]);
    // The early format (FormatDescription::early_numbering) ends with the types: values of
    // types without metadata (INT, CHAR as 1-byte length and bytes, ...) still decode.
    if (!e.format->early_numbering || !c.empty()) {
        ByteCursor meta = c.sub(c.checked_size(c.lenenc()));
        for (Column& col : t.columns) read_type_metadata(meta, col);
        c.skip((count + 7) / 8); // which columns may be NULL: every value says so itself
    }
    read_optional_metadata(c, t, e.format->is_mariadb());
    names_and_values_to_utf8(t);
    for (Column& col : t.columns) col.json_member = cdc::json::json_member(col.name);
    return t;
}

void name_columns_by_position(TableMap& t) {
    t.has_names = true;
    for (size_t i = 0; i < t.columns.size(); ++i) {
        t.columns[i].name = "col_" + std::to_string(i + 1);
        t.columns[i].json_member = cdc::json::json_member(t.columns[i].name);
    }
}

} // namespace cdc::binlog
