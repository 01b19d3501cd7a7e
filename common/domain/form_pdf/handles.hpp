// handles.hpp: unique_ptr owners for the C handles the form renderer uses (GObjects of
// pango, cairo contexts and surfaces, fontconfig configurations and patterns), so that
// every exit path, an exception included, releases what it took.
// Internal to common/domain/form_pdf; trusts the libraries' own reference counting.
#pragma once
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib-object.h>
#include <pango/pangocairo.h>

#include <memory>

namespace zk::form_pdf::detail {

struct GObjectUnref {
    void operator()(gpointer p) const noexcept { g_object_unref(p); }
};
template <class T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

using FontMapPtr = GObjectPtr<PangoFontMap>;
using ContextPtr = GObjectPtr<PangoContext>;
using LayoutPtr = GObjectPtr<PangoLayout>;

struct FontDescriptionFree {
    void operator()(PangoFontDescription* p) const noexcept { pango_font_description_free(p); }
};
using FontDescriptionPtr = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;

struct AttrListUnref {
    void operator()(PangoAttrList* p) const noexcept { pango_attr_list_unref(p); }
};
using AttrListPtr = std::unique_ptr<PangoAttrList, AttrListUnref>;

struct LayoutIterFree {
    void operator()(PangoLayoutIter* p) const noexcept { pango_layout_iter_free(p); }
};
using LayoutIterPtr = std::unique_ptr<PangoLayoutIter, LayoutIterFree>;

struct CairoDestroy {
    void operator()(cairo_t* p) const noexcept { cairo_destroy(p); }
};
using CairoPtr = std::unique_ptr<cairo_t, CairoDestroy>;

struct SurfaceDestroy {
    void operator()(cairo_surface_t* p) const noexcept { cairo_surface_destroy(p); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDestroy>;

struct FontOptionsDestroy {
    void operator()(cairo_font_options_t* p) const noexcept { cairo_font_options_destroy(p); }
};
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, FontOptionsDestroy>;

struct FcConfigRelease {
    void operator()(FcConfig* p) const noexcept { FcConfigDestroy(p); }
};
using FcConfigPtr = std::unique_ptr<FcConfig, FcConfigRelease>;

struct FcPatternRelease {
    void operator()(FcPattern* p) const noexcept { FcPatternDestroy(p); }
};
using FcPatternPtr = std::unique_ptr<FcPattern, FcPatternRelease>;

struct FcObjectSetRelease {
    void operator()(FcObjectSet* p) const noexcept { FcObjectSetDestroy(p); }
};
using FcObjectSetPtr = std::unique_ptr<FcObjectSet, FcObjectSetRelease>;

struct FcFontSetRelease {
    void operator()(FcFontSet* p) const noexcept { FcFontSetDestroy(p); }
};
using FcFontSetPtr = std::unique_ptr<FcFontSet, FcFontSetRelease>;

}  // namespace zk::form_pdf::detail
