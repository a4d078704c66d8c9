#pragma once
// A scanner over the text of a SQL statement from a QUERY event: keywords, identifiers,
// punctuation, with comments and quoted strings skipped. MySQL's executable comments
// (/*!50100 ... */, /*M!100100 ... */) are read as the statement they hold, as the server does.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cdc::events {

class SqlWords {
public:
    explicit SqlWords(std::string_view sql) : s_(sql) {}

    // Consumes `word` (upper case; matched case-insensitively) if it comes next as a whole word.
    bool keyword(std::string_view word);
    // An identifier, `quoted` or bare; empty if none comes next.
    std::string identifier();
    // A table name, `db`.`table` or `table`: {db or "", table}; both empty if none comes next.
    std::pair<std::string, std::string> table_name();
    // A quoted string literal ('...' or "..."), unescaped; nothing (and nothing consumed) if
    // none comes next.
    std::optional<std::string> string_literal();
    // Consumes `c` if it comes next.
    bool consume(char c);
    // Nothing but spaces, comments and semicolons left.
    bool at_end();
    // At a ',' or ')' that closes the current element (or the end).
    bool at_element_end();
    // Skips one token: a word, a quoted string or identifier, a parenthesised group, a sign.
    void skip_token();
    // Skips to the ',' or ')' that ends the current element (not consumed).
    void skip_element();

private:
    void skip_space();

    std::string_view s_;
    int open_executable_comments_ = 0;
};

} // namespace cdc::events
