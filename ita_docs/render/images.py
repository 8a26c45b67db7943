"""Images: the Garuda emblem (or its blank reserved space), photos, and their DrawingML.

Pillow reads and normalises the files (EXIF orientation, transparent borders of the emblem), and is
imported only when a file is read (a render without pictures does without it); the DrawingML is
written here because it is a fixed shape with a few numbers in it.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import struct
import zlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from ita_docs.diagnostics import ItaDocsError
from ita_docs.render.engine import Media
from ita_docs.render.house_style import EMBLEM_TOP_CM, emu
from ita_docs.render.ooxml import attribute_xml

if TYPE_CHECKING:
    from PIL import Image

PHOTO_DPI = 150  # a photo is never shown larger than its pixels at this resolution


class ImageFileError(ItaDocsError, ValueError):
    """An image file is missing or unreadable (names the file)."""


@dataclass(frozen=True)
class PreparedImage:
    data: bytes
    ext: str  # png | jpeg
    width_px: int
    height_px: int

    @property
    def aspect(self) -> float:
        return self.height_px / self.width_px

    @cached_property
    def digest(self) -> str:
        """SHA-1 of the data: an emblem, prepared once, goes into every document of a batch."""
        return hashlib.sha1(self.data).hexdigest()


MAX_PIXELS = 100_000_000  # a 100-megapixel camera photo is the largest real input; a 48 KB file can claim 400 M


def _open(path: Path, box_px: tuple[int, int] | None = None) -> Image.Image:
    """The decoded image. With box_px (upright width, height), a JPEG is decoded at the smallest
    DCT scale still covering that box: a 12-megapixel photo bound for a grid cell loads 8× faster."""
    from PIL import Image, UnidentifiedImageError

    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or a device would block the reader for ever
            raise ImageFileError(f"ไฟล์ภาพต้องเป็นไฟล์ธรรมดา / an image must be a regular file: {path}")
        image = Image.open(path)
        if image.width * image.height > MAX_PIXELS:  # known from the header, before any decoding
            raise ImageFileError(
                f"ภาพใหญ่เกินไป ({image.width}×{image.height} พิกเซล เกิน {MAX_PIXELS // 1_000_000} ล้าน) / the image is "
                f"too large ({image.width}×{image.height} pixels, over {MAX_PIXELS // 1_000_000} megapixels): {path}")
        if box_px is not None and image.format == "JPEG":
            width, height = box_px
            if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # stored sideways
                width, height = height, width
            image.draft("RGB", (width, height))
        image.load()
    except FileNotFoundError as exc:
        raise ImageFileError(f"ไม่พบไฟล์ภาพ / image file not found: {path}") from exc
    except Image.DecompressionBombError as exc:  # Pillow's own cap, met before ours on open
        raise ImageFileError(f"ภาพใหญ่เกินไป (เกิน {MAX_PIXELS // 1_000_000} ล้านพิกเซล) / the image is too large "
                             f"(over {MAX_PIXELS // 1_000_000} megapixels): {path}") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        # Pillow says ValueError for an oversized text chunk, SyntaxError for some broken headers
        raise ImageFileError(f"อ่านไฟล์ภาพไม่ได้ / cannot read image file: {path} ({exc})") from exc
    return image


def _encode_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


# The emblem is embedded at this resolution of its printed height: sharp in print, and ~20 KB for a
# line-art Garuda instead of a 169 KB 1000-pixel original in every document.
EMBLEM_DPI = 600
INK_LEVELS = 16  # opacities of a one-ink emblem's edges (fully clear and fully inked stay exact)


def emblem_height_px(height_cm: float) -> int:
    """The most pixels an emblem printed height_cm tall needs (rounded down: never above EMBLEM_DPI)."""
    return max(1, int(height_cm / 2.54 * EMBLEM_DPI))


@lru_cache(maxsize=16)
def _emblem_cached(path: str, mtime_ns: int, size: int, height_px: int) -> PreparedImage:
    from PIL import Image

    original = _open(Path(path))
    fmt = (original.format or "").upper()
    image, changed = _oriented(original)
    image = image.convert("RGBA")
    # The regulation fixes the printed height of the emblem itself: trim transparent margins.
    box = image.getchannel("A").getbbox()
    if box and box != (0, 0, image.width, image.height):
        image = image.crop(box)
        changed = True
    if image.height > height_px:  # never upscaled: a small emblem keeps its own pixels
        width_px = max(1, round(image.width * height_px / image.height))
        image = image.resize((width_px, height_px), Image.Resampling.LANCZOS)
        changed = True
    data = _encode_emblem(image)
    if not changed and fmt == "PNG" and size <= len(data):  # the user's own file is already smaller
        data = Path(path).read_bytes()
    return PreparedImage(data, "png", image.width, image.height)


def _encode_emblem(image: Image.Image) -> bytes:
    """An RGBA emblem as a small PNG: a palette one when it has at most 256 colours (one ink: 16
    opacities; several: exact), else full colour."""
    from PIL import Image

    colours = cast("list[tuple[int, tuple[int, int, int, int]]] | None", image.getcolors(256))  # RGBA here
    palette: Image.Image | None = None
    options: dict = {}
    if colours and len({rgba[:3] for _, rgba in colours}) == 1:
        # Line art in one ink (the Garuda): a 4-bit palette of that ink at INK_LEVELS opacities. An
        # edge pixel at 600 dpi is 42 µm, finer than any printer's halftone renders 256 levels of;
        # the Garuda takes 47 KB at 3 cm instead of 121 KB with every level kept.
        top = INK_LEVELS - 1
        palette = image.getchannel("A").point([round(a * top / 255) for a in range(256)]).convert("P")
        palette.putpalette(bytes(colours[0][1][:3]) * INK_LEVELS)
        palette.info["transparency"] = bytes(round(i * 255 / top) for i in range(INK_LEVELS))
        options["bits"] = 4
    elif colours:
        quantized = image.quantize(len(colours), method=Image.Quantize.FASTOCTREE)
        if quantized.convert("RGBA").tobytes() == image.tobytes():  # only when lossless
            palette = quantized
    buffer = io.BytesIO()
    if palette is not None:
        palette.save(buffer, format="PNG", optimize=True, **options)
    elif image.getchannel("A").getextrema() == (255, 255):  # opaque: no alpha channel to store
        image.convert("RGB").save(buffer, format="PNG", optimize=True)
    else:
        image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def prepare_emblem(path: Path, height_cm: float) -> PreparedImage:
    """The emblem as embedded for a printed height: upright, margins trimmed, at most EMBLEM_DPI
    (see _encode_emblem for its colours); decoded and encoded once per process for each file version and height."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ImageFileError(f"ไม่พบไฟล์ตราครุฑ / emblem file not found: {path}") from exc
    return _emblem_cached(os.path.abspath(path), info.st_mtime_ns, info.st_size, emblem_height_px(height_cm))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@lru_cache(maxsize=1)
def blank_image() -> PreparedImage:
    """A transparent pixel, stretched to keep the emblem's reserved space when none is given."""
    # Written here, byte for byte what Pillow writes (a test compares): Pillow cost a render 5 ms for 70 bytes.
    header = struct.pack(">2I5B", 1, 1, 8, 6, 0, 0, 0)  # 1×1, 8-bit RGBA, no interlacing
    pixel_row = b"\0" * 5  # filter type 0, then one transparent black RGBA pixel
    deflate = zlib.compressobj(6, zlib.DEFLATED, 15, 8, zlib.Z_FILTERED)  # as Pillow deflates a PNG
    pixels = deflate.compress(pixel_row) + deflate.flush()
    png = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels) + _png_chunk(b"IEND", b"")
    return PreparedImage(png, "png", 1, 1)


def _file_key(path: Path) -> tuple[str, int, int] | None:
    """A photo's identity for the caches below (None when it cannot be read: the caller says why)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return os.path.abspath(path), info.st_mtime_ns, info.st_size  # abspath: no system call per use


# A batch puts the same photos (from its defaults) in every row: decode and resize each once per process.
@lru_cache(maxsize=32)
def _photo_cached(key: tuple[str, int, int], max_width_px: int) -> PreparedImage:
    return _prepare_photo(Path(key[0]), max_width_px)


@lru_cache(maxsize=64)
def _photo_in_box_cached(key: tuple[str, int, int], box_width_cm: float,
                         box_height_cm: float) -> tuple[PreparedImage, float, float]:
    return _prepare_photo_in_box(Path(key[0]), box_width_cm, box_height_cm)


def prepare_photo(path: Path, max_width_px: int = 1800) -> PreparedImage:
    """A photo as embedded: orientation applied, downscaled to max_width_px, JPEG or PNG kept."""
    key = _file_key(path)
    return _photo_cached(key, max_width_px) if key else _prepare_photo(path, max_width_px)


def prepare_photo_in_box(path: Path, box_width_cm: float, box_height_cm: float) -> tuple[PreparedImage, float, float]:
    """A photo fitted into a box: (image downscaled to PHOTO_EMBED_DPI at its size, width, height)."""
    key = _file_key(path)
    if key:
        return _photo_in_box_cached(key, box_width_cm, box_height_cm)
    return _prepare_photo_in_box(path, box_width_cm, box_height_cm)


def _prepare_photo(path: Path, max_width_px: int) -> PreparedImage:
    return _jpeg_as_it_is(path, max_width_px) or _prepare_photo_with_pillow(path, max_width_px)


def _prepare_photo_with_pillow(path: Path, max_width_px: int) -> PreparedImage:
    from PIL import Image

    image = _open(path)
    fmt = (image.format or "").upper()
    image, changed = _oriented(image)
    if image.width > max_width_px:
        image = image.resize((max_width_px, max(1, round(image.height * max_width_px / image.width))),
                             Image.Resampling.LANCZOS)
        changed = True
    return _encoded(path, image, fmt, changed)


# A JPEG embedded as it is (upright, narrow enough: most photos in a memo) needs no decoding: its
# header gives the size and orientation, and a file cut short has no end-of-image marker after its
# image data. Read here by hand because Pillow's import alone (logging, subprocess, five format
# plugins) cost a render 15-20 ms; anything unusual goes to Pillow, which decodes it as before.
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2}  # baseline, extended and progressive Huffman frames, as Pillow reads them
_STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}


def _jpeg_as_it_is(path: Path, max_width_px: int) -> PreparedImage | None:
    """The photo's own bytes when it is a plain JPEG needing no change, else None (Pillow decides).
    Only the header is read until it shows the photo qualifies: a huge or wide file is left to
    Pillow, which refuses or downsizes it without holding it whole."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # opening a FIFO would block
            return None
        with open(path, "rb") as handle:
            head = handle.read(_JPEG_HEADER_BYTES)
            found = _jpeg_header(head)
            if found is None:
                return None
            (width, height), scan = found
            if width > max_width_px or width * height > MAX_PIXELS:
                return None
            data = head + handle.read()
    except OSError:
        return None  # Pillow's path names the problem
    if data.find(b"\xff\xd9", scan) < 0:  # cut short: no end-of-image marker after the image data
        return None
    return PreparedImage(data, "jpeg", width, height)


_JPEG_HEADER_BYTES = 1 << 18  # EXIF, ICC profile and frame header come first; a longer header goes to Pillow


def _jpeg_header(data: bytes) -> tuple[tuple[int, int], int] | None:
    """((width, height), where the image data starts) of a baseline or progressive 8-bit JPEG, grey
    or colour, stored upright (no EXIF orientation other than 1); None for anything else."""
    if not data.startswith(b"\xff\xd8"):
        return None
    size: tuple[int, int] | None = None
    exif_seen = False
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker in _STANDALONE_MARKERS:
            position += 2
            continue
        length = int.from_bytes(data[position + 2:position + 4], "big")
        segment = data[position + 4:position + 2 + length]
        if length < 2 or len(segment) != length - 2:
            return None
        if marker == 0xDA:  # start of scan: the image data follows, to the end-of-image marker
            return (size, position + 2 + length) if size is not None else None
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a frame header
            if marker not in _JPEG_FRAMES or size is not None or len(segment) < 6:
                return None
            height, width = int.from_bytes(segment[1:3], "big"), int.from_bytes(segment[3:5], "big")
            if segment[0] != 8 or segment[5] not in (1, 3) or not width or not height:  # 8 bits; grey or colour
                return None
            size = (width, height)
        elif marker == 0xE1 and segment.startswith(b"Exif\0\0"):
            if exif_seen or _exif_orientation(segment[6:]) not in (None, 1):
                return None
            exif_seen = True
        elif marker == 0xE2 and segment.startswith(b"MPF\0"):
            return None  # several pictures in one file: Pillow reads it as MPO and re-encodes it
        elif marker == 0xD9:
            return None
        position += 2 + length
    return None


def _exif_orientation(tiff: bytes) -> int | None:
    """The Orientation tag of an EXIF block's first image directory (None: no tag; 0: unreadable)."""
    if tiff[:2] not in (b"II", b"MM") or len(tiff) < 8:
        return 0
    order: Literal["little", "big"] = "little" if tiff[:2] == b"II" else "big"
    directory = int.from_bytes(tiff[4:8], order)
    if directory + 2 > len(tiff):
        return 0
    entries = int.from_bytes(tiff[directory:directory + 2], order)
    for start in range(directory + 2, directory + 2 + 12 * entries, 12):
        entry = tiff[start:start + 12]
        if len(entry) < 12:
            return 0
        if int.from_bytes(entry[:2], order) == 0x0112:
            kind, count = int.from_bytes(entry[2:4], order), int.from_bytes(entry[4:8], order)
            return int.from_bytes(entry[8:10], order) if (kind, count) == (3, 1) else 0
    return None


def _oriented(image: Image.Image) -> tuple[Image.Image, bool]:
    """The image turned upright by its EXIF orientation, and whether that changed anything
    (Pillow returns a copy either way, and a copy would needlessly be re-encoded)."""
    from PIL import ImageOps

    orientation = image.getexif().get(0x0112, 1)  # EXIF Orientation
    if orientation in (None, 1):
        return image, False
    return ImageOps.exif_transpose(image), True


def _encoded(path: Path, image: Image.Image, fmt: str, changed: bool) -> PreparedImage:
    """The file's own bytes when nothing changed, else re-encoded in its own format."""
    if fmt == "JPEG":
        if not changed:
            return PreparedImage(path.read_bytes(), "jpeg", image.width, image.height)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="JPEG", quality=85)
        return PreparedImage(buffer.getvalue(), "jpeg", image.width, image.height)
    if fmt == "PNG" and not changed:
        return PreparedImage(path.read_bytes(), "png", image.width, image.height)
    return PreparedImage(_encode_png(image), "png", image.width, image.height)


# Photos in a grid are embedded at this resolution of their printed size (sharp on paper), and
# re-encoded more coarsely when still above the byte budget: 20 camera photos stay under 5 MB
# instead of a hundred, even a full page each.
PHOTO_EMBED_DPI = 150
PHOTO_MAX_BYTES = 200_000
_FALLBACK_QUALITIES = (75, 65, 55)


def fit_size_cm(width_px: int, height_px: int, box_width_cm: float, box_height_cm: float) -> tuple[float, float]:
    """The printed size of a photo in a box: aspect kept, never larger than its pixels at PHOTO_DPI."""
    natural_width = width_px / PHOTO_DPI * 2.54
    natural_height = height_px / PHOTO_DPI * 2.54
    scale = min(1.0, box_width_cm / natural_width, box_height_cm / natural_height)
    return natural_width * scale, natural_height * scale


def _prepare_photo_in_box(path: Path, box_width_cm: float, box_height_cm: float) -> tuple[PreparedImage, float, float]:
    from PIL import Image

    box_px = (round(box_width_cm / 2.54 * PHOTO_EMBED_DPI), round(box_height_cm / 2.54 * PHOTO_EMBED_DPI))
    original = _open(path, box_px)
    fmt = (original.format or "").upper()
    image, changed = _oriented(original)
    # A drafted JPEG is at least the box's size at PHOTO_EMBED_DPI (> PHOTO_DPI), so it fits the
    # box exactly as the full-size photo would; only its bytes must then be re-encoded.
    with Image.open(path) as on_file:
        changed = changed or on_file.size != original.size
    width_cm, height_cm = fit_size_cm(image.width, image.height, box_width_cm, box_height_cm)
    target_width = round(width_cm / 2.54 * PHOTO_EMBED_DPI)
    if image.width > target_width:
        target_height = max(1, round(image.height * target_width / image.width))
        image = image.resize((target_width, target_height), Image.Resampling.LANCZOS)
        changed = True
    return _within_budget(_encoded(path, image, fmt, changed), image), width_cm, height_cm


def _within_budget(prepared: PreparedImage, image: Image.Image) -> PreparedImage:
    """A photo over PHOTO_MAX_BYTES as a coarser JPEG (an opaque PNG photo becomes a JPEG too)."""
    if len(prepared.data) <= PHOTO_MAX_BYTES or (prepared.ext == "png" and _has_transparency(image)):
        return prepared
    rgb = image.convert("RGB")
    for quality in _FALLBACK_QUALITIES:
        buffer = io.BytesIO()
        rgb.save(buffer, format="JPEG", quality=quality)
        if buffer.tell() <= PHOTO_MAX_BYTES:
            break
    return PreparedImage(buffer.getvalue(), "jpeg", image.width, image.height)


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _graphic(rid: str, shape_id: int, name: str, cx: int, cy: int) -> str:
    return (
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="{shape_id}" name={attribute_xml(name)}/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic>"
    )


def inline_drawing(media: Media, image: PreparedImage, width_cm: float, height_cm: float,
                   name: str, description: str = "") -> str:
    """A w:drawing with an inline picture (to sit in a run)."""
    rid = media.add(image.data, image.ext, image.digest)
    shape_id = media.shape_id()
    cx, cy = emu(width_cm), emu(height_cm)
    return (
        '<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name={attribute_xml(name)} descr={attribute_xml(description)}/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        + _graphic(rid, shape_id, name, cx, cy)
        + "</wp:inline></w:drawing>"
    )


def emblem_run(media: Media, image: PreparedImage | None, height_cm: float, centred: bool) -> str:
    """The Garuda as a floating picture: top edge EMBLEM_TOP_CM below the paper's top edge.

    Memo: at the left edge of the text area, text beside it (no wrap). ประกาศ/คำสั่ง: centred, text
    below it. Without an emblem a transparent picture of the same size keeps the space.
    """
    blank = image is None
    image = image or blank_image()
    width_cm = height_cm if blank else height_cm / image.aspect
    cx, cy = emu(width_cm), emu(height_cm)
    rid = media.add(image.data, image.ext, image.digest)
    shape_id = media.shape_id()
    name = "Garuda (reserved space)" if blank else "Garuda"
    horizontal = (
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        if centred
        else '<wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>'
    )
    wrap = "<wp:wrapTopAndBottom/>" if centred else "<wp:wrapNone/>"
    return (
        "<w:r><w:drawing>"
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        + horizontal
        + f'<wp:positionV relativeFrom="page"><wp:posOffset>{emu(EMBLEM_TOP_CM)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        + wrap
        + f'<wp:docPr id="{shape_id}" name="{name}" descr="ตราครุฑ"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        + _graphic(rid, shape_id, name, cx, cy)
        + "</wp:anchor></w:drawing></w:r>"
    )
