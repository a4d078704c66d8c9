#include "events/type_words.h"

#include "binlog/column_type.h"

#include <algorithm>
#include <initializer_list>

namespace cdc::events {
namespace {

struct TypeFamily {
    std::initializer_list<std::string_view> words;
    std::initializer_list<uint8_t> codes;
};

using namespace binlog;
const TypeFamily type_families[] = {
    {{"tinyint", "bool", "boolean", "int1"}, {t_tiny}},
    {{"smallint", "int2"}, {t_short}},
    {{"mediumint", "int3", "middleint"}, {t_int24}},
    {{"int", "integer", "int4"}, {t_long}},
    {{"bigint", "serial", "int8"}, {t_longlong}},
    {{"decimal", "numeric", "dec", "fixed"}, {t_newdecimal, t_decimal}},
    {{"double", "float", "real", "float4", "float8"}, {t_float, t_double}},
    {{"date"}, {t_date, t_newdate}},
    {{"time"}, {t_time, t_time2}},
    {{"datetime"}, {t_datetime, t_datetime2}},
    {{"timestamp"}, {t_timestamp, t_timestamp2}},
    {{"year"}, {t_year}},
    {{"bit"}, {t_bit}},
    {{"varchar", "char", "binary", "varbinary", "nchar", "nvarchar", "varchar2"}, {t_string, t_var_string, t_varchar}},
    {{"blob", "tinytext", "text", "mediumtext", "longtext", "tinyblob", "mediumblob", "longblob", "json"},
     {t_blob, t_tiny_blob, t_medium_blob, t_long_blob, t_json}},
    {{"enum"}, {t_enum, t_string}},
    {{"set"}, {t_set, t_string}},
    {{"geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
      "geometrycollection", "geomcollection"},
     {t_geometry}},
};

template <class List, class T> bool has(const List& list, const T& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

bool type_matches(uint8_t code, std::string_view type) {
    bool code_known = false, word_known = false;
    for (const TypeFamily& f : type_families) {
        if (has(f.words, type) && has(f.codes, code)) return true;
        code_known = code_known || has(f.codes, code);
        word_known = word_known || has(f.words, type);
    }
    return !code_known || !word_known;
}

std::string type_word(uint8_t code) {
    for (const TypeFamily& f : type_families)
        if (has(f.codes, code)) return std::string(*f.words.begin());
    return "";
}

bool is_binary_type(std::string_view type) {
    return has(std::initializer_list<std::string_view>{"binary", "varbinary", "tinyblob", "blob", "mediumblob",
                                                       "longblob", "uuid", "inet4", "inet6"},
               type);
}

bool is_text_type(std::string_view type) {
    return has(std::initializer_list<std::string_view>{"char", "varchar", "tinytext", "text", "mediumtext", "longtext",
                                                       "enum", "set"},
               type);
}

} // namespace cdc::events
