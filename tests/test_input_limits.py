"""Inputs that must not hang or take the machine down (issue 12, item 6): images and emblems that are
FIFOs, pixel bombs or carry huge text chunks, and QR links too long to print. Each is an input
error (exit 2) naming the file or field, not a hang or an internal error."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import yaml

from ita_docs import cli
from ita_docs.diagnostics import EXIT_INPUT
from ita_docs.model.blocks import QR_MAX_CHARS

ROOT = Path(__file__).resolve().parents[1]
MEMO = yaml.safe_load((ROOT / "examples" / "memo.yaml").read_text(encoding="utf-8"))


def _memo_with_image(tmp_path: Path, image: Path) -> Path:
    data = dict(MEMO, body=[{"text": "ภาพประกอบ"}, {"image": {"path": str(image), "width_cm": 10}}])
    path = tmp_path / "memo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _png(width: int, height: int, extra_chunks: bytes = b"") -> bytes:
    """A valid PNG header of any claimed size (no pixel data needed: the size alone must be refused)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    data = chunk(b"IDAT", zlib.compress(b"\0" * 64))
    return b"\x89PNG\r\n\x1a\n" + header + extra_chunks + data + chunk(b"IEND", b"")


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ita_docs", *args], capture_output=True, timeout=timeout, cwd=ROOT)


def test_a_fifo_as_image_or_emblem_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    memo = _memo_with_image(tmp_path, fifo)
    result = _run("render", str(memo), "-o", str(tmp_path / "a.docx"), timeout=30)
    assert result.returncode == EXIT_INPUT and "regular file" in result.stderr.decode()
    result = _run("render", str(ROOT / "examples" / "memo.yaml"), "-o", str(tmp_path / "b.docx"),
                  "--emblem", str(fifo), timeout=30)
    assert result.returncode == EXIT_INPUT and "regular file" in result.stderr.decode()
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "b.docx").exists()


def test_a_pixel_bomb_is_an_input_error(tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png(20000, 20000))
    assert bomb.stat().st_size < 50_000
    memo = _memo_with_image(tmp_path, bomb)
    assert cli.main(["render", str(memo), "-o", str(tmp_path / "x.docx")]) == EXIT_INPUT
    result = _run("render", str(memo), "-o", str(tmp_path / "x.docx"))
    assert "too large" in result.stderr.decode() and "bomb.png" in result.stderr.decode()
    result = _run("render", str(ROOT / "examples" / "memo.yaml"), "-o", str(tmp_path / "y.docx"),
                  "--emblem", str(bomb))
    assert result.returncode == EXIT_INPUT and "too large" in result.stderr.decode()


def test_an_image_with_a_huge_text_chunk_is_an_input_error(tmp_path):
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    text = chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"x" * 3_000_000))
    image = tmp_path / "chunky.png"
    image.write_bytes(_png(8, 8, text))
    memo = _memo_with_image(tmp_path, image)
    result = _run("render", str(memo), "-o", str(tmp_path / "x.docx"))
    assert result.returncode == EXIT_INPUT, result.stderr.decode()
    assert "chunky.png" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_a_qr_link_too_long_to_print_names_its_field(tmp_path):
    data = yaml.safe_load((ROOT / "examples" / "drive-report.yaml").read_text(encoding="utf-8"))
    data["surveys"][0]["url"] = "https://example.go.th/" + "a" * 3000
    path = tmp_path / "drive.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "photos").symlink_to(ROOT / "examples" / "photos")
    result = _run("render", str(path), "-o", str(tmp_path / "x.docx"))
    assert result.returncode == EXIT_INPUT
    err = result.stderr.decode()
    assert "surveys.0.url" in err and "ยาวเกิน" in err and str(QR_MAX_CHARS) in err


def test_a_photo_over_our_cap_but_under_pillows_names_its_size(tmp_path):
    image = tmp_path / "wide.png"
    image.write_bytes(_png(12000, 10000))  # 120 megapixels: under Pillow's 179, over our 100
    memo = _memo_with_image(tmp_path, image)
    result = _run("render", str(memo), "-o", str(tmp_path / "x.docx"))
    assert result.returncode == EXIT_INPUT and "12000×10000" in result.stderr.decode()


@pytest.mark.parametrize("size", [(4000, 3000)])
def test_a_large_real_photo_still_renders(tmp_path, size):
    """The caps are far above real photos: a 12-megapixel picture goes through."""
    from PIL import Image

    photo = tmp_path / "big.jpg"
    Image.new("RGB", size, (120, 160, 200)).save(photo, quality=80)
    memo = _memo_with_image(tmp_path, photo)
    assert cli.main(["render", str(memo), "-o", str(tmp_path / "ok.docx")]) == 0


def test_a_qr_code_block_too_long_to_print_is_refused():
    from ita_docs.model.blocks import QrCode

    QrCode(data="a" * QR_MAX_CHARS)
    with pytest.raises(ValueError, match="string_too_long"):
        QrCode(data="a" * (QR_MAX_CHARS + 1))


def _length_limited_text_fields():
    """(model, field, annotation metadata) of every text field of every kind and block with a length limit."""
    from annotated_types import MaxLen, MinLen

    from ita_docs.kinds.registry import all_kinds
    from ita_docs.model import blocks

    seen, out = set(), []

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            if info.annotation is str and any(isinstance(m, (MaxLen, MinLen)) for m in info.metadata):
                out.append((model, name, info.metadata))
            for inner in _models_in(info.annotation):
                visit(inner)

    for kind in all_kinds():
        visit(kind.model)
    for value in vars(blocks).values():
        if isinstance(value, type) and issubclass(value, blocks.Strict):
            visit(value)
    return out


def _models_in(annotation):
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _models_in(arg)


def test_every_length_limited_text_field_checks_its_limit():
    # Text skips the validators holding a Field's length limit for a plain string (speed, issue 19):
    # a limited text field must be BoundedText, or its limit is never checked.
    from ita_docs.model.common import _text_quickly

    limited = _length_limited_text_fields()
    assert {(m.__name__, f) for m, f, _ in limited} >= {("QrCode", "data"), ("SurveyLink", "url")}, limited
    for model, name, metadata in limited:
        wraps = [getattr(m, "func", None) for m in metadata]
        assert _text_quickly not in wraps, f"{model.__name__}.{name}: use BoundedText, its limit is skipped"
