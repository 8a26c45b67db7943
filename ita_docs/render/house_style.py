"""The house style (สารบรรณ): every layout constant of SPEC §4, stated once.

Templates, body blocks and tests read these values; nothing else restates a margin, a size or an
indent. Lengths are kept in centimetres and points as the regulation and typing guides state them,
and converted to OOXML units by the helpers below.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- units -------------------------------------------------------------------------------------
TWIPS_PER_CM = 1440 / 2.54
EMU_PER_CM = 360000
PT_PER_CM = 72 / 2.54


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def emu(cm: float) -> int:
    return round(cm * EMU_PER_CM)


def half_points(pt: float) -> int:
    """w:sz and w:szCs are in half-points."""
    return round(pt * 2)


# --- page --------------------------------------------------------------------------------------
PAGE_WIDTH_TWIPS = 11906  # A4
PAGE_HEIGHT_TWIPS = 16838
MARGIN_LEFT_CM = 3.0
MARGIN_RIGHT_CM = 2.0
MARGIN_BOTTOM_CM = 2.0
# Pages 2+: body text from 2.5 cm, the page number in the header from 1.25 cm.
MARGIN_TOP_CM = 2.5
HEADER_DISTANCE_CM = 1.25
FOOTER_DISTANCE_CM = 1.0
# Page 1: the Garuda's top edge 1.5 cm below the paper's top edge (a floating emblem).
EMBLEM_TOP_CM = 1.5
PAGE_WIDTH_CM = PAGE_WIDTH_TWIPS / TWIPS_PER_CM
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM  # ≈ 16.0 cm
TEXT_WIDTH_TWIPS = PAGE_WIDTH_TWIPS - twips(MARGIN_LEFT_CM) - twips(MARGIN_RIGHT_CM)

# --- type --------------------------------------------------------------------------------------
DEFAULT_FONT = "TH SarabunPSK"
SUPPORTED_FONTS = ("TH SarabunPSK", "TH Sarabun New", "TH SarabunIT๙")
BODY_SIZE_PT = 16
MEMO_TITLE_SIZE_PT = 29
MEMO_TITLE_LINE_PT = 35  # exact line spacing of "บันทึกข้อความ"
# The title's line is framed at a fixed height so its baseline stands 0.25 cm above the memo
# Garuda's bottom edge (1.5 + 1.5 cm), level with it as in real templates; measured in the PDF, the
# baseline sits 0.99 cm below the top of the 35 pt line.
MEMO_TITLE_BASELINE_RISE_CM = 0.25
MEMO_TITLE_TOP_CM = 1.5 + 1.5 - MEMO_TITLE_BASELINE_RISE_CM - 0.99
MEMO_LABEL_SIZE_PT = 20  # ส่วนราชการ / ที่ / วันที่ / เรื่อง
URGENCY_SIZE_PT = 20
URGENCY_COLOR = "FF0000"
TITLE_SIZE_PT = 16  # "ประกาศ…" / "คำสั่ง…" and their เรื่อง, bold
REPORT_TITLE_SIZE_PT = 18
TABLE_SIZE_PT = 16
CAPTION_SIZE_PT = 14
LANGUAGE = "th-TH"

# --- paragraphs --------------------------------------------------------------------------------
PART_SPACING_BEFORE_PT = 6  # before เรื่อง, เรียน and each body paragraph
DEFAULT_TAB_CM = 1.25
BODY_FIRST_LINE_CM = 2.5  # two default tab stops
BODY_JUSTIFICATION = "thaiDistribute"  # Word; the PDF copy uses "both" (LibreOffice left-aligns it)
LIST_FIRST_LEVEL_CM = 2.5  # numbered items: the number starts here, wrapped lines return to the margin
LIST_LEVEL_STEP_CM = 0.75  # each deeper level
MEMO_DATE_TAB_CM = 8.5  # วันที่ shares the line with ที่
SIGNATURE_CENTRE_CM = 10.0  # centre of the signature block, from the text area's left edge
SIGNATURE_BLANK_LINES = 3
SIGN_LINE_DOTS = "." * 30  # "(ลงชื่อ)……ผู้จัดทำรายงาน" of a report's signer, typed as clerks do
CLOSING_DATE_INDENT_CM = 6.25  # "ประกาศ ณ วันที่ …" starts near the centre
TITLE_RULE_CM = 4.5  # the short centred line under เรื่อง of a ประกาศ/คำสั่ง

# --- emblem ------------------------------------------------------------------------------------
MEMO_EMBLEM_HEIGHT_CM = 1.5
GARUDA_PAPER_EMBLEM_HEIGHT_CM = 3.0  # ประกาศ, คำสั่ง
# The urgency mark sits between the Garuda and the title on the memo's first line.
URGENCY_TAB_CM = 2.0


@dataclass(frozen=True)
class HouseStyle:
    """The per-document choices §4 allows; every other value above is fixed."""

    font: str = DEFAULT_FONT
    dotted_lines: bool = True  # the memo header's dotted lines (many agencies omit them)

    def __post_init__(self) -> None:
        if not self.font or any(c in self.font for c in '<>&"'):
            raise ValueError(f"invalid font name: {self.font!r}")

# --- photo pages, QR codes, endorsements ---------------------------------------------------------
BODY_HEIGHT_CM = PAGE_HEIGHT_TWIPS / TWIPS_PER_CM - MARGIN_TOP_CM - MARGIN_BOTTOM_CM  # ≈ 25.2 cm
LINE_HEIGHT_CM = 0.75  # one 16 pt line of TH Sarabun as LibreOffice and Word set it (measured ≈ 0.73)
CAPTION_LINE_HEIGHT_CM = 0.66  # one 14 pt caption line
PHOTO_GRID_LAYOUTS = {1: (1, 1), 2: (1, 2), 4: (2, 2), 6: (2, 3)}  # photos per page → (columns, rows)
PHOTO_CELL_PADDING_CM = 0.2  # white space around each photo in the grid
PHOTO_PAGE_RESERVE_CM = 1.5  # spare height on a photo page, so a full grid never spills over
QR_SIZE_CM = 3.5  # printed QR codes: large enough for any phone camera at arm's length
ENDORSEMENT_COLUMNS = 2  # เกษียนหนังสือ: two superiors' notes side by side, as clerks lay them out
ENDORSEMENT_BLANK_LINES = 2  # room for a superior's signature
ENDORSEMENT_NOTE_INDENT_CM = 1.0  # "- เพื่อโปรดทราบ" under "เรียน …"
