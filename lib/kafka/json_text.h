#pragma once
// Reading JSON text without building a document: publish handles a million lines a second and
// needs only a few members of each. validate() checks a whole value once; the other functions
// then walk text that is known to be valid.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cdc::json_text {

// Empty when `text` is exactly one JSON value (surrounding white space allowed); otherwise
// what is wrong and at which byte.
std::string validate(std::string_view text);

// Wanted members of an object, found in one pass: names[i]'s raw value goes to values[i].
// Fixed capacity and names kept elsewhere, so that looking costs nothing on the hot path.
struct MemberSpans {
    static constexpr size_t capacity = 8;
    std::span<const std::string_view> names; // at most `capacity`; they outlive this
    std::array<std::optional<std::string_view>, capacity> values;
    explicit MemberSpans(std::span<const std::string_view> wanted) : names(wanted) {}
};

// validate(), and on the way fills `top` with the wanted members of the object `text`, and
// `nested` with those of the object in its member `nested_name`.
std::string validate(std::string_view text, MemberSpans& top, std::string_view nested_name, MemberSpans& nested);

// Fills `spans` from a valid object in one pass.
void find_members(std::string_view object, MemberSpans& spans);

// The raw text of the member `name` of an object, or nullopt when absent or `object` is not an
// object. `object` must be valid JSON.
std::optional<std::string_view> member(std::string_view object, std::string_view name);

// The raw text of element `index` of an array.
std::optional<std::string_view> element(std::string_view array, size_t index);

// A JSON pointer (RFC 6901, "/source/table") applied to valid JSON text.
std::optional<std::string_view> pointer(std::string_view json, std::string_view path);

// The value of a JSON string, unescaped; nullopt when `raw` is not a string.
std::optional<std::string> string_value(std::string_view raw);

} // namespace cdc::json_text
