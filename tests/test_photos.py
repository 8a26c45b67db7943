"""Photos in grids: aspect kept, never enlarged beyond their pixels at 150 dpi, EXIF orientation
honoured, camera-size photos downscaled (20 of them stay under 5 MB), bad files are input errors."""

from __future__ import annotations

import io
import os
import warnings

import pytest
import yaml
from conftest import REPO, render_quietly
from lxml import etree
from ooxml_checks import parts
from PIL import Image

from ita_docs import ItaDocsWarning, load
from ita_docs.api import from_data
from ita_docs.diagnostics import InputError
from ita_docs.render import house_style as hs
from ita_docs.render.images import PHOTO_DPI

EXAMPLE = REPO / "examples" / "briefing-report-memo.yaml"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
EMU_PER_CM = hs.EMU_PER_CM


def inline_pictures(data: bytes) -> list[dict]:
    """Every inline picture: its name, printed size (cm) and the embedded image's pixel size."""
    files = parts(data)
    rels = etree.fromstring(files["word/_rels/document.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    root = etree.fromstring(files["word/document.xml"])
    out = []
    for inline in root.iter(f"{{{NS['wp']}}}inline"):
        extent = inline.find("wp:extent", NS)
        blip = inline.find(".//a:blip", NS)
        image = Image.open(io.BytesIO(files["word/" + targets[blip.get(f"{{{NS['r']}}}embed")]]))
        out.append({
            "name": inline.find("wp:docPr", NS).get("name"),
            "width_cm": int(extent.get("cx")) / EMU_PER_CM,
            "height_cm": int(extent.get("cy")) / EMU_PER_CM,
            "pixels": image.size,
            "format": image.format,
        })
    return out


def briefing(tmp_path, **changes):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    return from_data(data, source="test.yaml", base_dir=EXAMPLE.parent)


def upright_size(path) -> tuple[int, int]:
    with Image.open(path) as image:
        size = image.size
        if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):
            size = size[::-1]
    return size


def test_grid_photos_keep_their_aspect_and_orientation():
    doc = load(EXAMPLE)
    pictures = {p["name"]: p for p in inline_pictures(render_quietly(doc))}
    for photo in doc.photos:
        shown = pictures[photo.path.name]
        width_px, height_px = upright_size(photo.path)
        assert shown["height_cm"] / shown["width_cm"] == pytest.approx(height_px / width_px, rel=0.01)
        embedded_w, embedded_h = shown["pixels"]
        assert embedded_h / embedded_w == pytest.approx(height_px / width_px, rel=0.01)
        assert shown["format"] == ("PNG" if photo.path.suffix == ".png" else "JPEG")
    # registration.jpg is stored sideways with an EXIF tag: it must come out portrait
    assert pictures["registration.jpg"]["height_cm"] > pictures["registration.jpg"]["width_cm"]


def test_photos_are_never_enlarged_beyond_150_dpi(tmp_path):
    small = tmp_path / "small.jpg"
    Image.new("RGB", (300, 200), (120, 160, 200)).save(small)
    for per_page in (1, 2, 4, 6):
        doc = briefing(tmp_path, photos=[str(small)], photos_per_page=per_page)
        (shown,) = [p for p in inline_pictures(render_quietly(doc)) if p["name"] == "small.jpg"]
        assert shown["width_cm"] == pytest.approx(300 / PHOTO_DPI * 2.54, abs=0.01)
        assert shown["height_cm"] == pytest.approx(200 / PHOTO_DPI * 2.54, abs=0.01)


@pytest.mark.parametrize("per_page,columns", [(1, 1), (2, 1), (4, 2), (6, 2)])
def test_grid_layouts_fit_the_cells(tmp_path, per_page, columns):
    doc = briefing(tmp_path, photos_per_page=per_page)
    names = {p.path.name for p in doc.photos}
    shown = [p for p in inline_pictures(render_quietly(doc)) if p["name"] in names]
    assert len(shown) == len(doc.photos)
    cell = hs.TEXT_WIDTH_CM / columns
    for picture in shown:
        assert picture["width_cm"] <= cell - 2 * hs.PHOTO_CELL_PADDING_CM
        rows = hs.PHOTO_GRID_LAYOUTS[per_page][1]
        assert picture["height_cm"] <= hs.BODY_HEIGHT_CM / rows


def camera_photo(path, rotated: bool = False) -> None:
    """A 12-megapixel JPEG of the size and entropy a phone camera writes (several megabytes)."""
    # detail at every scale, so downscaling cannot average it away (harder to compress than a real photo)
    base = Image.frombytes("RGB", (1000, 750), os.urandom(1000 * 750 * 3)).resize((4000, 3000), Image.Resampling.BICUBIC)
    image = Image.blend(base, Image.effect_noise((4000, 3000), 40).convert("RGB"), 0.3)
    exif = Image.Exif()
    if rotated:
        exif[0x0112] = 6
    image.save(path, quality=92, exif=exif)


@pytest.mark.slow  # scale and install: the full tier
def test_twenty_camera_photos_stay_under_5_mb(tmp_path):
    camera_photo(tmp_path / "camera.jpg")
    camera_photo(tmp_path / "camera-sideways.jpg", rotated=True)
    photos = []
    for n in range(20):
        target = tmp_path / f"photo{n:02d}.jpg"
        source = tmp_path / ("camera-sideways.jpg" if n % 5 == 0 else "camera.jpg")
        target.write_bytes(source.read_bytes())
        photos.append({"path": str(target), "caption": f"ภาพที่ {n + 1}"})
    originals = sum(os.path.getsize(p["path"]) for p in photos)
    assert originals > 50 * 1024 * 1024  # the inputs really are camera-size
    data = render_quietly(briefing(tmp_path, photos=photos, photos_per_page=1))  # the largest printed size
    assert len(data) < 5 * 1024 * 1024, len(data)
    shown = [p for p in inline_pictures(data) if p["name"].startswith("photo")]
    assert len(shown) == 20
    assert all(p["height_cm"] > p["width_cm"] for p in shown if p["name"] in ("photo00.jpg", "photo05.jpg"))
    assert all(p["width_cm"] > p["height_cm"] for p in shown if p["name"] == "photo01.jpg")


def test_missing_photo_is_an_input_error_naming_file_and_field(tmp_path):
    with pytest.raises(InputError) as caught:
        briefing(tmp_path, photos=["photos/no-such-photo.jpg"])
    message = str(caught.value)
    assert "test.yaml" in message and "photos.0.path" in message and "no-such-photo.jpg" in message
    assert "ไม่พบไฟล์ภาพ" in message and "not found" in message


def test_unreadable_photo_is_an_input_error(tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"this is not a picture")
    with pytest.raises(InputError) as caught:
        briefing(tmp_path, photos=[{"path": str(broken), "caption": "x"}])
    assert "photos.0.path" in str(caught.value) and "broken.jpg" in str(caught.value)
    assert "cannot read image file" in str(caught.value)


def test_photo_errors_in_a_drive_report_name_the_activity(tmp_path):
    data = yaml.safe_load((REPO / "examples" / "drive-report.yaml").read_text(encoding="utf-8"))
    data["activities"][1]["photos"][2] = "photos/missing.png"
    with pytest.raises(InputError) as caught:
        from_data(data, source="drive.yaml", base_dir=REPO / "examples")
    assert "activities.1.photos.2.path" in str(caught.value)


def test_cli_reports_a_bad_photo_with_exit_code_2(tmp_path):
    from ita_docs.cli import main

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["photos"] = [str(tmp_path / "gone.jpg")]
    source = tmp_path / "in.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        assert main(["render", str(source), "-o", str(tmp_path / "out.docx")]) == 2
    assert not (tmp_path / "out.docx").exists()


def test_prepared_photos_are_reused_until_the_file_changes(tmp_path):
    import os

    from PIL import Image

    from ita_docs.render.images import prepare_photo, prepare_photo_in_box

    path = tmp_path / "photo.jpg"
    Image.new("RGB", (400, 300), (200, 30, 30)).save(path, quality=90)
    first = prepare_photo_in_box(path, 8, 6)
    assert prepare_photo_in_box(path, 8, 6) is first  # decoded once, then shared
    assert prepare_photo(path) is prepare_photo(path)
    Image.new("RGB", (300, 400), (30, 30, 200)).save(path, quality=90)  # replaced under the same name
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = prepare_photo_in_box(path, 8, 6)
    assert second is not first and second[0].height_px > second[0].width_px  # the new, upright photo
    assert (prepare_photo(path).width_px, prepare_photo(path).height_px) == (300, 400)
