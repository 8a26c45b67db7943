"""ita-docs: official Thai government documents (บันทึกข้อความ, ประกาศ, คำสั่ง, reports) for the ITA.

    from ita_docs import load, render_to
    render_to(load("examples/memo.yaml"), "memo.docx")
"""

__version__ = "0.1.0"

from ita_docs.api import from_data, load, render, render_bundle, render_parts, render_to  # noqa: E402
from ita_docs.assessment import ScoreCard  # noqa: E402
from ita_docs.batch import read_table, render_batch  # noqa: E402
from ita_docs.diagnostics import InputError, ItaDocsWarning  # noqa: E402
from ita_docs.model import (  # noqa: E402
    Agency, AnnouncementDocument, MemoDocument, OrderDocument, Person,
)

__all__ = [
    "Agency", "AnnouncementDocument", "InputError", "ItaDocsWarning", "MemoDocument", "OrderDocument",
    "Person", "ScoreCard", "from_data", "load", "read_table", "render", "render_batch", "render_bundle", "render_parts",
    "render_to",
]
