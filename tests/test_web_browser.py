"""The officer's page in a real Chromium (Debian's, driven by Playwright) against a running server.

CI installs chromium (.ci/run) and these run there; a machine without it skips them unless
ITA_DOCS_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure."""

from __future__ import annotations

import csv
import io
import os
import shutil
import zipfile
from pathlib import Path

import httpx
import pytest
import yaml
from docx import Document

from tests.web_server import running_server

pytestmark = pytest.mark.browser

SCORES = {"I1": "92.18", "I2": "86.40", "I3": "88.95", "I4": "83.12", "I5": "79.64",
          "E6": "88.73", "E7": "84.26", "E8": "81.57", "O9": "72.50", "O10": "56.25"}


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("ITA_DOCS_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is required here (ITA_DOCS_REQUIRE_BROWSER=1) but not installed")
        pytest.skip("chromium is not installed")
    return path


@pytest.fixture(scope="module")
def server():
    with running_server() as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url)
    page.wait_for_selector("body.ready", timeout=60_000)
    yield page
    context.close()
    assert not errors, errors


def fill_o42_from_scores(page) -> None:
    page.fill('[data-path="agency.name"]', "เทศบาลตำบลทดสอบ")
    page.fill('[data-path="agency.chief.name"]', "นายทดสอบ ใจดี")
    page.fill('[data-path="agency.chief.position"]', "นายกเทศมนตรีตำบลทดสอบ")
    page.fill("#score-year", "2565")
    for code, score in SCORES.items():
        page.fill(f"#score-{code}", score)
    page.wait_for_function("document.querySelector('#score-grade')?.textContent.includes('B')", timeout=30_000)


@pytest.mark.pdf  # the preview draws the pages with LibreOffice and the real fonts
def test_an_o42_set_from_scores_alone_reworded_previewed_and_downloaded(real_fonts, page, tmp_path):
    fill_o42_from_scores(page)
    result = page.inner_text("#score-result")
    assert "77.02" in result and "B" in result and "OIT 64.38" in result  # computed by the server's score code
    # the proposed texts appear, editable
    weaknesses = page.input_value('[data-path="weaknesses"]')
    assert "56.25" in weaknesses  # O10, the weakest indicator, is proposed as a weakness
    # reword one part of the proposal memo
    page.click('details[data-field="proposal_memo"] > summary')
    reworded = "ขอเสนอมาตรการฉบับนี้เพื่อโปรดพิจารณา ถ้อยคำทดสอบจากหน้าเว็บ"
    page.fill('[data-path="proposal_memo.parts.request"]', reworded)
    # and remove another: its closing line
    closing = page.input_value('[data-path="proposal_memo.parts.closing"]')
    page.check('details[data-field="proposal_memo"] input.remove-part[data-part="closing"]')
    # preview: page images of the real documents
    page.select_option("#part", "o42-memo")
    page.click("#preview")
    page.wait_for_selector("img.page", timeout=180_000)
    assert page.locator("img.page").count() >= 1
    width = page.evaluate("document.querySelector('img.page').naturalWidth")
    assert width > 300
    # the whole set as a zip with Thai file names
    page.select_option("#part", "")
    with page.expect_download(timeout=120_000) as download:
        page.click("#download-zip")
    target = tmp_path / "set.zip"
    download.value.save_as(target)
    assert download.value.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert len(names) == 6, names
        assert any("บันทึกเสนอมาตรการภายใน" in n for n in names), names
        memo = next(n for n in names if "บันทึกเสนอมาตรการภายใน" in n)
        texts = {n: "\n".join(p.text for p in Document(io.BytesIO(archive.read(n))).paragraphs) for n in names}
    assert reworded in texts[memo]
    assert closing and closing not in texts[memo]
    assert "จึงเรียนมาเพื่อถือปฏิบัติ" in texts[next(n for n in names if "บันทึกแจ้งเวียน" in n)]  # the other keeps its own
    assert "เทศบาลตำบลทดสอบ" in texts[memo]
    announcement = next(t for n, t in texts.items() if "ประกาศมาตรการ" in n)
    assert "เทศบาลตำบลทดสอบ" in announcement


def test_a_bad_input_shows_its_message_beside_the_field(page):
    fill_o42_from_scores(page)
    page.fill('[data-path="proposal_memo.date"]', "31 กุมภาพันธ์ 2567")
    page.select_option("#part", "o42-memo")
    page.click("#download-docx")
    error = page.wait_for_selector('.field-error[data-for="proposal_memo.date"]', timeout=60_000)
    # beside its field: the very next element after the date input
    beside = page.evaluate("document.querySelector('[data-path=\"proposal_memo.date\"]').nextElementSibling.dataset.for")
    assert beside == "proposal_memo.date"
    assert "วันที่" in error.inner_text()


def _table(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["agency.name", "agency.chief.name", "agency.chief.position", "assessment.fiscal_year",
                     *(f"assessment.scores.{c}" for c in SCORES)])
    for n in range(1, rows + 1):
        scores = [f"{float(s) - n * 0.5:.2f}" for s in SCORES.values()]
        writer.writerow([f"เทศบาลตำบลทดสอบ{n}", f"นายทดสอบ ที่{n}", f"นายกเทศมนตรีตำบลทดสอบ{n}", "2565", *scores])
    writer.writerow(["เทศบาลตำบลผิด", "นายผิด", "นายก", "2565", *["ไม่ใช่คะแนน"] * 10])
    return out.getvalue().encode("utf-8")


def test_a_table_of_twenty_agencies_and_one_bad_row(page, tmp_path):
    table = tmp_path / "agencies.csv"
    table.write_bytes(_table(20))
    page.click('[data-tab="many"]')
    page.select_option("#batch-kind", "o42-memo")
    page.set_input_files("#table", str(table))
    page.click("#start-batch")
    page.wait_for_selector("#batch-summary", timeout=300_000)
    assert page.eval_on_selector("#batch-progress", "p => p.value") == 21
    assert "20" in page.inner_text("#batch-summary")
    failed = page.inner_text("#batch-failed")
    assert "22" in failed and "assessment.scores" in failed  # the bad row: its row number and column
    with page.expect_download(timeout=120_000) as download:
        page.click("#batch-zip")
    target = tmp_path / "batch.zip"
    download.value.save_as(target)
    with zipfile.ZipFile(target) as archive:
        documents = [n for n in archive.namelist() if n.endswith(".docx")]
        assert len(documents) == 20
        first = next(n for n in documents if "/เทศบาลตำบลทดสอบ1/" in n)
        text = "\n".join(p.text for p in Document(io.BytesIO(archive.read(first))).paragraphs)
        assert "เทศบาลตำบลทดสอบ๑" in text  # the documents' digits are Thai
    with page.expect_download() as download:
        page.click("#batch-report")
    report = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert report.count("\nok") + report.count(",ok,") >= 20


def test_a_page_without_the_token_is_refused(browser, server):
    context = browser.new_context()
    page = context.new_page()
    answer = page.goto(server.base + "/")
    assert answer is not None and answer.status == 403
    assert "token" in page.content()
    # and the page's own calls carry it: the API answers them, not a bare request
    assert httpx.get(server.base + "/api/kinds").status_code == 403
    context.close()


def test_last_years_yaml_opens_in_the_form_and_saves_back(page, tmp_path):
    source = Path(__file__).resolve().parent.parent / "examples" / "o42-bundle-khaochaison.yaml"
    page.set_input_files("#load-yaml", str(source))
    page.wait_for_function("document.querySelector('[data-path=\"agency.name\"]').value.includes('เขาชัยสน')")
    page.wait_for_function("document.querySelector('#score-grade')?.textContent.includes('D')", timeout=30_000)
    assert page.input_value("#score-O10") == "31.25"
    assert "62.83" in page.inner_text("#score-result")
    assert "e-PlanNACC" in page.input_value('[data-path="measures.2.title"]')  # the file's own measures, not proposals
    page.fill('[data-path="agency.name"]', "องค์การบริหารส่วนตำบลเขาชัยสน (ปีถัดไป)")
    with page.expect_download() as download:
        page.click("#save-yaml")
    saved = yaml.safe_load(Path(download.value.path()).read_text(encoding="utf-8"))
    original = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert saved["agency"]["name"] == "องค์การบริหารส่วนตำบลเขาชัยสน (ปีถัดไป)"
    assert saved["assessment"]["scores"]["O10"] in ("31.25", 31.25)
    assert saved["wording"] == original["wording"]  # kept though the form does not show it
    assert len(saved["measures"]) == len(original["measures"])
    assert saved["proposal_memo"]["author"]["name"] == original["proposal_memo"]["author"]["name"]


def test_proposed_measures_are_edited_as_a_repeating_group(page, tmp_path):
    fill_o42_from_scores(page)
    page.wait_for_selector('[data-path="measures.0.title"]')
    proposed = page.locator('fieldset[data-path="measures"] .items > fieldset').count()
    assert proposed >= 1
    first_title = page.input_value('[data-path="measures.0.title"]')
    page.locator('fieldset[data-path="measures"] button.remove').first.click()
    assert page.locator('fieldset[data-path="measures"] .items > fieldset').count() == proposed - 1
    page.click('fieldset[data-path="measures"] > button.add')
    last = proposed - 1
    page.fill(f'[data-path="measures.{last}.title"]', "จัดอบรมเจ้าหน้าที่เรื่องการเปิดเผยข้อมูลทุกไตรมาส")
    page.fill(f'[data-path="measures.{last}.responsible"]', "สำนักปลัดเทศบาล")
    page.fill("#score-O10", "56.30")  # a new score: the officer's measures stay as edited
    page.wait_for_function("document.querySelector('#score-total-result')?.textContent.includes('77.0')")
    page.select_option("#part", "measures-announcement")
    with page.expect_download(timeout=120_000) as download:
        page.click("#download-docx")
    assert download.value.suggested_filename.endswith(".docx")
    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    text += "\n".join(c.text for t in Document(download.value.path()).tables for r in t.rows for c in r.cells)
    assert "จัดอบรมเจ้าหน้าที่เรื่องการเปิดเผยข้อมูลทุกไตรมาส" in text
    assert first_title not in text


def test_the_garuda_is_picked_from_the_page(page, tmp_path):
    """An officer picks the emblem file beside its field; the .docx comes with the picture."""
    from PIL import Image

    emblem = tmp_path / "garuda.png"
    Image.new("RGBA", (200, 200), (0, 0, 0, 255)).save(emblem)
    fill_o42_from_scores(page)
    page.set_input_files('input[data-upload="agency.emblem"]', str(emblem))
    page.wait_for_function("document.querySelector('[data-path=\"agency.emblem\"]').value.startsWith('images/')",
                           timeout=30_000)
    page.select_option("#part", "o42-memo")
    with page.expect_download(timeout=120_000) as download:
        page.click("#download-docx")
    target = tmp_path / "memo.docx"
    download.value.save_as(target)
    with zipfile.ZipFile(target) as docx:
        assert any(name.startswith("word/media/") for name in docx.namelist())
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_bytes(b"plain text")
    page.set_input_files('input[data-upload="agency.emblem"]', str(not_a_picture))
    page.wait_for_selector('.field-error[data-for="agency.emblem"]', timeout=30_000)
