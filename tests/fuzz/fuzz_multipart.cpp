// fuzz_multipart.cpp: libFuzzer harness for multipart_boundary and parse_multipart.
// Input layout: byte 0 picks the boundary (low 6 bits = its length taken from the next
// bytes, 0 = the fixed boundary "b") and, with bit 6, tiny limits that reach the 413
// paths; the rest is the body. The whole input is also tried as a Content-Type value.
// Trusts nothing in the input. ParseError is the only acceptable way to refuse it; any
// other exception, a sanitizer report or a broken invariant below is a bug.
#include "common/base/forms.hpp"
#include "common/domain/validate.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

void check(bool ok) {
    if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    try {
        const std::string b = zk::http::multipart_boundary(input);
        check(!b.empty() && b.size() <= 70);
        check(b.find_first_of("\r\n\"") == std::string::npos);
    } catch (const zk::http::ParseError& e) {
        check(e.status == 400);
    }

    if (size == 0) return 0;
    const unsigned control = data[0];
    std::string_view rest = input.substr(1);
    const std::size_t boundary_len = control & 0x3f;
    std::string_view boundary = "b";
    if (boundary_len != 0) {
        if (rest.size() < boundary_len) return 0;
        boundary = rest.substr(0, boundary_len);
        rest.remove_prefix(boundary_len);
    }

    zk::http::FormLimits limits;
    if (control & 0x40) {
        limits.max_fields = 4;
        limits.max_name_bytes = 8;
        limits.max_value_bytes = 16;
        limits.max_files = 2;
        limits.max_file_bytes = 32;
        limits.max_header_bytes = 96;
    }

    // A copy of exactly the body's size lets ASan see any read past its end.
    const std::string body(rest);
    try {
        const auto parsed = zk::http::parse_multipart(body, boundary, limits);
        check(parsed.fields.size() + parsed.files.size() <= limits.max_fields);
        check(parsed.files.size() <= limits.max_files);
        for (const auto& [name, value] : parsed.fields.pairs()) {
            check(name.size() <= limits.max_name_bytes && value.size() <= limits.max_value_bytes);
            check(zk::validate::is_clean_utf8(name) && zk::validate::is_clean_utf8(value));
        }
        for (const auto& f : parsed.files) {
            check(f.data.size() <= limits.max_file_bytes && f.data.size() <= body.size());
            check(f.field_name.size() <= limits.max_name_bytes && zk::validate::is_clean_utf8(f.field_name));
            check(zk::validate::is_clean_utf8(f.file_name) && zk::validate::is_clean_utf8(f.content_type));
            check(f.file_name.find_first_of("/\\") == std::string::npos);
            check(f.file_name != "." && f.file_name != "..");
        }
    } catch (const zk::http::ParseError& e) {
        check(e.status == 400 || e.status == 413);
    }
    return 0;
}
