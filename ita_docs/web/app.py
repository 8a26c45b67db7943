"""The ASGI application: the officer's pages and the HTTP API (FastAPI), one session per server.

Rendering is the library's own (ita_docs.api); this module only reads requests, calls it and turns
its errors into JSON with the same problems (field, Thai and English message) the CLI prints.
"""

from __future__ import annotations

import base64
import json
import secrets
import shutil
import subprocess
import tempfile
import threading
import uuid
import warnings
import zipfile
from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

import yaml
from fastapi import Body, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ita_docs.diagnostics import InputError, InputProblem, ItaDocsError
from ita_docs.reader import read_data_yaml

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA = {"docx": DOCX, "pdf": "application/pdf", "zip": "application/zip"}


@dataclass(frozen=True)
class Limits:
    """What one request may bring: a JSON input, an uploaded table, and its rows."""

    json_bytes: int = 2 * 1024 * 1024
    upload_bytes: int = 10 * 1024 * 1024
    rows: int = 500
    preview_dpi: int = 80


# --- errors as JSON ------------------------------------------------------------------------------

def _split(message: str) -> tuple[str, str]:
    """"ไทย / English" → (Thai, English): our messages put the Thai first, then " / "."""
    thai, sep, english = message.partition(" / ")
    return (thai.strip(), english.strip()) if sep else (message, message)


def problem_json(problem: InputProblem) -> dict[str, Any]:
    thai, english = _split(problem.message)
    out: dict[str, Any] = {"field": problem.field, "message": problem.message, "th": thai, "en": english}
    if problem.value is not None:
        out["value"] = str(problem.value)
    return out


def error_response(exc: ItaDocsError, status: int = 422) -> JSONResponse:
    problems = exc.problems
    if isinstance(exc, InputError):
        title = "ข้อมูลไม่ถูกต้อง / invalid input"
    else:
        title = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        field_name = getattr(exc, "field", None)  # e.g. ScoreInputError: its field, its own message
        if field_name is not None and getattr(exc, "message", None):
            problems = [InputProblem(str(field_name), str(exc.message))]  # type: ignore[attr-defined]
    return JSONResponse({"error": title, "problems": [problem_json(p) for p in problems]}, status_code=status)


def _problem(status: int, field_name: str, message: str) -> JSONResponse:
    return error_response(InputError([InputProblem(field_name, message)]), status)


# --- the session: token, private folder, LibreOffice, batch jobs ---------------------------------

@dataclass
class BatchJob:
    id: str
    kind: str
    folder: Path
    total: int | None
    done: int = 0
    ok: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    state: str = "running"  # running | finished | error
    error: str = ""
    zip_path: Path | None = None

    def progress(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state, "total": self.total, "done": self.done,
                "ok": self.ok, "failed": self.failed, "error": self.error}


class Session:
    """One server's state. The folder is private (0700) and removed by close()."""

    def __init__(self, token: str, limits: Limits):
        self.token = token
        self.limits = limits
        self.folder = Path(tempfile.mkdtemp(prefix="ita-docs-serve-"))
        self.jobs: dict[str, BatchJob] = {}
        self._converters: dict[str, Any] = {}
        self._pdf_lock = threading.Lock()  # one LibreOffice per digits mode, one document at a time

    def to_pdf(self, docx: bytes, digits: str, allow_font_substitution: bool = False) -> bytes:
        from ita_docs.render.pdf import PdfConverter, convert_checked, find_soffice

        find_soffice()  # PdfError (Thai and English) when LibreOffice is not installed
        with self._pdf_lock:
            converter = self._converters.get(digits)
            if converter is None:
                converter = self._converters[digits] = PdfConverter(digits)
            target = self.folder / f"{uuid.uuid4().hex}.pdf"
            try:
                convert_checked(converter, docx, target, allow_font_substitution=allow_font_substitution)
                return target.read_bytes()
            finally:
                target.unlink(missing_ok=True)

    def close(self) -> None:
        for converter in self._converters.values():
            converter.close()
        self._converters.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


class TokenGate:
    """Every request needs the session token (query `token=` or `Authorization: Bearer`), and a body
    no larger than the limit; a pure ASGI layer, so it costs microseconds."""

    def __init__(self, app: Any, session: Session):
        self.app = app
        self.session = session

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        given = ""
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if not given and scope.get("query_string"):
            given = (parse_qs(scope["query_string"].decode("latin-1")).get("token") or [""])[0]
        if not secrets.compare_digest(given.encode(), self.session.token.encode()):
            await _send_json(send, 403, _refused("token", "ต้องมีรหัสผ่านของเซสชัน (token ใน URL ที่ ita-docs serve "
                                                          "พิมพ์ไว้) / a valid session token is required (the token= in "
                                                          "the URL that ita-docs serve printed, or Authorization: Bearer)"))
            return
        uploads = ("/api/batch", "/api/image")
        limit = self.session.limits.upload_bytes if scope["path"] in uploads else self.session.limits.json_bytes
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _send_json(send, 413, _too_large(limit))
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge
            return message

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await _send_json(send, 413, _too_large(limit))


class _TooLarge(Exception):
    pass


def _refused(field_name: str, message: str) -> dict[str, Any]:
    return {"error": _split(message)[1], "problems": [problem_json(InputProblem(field_name, message))]}


def _too_large(limit: int) -> dict[str, Any]:
    mib = limit / 1024 / 1024
    return _refused("", f"ข้อมูลที่ส่งมาใหญ่เกิน {mib:g} MiB / the request is larger than {mib:g} MiB")


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


# --- data files: Thai file names, page texts -------------------------------------------------------

def _web_file(name: str) -> Path:
    return Path(str(resources.files("ita_docs.web") / name))


@cache
def file_titles() -> dict[str, str]:
    """kind → the Thai name of its file (file_names.yaml)."""
    return read_data_yaml(_web_file("file_names.yaml").read_text(encoding="utf-8"))


def thai_file_name(part_name: str, kind_name: str, numbered: bool) -> str:
    """"01-o42-memo", "o42-memo" → "01 บันทึกเสนอมาตรการภายใน (O42).docx" (safe in a zip and on Windows)."""
    from ita_docs.batch.names import safe_name

    title = file_titles().get(kind_name, kind_name)
    number = part_name.split("-", 1)[0] if numbered and part_name[:2].isdigit() else ""
    return safe_name(f"{number} {title}".strip(), fallback=kind_name) + ".docx"


# --- the library calls ---------------------------------------------------------------------------

def _doc(data: Any, base_dir: Path | None = None) -> Any:
    """base_dir: the session's folder, where a request's relative paths are read (not the cwd)."""
    from ita_docs.api import from_data

    return from_data(data, source="(request)", base_dir=base_dir)


@dataclass
class Rendered:
    """Every document of one input: (Thai file name, .docx bytes, kind), and the warnings raised."""

    files: list[tuple[str, bytes, str]]
    digits: str
    title: str
    warnings: list[str]


_RENDER_LOCK = threading.Lock()


def render_input(data: Any, only: str | None = None, base_dir: Path | None = None) -> Rendered:
    from ita_docs.api import render_context, render_parts
    from ita_docs.kinds import get_kind

    # one render at a time: catch_warnings is process-wide, so two at once would mix their warnings
    # (rendering holds the GIL anyway: nothing is lost on throughput)
    with _RENDER_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = _doc(data, base_dir)
        kind = get_kind(doc.kind)
        files = []
        if kind.parts is None:
            if not only or only == kind.name:
                files.append((thai_file_name(kind.name, kind.name, False), render_parts(doc)[0][1], kind.name))
        else:  # as render_parts does, keeping each part's kind, and rendering only the part asked for
            for part in kind.parts(doc):
                if only and only not in (part.name, part.kind):
                    continue
                docx = render_context(doc, get_kind(part.kind), part.context)
                files.append((thai_file_name(part.name, part.kind, True), docx, part.kind))
    if only and not files:
        raise InputError([InputProblem("part", f"ไม่มีเอกสาร {only!r} ในชุดนี้ / no document {only!r} in this input")])
    agency = getattr(doc, "agency", None)
    agency_name = str(getattr(agency, "name", "") or "")
    title = " ".join(t for t in (file_titles().get(kind.name, kind.name), agency_name) if t)
    return Rendered(files, doc.digits, title, list(dict.fromkeys(str(w.message) for w in caught)))


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes); Thai names are stored as UTF-8 (zipfile marks them so)."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # .docx and .pdf are compressed already
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def download(data: bytes, name: str, media: str, extra: dict[str, str] | None = None) -> Response:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    headers = {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"}
    headers.update(extra or {})
    return Response(data, media_type=media, headers=headers)


def page_images(pdf: bytes, folder: Path, dpi: int) -> list[str]:
    """The PDF's pages as PNG data URIs (pdftoppm, or PyMuPDF when poppler is missing)."""
    work = Path(tempfile.mkdtemp(dir=folder))
    try:
        source = work / "doc.pdf"
        source.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(source), str(work / "page")],
                           check=True, capture_output=True, timeout=120)
            pngs = [p.read_bytes() for p in sorted(work.glob("page*.png"), key=lambda p: int(p.stem.split("-")[-1]))]
        else:
            try:
                import fitz  # PyMuPDF
            except ImportError:
                raise ItaDocsError("ไม่พบ pdftoppm (poppler-utils) สำหรับแสดงภาพหน้าเอกสาร / pdftoppm (poppler-utils) "
                                   "is not installed: no page images") from None
            with fitz.open(source) as pdf_doc:
                pngs = [page.get_pixmap(dpi=dpi).tobytes("png") for page in pdf_doc]
        return ["data:image/png;base64," + base64.b64encode(png).decode("ascii") for png in pngs]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def score_summary(data: Any) -> dict[str, Any]:
    """An input's score card: tools, total, grade and the ranked indicators. With only a total,
    the grade of that total in its year's framework."""
    from ita_docs.assessment import load_framework
    from ita_docs.assessment.score_input import cards_to_json, parse_score_input
    from ita_docs.assessment.scorecard import ScoreCard
    from ita_docs.score_command import score_data

    if isinstance(data, dict) and isinstance(data.get("assessment"), dict):
        card = data["assessment"]
    else:
        card = data
    if isinstance(card, dict) and not card.get("scores") and card.get("published_total") not in (None, ""):
        from ita_docs.assessment.framework import FrameworkError
        from ita_docs.assessment.scorecard import parse_score

        where = "assessment." if card is not data else ""
        try:
            framework = load_framework(int(str(card.get("fiscal_year"))))
        except (TypeError, ValueError, FrameworkError) as exc:
            raise InputError([InputProblem(f"{where}fiscal_year", str(exc) or "ต้องเป็นปีงบประมาณ / must be a fiscal year")]) \
                from None
        try:
            total = parse_score(card["published_total"], "published_total")
        except ValueError as exc:
            raise InputError([InputProblem(f"{where}published_total", str(exc))]) from None
        from ita_docs.thai import round_half_up

        rounded = round_half_up(Decimal(total), 2)
        try:
            grade = framework.grading.grade(rounded).label
        except ValueError:
            grade = None
        return {"fiscal_year": framework.fiscal_year, "tools": None, "total": float(rounded), "grade": grade,
                "passed": bool(rounded >= framework.pass_mark), "indicators": [], "published_only": True}
    shaped, _ = score_data(data, "(request)")
    cards = parse_score_input(shaped, "(request)").cards
    out = json.loads(cards_to_json(cards, False))
    if isinstance(out, dict) and isinstance(cards[0], ScoreCard):
        out["published_only"] = False
    return out


def proposals(data: dict[str, Any]) -> dict[str, Any]:
    """What the O42 set proposes from the scores (strengths, weaknesses, measures) for an o42 input
    whose own lists are left out, as editable data."""
    from ita_docs.kinds.o42_set import O42Set

    # only what the proposals read: the rest of a half-filled form must not stop them
    data = {k: v for k, v in data.items() if k in ("kind", "assessment", "fiscal_year", "wording", "texts", "items")}
    data["agency"] = {"name": "-", "chief": {"name": "-", "position": "-"}}
    with _RENDER_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        derived = O42Set.derive(_doc(data))
    return {"strengths": list(derived.strengths), "weaknesses": list(derived.weaknesses),
            "measures": [m.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for m in derived.measures]}


def part_catalogues(kind_name: str) -> list[dict[str, Any]]:
    """The parts each document of a kind may reword or remove: [{field, parts: [{id, text, names}]}]."""
    from ita_docs.kinds import get_kind
    from ita_docs.wording import _settings_catalogues

    model = get_kind(kind_name).model
    own = getattr(model, "part_catalogue", None)
    listed = [("", own)] if own is not None else _settings_catalogues(model)
    out = []
    for field_name, catalogue in listed:
        sub = model.model_fields.get(field_name) if field_name else None
        kind_of_field = None
        if sub is not None:
            kind_of_field = _settings_kind(field_name)
        out.append({"field": field_name, "kind": kind_of_field,
                    "title": file_titles().get(kind_of_field or kind_name, field_name),
                    "parts": [{"id": s.id, "text": s.default_text, "names": list(s.names), "field": s.field,
                               "note": s.note} for s in catalogue.specs]})
    return out


def _settings_kind(field_name: str) -> str | None:
    from ita_docs.kinds.o42_bundle import BUNDLE_PARTS

    settings_of = {"o42-memo": "proposal_memo"}  # the one whose field is not its kind's name
    for _, kind, _ in BUNDLE_PARTS:
        if settings_of.get(kind, kind.replace("-", "_")) == field_name:
            return kind
    return None


# --- the application -----------------------------------------------------------------------------

def _wanted_format(request: Request, given: str | None, default: str) -> str:
    if given:
        return given.lower()
    accept = request.headers.get("accept", "")
    for fmt, media in MEDIA.items():
        if media in accept:
            return fmt
    return default


def _page(name: str) -> str:
    return _web_file(f"templates/{name}").read_text(encoding="utf-8")


def create_app(token: str | None = None, limits: Limits | None = None) -> Any:
    """The server's ASGI app (wrapped in its token gate); app.state.session holds the session."""
    session = Session(token or secrets.token_urlsafe(24), limits or Limits())

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        session.close()

    app = FastAPI(title="ita-docs", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None,
                  description="เอกสารราชการไทยสำหรับการประเมิน ITA: API ของ ita-docs serve / the HTTP API of "
                              "`ita-docs serve`. Every request needs the session token: `?token=…` or "
                              "`Authorization: Bearer …`. Errors: JSON `{error, problems: [{field, message, th, en}]}`.")
    app.state.session = session

    @app.exception_handler(ItaDocsError)
    async def _input_error(_request: Request, exc: ItaDocsError) -> JSONResponse:
        from ita_docs.render.pdf import PdfError

        return error_response(exc, 503 if isinstance(exc, PdfError) else 422)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [InputProblem(".".join(str(p) for p in e["loc"][1:]),
                                 f"คำขอไม่ถูกต้อง / {e['msg']}") for e in exc.errors()]
        return error_response(InputError(problems), 422)

    @app.exception_handler(KeyError)
    async def _unknown(_request: Request, exc: KeyError) -> JSONResponse:
        return _problem(404, "kind", str(exc.args[0]) if exc.args else "not found")

    # --- pages ---
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        from html import escape

        from ita_docs.kinds import all_kinds

        options = "\n".join(
            f'<option value="{escape(k.name)}"{" selected" if k.name == "o42-bundle" else ""}>'
            f'{escape(file_titles().get(k.name, k.name))} ({escape(k.name)})</option>' for k in all_kinds())
        page = (_page("index.html").replace("{{token}}", escape(session.token)).replace("{{kinds}}", options)
                .replace("{{max_rows}}", str(session.limits.rows))
                .replace("{{indicators}}", escape(json.dumps(_indicators(), ensure_ascii=False), quote=False))
                .replace("{{max_upload_mib}}", f"{session.limits.upload_bytes / 1024 / 1024:g}"))
        return HTMLResponse(page, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        media = {"js": "text/javascript", "css": "text/css"}.get(name.rsplit(".", 1)[-1])
        path = _web_file(f"static/{name}")
        if media is None or "/" in name or not path.is_file():
            return _problem(404, "", "ไม่พบ / not found")
        return Response(path.read_bytes(), media_type=f"{media}; charset=utf-8")

    @app.get("/openapi.json", include_in_schema=False)
    def openapi() -> JSONResponse:
        spec = dict(app.openapi())
        # the session token as a bearer scheme: /docs's "Authorize" takes it for "Try it out"
        spec["components"] = {**spec.get("components", {}),
                              "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}}
        spec["security"] = [{"token": []}]
        return JSONResponse(spec)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        assets: dict[str, Any] = {}
        if _swagger_folder() is not None:  # served from the swagger-ui-bundle package: no CDN needed
            assets = {"swagger_js_url": f"/docs/assets/swagger-ui-bundle.js?token={session.token}",
                      "swagger_css_url": f"/docs/assets/swagger-ui.css?token={session.token}",
                      "swagger_favicon_url": f"/docs/assets/favicon-32x32.png?token={session.token}"}
        return get_swagger_ui_html(openapi_url=f"/openapi.json?token={session.token}", title="ita-docs API",
                                   swagger_ui_parameters={"persistAuthorization": True}, **assets)

    @app.get("/docs/assets/{name}", include_in_schema=False)
    def docs_assets(name: str) -> Response:
        folder = _swagger_folder()
        media = {"js": "text/javascript", "css": "text/css", "png": "image/png"}.get(name.rsplit(".", 1)[-1])
        if folder is None or media is None or name not in _SWAGGER_FILES:
            return _problem(404, "", "ไม่พบ / not found")
        return Response((folder / name).read_bytes(), media_type=media)

    # --- API ---
    @app.get("/api/kinds", summary="The document kinds / ชนิดเอกสาร")
    def kinds() -> list[dict[str, Any]]:
        from ita_docs.kinds import all_kinds

        return [{"name": k.name, "form": k.form, "description": k.description,
                 "title": file_titles().get(k.name, k.name), "bundle": k.is_bundle} for k in all_kinds()]

    @app.get("/api/schema/{kind}", summary="JSON Schema of a kind's input / โครงสร้างข้อมูลนำเข้า")
    def schema(kind: str) -> dict[str, Any]:
        from ita_docs.model.schema import kind_schema

        return kind_schema(kind)  # the one `ita-docs schema` prints: Thai titles from model/fields.yaml

    @app.get("/api/parts/{kind}", summary="The parts each document may reword or remove / ส่วนที่แก้ถ้อยคำได้")
    def parts(kind: str) -> list[dict[str, Any]]:
        return part_catalogues(kind)

    @app.post("/api/render", summary="Render an input / สร้างเอกสาร",
              responses={200: {"content": {m: {} for m in MEDIA.values()},
                               "description": "the .docx, PDF, or zip (Thai file names)"}})
    def render(request: Request, data: dict[str, Any] = Body(..., examples=[{"kind": "memo"}]),  # noqa: B008
               format: str | None = Query(None, pattern="^(docx|pdf|zip)$",
                                          description="docx | pdf | zip (default: by Accept, else docx, a bundle zip)"),
               part: str | None = Query(None, description="one document of a bundle (its kind or file stem)"),
               pdf: bool = Query(False, description="a zip holds the PDFs too"),
               allow_font_substitution: bool = False) -> Response:
        rendered = render_input(data, part, session.folder)
        fmt = _wanted_format(request, format, "zip" if len(rendered.files) > 1 else "docx")
        warn = {"X-Ita-Docs-Warnings": quote(json.dumps(rendered.warnings, ensure_ascii=False))}
        if fmt == "docx":
            if len(rendered.files) != 1:
                return _problem(406, "format", "ชุดเอกสารมีหลายไฟล์: ใช้ format=zip หรือระบุ part / a bundle has "
                                               "several files: use format=zip or name one part")
            name, docx, _ = rendered.files[0]
            return download(docx, name, DOCX, warn)
        if fmt == "pdf":
            if len(rendered.files) != 1:
                return _problem(406, "format", "ชุดเอกสารมีหลายไฟล์: ใช้ format=zip&pdf=true หรือระบุ part / a "
                                               "bundle has several files: use format=zip&pdf=true or name one part")
            name, docx, _ = rendered.files[0]
            return download(session.to_pdf(docx, rendered.digits, allow_font_substitution),
                            name.removesuffix(".docx") + ".pdf", MEDIA["pdf"], warn)
        entries = [(name, docx) for name, docx, _ in rendered.files]
        if pdf:
            entries += [(name.removesuffix(".docx") + ".pdf", session.to_pdf(docx, rendered.digits, allow_font_substitution))
                        for name, docx, _ in rendered.files]
        return download(zip_bytes(entries), rendered.title + ".zip", MEDIA["zip"], warn)

    @app.post("/api/preview", summary="Page images of every document / ภาพหน้าเอกสาร")
    def preview(data: dict[str, Any] = Body(...), part: str | None = None) -> dict[str, Any]:  # noqa: B008
        rendered = render_input(data, part, session.folder)
        documents = []
        for name, docx, kind in rendered.files:
            pdf = session.to_pdf(docx, rendered.digits)
            documents.append({"name": name, "kind": kind,
                              "pages": page_images(pdf, session.folder, session.limits.preview_dpi)})
        return {"documents": documents, "warnings": rendered.warnings}

    @app.post("/api/check", summary="Validate an input; its warnings / ตรวจข้อมูล")
    def check(data: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
        rendered = render_input(data, None, session.folder)
        return {"ok": True, "documents": [name for name, _, _ in rendered.files], "warnings": rendered.warnings}

    @app.post("/api/score", summary="Tools, total and grade from the scores (or the grade of a total) / คำนวณคะแนน")
    def score(data: dict[str, Any] = Body(..., examples=[{"fiscal_year": 2565, "scores": {"I1": 92.18}}]),  # noqa: B008
              propose: bool = Query(False, description="an o42 input: also the proposed strengths, weaknesses "
                                                       "and measures")) -> dict[str, Any]:
        out = score_summary(data)
        if propose and not out.get("published_only"):
            out["proposals"] = proposals(data)
        return out

    @app.post("/api/yaml", summary="An input as a YAML file to save / บันทึกเป็น YAML")
    def to_yaml(data: dict[str, Any] = Body(...)) -> Response:  # noqa: B008
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        kind = str(data.get("kind", "input"))
        return download(text.encode("utf-8"), f"{kind}.yaml", "application/yaml; charset=utf-8")

    @app.post("/api/yaml/read", summary="A saved YAML (or JSON) input as JSON / เปิดไฟล์ YAML")
    async def from_yaml(request: Request) -> JSONResponse:
        from ita_docs.reader import parse_text

        raw = await request.body()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _problem(422, "", "ไฟล์ต้องเป็น UTF-8 / the file must be UTF-8 text")
        data = parse_text(text, "(upload)")
        if not isinstance(data, dict):
            return _problem(422, "", "ต้องเป็นชุดข้อมูล (mapping) / must be a mapping")
        return JSONResponse(json.loads(json.dumps(data, default=str, ensure_ascii=False)))

    @app.post("/api/image", summary="Upload an image (the Garuda, a photo) for this session / ส่งไฟล์ภาพ")
    def image(file: UploadFile = File(...)) -> JSONResponse:  # noqa: B008
        """The image is kept in the session's private folder; the answer's `path` goes where the input
        names a file (`agency.emblem`, a photo's `path`), read there by the render."""
        from PIL import Image, UnidentifiedImageError

        data = file.file.read()
        try:
            with Image.open(BytesIO(data)) as picture:
                picture.verify()  # a whole image file, not only its header
                kind = (picture.format or "").lower()
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            return _problem(422, "file", "ไฟล์นี้ไม่ใช่ภาพ PNG หรือ JPEG / the file is not a PNG or JPEG image")
        if kind not in ("png", "jpeg"):
            return _problem(422, "file", "ใช้ได้เฉพาะภาพ PNG หรือ JPEG / only PNG and JPEG images are taken")
        folder = session.folder / "images"
        folder.mkdir(exist_ok=True)
        name = f"{uuid.uuid4().hex[:12]}.{'png' if kind == 'png' else 'jpg'}"
        (folder / name).write_bytes(data)
        return JSONResponse({"path": f"images/{name}", "name": file.filename or name})

    @app.post("/api/batch", summary="Start a batch: one set per row of a CSV/XLSX / เริ่มสร้างเอกสารจากตาราง",
              status_code=202)
    def batch(table: UploadFile = File(...), kind: str = Form(...),  # noqa: B008
              defaults: str | None = Form(None, description="YAML every row shares"),  # noqa: B008
              pdf: bool = Form(False)) -> JSONResponse:  # noqa: B008
        from ita_docs.batch.tables import count_rows
        from ita_docs.kinds import get_kind
        from ita_docs.reader import parse_text

        get_kind(kind)
        suffix = Path(table.filename or "table.csv").suffix.lower()
        if suffix not in (".csv", ".xlsx", ".jsonl", ".ndjson"):
            return _problem(422, "table", "ตารางต้องเป็น .csv หรือ .xlsx / the table must be a .csv or .xlsx file")
        shared = parse_text(defaults, "defaults") if defaults and defaults.strip() else {}
        if not isinstance(shared, dict):
            return _problem(422, "defaults", "ต้องเป็นชุดข้อมูล (mapping) / must be a mapping")
        shared.pop("kind", None)
        job_id = uuid.uuid4().hex[:12]
        folder = session.folder / "jobs" / job_id
        folder.mkdir(parents=True)
        path = folder / f"table{suffix}"
        with path.open("wb") as out:
            shutil.copyfileobj(table.file, out)
        total = count_rows(path)
        if total is not None and total > session.limits.rows:
            shutil.rmtree(folder, ignore_errors=True)
            return _problem(413, "table", f"ตารางมี {total} แถว เกินกำหนด {session.limits.rows} แถว / the table has "
                                          f"{total} rows, more than the limit of {session.limits.rows}")
        job = BatchJob(job_id, kind, folder, total)
        session.jobs[job_id] = job
        threading.Thread(target=_run_batch, args=(job, path, shared, pdf), daemon=True,
                         name=f"batch-{job_id}").start()
        return JSONResponse(job.progress(), status_code=202)

    @app.get("/api/batch/{job_id}", summary="A batch's progress / ความคืบหน้า")
    def batch_progress(job_id: str) -> dict[str, Any]:
        return _job(job_id).progress()

    @app.get("/api/batch/{job_id}/result", summary="A finished batch as a zip / ผลลัพธ์ (zip)")
    def batch_result(job_id: str) -> Response:
        job = _job(job_id)
        if job.state != "finished" or job.zip_path is None:
            return _problem(409, "job", "งานยังไม่เสร็จ / the batch has not finished")
        return download(job.zip_path.read_bytes(), f"{job.kind}-batch.zip", MEDIA["zip"])

    @app.get("/api/batch/{job_id}/report", summary="A batch's report.csv / รายงาน")
    def batch_report(job_id: str) -> Response:
        job = _job(job_id)
        report = job.folder / "out" / "report.csv"
        if job.state != "finished" or not report.is_file():
            return _problem(409, "job", "งานยังไม่เสร็จ / the batch has not finished")
        return download(report.read_bytes(), "report.csv", "text/csv; charset=utf-8")

    def _job(job_id: str) -> BatchJob:
        if job_id not in session.jobs:
            raise KeyError(f"ไม่มีงาน {job_id!r} / no batch job {job_id!r}")
        return session.jobs[job_id]

    return TokenGate(app, session)


def _run_batch(job: BatchJob, table: Path, defaults: dict[str, Any], pdf: bool) -> None:
    """The batch as `ita-docs batch --zip` runs it, in one worker process: the rows' rendering (and
    their warnings) stays out of the server's process, which goes on answering."""
    from ita_docs.batch import Report, read_table, render_batch
    from ita_docs.batch.pool import make_pool
    from ita_docs.cli import _zip_folder

    out = job.folder / "out"
    out.mkdir()
    report = Report(out / "report.csv")
    finished = False
    executor = make_pool(1)  # made in this thread, which lives as long as the pool (see make_pool)
    try:
        for outcome in render_batch(read_table(table), job.kind, out, defaults=defaults, pdf=pdf,
                                    base_dir=job.folder, executor=executor):
            report.add(outcome)
            job.done += 1
            if outcome.status == "failed":
                job.failed.append({"row": outcome.row, "agency": outcome.agency, "error": outcome.error})
            else:
                job.ok += 1
        finished = True
    except ItaDocsError as exc:
        job.error = str(exc)
    except Exception as exc:  # the job says what broke; the server goes on
        job.error = f"ข้อผิดพลาดภายใน / internal error: {type(exc).__name__}: {exc}"
    finally:
        executor.shutdown()
        report.close(finished=finished)
    if finished:
        job.zip_path = _zip_folder(out)
        job.state = "finished"
    else:
        job.state = "error"


_SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")


@cache
def _swagger_folder() -> Path | None:
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return Path(swagger_ui_path)


@cache
def _indicators() -> list[tuple[str, str]]:
    """(code, Thai name) of the indicators the score form asks for: the newest bundled framework's."""
    from ita_docs.assessment import load_framework
    from ita_docs.assessment.framework import FrameworkError

    for year in range(2600, 2560, -1):
        try:
            framework = load_framework(year)
        except FrameworkError:
            continue
        return [(i.code, i.name_th) for i in framework.indicators]
    return []


def _version() -> str:
    from ita_docs import __version__

    return __version__
