"""Default analysis texts (SPEC §6): recommendation paragraphs per indicator and per tool, and
sentences that state a result ("ได้คะแนน ๖๒.๘๓ คะแนน อยู่ในระดับ D", "ไม่มีแบบวัดใดผ่านเกณฑ์
๘๕ คะแนน"), in the project's own wording.

The wording is data (``texts/*.yaml``); any paragraph or sentence template can be overridden by
a mapping of the same shape, e.g. ``{"indicators": {"I1": "…"}, "sentences": {"result": "…"}}``.
Every function takes ``digits`` ("thai" or "arabic"): numbers are formatted with two decimals
and every digit in the result follows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict

from ita_docs.diagnostics import ItaDocsError
from ita_docs.placeholders import PlaceholderError, check_text, fill_names
from ita_docs.reader import read_data_yaml
from ita_docs.thai import Digits, check_digits, convert_digits, format_number, format_score, library_code

from .framework import FACTS, Framework
from .scorecard import ScoreCard, ScoreHistory

__all__ = [
    "PLACEHOLDERS",
    "Recommendation",
    "Texts",
    "TextsError",
    "assumption_note",
    "change_sentences",
    "indicator_recommendation",
    "indicators_below_sentence",
    "join_thai",
    "load_texts",
    "oit_zero_sentence",
    "recommendations",
    "result_sentence",
    "tool_recommendation",
    "tool_sentences",
    "tools_pass_sentence",
    "top_bottom_sentence",
    "total_change_sentence",
    "total_pass_sentence",
]

SECTIONS = ("indicators", "tools", "sentences", "facts")

_RESULT = frozenset({"subject", "year", "total", "grade"})
_CHANGE = frozenset({"name", "code", "amount", "before", "after"})
_TOTAL_CHANGE = frozenset({"before_year", "after_year", "amount"})
#: The placeholders each sentence template may use (what the functions below fill in).
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "result": _RESULT,
    "result_year": _RESULT,
    "total_passed": frozenset({"pass_mark", "total"}),
    "total_below": frozenset({"pass_mark", "total", "gap"}),
    "tools_none_passed": frozenset({"pass_mark"}),
    "tools_all_passed": frozenset({"pass_mark"}),
    "tools_some_passed": frozenset({"pass_mark", "passed", "below"}),
    "tool_passed": frozenset({"tool", "tool_name", "score", "pass_mark"}),
    "tool_below": frozenset({"tool", "tool_name", "score", "pass_mark", "gap"}),
    "indicators_below": frozenset({"pass_mark", "indicators"}),
    "indicators_all_passed": frozenset({"pass_mark"}),
    "top_bottom": frozenset({"top_name", "top_code", "top_score", "bottom_name", "bottom_code", "bottom_score"}),
    "indicator_item": frozenset({"name", "code", "score"}),
    "change_down": _CHANGE,
    "change_up": _CHANGE,
    "total_change_down": _TOTAL_CHANGE,
    "total_change_up": _TOTAL_CHANGE,
    "total_change_none": _TOTAL_CHANGE,
    "oit_zero": frozenset({"items"}),
    "oit_zero_none": frozenset(),
    "unconfirmed": frozenset({"year", "facts"}),
    "list_and": frozenset(),
    "list_sep": frozenset(),
}


class TextsError(ItaDocsError, ValueError):
    """A text override is malformed or a template uses an unknown placeholder."""


class Texts(BaseModel):
    """The wording used by the analysis: defaults from ``texts/*.yaml`` plus overrides."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    indicators: dict[str, str]
    tools: dict[str, str]
    sentences: dict[str, str]
    facts: dict[str, str]

    def with_overrides(self, overrides: Optional[Mapping[str, Any]]) -> Texts:
        """A copy with ``overrides`` ({section: {key: text}}) applied. Indicator and tool keys
        may be new codes (a user framework's own indicators); sentence and fact keys must exist."""
        if not overrides:
            return self
        if not isinstance(overrides, Mapping):
            raise TextsError("texts: ต้องเป็น mapping {ส่วน: {คีย์: ข้อความ}} / must be a mapping {section: {key: text}}")
        data = {s: dict(getattr(self, s)) for s in SECTIONS}
        for section, entries in overrides.items():
            if section not in SECTIONS:
                raise TextsError(
                    f"texts.{section}: ไม่รู้จักส่วนนี้ (มี {', '.join(SECTIONS)}) / unknown section (known: {', '.join(SECTIONS)})"
                )
            if entries is None:
                continue
            if not isinstance(entries, Mapping):
                raise TextsError(f"texts.{section}: ต้องเป็น mapping / must be a mapping of key: text")
            for key, text in entries.items():
                key = str(key)
                if section in ("sentences", "facts") and key not in data[section]:
                    raise TextsError(
                        f"texts.{section}.{key}: ไม่รู้จักคีย์นี้ / unknown key (known: {', '.join(data[section])})"
                    )
                if not isinstance(text, str):
                    raise TextsError(f"texts.{section}.{key}: ต้องเป็นข้อความ / must be text, got {text!r}")
                if section == "sentences":
                    _check_template(f"texts.sentences.{key}", text, set(PLACEHOLDERS.get(key, ())))
                # separators keep their spaces; paragraphs and templates are single-spaced
                keep = section == "sentences" and key in ("list_and", "list_sep")
                data[section][key] = text if keep else " ".join(text.split())
        return Texts(**data)

    def sentence(self, key: str, digits: Digits = "thai", **values: Any) -> str:
        """Fill the sentence template ``key`` (numbers already formatted by the caller)."""
        check_digits(digits)
        try:
            template = self.sentences[key]
        except KeyError:
            raise TextsError(f"texts.sentences.{key}: ไม่มีประโยคนี้ / no such sentence") from None
        return convert_digits(" ".join(_fill(f"texts.sentences.{key}", template, values).split()), digits)


def _fill(where: str, template: str, values: Mapping[str, Any]) -> str:
    try:
        return fill_names(where, template, values)
    except PlaceholderError as exc:
        raise TextsError(str(exc)) from None


def _check_template(where: str, text: str, allowed: set[str]) -> None:
    try:
        check_text(where, text, allowed)
    except PlaceholderError as exc:
        raise TextsError(str(exc)) from None


@lru_cache(maxsize=1)
def _default_raw() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    base = resources.files("ita_docs.assessment").joinpath("texts")
    ind = read_data_yaml(base.joinpath("indicators.yaml").read_text(encoding="utf-8"))
    tools = read_data_yaml(base.joinpath("tools.yaml").read_text(encoding="utf-8"))
    sent = read_data_yaml(base.joinpath("sentences.yaml").read_text(encoding="utf-8"))
    missing = set(FACTS) - set(sent["facts"])
    if missing:  # pragma: no cover - guards the bundled data
        raise TextsError(f"texts/sentences.yaml: facts missing {sorted(missing)}")

    def norm(d: Mapping[str, str], keep: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
        return tuple((str(k), v if k in keep else " ".join(str(v).split())) for k, v in d.items())

    return (
        ("indicators", norm(ind)),
        ("tools", norm(tools)),
        ("sentences", norm(sent["sentences"], keep=("list_and", "list_sep"))),
        ("facts", norm(sent["facts"])),
    )


def load_texts(overrides: Optional[Mapping[str, Any]] = None) -> Texts:
    """The default wording, with ``overrides`` applied (a fresh object each call)."""
    base = Texts(**{section: dict(pairs) for section, pairs in _default_raw()})
    return base.with_overrides(overrides)


def _t(texts: Optional[Texts]) -> Texts:
    return texts if texts is not None else load_texts()


def _score(value: Any, digits: Digits) -> str:
    return format_score(value, digits=digits)


def _mark(value: Decimal, digits: Digits) -> str:
    """A pass mark or threshold as written in prose: 85 → "๘๕", 84.5 → "๘๔.๕๐"."""
    return format_number(value, 0 if value == value.to_integral_value() else 2, digits=digits)


def join_thai(items: list[str], texts: Optional[Texts] = None) -> str:
    """"ก", "ข", "ค" → "ก ข และ ค" (separators from the texts)."""
    t = _t(texts)
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return t.sentences["list_sep"].join(items[:-1]) + t.sentences["list_and"] + items[-1]


# -- sentences about one card ---------------------------------------------------------------------


def result_sentence(
    card: ScoreCard,
    *,
    subject: str = "",
    with_year: bool = False,
    digits: Digits = "thai",
    texts: Optional[Texts] = None,
) -> str:
    """"{subject}ได้คะแนน ๖๒.๘๓ คะแนน อยู่ในระดับ D" (letter or rating label of the year)."""
    return _t(texts).sentence(
        "result_year" if with_year else "result",
        digits,
        subject=subject,
        year=str(card.fiscal_year),
        total=_score(card.rounded_total, digits),
        grade=card.grade,
    )


def total_pass_sentence(card: ScoreCard, *, digits: Digits = "thai", texts: Optional[Texts] = None) -> str:
    t = _t(texts)
    total = _score(card.rounded_total, digits)
    if card.passed:
        return t.sentence("total_passed", digits, pass_mark=_mark(card.pass_mark, digits), total=total)
    gap = card.pass_mark - card.rounded_total
    return t.sentence(
        "total_below", digits, pass_mark=_mark(card.pass_mark, digits), total=total, gap=_score(gap, digits)
    )


def tools_pass_sentence(card: ScoreCard, *, digits: Digits = "thai", texts: Optional[Texts] = None) -> str:
    """"ไม่มีแบบวัดใดผ่านเกณฑ์ ๘๕ คะแนน" / "ทุกแบบวัดผ่านเกณฑ์ …" / "แบบวัดที่ผ่านเกณฑ์ … ได้แก่ …"."""
    t = _t(texts)
    res = card.tool_results()
    mark = _mark(card.pass_mark, digits)
    passed = [r.code for r in res if r.passed]
    below = [r.code for r in res if not r.passed]
    if not passed:
        return t.sentence("tools_none_passed", digits, pass_mark=mark)
    if not below:
        return t.sentence("tools_all_passed", digits, pass_mark=mark)
    return t.sentence(
        "tools_some_passed", digits, pass_mark=mark, passed=join_thai(passed, t), below=join_thai(below, t)
    )


def tool_sentences(card: ScoreCard, *, digits: Digits = "thai", texts: Optional[Texts] = None) -> list[str]:
    """One sentence per tool: its score and whether it reached the pass mark."""
    t = _t(texts)
    mark = _mark(card.pass_mark, digits)
    out = []
    for r in card.tool_results():
        values = dict(tool=r.code, tool_name=r.name, score=_score(r.rounded, digits), pass_mark=mark)
        if r.passed:
            out.append(t.sentence("tool_passed", digits, **values))
        else:
            out.append(t.sentence("tool_below", digits, gap=_score(card.pass_mark - r.rounded, digits), **values))
    return out


def indicators_below_sentence(card: ScoreCard, *, digits: Digits = "thai", texts: Optional[Texts] = None) -> str:
    """The indicators under the pass mark, lowest first, with their scores."""
    t = _t(texts)
    mark = _mark(card.pass_mark, digits)
    below = [r for r in reversed(card.ranked_indicators()) if not r.passed]
    if not below:
        return t.sentence("indicators_all_passed", digits, pass_mark=mark)
    items = [
        _fill("texts.sentences.indicator_item", t.sentences["indicator_item"],
              {"name": r.name, "score": _score(r.rounded, digits), "code": library_code(r.code)})
        for r in below
    ]
    return t.sentence("indicators_below", digits, pass_mark=mark, indicators=join_thai(items, t))


def top_bottom_sentence(card: ScoreCard, *, digits: Digits = "thai", texts: Optional[Texts] = None) -> str:
    ranked = card.ranked_indicators()
    top, bottom = ranked[0], ranked[-1]
    return _t(texts).sentence(
        "top_bottom",
        digits,
        top_name=top.name,
        top_code=library_code(top.code),
        bottom_code=library_code(bottom.code),
        top_score=_score(top.rounded, digits),
        bottom_name=bottom.name,
        bottom_score=_score(bottom.rounded, digits),
    )


def oit_zero_sentence(card: ScoreCard, *, digits: Digits = "thai", texts: Optional[Texts] = None) -> Optional[str]:
    """The OIT items scored 0, or None when no item scores were given."""
    if card.oit_items is None:
        return None
    t = _t(texts)
    zero = card.zero_oit_items()
    if not zero:
        return t.sentence("oit_zero_none", digits)
    return t.sentence("oit_zero", digits, items=join_thai([it.label for it in zero], t))


# -- recommendations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    code: str
    name: str
    tool: str
    score: Decimal
    text: str


def indicator_recommendation(code: str, *, digits: Digits = "thai", texts: Optional[Texts] = None) -> str:
    """The recommendation paragraph for indicator ``code`` (KeyError-safe: TextsError)."""
    t = _t(texts)
    try:
        return convert_digits(t.indicators[code], digits)
    except KeyError:
        raise TextsError(
            f"texts.indicators.{code}: ไม่มีข้อเสนอแนะของตัวชี้วัดนี้ / no recommendation text for this indicator"
        ) from None


def tool_recommendation(code: str, *, digits: Digits = "thai", texts: Optional[Texts] = None) -> str:
    t = _t(texts)
    try:
        return convert_digits(t.tools[code], digits)
    except KeyError:
        raise TextsError(f"texts.tools.{code}: ไม่มีข้อเสนอแนะของแบบวัดนี้ / no recommendation text for this tool") from None


def recommendations(
    card: ScoreCard,
    *,
    only_below: bool = True,
    digits: Digits = "thai",
    texts: Optional[Texts] = None,
) -> list[Recommendation]:
    """A recommendation per indicator (only those under the pass mark by default), lowest
    score first; indicators without a text are skipped."""
    t = _t(texts)
    out = []
    for r in reversed(card.ranked_indicators()):
        if only_below and r.passed:
            continue
        if r.code not in t.indicators:
            continue
        out.append(Recommendation(r.code, r.name, r.tool, r.rounded, convert_digits(t.indicators[r.code], digits)))
    return out


# -- several years ---------------------------------------------------------------------------------


def change_sentences(
    history: ScoreHistory,
    n: int = 3,
    *,
    drops: bool = True,
    digits: Digits = "thai",
    texts: Optional[Texts] = None,
) -> list[str]:
    """Sentences for the ``n`` largest drops (or gains) between the last two years."""
    t = _t(texts)
    changes = history.largest_drops(n) if drops else history.largest_gains(n)
    key = "change_down" if drops else "change_up"
    return [
        t.sentence(
            key,
            digits,
            name=c.name,
            code=library_code(c.code),
            amount=_score(abs(c.change), digits),
            before=_score(c.before, digits),
            after=_score(c.after, digits),
        )
        for c in changes
    ]


def total_change_sentence(history: ScoreHistory, *, digits: Digits = "thai", texts: Optional[Texts] = None) -> str:
    t = _t(texts)
    c = history.total_change()
    values = dict(
        before_year=str(history.cards[-2].fiscal_year),
        after_year=str(history.cards[-1].fiscal_year),
        amount=_score(abs(c.change), digits),
    )
    if c.change == 0:
        return t.sentence("total_change_none", digits, **values)
    key = "total_change_up" if c.change > 0 else "total_change_down"
    return t.sentence(key, digits, **values)


# -- unconfirmed facts -----------------------------------------------------------------------------


def assumption_note(
    framework: Framework,
    facts: Optional[tuple[str, ...]] = None,
    *,
    digits: Digits = "thai",
    texts: Optional[Texts] = None,
) -> Optional[str]:
    """A note naming the unconfirmed facts of ``framework`` (only those in ``facts`` when
    given, i.e. the ones a document relies on), or None when all are confirmed."""
    t = _t(texts)
    unconfirmed = [a.fact for a in framework.assumptions if facts is None or a.fact in facts]
    if not unconfirmed:
        return None
    return t.sentence(
        "unconfirmed",
        digits,
        year=str(framework.fiscal_year),
        facts=join_thai([t.facts.get(f, f) for f in unconfirmed], t),
    )
