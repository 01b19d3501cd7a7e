// faces.cpp: the process-wide registry of stream-read FreeType faces behind faces.hpp.
// A registry rather than faces per Renderer, see faces.hpp: the faces (two per process
// with the standard font directory) live until the process exits, referenced from a
// pointer that is never deleted, so leak checkers see them as reachable.
// Trusts FreeType and fontconfig, and the font files named by the patterns it is given.
#include "common/domain/form_pdf/faces.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <fontconfig/fcfreetype.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace zk::form_pdf::detail {

namespace {

// The only large reads are cairo's copies of a whole CFF table (twice per font and PDF:
// once to see whether the font is CID-keyed, once to subset it), each into a fresh buffer
// of some 24 MB that is returned to the system after the render. Faulting that buffer in
// 4 KB pages is most of the cost of a render; asking for transparent huge pages over it
// (advice only: the kernel may refuse, and nothing else changes) makes it 2 MB faults.
void advise_huge_pages(unsigned char* buffer, unsigned long count) {
    constexpr std::uintptr_t kHuge = 2ul << 20;
    if (count < 2 * kHuge) return;
    const auto begin = reinterpret_cast<std::uintptr_t>(buffer), end = begin + count;
    const std::uintptr_t from = (begin + kHuge - 1) & ~(kHuge - 1), to = end & ~(kHuge - 1);
    if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
}

// FreeType's stream callbacks. A read of 0 bytes is a seek: 0 means success.
unsigned long stream_read(FT_Stream stream, unsigned long offset, unsigned char* buffer, unsigned long count) {
    if (count == 0) return offset <= stream->size ? 0 : 1;
    const int fd = static_cast<int>(stream->descriptor.value);
    advise_huge_pages(buffer, count);
    unsigned long done = 0;
    while (done < count) {
        const ssize_t n = ::pread(fd, buffer + done, count - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<unsigned long>(n);
    }
    return done;
}

void stream_close(FT_Stream) {}  // the descriptor is the registry's, open for good

struct OpenFace {
    int fd = -1;
    FT_StreamRec stream{};
    FT_Face face = nullptr;
};

class Registry {
public:
    FT_Face face(const std::string& path, int index) {
        const std::lock_guard<std::mutex> lock(mutex_);
        auto& slot = faces_[{path, index}];
        if (slot) return slot->face;
        if (library_ == nullptr && FT_Init_FreeType(&library_) != 0) {
            library_ = nullptr;
            throw std::runtime_error("form_pdf: FreeType cannot be initialised");
        }
        auto f = std::make_unique<OpenFace>();
        f->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat st {};
        if (f->fd < 0 || ::fstat(f->fd, &st) != 0) {
            const std::string why = std::strerror(errno);
            if (f->fd >= 0) ::close(f->fd);
            faces_.erase({path, index});
            throw std::runtime_error("form_pdf: cannot open font file " + path + ": " + why);
        }
        f->stream.size = static_cast<unsigned long>(st.st_size);
        f->stream.descriptor.value = f->fd;
        f->stream.read = stream_read;
        f->stream.close = stream_close;
        FT_Open_Args args{};
        args.flags = FT_OPEN_STREAM;
        args.stream = &f->stream;
        if (FT_Open_Face(library_, &args, index, &f->face) != 0) {
            ::close(f->fd);
            faces_.erase({path, index});
            throw std::runtime_error("form_pdf: FreeType cannot open face " + std::to_string(index) + " of " + path);
        }
        slot = std::move(f);
        return slot->face;
    }

private:
    std::mutex mutex_;
    FT_Library library_ = nullptr;
    std::map<std::pair<std::string, int>, std::unique_ptr<OpenFace>> faces_;
};

Registry& registry() {
    static Registry* r = new Registry;  // never destroyed: see the header comment
    return *r;
}

bool has_family(FcPattern* p, const char* family) {
    FcChar8* value = nullptr;
    for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &value) == FcResultMatch; ++i)
        if (std::strcmp(reinterpret_cast<const char*>(value), family) == 0) return true;
    return false;
}

}  // namespace

void use_stream_faces(FcConfig* config, const char* family) {
    FcFontSet* set = FcConfigGetFonts(config, FcSetApplication);
    if (set == nullptr) return;
    int kept = 0;
    for (int i = 0; i < set->nfont; ++i) {
        FcPattern* p = set->fonts[i];
        if (!has_family(p, family)) {
            FcPatternDestroy(p);
            continue;
        }
        set->fonts[kept++] = p;
    }
    set->nfont = kept;
    for (int i = 0; i < set->nfont; ++i) {
        FcPattern* p = set->fonts[i];
        FcChar8* file = nullptr;
        int index = 0;
        if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch ||
            FcPatternGetInteger(p, FC_INDEX, 0, &index) != FcResultMatch)
            throw std::runtime_error("form_pdf: a font pattern without file or index");
        const FT_Face face = registry().face(reinterpret_cast<const char*>(file), index);
        FcPatternDel(p, FC_FT_FACE);
        if (!FcPatternAddFTFace(p, FC_FT_FACE, face))
            throw std::runtime_error("form_pdf: fontconfig refused the FreeType face");
    }
}

}  // namespace zk::form_pdf::detail
