"""Reading agency tables (CSV with and without BOM, XLSX, JSON lines, YAML) into nested rows."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import Workbook

from ita_docs.batch import TableError, read_table, unflatten

HEADERS = ["agency.name", "assessment.scores.I1", "measures.1.title", "measures.2.title", "proposal_memo.date"]
ROW = ["เทศบาลตำบลทดสอบ", "84.46", "มาตรการแรก", "มาตรการสอง", "2022-11-03"]


def expected(i1="84.46", date="2022-11-03"):
    return {"agency": {"name": "เทศบาลตำบลทดสอบ"}, "assessment": {"scores": {"I1": i1}},
            "measures": [{"title": "มาตรการแรก"}, {"title": "มาตรการสอง"}], "proposal_memo": {"date": date}}


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_csv_with_or_without_the_bom_excel_writes(tmp_path, bom):
    path = tmp_path / "t.csv"
    path.write_text(bom + ",".join(HEADERS) + "\r\n" + ",".join(ROW) + "\r\n", encoding="utf-8")
    rows = list(read_table(path))
    assert [(r.number, r.data) for r in rows] == [(2, expected())]


def test_xlsx_first_sheet_or_named_sheet(tmp_path):
    book = Workbook()
    book.active.title = "อื่น"
    book.active.append(["x"])
    sheet = book.create_sheet("หน่วยงาน")
    sheet.append(HEADERS)
    sheet.append([ROW[0], 84.46, ROW[2], ROW[3], dt.datetime(2022, 11, 3)])
    sheet.append([None] * len(HEADERS))  # blank rows are skipped
    path = tmp_path / "t.xlsx"
    book.save(path)
    rows = list(read_table(path, sheet="หน่วยงาน"))
    assert [(r.number, r.data) for r in rows] == [(2, expected(i1=84.46, date=dt.date(2022, 11, 3)))]
    with pytest.raises(TableError, match="no such sheet"):
        list(read_table(path, sheet="ไม่มี"))


def test_json_lines_and_yaml_list_nested_or_dotted(tmp_path):
    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text(json.dumps(dict(zip(HEADERS, ROW)), ensure_ascii=False) + "\n\n"
                     + json.dumps(expected(), ensure_ascii=False) + "\n", encoding="utf-8")
    assert [r.data for r in read_table(jsonl)] == [expected(), expected()]
    listing = tmp_path / "t.yaml"
    listing.write_text("- agency.name: เทศบาลตำบลทดสอบ\n  assessment: {scores: {I1: '84.46'}}\n", encoding="utf-8")
    assert [r.data for r in read_table(listing)] == [{"agency": {"name": "เทศบาลตำบลทดสอบ"},
                                                    "assessment": {"scores": {"I1": "84.46"}}}]


def test_thai_header_aliases_and_blank_cells():
    row = unflatten({"ชื่อหน่วยงาน": "อบต.ก", "จังหวัด": "พัทลุง", "agency.website": "  ", "measures.2.title": "x"})
    assert row == {"agency": {"name": "อบต.ก", "province": "พัทลุง"}, "measures": [{"title": "x"}]}


@pytest.mark.parametrize("flat,message", [
    ({"agency": "x", "agency.name": "y"}, "clashes"),
    ({"measures.0.title": "x"}, "start at 1"),
])
def test_contradictory_columns_are_named(flat, message):
    with pytest.raises(TableError, match=message) as info:
        unflatten(flat, source="t.csv", row=7)
    assert "t.csv" in str(info.value) and "7" in str(info.value)


def test_unreadable_tables(tmp_path):
    with pytest.raises(TableError, match="not found"):
        list(read_table(tmp_path / "none.csv"))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("agency.name\nเทศบาล\n".encode("cp874"))  # Thai Windows code page
    with pytest.raises(TableError, match="UTF-8"):
        list(read_table(latin))
    other = tmp_path / "t.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(TableError, match="only"):
        list(read_table(other))


def test_split_list_cells_only_for_lists_of_plain_values():
    from ita_docs.batch import split_list_cells
    from ita_docs.kinds import get_kind

    model = get_kind("o42-bundle").model
    data = {"strengths": "ก | ข|ค", "agency": {"name": "ก | ข"},
            "measures": [{"title": "ม", "steps": "หนึ่ง|สอง", "responsible": "กอง"}]}
    split = split_list_cells(model, data)
    assert split["strengths"] == ["ก", "ข", "ค"]
    assert split["agency"]["name"] == "ก | ข"  # not a list: kept whole
    assert split["measures"][0]["steps"] == ["หนึ่ง", "สอง"] and split["measures"][0]["responsible"] == ["กอง"]
    assert split_list_cells(model, {"strengths": "ก; ข"}, separator=";")["strengths"] == ["ก", "ข"]
    assert data["strengths"] == "ก | ข|ค"  # the row itself is not changed


def test_count_rows_for_the_progress_bar(tmp_path):
    from ita_docs.batch.tables import count_rows

    csv_file = tmp_path / "t.csv"
    csv_file.write_text('\ufeffagency.name,note\nก,"two\nlines"\nข,x\n', encoding="utf-8")
    assert count_rows(csv_file) == 2 == len(list(read_table(csv_file)))
    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text('{"agency": {"name": "ก"}}\n\n{"agency": {"name": "ข"}}\n', encoding="utf-8")
    assert count_rows(jsonl) == 2
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["agency.name"])
    for name in ("ก", "ข", "ค"):
        book.active.append([name])
    book.save(tmp_path / "t.xlsx")
    assert count_rows(tmp_path / "t.xlsx") == 3
    assert count_rows(tmp_path / "missing.csv") is None


def test_sheet_is_for_workbooks_only(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("agency.name\nก\n", encoding="utf-8")
    with pytest.raises(TableError, match="--sheet"):
        list(read_table(table, sheet="Sheet1"))
