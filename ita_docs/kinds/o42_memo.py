"""`o42-memo`: the memo proposing the year's internal measures to the chief executive (ref. 001a).

Reason (the year's ITA manual and its O42/O43 criteria, as a table from the framework), the
analysis of last year's result (computed), strengths and weaknesses, the measures ๒.๑ ๒.๒ …,
the request to sign, the author's signature and a ความเห็น block per superior up to the chief.
"""

from __future__ import annotations

from typing import Literal

from ita_docs.kinds.o42_set import PLACEHOLDER_SIGNER, O42Input, O42Set, ProposalMemoSettings
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import (
    Cell, Column, Comment, ListBlock, ListSpec, Paragraph, Table, TableBlock,
)
from ita_docs.model.common import Person
from ita_docs.thai import library_code


class O42MemoDocument(O42Input):
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


def analysis_blocks(s: O42Set) -> list:
    """The result sentence, then จุดแข็ง and จุดอ่อน as numbered lists (memo and report share it)."""
    blocks: list = [Paragraph(text=s.result_paragraph())]
    for heading, items in ((s.say("strengths_heading"), s.strengths), (s.say("weaknesses_heading"), s.weaknesses)):
        blocks.append(Paragraph(text=heading, bold=True))
        if items:
            blocks.append(ListBlock(list=ListSpec(style="๑.", items=list(items))))
    return blocks


def comment_chain(settings: ProposalMemoSettings, chief: Person) -> list[Comment]:
    """One ความเห็น per reviewer in order, ending with the chief executive."""
    signers = list(settings.reviewers)
    if not signers or signers[-1].name != chief.name:
        signers.append(chief)
    return [Comment(signer=person) for person in signers]


def o42_memo_context(doc: O42MemoDocument, s: O42Set | None = None) -> dict:
    s = s or O42Set.derive(doc)
    settings = doc.proposal_memo
    body: list = []
    if s.analysis_item or s.implementation_item:
        body.append(Paragraph(text=s.say("memo_reason")))
        table = criteria_table(s)
        if table:
            body.append(table)
    else:
        body.append(Paragraph(text=s.say("memo_reason_unknown_items")))
    body.append(Paragraph(text=s.say("memo_intro")))
    body.append(Paragraph(text=s.say("memo_part_analysis"), bold=True))
    body.extend(analysis_blocks(s))
    body.append(Paragraph(text=s.say("memo_part_measures"), bold=True))
    body.append(Paragraph(text=s.say("memo_measures_intro")))
    body.append(ListBlock(list=ListSpec(style="๑.๑", parent=[2], items=[m.title for m in s.measures])))
    body.append(Paragraph(text=s.say("memo_request")))
    subject_key = "memo_subject" if s.analysis_item and s.implementation_item else "memo_subject_no_items"
    return s.memo(
        number=settings.number, date=settings.date,
        subject=settings.subject or s.say(subject_key),
        to=settings.to or (s.chief.position[0] if s.chief.position else s.chief.name),
        body=body, closing=s.say("memo_closing"), signer=settings.author or PLACEHOLDER_SIGNER,
        comments=comment_chain(settings, s.chief),
    )

register(Kind("o42-memo", "memo", O42MemoDocument, "o42-memo.docx", o42_memo_context,
              "บันทึกเสนอมาตรการภายใน (O42) / memo proposing the internal measures"))
