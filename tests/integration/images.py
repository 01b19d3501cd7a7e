#!/usr/bin/env python3
"""images: pictures (and things pretending to be pictures) for the registration,
identity-verification and graduation-photo tests. Python standard library only.

Every generator takes a seed (int or str) and returns bytes; different seeds give
different bytes, because the application refuses the same picture on two accounts
(it compares the SHA-256 of the uploaded file). What the application's local stand-in
verifier and photo checks make of them:

  portrait(seed, bg)   300x400, a flat `bg` border of 15% on every side, colourful noise
                       inside: a 证件照 that passes the background check (white by default)
  colorful(seed)       300x400 colour noise: passes as 身份证人像面 / 手持身份证照; as a
                       证件照 its background is noisy and refused
  grey(seed)           300x400 grey noise (R=G=B): as 手持身份证照 it is handed to a clerk
  dark(seed)           300x400 near-black noise: the verifier refuses it ("照片过暗")
  big_png(seed)        900x900 colour noise, over 2 MB
  huge_header_png(seed) a PNG whose header says 30000x30000, with a tiny IDAT
  animated_png(seed)   a valid 300x400 PNG with an acTL chunk (APNG) after IHDR
  gif(seed)            a minimal valid GIF89a (1x1)
  html(seed), php(seed), svg(seed)   text payloads to upload as "photo.jpg", image/jpeg
  truncated_jpeg(jpeg) the first half of a JPEG
  jpeg_with_metadata(jpeg)  EXIF orientation 6 and a comment added to a JPEG
  pad_png(png, total)  a PNG grown to exactly `total` bytes (for the 2 MB boundary)
  TINY_JPEG            an 8x8 JPEG for rows written straight into the photos table

Graduation photos (毕业照, module photo): head and shoulders on a flat background, 360x480
(3:4) unless told: the top 15% and the sides of the upper 60% are pure background, a
colourful noise oval (the face) and neck in the middle, a dark block (the shoulders)
widening down to the bottom edge, so the bottom edge is never one flat colour.

  graduation(seed, bg, w, h)  passes every check (white background by default) and the
                       stand-in verifier (the middle third bright and colourful): 通过
  graduation_grey(seed)      the same with R=G=B everywhere: colourfulness 0, 转人工
  graduation_dark_face(seed) the middle third near black (face, neck and the whole middle
                       third rectangle): the stand-in says 不通过 (人像过暗)
  graduation_framed(seed)    a white-background portrait inside a 12 px red frame (all four
                       edges, over the shoulders too): 照片不能有边框
  graduation_landscape(seed) 480x360: 照片方向不正确
  graduation_small(seed)     240x320: 照片尺寸过小
  graduation_dark_bg(seed)   dark grey background: 背景颜色不符合要求
  graduation_animated(seed)  a passing portrait with an acTL chunk: 不支持动态图片
  graduation_16bit(seed)     a passing portrait stored as 16-bit RGB: accepted, 通过

Realistic 证件照 (358x441, as tests/unit/test_images.hpp draws them): an examinee with dark
hair, a skin-tone face and a dark jacket over a white collar, in front of an unevenly lit,
noisy backdrop. The background check must take every white, light-blue, light-grey and
blue one, with wide or narrow shoulders and hair touching the top edge, and refuse a
dark, red, green or striped background.

  id_photo(seed, bg, shoulders, shoulder_edge, hair_to_top, backdrop)   see its docstring;
                       KINDS id-white-wide (broad shoulders reaching the side edges level
                       with the chin: refused on white, accepted on blue before the fix),
                       id-white-wide-hair, id-white-narrow, id-blue-wide,
                       id-lightblue-wide-hair, id-lightgrey-wide, id-lightgrey-narrow-hair;
                       refused: id-dark, id-red, id-green, id-striped

Reading back: png_size(png), png_chunks(png), jpeg_size(jpeg) (from the SOF marker).

Command line (for the e2e scripts):  python3 images.py KIND SEED > file
  KIND: portrait, portrait-blue, portrait-red, colorful, grey, dark, big, huge, animated,
        gif, html, php, svg, id-white-wide (and the other id-* kinds), graduation, graduation-blue, graduation-grey,
        graduation-dark-face, graduation-framed, graduation-landscape, graduation-small,
        graduation-dark-bg, graduation-animated, graduation-16bit
"""
import random
import struct
import sys
import zlib

WIDTH, HEIGHT = 300, 400


def _rng(seed, kind):
    # The kind is part of the seed, so colorful(1) and grey(1) are unrelated noise.
    return random.Random("%s/%s" % (kind, seed))


# An 8x8 light-blue baseline JPEG (614 bytes), made once with libvips; any bytes would
# do for the database, but a real JPEG keeps the photo route honest.
TINY_JPEG = bytes.fromhex(
    "ffd8ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c3933383740485c4e404457"
    "453738506d51575f626768673e4d71797064785c656763ffdb0043011112121815182f1a1a2f63423842636363636363"
    "6363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363ff"
    "c00011080008000803012200021101031101ffc4001f0000010501010101010100000000000000000102030405060708"
    "090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a108"
    "2342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a53545556575859"
    "5a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6"
    "b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f0100"
    "030101010101010101010000000000000102030405060708090a0bffc400b51100020102040403040705040400010277"
    "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a26"
    "2728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a828384858687"
    "88898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9da"
    "e2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03010002110311003f00e868a28ae939cfffd9")

# ---- PNG ---------------------------------------------------------------------------------

def _chunk(ctype, data):
    body = ctype + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def _ihdr(w, h):
    # 8-bit RGB (colour type 2), deflate, adaptive filtering, no interlace.
    return _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_from_rows(w, h, rows, extra_chunks_after_ihdr=(), level=6):
    """A PNG from `rows`: an iterable of h bytes objects of w*3 RGB bytes each."""
    raw = bytearray()
    n = 0
    for row in rows:
        if len(row) != w * 3:
            raise ValueError("row %d has %d bytes, expected %d" % (n, len(row), w * 3))
        raw += b"\x00" + row  # filter type None
        n += 1
    if n != h:
        raise ValueError("%d rows, expected %d" % (n, h))
    out = PNG_SIGNATURE + _ihdr(w, h)
    for ctype, data in extra_chunks_after_ihdr:
        out += _chunk(ctype, data)
    out += _chunk(b"IDAT", zlib.compress(bytes(raw), level)) + _chunk(b"IEND", b"")
    return out


def png(w, h, pixel_fn):
    """An RGB PNG whose pixel (x, y) is pixel_fn(x, y) -> (r, g, b)."""
    def rows():
        for y in range(h):
            row = bytearray()
            for x in range(w):
                row += bytes(pixel_fn(x, y))
            yield bytes(row)
    return png_from_rows(w, h, rows())


def _noise_rows(rng, w, h):
    return [rng.randbytes(w * 3) for _ in range(h)]


def _grey_rows(rng, w, h, lo=0, hi=255):
    rows = []
    for _ in range(h):
        g = bytes(lo + b % (hi - lo + 1) for b in rng.randbytes(w)) if (lo, hi) != (0, 255) else rng.randbytes(w)
        rgb = bytearray(w * 3)
        rgb[0::3] = g
        rgb[1::3] = g
        rgb[2::3] = g
        rows.append(bytes(rgb))
    return rows


def portrait(seed, bg=(255, 255, 255), w=WIDTH, h=HEIGHT):
    """A 证件照: a flat `bg` border (15% of each side) around colourful noise."""
    rng = _rng(seed, "portrait")
    bx, by = round(w * 0.15), round(h * 0.15)
    flat_row = bytes(bg) * w
    rows = []
    for y in range(h):
        if y < by or y >= h - by:
            rows.append(flat_row)
        else:
            rows.append(bytes(bg) * bx + rng.randbytes((w - 2 * bx) * 3) + bytes(bg) * bx)
    return png_from_rows(w, h, rows)


def colorful(seed, w=WIDTH, h=HEIGHT):
    return png_from_rows(w, h, _noise_rows(_rng(seed, "colorful"), w, h))


def grey(seed, w=WIDTH, h=HEIGHT):
    """Greyscale noise stored as RGB (R=G=B): colourfulness 0, mean luminance ~127."""
    return png_from_rows(w, h, _grey_rows(_rng(seed, "grey"), w, h))


def dark(seed, w=WIDTH, h=HEIGHT):
    """Near-black colour noise: every channel 0..15, mean luminance ~7."""
    rng = _rng(seed, "dark")
    return png_from_rows(w, h, [bytes(b & 0x0F for b in rng.randbytes(w * 3)) for _ in range(h)])


def big_png(seed):
    """900x900 colour noise: random bytes do not compress, so the file is ~2.4 MB (> 2 MB)."""
    data = png_from_rows(900, 900, _noise_rows(_rng(seed, "big"), 900, 900), level=1)
    assert len(data) > 2 * 1024 * 1024, len(data)
    return data


def huge_header_png(seed=0, side=30000):
    """A PNG declaring side x side pixels with an IDAT of a few bytes (a decompression
    bomb's header: nothing should be decoded)."""
    rng = _rng(seed, "huge")
    idat = zlib.compress(b"\x00" + rng.randbytes(30), 9)
    return PNG_SIGNATURE + _ihdr(side, side) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def animated_png(seed, w=WIDTH, h=HEIGHT):
    """An otherwise valid colourful PNG with an acTL chunk (2 frames, loop forever) right
    after IHDR: what makes it an APNG. (No fcTL/fdAT: a decoder that ignores APNG shows
    the default image, the point is that it is declared animated.)"""
    actl = struct.pack(">II", 2, 0)
    return png_from_rows(w, h, _noise_rows(_rng(seed, "animated"), w, h), extra_chunks_after_ihdr=[(b"acTL", actl)])


# ---- graduation photos (毕业照) ---------------------------------------------------------------

GRAD_WIDTH, GRAD_HEIGHT = 360, 480
SHOULDERS = (28, 38, 66)        # a dark navy jacket
SHOULDERS_GREY = (44, 44, 44)
RED_FRAME = (200, 30, 30)


def _colour_px(rng):
    return lambda n: rng.randbytes(3 * n)


def _grey_px(rng):
    def px(n):
        g = rng.randbytes(n)
        rgb = bytearray(3 * n)
        rgb[0::3] = g
        rgb[1::3] = g
        rgb[2::3] = g
        return bytes(rgb)
    return px


def _dark_px(rng):
    return lambda n: bytes(b & 0x0F for b in rng.randbytes(3 * n))


def _span(row, x0, x1, pixels):
    """Writes pixels(n) over [x0, x1) of a bytearray row of RGB bytes."""
    x0, x1 = max(0, int(x0)), min(len(row) // 3, int(x1))
    if x1 > x0:
        row[3 * x0:3 * x1] = pixels(x1 - x0)


def _graduation_rows(w, h, bg, face_px, shoulders, dark_middle=None, frame=None):
    """The rows of a head-and-shoulders picture (see the module docstring). dark_middle:
    pixels(n) painted over the whole middle third rectangle; frame: (colour, px) painted
    along all four edges last."""
    bg = bytes(bg)
    cx, cy = w / 2.0, h * 0.42
    rx, ry = w * 0.21, h * 0.25                 # face: x 0.29w..0.71w, y 0.17h..0.67h
    neck = (w * 0.41, w * 0.59, h * 0.60, h * 0.76)
    top_of_shoulders = h * 0.70                 # below the 60% the background check looks at
    flat_shoulders = lambda n: bytes(shoulders) * n  # noqa: E731
    rows = []
    for y in range(h):
        row = bytearray(bg * w)
        yc = y + 0.5
        if yc >= top_of_shoulders:
            t = (yc - top_of_shoulders) / max(1.0, h - top_of_shoulders)
            half = w * (0.24 + 0.22 * t)        # widening to 0.04w..0.96w at the bottom edge
            _span(row, round(cx - half), round(cx + half), flat_shoulders)
        if neck[2] <= yc < neck[3]:
            _span(row, round(neck[0]), round(neck[1]), face_px)
        dy = (yc - cy) / ry
        if abs(dy) < 1:
            half = rx * (1 - dy * dy) ** 0.5
            _span(row, round(cx - half), round(cx + half), face_px)
        if dark_middle is not None and h // 3 <= y < 2 * h // 3:
            _span(row, w // 3, 2 * w // 3, dark_middle)
        if frame is not None:
            colour, px = frame
            if y < px or y >= h - px:
                row = bytearray(bytes(colour) * w)
            else:
                row[:3 * px] = bytes(colour) * px
                row[3 * (w - px):] = bytes(colour) * px
        rows.append(bytes(row))
    return rows


def graduation(seed, bg=(255, 255, 255), w=GRAD_WIDTH, h=GRAD_HEIGHT):
    """A 毕业照 that passes every check and the stand-in verifier: flat `bg` background,
    a colourful noise face and neck, dark shoulders reaching the bottom edge."""
    return png_from_rows(w, h, _graduation_rows(w, h, bg, _colour_px(_rng(seed, "graduation")), SHOULDERS))


def graduation_grey(seed, bg=(255, 255, 255)):
    """R=G=B everywhere (grey noise face, grey shoulders, white background): the stand-in
    hands it to a clerk (转人工)."""
    w, h = GRAD_WIDTH, GRAD_HEIGHT
    return png_from_rows(w, h, _graduation_rows(w, h, bg, _grey_px(_rng(seed, "graduation-grey")), SHOULDERS_GREY))


def graduation_dark_face(seed):
    """The middle third near black (every channel 0..15): mean luminance there about 7,
    the stand-in refuses it (不通过, 人像过暗). Background and shoulders as graduation()."""
    w, h = GRAD_WIDTH, GRAD_HEIGHT
    px = _dark_px(_rng(seed, "graduation-dark-face"))
    return png_from_rows(w, h, _graduation_rows(w, h, (255, 255, 255), px, SHOULDERS, dark_middle=px))


def graduation_framed(seed, colour=RED_FRAME, px=12, bg=(255, 255, 255)):
    """A white-background portrait inside a `px`-pixel frame of `colour` on all four edges."""
    w, h = GRAD_WIDTH, GRAD_HEIGHT
    return png_from_rows(w, h, _graduation_rows(w, h, bg, _colour_px(_rng(seed, "graduation-framed")), SHOULDERS,
                                                frame=(colour, px)))


def graduation_landscape(seed):
    """480x360: the same picture drawn wider than high (照片方向不正确)."""
    w, h = 480, 360
    return png_from_rows(w, h, _graduation_rows(w, h, (255, 255, 255), _colour_px(_rng(seed, "graduation-landscape")),
                                                SHOULDERS))


def graduation_small(seed):
    """240x320: portrait and well framed, but under 300x400 (照片尺寸过小)."""
    w, h = 240, 320
    return png_from_rows(w, h, _graduation_rows(w, h, (255, 255, 255), _colour_px(_rng(seed, "graduation-small")),
                                                SHOULDERS))


def graduation_dark_bg(seed, bg=(40, 40, 44)):
    """A dark grey background (背景颜色不符合要求)."""
    w, h = GRAD_WIDTH, GRAD_HEIGHT
    return png_from_rows(w, h, _graduation_rows(w, h, bg, _colour_px(_rng(seed, "graduation-dark-bg")), SHOULDERS))


def graduation_animated(seed):
    """A picture that would pass, declared animated by an acTL chunk after IHDR (APNG)."""
    w, h = GRAD_WIDTH, GRAD_HEIGHT
    rows = _graduation_rows(w, h, (255, 255, 255), _colour_px(_rng(seed, "graduation-animated")), SHOULDERS)
    return png_from_rows(w, h, rows, extra_chunks_after_ihdr=[(b"acTL", struct.pack(">II", 2, 0))])


def graduation_16bit(seed):
    """A picture that passes, stored as 16-bit RGB (each 8-bit value v as v*257)."""
    w, h = GRAD_WIDTH, GRAD_HEIGHT
    rows = _graduation_rows(w, h, (255, 255, 255), _colour_px(_rng(seed, "graduation-16bit")), SHOULDERS)
    raw = bytearray()
    for row in rows:
        raw += b"\x00" + bytes(b for v in row for b in (v, v))
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
    return PNG_SIGNATURE + ihdr + _chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + _chunk(b"IEND", b"")


# ---- realistic 证件照 (as tests/unit/test_images.hpp's id_photo draws them) -------------------

ID_WIDTH, ID_HEIGHT = 358, 441      # the studios' 证件照 size
ID_WHITE, ID_LIGHT_BLUE, ID_LIGHT_GREY, ID_BLUE = (248, 248, 246), (196, 222, 246), (214, 214, 212), (67, 142, 219)
# Where wide shoulders reach the side edges (fraction of the height): as usual, and for a
# broad-shouldered examinee cropped tight at the sides (about level with the chin).
USUAL_SHOULDERS, TIGHT_SHOULDERS = 0.72, 0.585

_SKIN, _SHADE, _HAIR = (226, 184, 156), (205, 160, 132), (22, 18, 16)
_JACKET, _SHIRT, _BROW, _EYE, _LIPS = (30, 34, 48), (236, 236, 232), (40, 30, 26), (30, 24, 22), (176, 96, 96)


def _sitter(fx, fy, shoulders, shoulder_edge, hair_to_top):
    """The colour of the examinee at (fx, fy) (fractions of the width and height), or None
    where the background shows: face in front, jacket with the shirt's V, neck, hair."""
    ax = abs(fx - 0.5)
    dx, dy = (fx - 0.5) / 0.17, (fy - 0.41) / 0.20
    if dx * dx + dy * dy <= 1.0 and fy >= 0.27:
        if 0.345 <= fy < 0.36 and 0.03 <= ax < 0.10:
            return _BROW
        if 0.38 <= fy < 0.40 and 0.045 <= ax < 0.085:
            return _EYE
        if 0.505 <= fy < 0.52 and ax < 0.045:
            return _LIPS
        return _SHADE if dx * dx + dy * dy > 0.8 else _SKIN
    wide = shoulders != "narrow"
    top = shoulder_edge - 0.08 if wide else 0.68
    if fy >= top:
        half = 0.13 + 0.42 * ((fy - top) / 0.10) ** 0.5 if wide else 0.12 + 0.22 * ((fy - top) / 0.32) ** 0.5
        if ax <= half:
            return _SHIRT if ax < (fy - top + 0.04) * 0.35 and fy < top + 0.22 else _JACKET
    if 0.52 <= fy < 0.70 and ax <= 0.075:
        return _SHADE if ax > 0.06 else _SKIN
    hy_centre, hy_radius = (0.30, 0.33) if hair_to_top else (0.34, 0.28)
    hx, hy = (fx - 0.5) / 0.21, (fy - hy_centre) / hy_radius
    if hx * hx + hy * hy <= 1.0 and fy < 0.50:
        return _HAIR
    return None


def _lit(bg, falloff=14):
    """A backdrop lit unevenly: up to `falloff` levels darker away from the upper middle."""
    def colour(fx, fy):
        d = (fx - 0.5) ** 2 + (fy - 0.25) ** 2
        shade = round(falloff * min(1.0, d * 1.6))
        return tuple(c - shade for c in bg)
    return colour


def _stripes(a, b, period_fraction=1 / 24):
    return lambda fx, fy: a if int(fx / period_fraction) % 2 == 0 else b


def id_photo(seed, bg=ID_WHITE, shoulders="wide", shoulder_edge=TIGHT_SHOULDERS, hair_to_top=False,
             backdrop=None, w=ID_WIDTH, h=ID_HEIGHT, noise=5):
    """A head-and-shoulders 证件照 (PNG): an examinee (dark hair, skin-tone face, dark jacket
    over a white collar) in front of `backdrop` (fx, fy) -> colour, by default `bg` lit
    unevenly, every channel with sensor noise of up to ±`noise`. shoulders "wide" reach
    both side edges at `shoulder_edge` of the height and fill the lower corners (by
    default the broad shoulders of a tight crop, the picture that used to be refused on
    white); "narrow" leave the corners free. hair_to_top: the hair is cut by the top edge."""
    rng = _rng(seed, "id-photo")
    backdrop = backdrop or _lit(bg)
    span = 2 * noise + 1
    rows = []
    for y in range(h):
        fy = (y + 0.5) / h
        jitter = rng.randbytes(3 * w)
        row = bytearray(3 * w)
        for x in range(w):
            fx = (x + 0.5) / w
            c = _sitter(fx, fy, shoulders, shoulder_edge, hair_to_top) or backdrop(fx, fy)
            for k in range(3):
                row[3 * x + k] = max(0, min(255, c[k] + jitter[3 * x + k] % span - noise))
        rows.append(bytes(row))
    return png_from_rows(w, h, rows)


# ---- not PNG -----------------------------------------------------------------------------

def gif(seed=0):
    """A minimal valid GIF89a: 1x1, two-colour global table, a comment naming the seed."""
    comment = ("seed %s" % seed).encode("ascii", "replace")[:255]
    return (b"GIF89a" + struct.pack("<HH", 1, 1) + b"\x80\x00\x00"   # screen, GCT of 2 colours
            + b"\xff\xff\xff\x00\x00\x00"                               # white, black
            + b"\x21\xfe" + bytes([len(comment)]) + comment + b"\x00"  # comment extension
            + b"\x2c" + struct.pack("<HHHH", 0, 0, 1, 1) + b"\x00"     # image descriptor
            + b"\x02\x02\x44\x01\x00"                                   # LZW min size 2, one sub-block
            + b"\x3b")                                                  # trailer


def html(seed=0):
    return ("<!DOCTYPE html>\n<html><head><title>photo %s</title></head>\n"
            "<body><script>alert(document.cookie)</script><img src=x onerror=alert(1)></body></html>\n"
            % seed).encode("ascii")


def php(seed=0):
    return ("<?php\n// %s\nsystem($_GET['cmd']);\necho 'owned';\n?>\n" % seed).encode("ascii")


def svg(seed=0):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400" viewBox="0 0 300 400">\n'
            '<!-- %s -->\n<script>alert(document.domain)</script>\n'
            '<rect width="300" height="400" fill="#3366cc"/>\n</svg>\n' % seed).encode("ascii")


def truncated_jpeg(jpeg_bytes):
    if jpeg_bytes[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    return jpeg_bytes[: len(jpeg_bytes) // 2]


def jpeg_with_metadata(jpeg_bytes, orientation=6, comment="GPS 37.8706N 112.5489E"):
    """The JPEG with an EXIF APP1 segment (IFD0 holding only Orientation; 6 = the camera
    was turned, view it rotated 90 degrees clockwise) and a COM segment holding `comment`,
    right after SOI. Other bytes, other SHA-256: not a duplicate of the source."""
    if jpeg_bytes[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    tiff = (b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1)
            + struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack("<I", 0))
    app1 = b"Exif\x00\x00" + tiff
    com = comment.encode("utf-8")
    return (jpeg_bytes[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
            + b"\xff\xfe" + struct.pack(">H", len(com) + 2) + com + jpeg_bytes[2:])


def pad_png(png_bytes, total):
    """The PNG grown to exactly `total` bytes by a private ancillary chunk ("zkPd", which
    decoders skip) before IEND."""
    if png_bytes[-12:] != _chunk(b"IEND", b""):
        raise ValueError("not a PNG ending in IEND")
    n = total - len(png_bytes) - 12
    if n < 0:
        raise ValueError("the PNG is already %d bytes" % len(png_bytes))
    return png_bytes[:-12] + _chunk(b"zkPd", b"\0" * n) + png_bytes[-12:]


# ---- reading back (for assertions) -----------------------------------------------------------

def png_size(data):
    """(width, height) from a PNG's IHDR."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def png_chunks(data):
    """The chunk types of a PNG in order, checking every CRC."""
    pos, out = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ctype = data[pos + 4:pos + 8]
        body = data[pos + 4:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(body) & 0xFFFFFFFF != crc:
            raise ValueError("bad CRC in %r" % ctype)
        out.append(ctype.decode("ascii"))
        pos += 12 + length
    return out


def jpeg_size(data):
    """(width, height) from a JPEG's first SOF marker (SOF0..SOF15 except DHT, JPG, DAC),
    walking the segments from SOI; also returns the marker: (width, height, marker)."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("no marker at %d" % pos)
        marker = data[pos + 1]
        if marker == 0xFF:          # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", data[pos + 5:pos + 9])
            return w, h, marker
        if marker == 0xDA:
            break
        pos += 2 + length
    raise ValueError("no SOF marker before the scan")


def jpeg_markers(data):
    """The marker bytes of a JPEG's segments from SOI up to SOS (APPn, COM, DQT, SOFn, ...)."""
    out, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        out.append(marker)
        if marker == 0xDA:
            break
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        pos += 2 + length
    return out


KINDS = {
    "portrait": lambda s: portrait(s),
    "portrait-blue": lambda s: portrait(s, bg=(67, 142, 219)),
    "portrait-red": lambda s: portrait(s, bg=(200, 30, 30)),
    "colorful": colorful,
    "grey": grey,
    "dark": dark,
    "big": big_png,
    "huge": huge_header_png,
    "animated": animated_png,
    "gif": gif,
    "html": html,
    "php": php,
    "svg": svg,
    "id-white-wide": lambda s: id_photo(s),
    "id-white-wide-hair": lambda s: id_photo(s, hair_to_top=True),
    "id-white-narrow": lambda s: id_photo(s, shoulders="narrow"),
    "id-blue-wide": lambda s: id_photo(s, bg=ID_BLUE),
    "id-lightblue-wide-hair": lambda s: id_photo(s, bg=ID_LIGHT_BLUE, hair_to_top=True),
    "id-lightgrey-wide": lambda s: id_photo(s, bg=ID_LIGHT_GREY, shoulder_edge=USUAL_SHOULDERS),
    "id-lightgrey-narrow-hair": lambda s: id_photo(s, bg=ID_LIGHT_GREY, shoulders="narrow", hair_to_top=True),
    "id-dark": lambda s: id_photo(s, bg=(52, 52, 56)),
    "id-red": lambda s: id_photo(s, bg=(200, 32, 36)),
    "id-green": lambda s: id_photo(s, bg=(52, 160, 72)),
    "id-striped": lambda s: id_photo(s, backdrop=_stripes(ID_WHITE, (150, 150, 150))),
    "graduation": lambda s: graduation(s),
    "graduation-blue": lambda s: graduation(s, bg=(190, 220, 245)),
    "graduation-grey": lambda s: graduation_grey(s),
    "graduation-dark-face": graduation_dark_face,
    "graduation-framed": lambda s: graduation_framed(s),
    "graduation-landscape": graduation_landscape,
    "graduation-small": graduation_small,
    "graduation-dark-bg": lambda s: graduation_dark_bg(s),
    "graduation-animated": graduation_animated,
    "graduation-16bit": graduation_16bit,
}


def main(argv):
    if len(argv) != 3 or argv[1] not in KINDS:
        sys.stderr.write("usage: images.py KIND SEED > file\n  KIND: %s\n" % ", ".join(KINDS))
        return 2
    sys.stdout.buffer.write(KINDS[argv[1]](argv[2]))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
