"""Photo grids (issue 14, item 5): the captions of one row stand level, whatever the photos' shapes
(a portrait beside a landscape used to put them at different heights). Read from the real PDF."""

from __future__ import annotations

import warnings
from pathlib import Path

import pymupdf as fitz
import pytest
import yaml

from ita_docs import ItaDocsWarning, render
from ita_docs.api import from_data
from ita_docs.render.pdf import PdfConverter

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "briefing-report-memo.yaml"
# shapes mixed on purpose: portrait beside landscape, a square poster beside a wide group photo
# (the captions end in Latin codes: found in the PDF's text whatever Thai shaping does to it)
PHOTOS = [("portrait.jpg", "ภาพแนวตั้ง PA1"), ("meeting.jpg", "ภาพแนวนอน PB2"),
          ("poster.png", "ภาพโปสเตอร์ PC3"), ("group.jpg", "ภาพหมู่ PD4")]


@pytest.mark.parametrize("per_page", [2, 4, 6])
def test_captions_of_a_row_stand_level(real_fonts, tmp_path, per_page):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["photos_per_page"] = per_page
    data["photos"] = [{"path": f"photos/{name}", "caption": caption} for name, caption in PHOTOS]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        docx = render(from_data(data, base_dir=EXAMPLE.parent))
        with PdfConverter("thai") as converter:
            pdf = converter.convert(docx, tmp_path / "photos.pdf")
    found = {}
    with fitz.open(pdf) as document:
        for page in document:
            words = {word[4]: word for word in page.get_text("words")}  # (x0, y0, x1, y1, text, …)
            for _, caption in PHOTOS:
                word = words.get(caption.split()[-1])
                if word is not None:
                    found[caption] = (page.number, round(word[3], 1), word[0])
    assert set(found) == {caption for _, caption in PHOTOS}
    columns = 1 if per_page == 2 else 2
    captions = [caption for _, caption in PHOTOS]
    for start in range(0, len(captions), columns):
        row = [found[c] for c in captions[start:start + columns]]
        assert len({(page, y) for page, y, _ in row}) == 1, f"captions of one row at different heights: {row}"
