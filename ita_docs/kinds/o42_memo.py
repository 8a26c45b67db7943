"""`o42-memo`: the memo proposing the year's internal measures to the chief executive (ref. 001a).

Reason (the year's ITA manual and its O42/O43 criteria, as a table from the framework), the
analysis of last year's result (computed), strengths and weaknesses, the measures ๒.๑ ๒.๒ …,
the request to sign, the author's signature and a ความเห็น block per superior up to the chief.
"""

from __future__ import annotations

from typing import Literal

from ita_docs.kinds import _o42_parts as catalogues
from ita_docs.kinds.o42_set import PLACEHOLDER_SIGNER, O42Input, O42Set, ProposalMemoSettings
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import (
    Blocks,
    Cell,
    Column,
    Comment,
    CommentBlock,
    ListBlock,
    ListSpec,
    Paragraph,
    Table,
    TableBlock,
)
from ita_docs.model.common import Person
from ita_docs.parts import Part, PartsInput, body_blocks, field_blocks, field_part, field_text
from ita_docs.thai import library_code


def paragraph(**style):
    """make(text) of a part that is one paragraph."""
    return lambda text: [Paragraph(text=text, **style)]


class O42MemoDocument(O42Input, PartsInput):
    part_catalogue = catalogues.O42_MEMO
    kind: Literal["o42-memo"] = "o42-memo"
    proposal_memo: ProposalMemoSettings = ProposalMemoSettings()


def criteria_table(s: O42Set) -> TableBlock | None:
    """ข้อ · ข้อมูล · องค์ประกอบด้านข้อมูล for the analysis and implementation items of the year."""
    rows = []
    for code, key in ((s.analysis_item, "analysis"), (s.implementation_item, "implementation")):
        if not code:
            continue
        item = s.target_framework.oit.get(code) if s.target_framework else None
        name = item.name if item and item.name else ""
        needs = "\n".join(f"- {line}" for line in s.lines("requirements", key))
        rows.append([Cell(text=library_code(code), align="center"), Cell(text=name), Cell(text=needs)])
    if not rows:
        return None
    return TableBlock(table=Table(
        columns=[Column(title="ข้อ", width_cm=1.6), Column(title="ข้อมูล", width_cm=4.6),
                 Column(title="องค์ประกอบด้านข้อมูล")],
        rows=rows,
    ))


def analysis_parts(s: O42Set) -> list[Part]:
    """The result sentences, then จุดแข็ง and จุดอ่อน as numbered lists (memo and report share it)."""
    parts = [s.part("analysis.result", None, paragraph(), text=s.result_paragraph())]
    for part_id, key, items in (("analysis.strengths", "strengths_heading", s.strengths),
                                ("analysis.weaknesses", "weaknesses_heading", s.weaknesses)):
        if not items and not s.indicators_known:
            continue  # nothing to say under the heading, and no scores to say it from
        listed = [ListBlock(list=ListSpec(style="๑.", items=list(items)))] if items else []
        parts.append(s.part(part_id, key, lambda text, listed=listed: [Paragraph(text=text, bold=True), *listed]))
    return parts


def analysis_blocks(s: O42Set) -> list:
    return [block for part in analysis_parts(s) for block in part.blocks]


def comment_chain(settings: ProposalMemoSettings, chief: Person) -> list[CommentBlock]:
    """One ความเห็น per reviewer in order, ending with the chief executive."""
    signers = list(settings.reviewers)
    if not signers or signers[-1].name != chief.name:
        signers.append(chief)
    return [CommentBlock(comment=Comment(signer=person)) for person in signers]


def o42_memo_context(doc: O42MemoDocument, s: O42Set | None = None) -> dict:
    settings = doc.proposal_memo
    s = (s or O42Set.derive(doc)).for_document(settings)
    parts: list[Part] = []
    if s.analysis_item or s.implementation_item:
        parts.append(s.part("reason", "memo_reason", paragraph()))
        table = criteria_table(s)
        if table:
            parts.append(Part("criteria_table", [table]))
    else:
        parts.append(s.part("reason", "memo_reason_unknown_items", paragraph()))
    parts += [
        s.part("intro", "memo_intro", paragraph()),
        s.part("analysis.heading", "memo_part_analysis", paragraph(bold=True)),
        *analysis_parts(s),
        s.part("measures.heading", "memo_part_measures", paragraph(bold=True)),
        s.part("measures_intro", "memo_measures_intro", paragraph()),
        Part("measures", [ListBlock(list=ListSpec(style="๑.๑", parent=[2], items=[m.title for m in s.measures]))]
             if s.measures else []),
        s.part("request", "memo_request", paragraph()),
        field_part("closing", s.say("memo_closing"), lambda text: [text], s.values),
        field_part("signature", []),
        field_part("comments", comment_chain(settings, s.chief)),
    ]
    parts = s.arrange(parts, settings, doc)
    subject_key = "memo_subject" if s.analysis_item and s.implementation_item else "memo_subject_no_items"
    context = s.memo(
        number=settings.number, date=settings.date,
        subject=settings.subject or s.say(subject_key),
        to=settings.to or (s.chief.position[0] if s.chief.position else s.chief.name),
        body=body_blocks(parts), closing=field_text(parts, "closing"), signer=settings.author or PLACEHOLDER_SIGNER,
        comments=[block.comment for block in field_blocks(parts, "comments")],
    )
    if not any(p.id == "signature" for p in parts):
        context["signature"] = Blocks([])
    return context


register(Kind("o42-memo", "memo", O42MemoDocument, "o42-memo.docx", o42_memo_context,
              "บันทึกเสนอมาตรการภายใน (O42) / memo proposing the internal measures"))
