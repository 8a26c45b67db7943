"""The HTTP API of `ita-docs serve`, through a real HTTP client against a running server."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path

import httpx
import pytest
import yaml
from docx import Document

from ita_docs.web.app import DOCX
from tests.web_server import running_server

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server():
    with running_server() as running:
        yield running


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.base, headers=server.auth(), timeout=120) as c:
        yield c


def example(name: str) -> dict:
    """An example input as a browser would send it (JSON: dates as text)."""
    data = yaml.safe_load((REPO / "examples" / name).read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str, ensure_ascii=False))


def text_of(docx: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


def test_without_the_token_every_request_is_refused(server):
    for path in ("/", "/api/kinds", "/api/schema/memo", "/docs", "/openapi.json"):
        answer = httpx.get(server.base + path)
        assert answer.status_code == 403, path
        assert answer.json()["problems"][0]["field"] == "token"
    wrong = httpx.get(server.base + "/api/kinds", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    posted = httpx.post(server.base + "/api/render", json=example("memo.yaml"))
    assert posted.status_code == 403
    assert httpx.get(server.base + f"/api/kinds?token={server.token}").status_code == 200


def test_kinds_and_schema(client):
    kinds = client.get("/api/kinds").json()
    names = [k["name"] for k in kinds]
    assert "o42-bundle" in names and "memo" in names
    for name in names:
        schema = client.get(f"/api/schema/{name}").json()
        assert schema["properties"]["kind"], name
    unknown = client.get("/api/schema/nothing")
    assert unknown.status_code == 404
    assert "nothing" in unknown.json()["problems"][0]["message"]


def test_render_an_order_as_docx(client):
    data = example("order.yaml")
    answer = client.post("/api/render", json=data)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    text = text_of(answer.content)
    assert "คำสั่ง" in text
    assert "แต่งตั้งคณะทำงานขับเคลื่อน" in text


def test_invalid_input_has_the_clis_problems(client):
    data = example("order.yaml")
    data["date"] = "31 กุมภาพันธ์ 2567"
    answer = client.post("/api/render", json=data)
    assert answer.status_code == 422
    problem = answer.json()["problems"][0]
    assert problem["field"] == "date"
    assert problem["th"] and problem["en"] and problem["th"] != problem["en"]


def test_score_from_the_ten_scores_and_from_the_total_alone(client):
    data = example("o42-bundle.yaml")
    card = client.post("/api/score?propose=true", json=data).json()
    assert card["total"] == 77.02 and card["grade"] == "B"
    assert set(card["tools"]) == {"IIT", "EIT", "OIT"}
    assert card["proposals"]["measures"] and card["proposals"]["weaknesses"]
    total_only = client.post("/api/score", json={"fiscal_year": 2565, "published_total": "77.02"}).json()
    assert total_only["grade"] == "B" and total_only["published_only"] is True
    assert total_only["total"] == 77.02
    bad = client.post("/api/score", json={"assessment": {"fiscal_year": 2565, "scores": {"I1": "x"}}})
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["field"].startswith("scores")


def test_a_bundle_renders_as_a_zip_with_thai_names(client):
    answer = client.post("/api/render", json=example("o42-bundle.yaml"))
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        names = archive.namelist()
        assert len(names) == 6
        assert names[0].startswith("01 บันทึกเสนอมาตรการภายใน")
        assert "เทศบาลตำบลห้วยทรายงาม" in text_of(archive.read(names[2]))
    one = client.post("/api/render?part=measures-announcement", json=example("o42-bundle.yaml"))
    assert one.headers["content-type"] == DOCX and "ประกาศ" in text_of(one.content)
    refused = client.post("/api/render?format=docx", json=example("o42-bundle.yaml"))
    assert refused.status_code == 406


@pytest.mark.pdf
def test_pdf_by_accept_header(client, real_fonts):
    answer = client.post("/api/render", json=example("order.yaml"), headers={"Accept": "application/pdf"})
    assert answer.status_code == 200, answer.text
    assert answer.content.startswith(b"%PDF")


def test_yaml_round_trip(client):
    data = example("o42-bundle.yaml")
    saved = client.post("/api/yaml", json=data)
    assert saved.status_code == 200
    back = client.post("/api/yaml/read", content=saved.content).json()
    assert back == data


def test_a_batch_job_runs_and_lists_its_failed_rows(client, tmp_path):
    table = "agency.name,agency.chief.name,agency.chief.position,assessment.fiscal_year,assessment.published_total,assessment.published_grade\n"
    table += "".join(f"อบต.ทดสอบ{n},นายก{n},นายก อบต.,2565,77.02,B\n" for n in range(3))
    table += "อบต.ผิด,นายผิด,นายก,2565,77.02,A\n"
    started = client.post("/api/batch", files={"table": ("agencies.csv", table.encode("utf-8"), "text/csv")},
                          data={"kind": "o42-memo"})
    assert started.status_code == 202, started.text
    job = started.json()
    for _ in range(600):
        job = client.get(f"/api/batch/{job['id']}").json()
        if job["state"] != "running":
            break
        time.sleep(0.1)
    assert job["state"] == "finished" and job["ok"] == 3 and job["total"] == 4
    assert job["failed"][0]["row"] == 5 and "published_grade" in job["failed"][0]["error"]
    result = client.get(f"/api/batch/{job['id']}/result")
    with zipfile.ZipFile(io.BytesIO(result.content)) as archive:
        assert len([n for n in archive.namelist() if n.endswith(".docx")]) == 3


def test_limits_on_size_and_rows():
    from ita_docs.web.app import Limits

    with running_server(Limits(json_bytes=1000, upload_bytes=5000, rows=2)) as small:
        with httpx.Client(base_url=small.base, headers=small.auth()) as c:
            big = c.post("/api/render", json={"kind": "memo", "pad": "x" * 2000})
            assert big.status_code == 413
            table = "agency.name\n" + "".join(f"x{n}\n" for n in range(3))
            rows = c.post("/api/batch", files={"table": ("t.csv", table.encode(), "text/csv")}, data={"kind": "o42-memo"})
            assert rows.status_code == 413 and "3" in rows.json()["problems"][0]["message"]
            huge = c.post("/api/batch", files={"table": ("t.csv", b"a\n" * 5000, "text/csv")}, data={"kind": "o42-memo"})
            assert huge.status_code == 413
        folder = small.session.folder
        assert folder.is_dir()
    assert not folder.exists()  # the session's private folder goes with the server


def test_the_serve_command_prints_its_url_with_the_token():
    import re
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "ita_docs", "serve", "--no-browser", "--port", str(port)],
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        url = ""
        for _ in range(10):
            line = process.stderr.readline()
            found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
            if found:
                url = found.group(0)
                break
        assert url, "no URL printed"
        token = url.split("token=")[1]
        for _ in range(100):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/kinds", headers={"Authorization": f"Bearer {token}"})
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert answer.status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/api/kinds").status_code == 403
        assert httpx.get(url).text.count("<select") >= 2  # the page itself, with the token in the URL
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_without_libreoffice_the_preview_says_so_and_the_docx_still_comes(client, monkeypatch):
    monkeypatch.setenv("ITA_DOCS_SOFFICE", "/nonexistent/soffice")
    preview = client.post("/api/preview", json=example("order.yaml"))
    assert preview.status_code == 503
    problem = preview.json()["problems"][0]
    assert "LibreOffice" in problem["th"] and "LibreOffice" in problem["en"]
    assert client.post("/api/render", json=example("order.yaml")).status_code == 200


def test_openapi_docs_are_served_from_this_machine(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/kinds", "/api/schema/{kind}", "/api/render", "/api/score", "/api/batch", "/api/batch/{job_id}"):
        assert path in spec["paths"], path
    assert spec["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    page = client.get("/docs").text
    assert "/openapi.json?token=" in page
    script = re.search(r'src="(/docs/assets/swagger-ui-bundle\.js\?token=[^"]+)"', page)
    assert script, "the docs' script is not served from this server"
    answer = client.get(script.group(1))
    assert answer.status_code == 200 and len(answer.content) > 100_000


def test_an_uploaded_emblem_is_used_by_the_render(client):
    """The Garuda (or a photo) sent from the page is kept in the session's folder; the path the
    answer gives renders it into the document; a file that is not a PNG or JPEG is refused."""
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 0, 255)).save(picture, "PNG")
    answer = client.post("/api/image", files={"file": ("ครุฑ.png", picture.getvalue(), "image/png")})
    assert answer.status_code == 200, answer.text
    path = answer.json()["path"]
    assert path.startswith("images/") and path.endswith(".png")
    data = example("order.yaml")
    data["agency"]["emblem"] = path
    rendered = client.post("/api/render", json=data)
    assert rendered.status_code == 200, rendered.text
    with zipfile.ZipFile(io.BytesIO(rendered.content)) as docx:
        assert any(name.startswith("word/media/") for name in docx.namelist())
    refused = client.post("/api/image", files={"file": ("x.png", b"not an image", "image/png")})
    assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "file"
