// faces.hpp: FreeType faces of the form's font files that read the file with pread()
// instead of mapping it, handed to cairo through the FC_FT_FACE element of the fontconfig
// patterns. Why: to embed a CFF font, cairo copies its whole CFF table (23 MB for
// NotoSerifCJK-Regular.ttc, 24 MB for the Bold) twice per PDF. From a file that FreeType
// has mapped, those copies leave every page of both tables resident in the process for as
// long as the face is open: some 50 MB of RSS for subsets of a few hundred glyphs. Read
// through a stream, the tables pass through the page cache only, and the copies are
// returned to the system after each render (form_pdf.cpp).
// Internal to common/domain/form_pdf; trusts FreeType and the font files.
#pragma once
#include <fontconfig/fontconfig.h>

#include <string>

namespace zk::form_pdf::detail {

// Keeps in `config`'s application fonts only the faces whose family is `family` (a Noto
// CJK collection also holds the JP, KR, TC and HK faces, whose glyph forms differ), and
// attaches to each a stream-read FT_Face (FC_FT_FACE) that cairo uses instead of opening
// the file itself. The faces are opened once per process and never closed: cairo caches
// fonts by FT_Face address in process-wide caches that outlive any Renderer, so a face
// must never be freed and its address reused. One face serves every Renderer; cairo
// serialises the use of a face with the mutex of its font. Thread-safe.
// Throws std::runtime_error when a face cannot be opened.
void use_stream_faces(FcConfig* config, const char* family);

}  // namespace zk::form_pdf::detail
