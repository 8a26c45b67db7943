"""The letterhead part of a specific memo kind, filled exactly as the generic memo fills it."""

from __future__ import annotations

from ita_docs.kinds.generic import memo_context
from ita_docs.model.forms import MemoDocument


def memo_letterhead(doc) -> dict:
    """The memo template's variables (urgency, unit, number, date, subject, to, signature…) of a
    document that has a memo's header, urgency and signature; body, closing and comments empty."""
    memo = MemoDocument(digits=doc.digits, style=doc.style, agency=doc.agency, signature=doc.signature,
                        urgency=doc.urgency, header=doc.header)
    return memo_context(memo)
