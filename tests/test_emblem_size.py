"""The Garuda is embedded at its printed size (issue 19, item 3): at most 600 dpi of the height it is
printed at, never more pixels than its file has, a palette PNG for the line-art Garuda, and an O42
bundle row within 250 KB with it (it was ~720 KB with the 1000-pixel original in four documents)."""

from __future__ import annotations

import io
import posixpath
import warnings

import pytest
from conftest import EMBLEM, REPO, needs_shared
from lxml import etree
from ooxml_checks import NS, parts
from PIL import Image

from ita_docs import ItaDocsWarning, load, render
from ita_docs.api import render_parts
from ita_docs.render import house_style as hs

pytestmark = needs_shared

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EMU_PER_INCH = 914_400
ROW_BUDGET = 250_000


def _quiet_parts(example: str, emblem) -> list[tuple[str, bytes]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        return render_parts(load(REPO / "examples" / example), emblem=emblem)


def embedded_emblem(docx: bytes) -> tuple[Image.Image, bytes, float]:
    """The Garuda of a .docx: (its image, its stored bytes, its printed height in inches)."""
    files = parts(docx)
    root = etree.fromstring(files["word/document.xml"])
    anchor = next(a for a in root.iter(f"{{{NS['wp']}}}anchor") if a.find("wp:docPr", NS).get("descr") == "ตราครุฑ")
    rid = anchor.find(f".//{{{A}}}blip").get(f"{{{R}}}embed")
    rels = etree.fromstring(files["word/_rels/document.xml.rels"])
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    data = files[posixpath.normpath(posixpath.join("word", target))]
    height_in = int(anchor.find("wp:extent", NS).get("cy")) / EMU_PER_INCH
    return Image.open(io.BytesIO(data)), data, height_in


def _source_height() -> int:
    with Image.open(EMBLEM) as image:
        box = image.convert("RGBA").getchannel("A").getbbox()
        return box[3] - box[1] if box else image.height


@pytest.mark.parametrize("example,height_cm", [("memo.yaml", hs.MEMO_EMBLEM_HEIGHT_CM),
                                               ("announcement.yaml", hs.GARUDA_PAPER_EMBLEM_HEIGHT_CM),
                                               ("order.yaml", hs.GARUDA_PAPER_EMBLEM_HEIGHT_CM)])
def test_the_emblem_is_embedded_at_600_dpi_of_its_printed_height(example, height_cm):
    (_, docx), = _quiet_parts(example, EMBLEM)
    image, _, height_in = embedded_emblem(docx)
    assert height_in == pytest.approx(height_cm / 2.54, abs=1e-4)
    assert image.height <= 600 * height_in  # 354 px for 1.5 cm, 708 for 3 cm
    assert image.height >= 600 * height_in - 2  # and not coarser than that: sharp in print
    assert image.height <= _source_height()


def test_the_bundled_garuda_is_a_palette_png_with_its_transparency():
    (_, docx), = _quiet_parts("announcement.yaml", EMBLEM)
    image, _, _ = embedded_emblem(docx)
    assert (image.format, image.mode) == ("PNG", "P")
    rgba = image.convert("RGBA")
    source = Image.open(EMBLEM).convert("RGBA")
    source = source.crop(source.getchannel("A").getbbox()).resize(rgba.size, Image.Resampling.LANCZOS)
    # the ink stays the source's, clear stays clear, and every opacity is within one step of 16
    assert {rgba_value[:3] for _, rgba_value in rgba.getcolors(256) if rgba_value[3]} == {(0, 0, 0)}
    alpha, expected = rgba.getchannel("A").tobytes(), source.getchannel("A").tobytes()
    assert max(abs(a - b) for a, b in zip(alpha, expected)) <= 9
    assert alpha[0] == 0 and rgba.getchannel("A").getextrema() == (0, 255)


def test_an_o42_bundle_row_with_the_emblem_is_within_250_kb():
    row = _quiet_parts("o42-bundle.yaml", EMBLEM)
    with_emblem = sum(1 for _, docx in row if b'descr="\xe0\xb8\x95' in parts(docx)["word/document.xml"])
    assert with_emblem == 4  # the memos and the announcements carry it
    size = sum(len(docx) for _, docx in row)
    assert size <= ROW_BUDGET, f"{size} bytes for one agency's six documents"


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_a_small_emblem_is_not_stored_larger_than_its_file(tmp_path, mode):
    """A 400-pixel emblem is below 600 dpi at 3 cm: kept at its pixels, in no more bytes than its file."""
    source = Image.open(EMBLEM).convert("RGBA")
    source = source.crop(source.getchannel("A").getbbox())
    small = source.resize((round(source.width * 400 / source.height), 400), Image.Resampling.LANCZOS)
    path = tmp_path / "emblem-400.png"
    (small if mode == "RGBA" else small.quantize(64)).save(path, optimize=True)
    doc = load(REPO / "examples" / "announcement.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        image, data, _ = embedded_emblem(render(doc, emblem=path))
    assert image.height == 400  # never upscaled
    assert len(data) <= path.stat().st_size


def test_the_emblem_is_prepared_once_per_file_version_and_height(tmp_path):
    from ita_docs.render.images import prepare_emblem

    path = tmp_path / "emblem.png"
    Image.open(EMBLEM).save(path)
    first = prepare_emblem(path, hs.GARUDA_PAPER_EMBLEM_HEIGHT_CM)
    assert prepare_emblem(path, hs.GARUDA_PAPER_EMBLEM_HEIGHT_CM) is first  # decoded and encoded once
    assert prepare_emblem(path, hs.MEMO_EMBLEM_HEIGHT_CM).height_px < first.height_px  # a size of its own
    Image.open(EMBLEM).resize((300, 300)).save(path)  # the file replaced: a new version
    assert prepare_emblem(path, hs.GARUDA_PAPER_EMBLEM_HEIGHT_CM).height_px == 300
