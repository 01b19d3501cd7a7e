// jpeg_info.cpp: the bounded JPEG walk behind jpeg_info.hpp. Every length is checked
// against the bytes left before it is used, and every step moves forward, so the walk
// ends after at most one pass over the input whatever it holds.
// Why walk the entropy-coded data too: cairo copies the bytes into the PDF unchecked, and
// a viewer shows a half-grey photo for a truncated file; the only cheap sign of a complete
// file without decoding it is that its markers run, in order, up to an EOI at the end.
// Trusts nothing of the input.
#include "common/domain/form_pdf/jpeg_info.hpp"

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>

namespace zk::form_pdf::detail {

namespace {

[[noreturn]] void bad(const std::string& why) { throw std::runtime_error("photo: not a usable JPEG (" + why + ")"); }

unsigned byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

unsigned be16(std::string_view s, std::size_t i) { return byte_at(s, i) << 8 | byte_at(s, i + 1); }

void read_frame_header(std::string_view seg, JpegInfo& info) {
    if (seg.size() < 6) bad("short frame header");
    if (byte_at(seg, 0) != 8) bad("sample precision is not 8 bits");
    const unsigned h = be16(seg, 1), w = be16(seg, 3), n = byte_at(seg, 5);
    if (n != 1 && n != 3) bad("neither grey nor colour (" + std::to_string(n) + " components)");
    if (seg.size() != 6 + 3 * std::size_t{n}) bad("frame header length does not match its components");
    for (unsigned c = 0; c < n; ++c) {
        const unsigned sampling = byte_at(seg, 6 + 3 * c + 1), table = byte_at(seg, 6 + 3 * c + 2);
        const unsigned hs = sampling >> 4, vs = sampling & 0x0f;
        if (hs < 1 || hs > 4 || vs < 1 || vs > 4 || table > 3) bad("invalid component in the frame header");
    }
    // Height 0 means "given later by a DNL marker": no encoder of ours writes that, and
    // cairo's reader would not understand it either.
    if (w < 1 || h < 1 || w > kMaxJpegSide || h > kMaxJpegSide)
        bad("size " + std::to_string(w) + "x" + std::to_string(h) + " out of range");
    info.width = static_cast<int>(w);
    info.height = static_cast<int>(h);
    info.components = static_cast<int>(n);
}

void read_scan_header(std::string_view seg, const JpegInfo& info) {
    if (seg.empty()) bad("empty scan header");
    const std::size_t n = byte_at(seg, 0);
    if (n < 1 || n > static_cast<std::size_t>(info.components)) bad("invalid scan header");
    if (seg.size() != 1 + 2 * n + 3) bad("scan header length does not match its components");
}

// From `pos` inside entropy-coded data to the next marker that is neither a stuffed 0xFF
// nor a restart marker; returns the offset of its 0xFF.
std::size_t skip_entropy_coded(std::string_view s, std::size_t pos) {
    for (;;) {
        const void* hit = pos < s.size() ? std::memchr(s.data() + pos, 0xFF, s.size() - pos) : nullptr;
        if (hit == nullptr) bad("truncated: the image data has no end marker");
        const std::size_t ff = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
        if (ff + 1 >= s.size()) bad("truncated inside the image data");
        const unsigned next = byte_at(s, ff + 1);
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
            pos = ff + 2;  // stuffed byte or restart marker: still image data
        } else if (next == 0xFF) {
            pos = ff + 1;  // fill byte before a marker
        } else {
            return ff;
        }
    }
}

}  // namespace

JpegInfo read_jpeg_info(std::string_view s) {
    if (s.size() < 4 || byte_at(s, 0) != 0xFF || byte_at(s, 1) != 0xD8) bad("no SOI marker");
    JpegInfo info;
    bool have_frame = false, have_scan = false;
    std::size_t pos = 2;
    for (;;) {
        if (pos >= s.size()) bad("truncated before the end marker");
        if (byte_at(s, pos) != 0xFF) bad("bytes between segments");
        while (pos < s.size() && byte_at(s, pos) == 0xFF) ++pos;  // fill bytes
        if (pos >= s.size()) bad("truncated inside a marker");
        const unsigned marker = byte_at(s, pos++);

        if (marker == 0xD9) {  // EOI
            if (!have_frame || !have_scan) bad("end marker before any image data");
            if (pos != s.size()) bad("bytes after the end marker");
            return info;
        }
        if (marker == 0x00 || marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7))
            bad("unexpected marker outside image data");

        if (pos + 2 > s.size()) bad("truncated segment length");
        const std::size_t len = be16(s, pos);
        if (len < 2 || pos + len > s.size()) bad("segment longer than the file");
        const std::string_view seg = s.substr(pos + 2, len - 2);
        pos += len;

        switch (marker) {
        case 0xC0:  // baseline
        case 0xC1:  // extended sequential, Huffman
        case 0xC2:  // progressive, Huffman
            if (have_frame) bad("two frame headers");
            read_frame_header(seg, info);
            have_frame = true;
            break;
        case 0xC3: case 0xC5: case 0xC6: case 0xC7: case 0xC9: case 0xCA: case 0xCB:
        case 0xCD: case 0xCE: case 0xCF: case 0xCC:
            bad("lossless, hierarchical or arithmetic coding");
        case 0xDA:  // start of scan: header, then entropy-coded data up to the next marker
            if (!have_frame) bad("scan before the frame header");
            read_scan_header(seg, info);
            have_scan = true;
            pos = skip_entropy_coded(s, pos);
            break;
        case 0xC4:  // Huffman tables
        case 0xDB:  // quantisation tables
        case 0xDD:  // restart interval
        case 0xFE:  // comment
            break;
        default:
            if (marker >= 0xE0 && marker <= 0xEF) break;  // APPn (JFIF, EXIF, ICC …)
            bad("unknown marker");
        }
    }
}

}  // namespace zk::form_pdf::detail
