"""Body blocks (§3.1): the content of every document, as typed models.

In an input file a block is a mapping with one key naming its type (`text`, `list`, `table`,
`image`, `page_break`, `heading`, `signature`, `comment`, `photo_grid`, `qr_codes`, `endorsements`),
or a plain string (a paragraph).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, Tag, field_validator, model_validator

from ita_docs.model.common import BoundedText, Date, FilePath, Person, Strict, Text, resolve_path
from ita_docs.thai import LIST_STYLES, to_thai_digits

_KNOWN_STYLES = frozenset(to_thai_digits(s) for s in LIST_STYLES)  # as typed in either digits

Align = Literal["left", "center", "right", "justify"]


class Paragraph(Strict):
    """A body paragraph (first-line indent 2.5 cm); "\\n" in text starts a new paragraph."""

    text: Text
    indent: bool = True
    align: Align | None = None
    bold: bool = False
    verbatim: bool = False  # keep digits exactly as typed


class Heading(Strict):
    """A bold line without indent (a part or topic title inside the body)."""

    heading: Text
    align: Align = "left"


class ListItem(Strict):
    text: Text
    list: ListSpec | None = None  # a nested list under this item


def _item(value: Any) -> Any:
    return {"text": value} if isinstance(value, (str, int, float)) else value


class ListSpec(Strict):
    style: str = "๑."
    items: list[ListItem] = Field(min_length=1)
    start: int = Field(1, ge=1)
    parent: list[int] = Field(default_factory=list)  # numbers above a top-level "๑.๑" list, e.g. [2] → ๒.๑

    @field_validator("items", mode="before")
    @classmethod
    def _plain_items(cls, value: Any) -> Any:
        return [v if type(v) is ListItem else _item(v) for v in value] if isinstance(value, list) else value

    @field_validator("style")
    @classmethod
    def _known_style(cls, value: str) -> str:
        if to_thai_digits(value) not in _KNOWN_STYLES:
            raise ValueError(
                f"ไม่รู้จักรูปแบบเลขข้อ / unknown list style {value!r}; ใช้/use one of: {', '.join(LIST_STYLES)}"
            )
        return value


class ListBlock(Strict):
    list: ListSpec


class Column(Strict):
    title: Text = ""
    width_cm: float | None = Field(None, gt=0)
    align: Align | None = None
    numeric: bool = False  # right-aligned; numbers formatted with `decimals`
    decimals: int | None = Field(None, ge=0, le=6)


class Cell(Strict):
    text: Text = ""
    colspan: int = Field(1, ge=1)
    rowspan: int = Field(1, ge=1)
    bold: bool = False
    align: Align | None = None


def _cell(value: Any) -> Any:
    if value is None:
        return {"text": ""}
    if isinstance(value, bool):
        return {"text": str(value)}
    if isinstance(value, (int, float, Decimal, str)):
        return {"text": value}
    return value


class Table(Strict):
    columns: list[Column] = Field(min_length=1)
    rows: list[list[Cell]] = Field(default_factory=list)
    header_rows: int = Field(1, ge=0)  # the titles row plus the first header_rows-1 rows repeat on every page
    font_size_pt: float | None = Field(None, gt=4, le=32)
    keep_together: bool = False  # a short table never splits over two pages

    @field_validator("rows", mode="before")
    @classmethod
    def _plain_cells(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [[c if type(c) is Cell else _cell(c) for c in row] if isinstance(row, list) else row
                    for row in value]
        return value

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> Table:
        width = len(self.columns)
        if all(len(row) == width for row in self.rows) and \
                all(c.colspan == 1 and c.rowspan == 1 for row in self.rows for c in row):
            return self  # nearly every table: no merged cell, every row full
        occupied: dict[int, int] = {}  # grid column → rows still covered by a rowspan from above
        for r, row in enumerate(self.rows):
            col = 0
            for cell in row:
                while occupied.get(col, 0) > 0:
                    col += 1
                for c in range(col, col + cell.colspan):
                    if cell.rowspan > 1:
                        occupied[c] = cell.rowspan
                col += cell.colspan
            while occupied.get(col, 0) > 0:
                col += 1
            if col != width:
                raise ValueError(
                    f"แถวที่ {r + 1} ของตารางมี {col} คอลัมน์ แต่ตารางมี {width} คอลัมน์ / "
                    f"table row {r + 1} spans {col} columns, the table has {width}"
                )
            occupied = {c: n - 1 for c, n in occupied.items() if n > 1}
        return self


class TableBlock(Strict):
    table: Table


class Image(Strict):
    path: FilePath
    width_cm: float | None = Field(None, gt=0)
    height_cm: float | None = Field(None, gt=0)
    caption: Text | None = None


class ImageBlock(Strict):
    image: Image


class PageBreak(Strict):
    page_break: Literal[True]


def _readable_image(path: Path) -> Path:
    """A photo must exist and be a JPEG or PNG Pillow can read: checked on input, so a bad file is
    an input error naming the field, never a half-written document."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    if not path.is_file():
        raise ValueError(f"ไม่พบไฟล์ภาพ / image file not found: {path}")
    try:
        with PILImage.open(path) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValueError(f"อ่านไฟล์ภาพไม่ได้ / cannot read image file: {path} ({exc})") from None
    if kind not in ("JPEG", "PNG"):
        raise ValueError(f"ไฟล์ภาพต้องเป็น JPEG หรือ PNG / a photo must be JPEG or PNG, not {kind}: {path}")
    return path


PhotoPath = Annotated[Path, BeforeValidator(resolve_path), AfterValidator(_readable_image)]
"""A JPEG or PNG file, relative to the input file, checked to be readable."""


class Photo(Strict):
    path: PhotoPath
    caption: Text | None = None  # under the photo, in the caption size


def _photo(value: Any) -> Any:
    return {"path": value} if isinstance(value, str) else value


class PhotoGrid(Strict):
    """Photos in a grid of 1, 2, 4 or 6 per page, aspect kept, never enlarged beyond their pixels."""

    photos: list[Photo] = Field(min_length=1)
    per_page: Literal[1, 2, 4, 6] = 4
    title: Text | None = None  # caption block above the photos, repeated on every page of them
    new_page: bool = True  # each group of per_page photos starts a page; False: flows with the text

    @field_validator("photos", mode="before")
    @classmethod
    def _plain_paths(cls, value: Any) -> Any:
        return [_photo(v) for v in value] if isinstance(value, list) else value


class PhotoGridBlock(Strict):
    photo_grid: PhotoGrid


QR_MAX_CHARS = 500  # beyond this the modules of a 3 cm code get too small for a phone to read in print


class QrCode(Strict):
    """A QR code of a link (drawn by a QR library); the link is printed under it as typed."""

    data: BoundedText = Field(max_length=QR_MAX_CHARS)
    caption: Text | None = None
    size_cm: float | None = Field(None, gt=1, le=10)


class QrCodesBlock(Strict):
    qr_codes: list[QrCode] = Field(min_length=1, max_length=3)  # side by side


class Endorsement(Strict):
    """One superior's เกษียน: "เรียน …", short notes ("เพื่อโปรดทราบ"), then name, position, date."""

    to: Text | None = None  # the next superior (blank for the last one in the chain)
    notes: list[Text] = Field(default_factory=list)
    signer: Person
    date: Date | None = None

    @field_validator("notes", mode="before")
    @classmethod
    def _one_note(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class EndorsementBlock(Strict):
    endorsements: list[Endorsement] = Field(min_length=1)


class SignatureBlock(Strict):
    signature: Person
    role: Text | None = None  # e.g. ผู้จัดทำรายงาน: a "(ลงชื่อ)……ผู้จัดทำรายงาน" line, "ตำแหน่ง" before the position


class Comment(Strict):
    """One superior's ความเห็น block: the comment (blank for handwriting) and who signs it."""

    text: Text = ""
    signer: Person


class CommentBlock(Strict):
    comment: Comment


# Every block type, declared once: its model and its tag (the key that marks it in an input is the
# tag, but "text" for a paragraph). The lookups below are derived from this union.
_BLOCK_UNION = Union[
    Annotated[Paragraph, Tag("paragraph")],
    Annotated[Heading, Tag("heading")],
    Annotated[ListBlock, Tag("list")],
    Annotated[TableBlock, Tag("table")],
    Annotated[ImageBlock, Tag("image")],
    Annotated[PageBreak, Tag("page_break")],
    Annotated[SignatureBlock, Tag("signature")],
    Annotated[CommentBlock, Tag("comment")],
    Annotated[PhotoGridBlock, Tag("photo_grid")],
    Annotated[QrCodesBlock, Tag("qr_codes")],
    Annotated[EndorsementBlock, Tag("endorsements")],
]
_BLOCK_CLASSES: dict[type, str] = {get_args(member)[0]: get_args(member)[1].tag for member in get_args(_BLOCK_UNION)}
_BLOCK_KEYS: dict[str, str] = {("text" if tag == "paragraph" else tag): tag for tag in _BLOCK_CLASSES.values()}


def _block_tag(value: Any) -> str | None:
    if isinstance(value, (str, int, float)):
        return "paragraph"
    if isinstance(value, dict):
        for key, tag in _BLOCK_KEYS.items():
            if key in value:
                return tag
        return None
    for cls, tag in _BLOCK_CLASSES.items():
        if isinstance(value, cls):
            return tag
    return None


def _plain_paragraph(value: Any) -> Any:
    return {"text": value} if isinstance(value, (str, int, float)) else value


Block = Annotated[
    _BLOCK_UNION,
    Discriminator(
        _block_tag,
        custom_error_type="block_type",
        custom_error_message=(
            "บล็อกต้องมีหนึ่งในคีย์ / a block needs one of the keys: " + ", ".join(_BLOCK_KEYS)
        ),
    ),
]


def normalise_blocks(value: Any) -> Any:
    """Before validation: plain strings become paragraphs."""
    return [_plain_paragraph(v) for v in value] if isinstance(value, list) else value


class Blocks(tuple):
    """A sequence of blocks in a kind's context, to be written as paragraphs by the renderer."""


# ListItem names ListSpec, defined after it: with defer_build, pydantic resolves it when a list is
# first validated (a model_rebuild() here built every block's validator at import)
Body = Annotated[list[Block], BeforeValidator(normalise_blocks)]
"""A list of body blocks as the input files write it."""
