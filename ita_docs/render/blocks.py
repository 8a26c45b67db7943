"""Body blocks → WordprocessingML, in the house style's paragraph styles.

The writer converts digits of user text (except verbatim text, URLs and e-mail addresses), numbers
list items the way clerks type them (literal "๑.", "๑.๑" so Word and LibreOffice agree), builds
tables with merged cells and repeated header rows, and embeds images through the engine's Media.
"""

from __future__ import annotations

import builtins
import re
from decimal import Decimal, InvalidOperation

from markupsafe import Markup

from ita_docs.model.blocks import (
    Blocks,
    Cell,
    CommentBlock,
    EndorsementBlock,
    Heading,
    ImageBlock,
    ListBlock,
    ListSpec,
    PageBreak,
    Paragraph,
    PhotoGrid,
    PhotoGridBlock,
    QrCodesBlock,
    SignatureBlock,
    Table,
    TableBlock,
)
from ita_docs.model.common import Digits, Person
from ita_docs.render import house_style as hs
from ita_docs.render.base import LIST_LEVELS, list_level_style
from ita_docs.render.engine import Media
from ita_docs.render.images import (
    PHOTO_DPI,
    emblem_run,
    inline_drawing,
    prepare_emblem,
    prepare_photo,
    prepare_photo_in_box,
)
from ita_docs.render.ooxml import LATIN_WORD, page_break_run, paragraph, ppr, rpr, run, tab_run
from ita_docs.thai import (
    VerbatimText,
    convert_digits,
    format_date_short,
    format_number,
    list_label,
    translate_digits,
    verbatim_spans,
)

_RUNS: dict[tuple, str] = {}  # BlockWriter.runs, per text and formatting
_RUNS_CACHED = 8192
_LABELS: dict[tuple, str] = {}  # list labels as runs, per style, position and digits
_CELLS: dict[tuple, str] = {}  # table cells, per content and formatting
_TABLES: dict[tuple, str] = {}  # BlockWriter.table, per table and digits
_TABLES_CACHED = 256
_JC = {"left": "left", "center": "center", "right": "right", "justify": hs.BODY_JUSTIFICATION}


class BlockWriter:
    """Writes the blocks of one document; holds that document's media and digit setting."""

    def __init__(self, media: Media, digits: Digits = "thai"):
        self.media = media
        self.digits = digits

    # --- context ------------------------------------------------------------------------------
    def materialize(self, context: dict) -> dict:
        """Replace every Blocks value of a context (at any depth) by its XML."""
        def convert(value):
            if isinstance(value, Blocks):
                return self.blocks(value)
            if isinstance(value, dict):
                return {k: convert(v) for k, v in value.items()}
            if isinstance(value, list):
                return [convert(v) for v in value]
            return value

        out = convert(context)
        # Every template follows the body with its closing, date line or signature: the body's
        # last lines go with them, so neither a closing nor a signature opens a page alone.
        if isinstance(out.get("body"), str) and out["body"]:
            out["body"] = Markup(_keep_end_with_next(str(out["body"])))
        comments = context.get("comments")
        if isinstance(comments, Blocks) and comments and isinstance(comments[0], EndorsementBlock) \
                and isinstance(out.get("signature"), str):
            # the superiors' endorsements are written under the signature, never on a page of their own
            out["signature"] = Markup(_keep_last_with_next(str(out["signature"])))
        return out

    def emblem(self, path, form: str) -> Markup:
        """The Garuda run of a form: 1.5 cm at the left for memos, 3 cm centred otherwise."""
        if form == "memo":
            height_cm, centred = hs.MEMO_EMBLEM_HEIGHT_CM, False
        elif form in ("announcement", "order"):
            height_cm, centred = hs.GARUDA_PAPER_EMBLEM_HEIGHT_CM, True
        else:
            return Markup("")
        image = prepare_emblem(path, height_cm) if path is not None else None
        return Markup(emblem_run(self.media, image, height_cm, centred=centred))

    # --- blocks -------------------------------------------------------------------------------
    def text(self, value: str, verbatim: bool = False) -> str:
        return value if verbatim else convert_digits(value, self.digits)

    def runs(self, value: str, bold: bool = False, size_pt: float | None = None,
             verbatim: bool = False) -> str:
        """Runs of user text; URLs, e-mail addresses and verbatim text get the Verbatim style
        (their digits stay as typed, and the PDF copy tags them non-Thai so LibreOffice keeps them)."""
        verbatim = verbatim or isinstance(value, VerbatimText)
        # The same texts (default wording, labels) recur in every row of a batch: written once.
        key = (str(value), bold, size_pt, verbatim, self.digits)
        if (known := _RUNS.get(key)) is None:
            if len(_RUNS) >= _RUNS_CACHED:
                _RUNS.clear()
            known = _RUNS[key] = self._runs(key[0], bold, size_pt, verbatim)
        return known

    def _runs(self, value: str, bold: bool, size_pt: float | None, verbatim: bool) -> str:
        spans = [(0, len(value))] if verbatim else verbatim_spans(value)
        if not spans:  # nearly all text: no kept span, so its digits are converted without a second search
            return self._thai_and_latin(translate_digits(value, self.digits), bold, size_pt) if value else ""
        # the pieces between spans are searched again, as they always were (a piece alone can show
        # a span the whole text hid: "abc1@2567" after "ID " keeps its digits)
        out, position = [], 0
        for start, end in spans + [(len(value), len(value))]:
            if start > position:
                out.append(self._thai_and_latin(self.text(value[position:start]), bold, size_pt))
            if end > start:
                out.append(run(value[start:end], rpr(style="Verbatim", bold=bold, size_pt=size_pt)))
            position = end
        return "".join(out)

    @staticmethod
    def _thai_and_latin(text: str, bold: bool, size_pt: float | None) -> str:
        """Latin words in runs of the Latin style (en-US, Thai as the complex script), so "(ITA)" is
        broken as English, not by the Thai dictionary."""
        if not LATIN_WORD.search(text):
            return run(text, rpr(bold=bold, size_pt=size_pt))
        out = []
        for n, piece in enumerate(LATIN_WORD.split(text)):
            if piece:
                out.append(run(piece, rpr(style="Latin" if n % 2 else None, bold=bold, size_pt=size_pt)))
        return "".join(out)

    def blocks(self, blocks) -> Markup:
        out: builtins.list[str] = []
        break_before = False
        blocks = list(blocks)
        for position, block in enumerate(blocks):
            if isinstance(block, PageBreak):
                break_before = True
                continue
            start = len(out)
            if isinstance(block, Paragraph):
                following = blocks[position + 1] if position + 1 < len(blocks) else None
                # a bold line is a label or heading; a line leading into a list introduces it
                label = block.bold or isinstance(following, (ListBlock, TableBlock))
                out.append(self.paragraph(block, keep_with_next=label))
            elif isinstance(block, Heading):
                out.append(paragraph(self.runs(block.heading),
                                     ppr(style="Heading", jc=_JC[block.align])))
            elif isinstance(block, ListBlock):
                out.append(self.list(block.list, ()))
            elif isinstance(block, TableBlock):
                if out:  # the line introducing a table never stays alone at the foot of a page
                    out[-1] = _keep_last_with_next(out[-1])
                out.append(self.table(block.table))
            elif isinstance(block, ImageBlock):
                out.append(self.image(block))
            elif isinstance(block, SignatureBlock):
                out.append(self.signature(block.signature, role=block.role))
            elif isinstance(block, CommentBlock):
                out.append(self.comment(block))
            elif isinstance(block, PhotoGridBlock):
                out.append(self.photo_grid(block.photo_grid))
            elif isinstance(block, QrCodesBlock):
                out.append(self.qr_codes(block))
            elif isinstance(block, EndorsementBlock):
                out.append(self.endorsements(block))
            else:  # pragma: no cover - the model admits no other block
                raise TypeError(f"unknown block {block!r}")
            if break_before and len(out) > start:
                out[start] = _page_break_before(out[start])
                break_before = False
        if break_before:
            out.append(paragraph(page_break_run()))
        return Markup("".join(out))

    def paragraph(self, block: Paragraph, keep_with_next: bool = False) -> str:
        props = ppr(style="BodyText" if block.indent else "PlainText",
                    keep_next=True if keep_with_next else None,
                    jc=_JC[block.align] if block.align else None)
        return "".join(
            paragraph(self.runs(line, bold=block.bold, verbatim=block.verbatim), props)
            for line in block.text.split("\n")
        )

    def list(self, spec: ListSpec, parent_path: tuple[int, ...]) -> str:
        """Items numbered "๑." … at 2.5 cm (+ a step per level); wrapped lines return to the margin.
        A list given parent numbers (๒.๓ continuing item ๒) sits at the depth of those numbers."""
        parent_path = tuple(spec.parent) + parent_path
        level = min(len(parent_path) + 1, LIST_LEVELS)
        props = ppr(style=list_level_style(level))
        out = []
        for index, item in enumerate(spec.items, start=spec.start):
            path = parent_path + (index,)
            label_key = (spec.style, path, self.digits)
            if (label := _LABELS.get(label_key)) is None:  # "๑.๒ " as a run: the same in every row
                if len(_LABELS) >= _RUNS_CACHED:
                    _LABELS.clear()
                label = _LABELS[label_key] = run(
                    f"{list_label(spec.style, _label_path(path, spec.style), digits=self.digits)} ")
            lines = item.text.split("\n")
            # an item that introduces sub-items is a heading: never left alone at a page's foot
            first = ppr(style=list_level_style(level), keep_next=True) if item.list is not None else props
            out.append(paragraph(label + self.runs(lines[0]), first if len(lines) == 1 else props))
            out.extend(paragraph(self.runs(line), first if n == len(lines) - 1 else props)
                       for n, line in enumerate(lines[1:], start=1))
            if item.list is not None:
                out.append(self.list(item.list, path))
        return "".join(out)

    def table(self, table: Table) -> str:
        # A table is text only: its XML depends on its fields and the digits alone. The tables every
        # row of a batch shares (the plans, from --defaults) are written once.
        key = (self.digits, table.header_rows, table.font_size_pt, table.keep_together,
               tuple((c.title, isinstance(c.title, VerbatimText), c.width_cm, c.align, c.numeric, c.decimals)
                     for c in table.columns),
               tuple(tuple((c.text, isinstance(c.text, VerbatimText), c.colspan, c.rowspan, c.bold, c.align)
                           for c in row) for row in table.rows))
        if (known := _TABLES.get(key)) is None:
            if len(_TABLES) >= _TABLES_CACHED:
                _TABLES.clear()
            known = _TABLES[key] = self._table(table)
        return known

    def _table(self, table: Table) -> str:
        widths = _column_widths(table)
        size = table.font_size_pt
        grid = "".join(f'<w:gridCol w:w="{hs.twips(w)}"/>' for w in widths)
        total = sum(hs.twips(w) for w in widths)
        rows = []
        header_count = table.header_rows
        if any(c.title for c in table.columns):
            titles = [Cell(text=c.title) for c in table.columns]
            rows.append(self._row(titles, table, widths, header=header_count > 0, pending={}, size=size))
            extra_header_rows = max(header_count - 1, 0)
        else:
            extra_header_rows = header_count
        pending: dict[int, list[int]] = {}
        for r, row in enumerate(table.rows):
            rows.append(self._row(row, table, widths, header=r < extra_header_rows, pending=pending, size=size))
        if table.keep_together:
            rows[:-1] = [_keep_paragraphs_with_next(row) for row in rows[:-1]]
        return (
            "<w:tbl><w:tblPr>"
            '<w:tblStyle w:val="ItaTable"/>'
            f'<w:tblW w:w="{total}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
            + "".join(rows)
            + "</w:tbl>"
            # A table directly followed by the next table or the end would merge with it.
            + paragraph("", ppr(style="PlainText"))
        )

    def _row(self, cells: builtins.list[Cell], table: Table, widths: builtins.list[float], header: bool,
             pending: dict[int, builtins.list[int]], size: float | None) -> str:
        """One w:tr; pending maps a grid column to [rows left, colspan] of a vertical merge above."""
        # builtins.list: inside the class, `list` is the list-block method
        out: builtins.list[str] = []
        queue = builtins.list(cells)
        col = 0
        while col < len(widths):
            if col in pending:
                rows_left, span = pending[col]
                grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                width = hs.twips(sum(widths[col:col + span]))
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}<w:vMerge/>'
                           f"</w:tcPr>{paragraph('', ppr(style='TableText'))}</w:tc>")
                if rows_left > 1:
                    pending[col] = [rows_left - 1, span]
                else:
                    del pending[col]
                col += span
                continue
            if not queue:
                break
            cell = queue.pop(0)
            column = table.columns[col]
            width = hs.twips(sum(widths[col:col + cell.colspan]))
            if cell.rowspan > 1:
                pending[col] = [cell.rowspan - 1, cell.colspan]
            # a bold row across the whole table heads the rows under it: kept with the next row
            group = cell.bold and cell.colspan == len(widths) and not header
            # A cell's XML depends on these alone: the cells rows share (names, "ผ่านเกณฑ์") are written once.
            key = (self.digits, width, header, size, group, cell.text, isinstance(cell.text, VerbatimText),
                   cell.colspan, cell.rowspan > 1, cell.bold, cell.align, column.align, column.numeric, column.decimals)
            if (xml := _CELLS.get(key)) is None:
                if len(_CELLS) >= _RUNS_CACHED:
                    _CELLS.clear()
                xml = _CELLS[key] = self._cell(cell, column, width, header, size, group)
            out.append(xml)
            col += cell.colspan
        # A row never breaks across pages (a clerk moves it whole); header rows also repeat.
        row_props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
        return f"<w:tr>{row_props}{''.join(out)}</w:tr>"

    def _cell(self, cell: Cell, column, width: int, header: bool, size: float | None, group: bool) -> str:
        """One w:tc (its vertical merge, if any, is tracked by _row)."""
        props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
        if cell.colspan > 1:
            props.append(f'<w:gridSpan w:val="{cell.colspan}"/>')
        if cell.rowspan > 1:
            props.append('<w:vMerge w:val="restart"/>')
        if header:
            props.append('<w:vAlign w:val="center"/>')
        text = _cell_text(cell.text, column)
        align = cell.align or column.align or ("right" if column.numeric and not header else None)
        style = "TableHeading" if header else "TableText"
        paras = "".join(
            paragraph(self.runs(line, bold=cell.bold and not header, size_pt=size),
                      ppr(style=style, keep_next=True if group else None,
                          jc=_JC[align] if align and align != "justify" else None))
            for line in text.split("\n")
        )
        return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paras}</w:tc>"

    def image(self, block: ImageBlock) -> str:
        spec = block.image
        image = prepare_photo(spec.path)
        natural_width_cm = image.width_px / PHOTO_DPI * 2.54
        if spec.width_cm:
            width = spec.width_cm
        elif spec.height_cm:
            width = spec.height_cm / image.aspect
        else:
            width = natural_width_cm
        width = min(width, hs.TEXT_WIDTH_CM)
        height = width * image.aspect
        return self.picture(image, width, height, spec.path.name, spec.caption)

    def picture(self, image, width: float, height: float, name: str, caption: str | None) -> str:
        """A picture paragraph and its caption lines (an image block, or a cell of a photo grid)."""
        drawing = inline_drawing(self.media, image, width, height, name=name, description=caption or "")
        out = paragraph(f"<w:r>{drawing}</w:r>", ppr(style="Picture"))
        if caption:
            out += "".join(paragraph(self.runs(line), ppr(style="Caption")) for line in caption.split("\n"))
        return out

    def signature(self, person: Person, blank_lines: int = hs.SIGNATURE_BLANK_LINES,
                  role: str | None = None) -> str:
        """Blank lines for the signature, "(name)", then the position lines, centred on each other.
        With a role (a report's ผู้จัดทำรายงาน) the signer signs on a "(ลงชื่อ)……role" line instead."""
        lines = [""] * blank_lines  # runs of each paragraph, top to bottom
        if role:
            lines[-1:] = [run(f"(ลงชื่อ){hs.SIGN_LINE_DOTS}") + self.runs(role)]
        lines.append(self.runs(f"({person.name})"))
        positions = list(person.position)
        if role and positions:
            positions[0] = f"ตำแหน่ง {positions[0]}"
        lines.extend(self.runs(line) for line in positions)
        # One paragraph of lines (keepLines): LibreOffice drops keep-with-next between the last
        # paragraphs of a document, which split a block of separate paragraphs.
        return paragraph(_LINE_BREAK.join(lines), ppr(style="Signature"))

    def comment(self, block: CommentBlock) -> str:
        """ความเห็น, the comment (or dotted lines for handwriting), then the superior's signature."""
        comment = block.comment
        props = ppr(style="CommentLine")
        lines = comment.text.split("\n") if comment.text else [""]
        out = [paragraph([run("ความเห็น"), self.runs(lines[0]), tab_run()], props)]
        out.extend(paragraph([self.runs(line), tab_run()], props) for line in lines[1:])
        if not comment.text:
            out.append(paragraph(tab_run(), props))
        out.append(self.signature(comment.signer, blank_lines=2))
        return "".join(out)

    # --- photo grids, QR codes, endorsements: laid out in borderless tables -------------------
    def photo_grid(self, grid: PhotoGrid) -> str:
        """Photos in pages of 1, 2, 4 or 6 (columns × rows), the title block above each page's
        photos. Every photo fits its cell with its aspect kept and is never enlarged beyond its
        pixels at PHOTO_DPI."""
        columns, rows = hs.PHOTO_GRID_LAYOUTS[grid.per_page]
        cell_width = hs.TEXT_WIDTH_CM / columns
        box_width = cell_width - 2 * (_CELL_MARGIN_CM + hs.PHOTO_CELL_PADDING_CM)
        title_lines = grid.title.split("\n") if grid.title else []
        out = []
        for first in range(0, len(grid.photos), grid.per_page):
            page = grid.photos[first:first + grid.per_page]
            caption_lines = max(_caption_lines(p.caption, box_width) for p in page)
            free = (hs.BODY_HEIGHT_CM - hs.PHOTO_PAGE_RESERVE_CM
                    - len(title_lines) * hs.LINE_HEIGHT_CM - (hs.LINE_HEIGHT_CM if title_lines else 0))
            box_height = (free / rows - caption_lines * hs.CAPTION_LINE_HEIGHT_CM
                          - 2 * hs.PHOTO_CELL_PADDING_CM - hs.PART_SPACING_BEFORE_PT / hs.PT_PER_CM)
            new_page = grid.new_page
            for line in title_lines:
                out.append(paragraph(self.runs(line), ppr(style="Heading", jc="center", page_break_before=new_page)))
                new_page = False
            if new_page:
                out.append(paragraph("", ppr(style="PlainText", page_break_before=True,
                                             run_props=rpr(size_pt=_SPACER_PT))))
            # each row of photos is two table rows, pictures standing on one line and captions
            # hanging from the next, so a portrait's caption is level with a landscape's beside it
            table_rows = []
            for start in range(0, len(page), columns):
                pictures, captions = [], []
                for photo in page[start:start + columns]:
                    image, width, height = prepare_photo_in_box(photo.path, box_width, box_height)
                    drawing = inline_drawing(self.media, image, width, height, name=photo.path.name,
                                             description=photo.caption or "")
                    pictures.append(paragraph(f"<w:r>{drawing}</w:r>", ppr(style="Picture", keep_next=True)))
                    captions.append("".join(paragraph(self.runs(line), ppr(style="Caption"))
                                            for line in (photo.caption or "").split("\n")))
                table_rows += [(pictures, "bottom"), (captions, "top")]
            out.append(_borderless_rows(table_rows, columns, cell_width))
        return "".join(out)

    def qr_codes(self, block: QrCodesBlock) -> str:
        """QR codes side by side, each with its caption and its link printed as typed."""
        from ita_docs.render.qr import qr_image  # here: qrcode is imported by the documents that have one

        codes = block.qr_codes
        cell_width = hs.TEXT_WIDTH_CM / len(codes)
        cells = []
        for code in codes:
            size = code.size_cm or hs.QR_SIZE_CM
            drawing = inline_drawing(self.media, qr_image(code.data), size, size, name="QR code",
                                     description=code.data)
            content = paragraph(f"<w:r>{drawing}</w:r>", ppr(style="Picture"))
            if code.caption:
                content += "".join(paragraph(self.runs(line), ppr(style="Caption"))
                                   for line in code.caption.split("\n"))
            content += paragraph(self.runs(code.data, verbatim=True), ppr(style="Caption"))
            cells.append(content)
        return _borderless_table(cells, len(codes), cell_width)

    def endorsements(self, block: EndorsementBlock) -> str:
        """The เกษียน of each superior, two side by side: "เรียน …", "- notes", room to sign,
        (name), position, date: as compact as clerks type them under the signature.

        Each pair is two table rows, the notes and then the signatures, so neighbours' names stand
        level however long their notes; all rows keep together, the last never alone on a page."""
        plain = ppr(style="TableText", keep_next=True)
        centred = ppr(style="TableText", keep_next=True, jc="center")
        note = ppr(style="TableText", keep_next=True, left_cm=hs.ENDORSEMENT_NOTE_INDENT_CM + _DASH_CM,
                   hanging_cm=_DASH_CM)
        notes, signatures = [], []
        for item in block.endorsements:
            lines = []
            if item.to:
                lines.append(paragraph(self.runs(f"เรียน  {item.to}"), plain))
            lines.extend(paragraph(self.runs(f"- {text}"), note) for text in item.notes)
            notes.append("".join(lines) or paragraph("", plain))
            lines = [paragraph("", plain) for _ in range(hs.ENDORSEMENT_BLANK_LINES)]
            lines.append(paragraph(self.runs(f"({item.signer.name})"), centred))
            lines.extend(paragraph(self.runs(line), centred) for line in item.signer.position)
            if item.date:
                lines.append(paragraph(run(format_date_short(item.date, digits=self.digits)), centred))
            signatures.append("".join(lines))
        columns = hs.ENDORSEMENT_COLUMNS
        cells = []
        for first in range(0, len(notes), columns):
            pad = [paragraph("", plain)] * (columns - len(notes[first:first + columns]))
            cells += notes[first:first + columns] + pad + signatures[first:first + columns] + pad
        cells[-columns:] = [_keep_paragraphs_apart(cell) for cell in cells[-columns:]]
        cell_width = hs.TEXT_WIDTH_CM / columns
        spacer = paragraph("", ppr(style="PlainText", keep_next=True))
        return spacer + _borderless_table(cells, columns, cell_width)


_LINE_BREAK = "<w:r><w:br/></w:r>"
_CELL_MARGIN_CM = 108 / hs.TWIPS_PER_CM  # the default left/right cell margin of the base's tables
_DASH_CM = 0.4  # "- " of a note: its wrapped lines start under the note's text
_SPACER_PT = 2  # an empty paragraph that only separates or breaks, kept tiny
_CAPTION_CHARS_PER_CM = 5  # 14 pt Thai text, roughly: to reserve room for captions that wrap


def _caption_lines(caption: str | None, width_cm: float) -> int:
    if not caption:
        return 0
    per_line = max(int(width_cm * _CAPTION_CHARS_PER_CM), 1)
    return sum(max(1, -(-len(line) // per_line)) for line in caption.split("\n"))


def _borderless_table(cells: list[str], columns: int, cell_width_cm: float, v_align: str = "top") -> str:
    """Cells (paragraph XML each) laid out row by row in a table without borders; rows never split."""
    rows = [(cells[first:first + columns], v_align) for first in range(0, len(cells), columns)]
    return _borderless_rows(rows, columns, cell_width_cm)


def _borderless_rows(table_rows: list[tuple[list[str], str]], columns: int, cell_width_cm: float) -> str:
    """Rows of cells (paragraph XML each, and the row's vertical alignment) in a table without
    borders; a row never splits, a short row is filled with empty cells."""
    width = hs.twips(cell_width_cm)
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
    rows = []
    for cells, v_align in table_rows:
        cell_props = f'<w:tcW w:w="{width}" w:type="dxa"/>' + (
            f'<w:vAlign w:val="{v_align}"/>' if v_align != "top" else "")
        row = cells + [paragraph("", ppr(style="TableText"))] * (columns - len(cells))
        rows.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(
            f"<w:tc><w:tcPr>{cell_props}</w:tcPr>{content}</w:tc>" for content in row
        ) + "</w:tr>")
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{width * columns}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        + "".join(rows)
        + "</w:tbl>"
        # keeps the next table apart, and the document from ending in a table
        + paragraph("", ppr(style="PlainText", run_props=rpr(size_pt=_SPACER_PT)))
    )


_FIRST_PPR = re.compile(r"^<w:p><w:pPr>((?:<w:pStyle [^>]*/>)?(?:<w:keepNext/>)?(?:<w:keepLines/>)?)")


def _page_break_before(fragment: str) -> str:
    """Start a block on a new page. pageBreakBefore on its first paragraph, rather than a paragraph
    holding a break, which leaves a blank page when it falls at the bottom of a full page."""
    if _FIRST_PPR.match(fragment):
        return _FIRST_PPR.sub(lambda m: f"<w:p><w:pPr>{m.group(1)}<w:pageBreakBefore/>", fragment, count=1)
    if fragment.startswith("<w:p>"):
        return "<w:p><w:pPr><w:pageBreakBefore/></w:pPr>" + fragment[len("<w:p>"):]
    return paragraph(page_break_run()) + fragment  # a table: a break paragraph before it


_PARAGRAPH_STYLE = re.compile(r'<w:p><w:pPr><w:pStyle w:val="[^"]*"/>(?!<w:keepNext/>)')
_STYLED_PARAGRAPH = '<w:p><w:pPr><w:pStyle w:val="'


def _keep_paragraphs_with_next(fragment: str) -> str:
    """keepNext on every styled paragraph of a fragment (Word and LibreOffice keep a table's rows
    together when each row's paragraphs keep with the next)."""
    return _PARAGRAPH_STYLE.sub(lambda m: m.group(0) + "<w:keepNext/>", fragment)


def _keep_end_with_next(fragment: str) -> str:
    """keepNext on the last paragraph of a fragment, and on its last table row when a table ends it."""
    end = fragment.rfind("</w:tbl>")
    if end != -1 and "<w:p>" not in fragment[end:][len("</w:tbl>"):].replace("<w:p>", "", 1):
        row = fragment.rfind("<w:tr>", 0, end)
        fragment = fragment[:row] + _keep_paragraphs_with_next(fragment[row:end]) + fragment[end:]
    return _keep_last_with_next(fragment)


def _keep_paragraphs_apart(fragment: str) -> str:
    """No keepNext in a fragment (the last row of a kept-together table)."""
    return fragment.replace("<w:keepNext/>", "")


def _keep_last_with_next(fragment: str) -> str:
    """keepNext on the last paragraph of a fragment, when it is a styled paragraph."""
    # The last match, searched from the end (a body is long; matches cannot overlap: a style's
    # name holds no "<").
    at = len(fragment)
    while (at := fragment.rfind(_STYLED_PARAGRAPH, 0, at)) != -1:
        if (last := _PARAGRAPH_STYLE.match(fragment, at)) is not None:
            break
    else:
        return fragment
    if "<w:tbl>" in fragment[last.end():]:
        return fragment
    return fragment[:last.end()] + "<w:keepNext/>" + fragment[last.end():]


def _label_path(path: tuple[int, ...], style: str) -> tuple[int, ...]:
    """The numbers a label shows: "๑.๑" shows two levels, so a top-level item gets a parent of 1."""
    depth = max(sum(ch in "๑1" for ch in style), 1)
    return ((1,) * (depth - len(path)) + path)[-depth:]


def _column_widths(table: Table) -> list[float]:
    asked = [c.width_cm for c in table.columns]
    free = [i for i, w in enumerate(asked) if w is None]
    used = sum(w for w in asked if w is not None)
    share = max(hs.TEXT_WIDTH_CM - used, 1.0 * len(free)) / len(free) if free else 0.0
    given = [share if w is None else w for w in asked]
    total = sum(given)
    if total > hs.TEXT_WIDTH_CM + 0.01:  # wider than the text area: scale down to fit
        given = [w * hs.TEXT_WIDTH_CM / total for w in given]
    return given


def _cell_text(text: str, column) -> str:
    if column.numeric and column.decimals is not None and text.strip():
        try:
            return format_number(Decimal(text.replace(",", "")), column.decimals, digits="arabic")
        except InvalidOperation:
            return text
    return text
