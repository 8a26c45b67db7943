"""The HTTP API of `ita-docs serve`, through a real HTTP client against a running server."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest
import yaml
from docx import Document

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
