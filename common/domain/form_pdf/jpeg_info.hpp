// jpeg_info.hpp: the size of a JPEG read from its frame header, by a bounded walk over
// the whole file, so that the photo can be embedded in the PDF as it is (DCTDecode).
// Internal to common/domain/form_pdf. Trusts nothing of the bytes.
#pragma once
#include <string_view>

namespace zk::form_pdf::detail {

struct JpegInfo {
    int width = 0, height = 0;
    int components = 0;  // 1 (grey) or 3 (YCbCr)
};

// Largest side accepted. The project's re-encoder writes 480×640; the cap keeps the
// placeholder image surface cairo needs small even for a hostile header.
inline constexpr int kMaxJpegSide = 4096;

// Walks every segment from SOI to EOI (entropy-coded data included, marker by marker)
// and returns the frame size. Throws std::runtime_error when the bytes are not a
// complete 8-bit Huffman-coded JPEG (baseline, extended or progressive) with one or
// three components: truncated files, a PNG, an arithmetic-coded or lossless frame,
// bytes after EOI, sizes outside 1 … kMaxJpegSide.
JpegInfo read_jpeg_info(std::string_view jpeg);

}  // namespace zk::form_pdf::detail
