"""The O42/O43 set (SPEC §3, reference 001 and 003): what its documents share.

One input describes the agency, last year's score card, the target fiscal year, the strengths,
weaknesses and measures, and per document its date, number and signers. `O42Set` derives once
what every document of the set states (the year in words, the grade, the item codes of the year,
the proposed measures when none are given), so that the files of a bundle agree to the letter.
The kind modules (o42_memo, analysis_report, …) turn an O42Set into their blocks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from collections import ChainMap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Annotated, Any, cast

from pydantic import Field, ValidationError, WrapValidator, field_validator, model_validator

from ita_docs.assessment import (
    Framework,
    FrameworkError,
    ScoreCard,
    Texts,
    load_framework,
    load_texts,
    result_sentence,
    tools_pass_sentence,
    top_bottom_sentence,
)
from ita_docs.diagnostics import ItaDocsWarning
from ita_docs.kinds import _o42_parts as catalogues
from ita_docs.kinds._o42_parts import SET_NAMES
from ita_docs.kinds._published import PublishedResult, assessment_tag
from ita_docs.kinds._texts import kind_texts
from ita_docs.kinds.generic import memo_context
from ita_docs.model.blocks import Comment
from ita_docs.model.common import (
    Agency,
    Date,
    DateOrText,
    Digits,
    DocumentNumber,
    FilePath,
    InputDocument,
    Person,
    Strict,
    Text,
    problems_from_validation_error,
)
from ita_docs.model.forms import MemoDocument, MemoHeader
from ita_docs.parts import Part, PartsInput, apply_parts
from ita_docs.placeholders import PlaceholderError, check_text, fill_names, placeholders
from ita_docs.thai import (
    closing_date_line,
    convert_digits,
    fiscal_year_text,
    format_date,
    format_score,
    library_code,
)


def _as_list(value: Any) -> Any:
    """A single string where a list is meant (YAML `responsible: กองคลัง`) is a list of one."""
    if isinstance(value, str):
        return [line.strip() for line in value.split("\n") if line.strip()]
    return value


@lru_cache(maxsize=1024)
def _one_line(text: str) -> str:
    """A wording's text on one line (the same few texts, every row of a batch)."""
    return " ".join(text.split())


# --- input ---------------------------------------------------------------------------------------

class O42Agency(Strict):
    """The agency as every document of the set names it."""

    name: Text  # องค์การบริหารส่วนตำบลเขาชัยสน
    unit: Text | None = None  # ส่วนราชการ of the memos, e.g. สำนักงานปลัด
    district: Text | None = None  # อำเภอ (without the word อำเภอ)
    province: Text | None = None  # จังหวัด (without the word จังหวัด)
    website: Text | None = None
    number_prefix: Text | None = None  # ที่ of the memos, e.g. พท 71201
    emblem: FilePath | None = None
    chief: Person  # the chief executive: signs the announcements and the circular


class MeasureResult(Strict):
    """What was done under a measure during the year (the O43 report)."""

    action: Text  # การดำเนินการ
    when: DateOrText | None = None  # a date or a period as written
    by: Text | None = None  # ผู้รับผิดชอบ, when not the measure's
    outcome: Text | None = None  # ผลการดำเนินการ
    evidence: Text | None = None  # a link to the evidence


class Measure(Strict):
    title: Text
    steps: list[Text] = Field(default_factory=list)  # ขั้นตอนหรือวิธีการ
    responsible: list[Text] = Field(default_factory=list)  # ผู้รับผิดชอบ
    monitoring: Text | None = None  # การกำกับติดตาม
    period: Text | None = None  # ระยะเวลา (default: the whole fiscal year)
    indicator: Text | None = None  # the indicator it addresses (code or name)
    result: MeasureResult | None = None

    @field_validator("steps", "responsible", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _as_list(value)


class ItemCodes(Strict):
    """OIT item codes the documents cite; by default those of the target year's framework."""

    analysis: Text | None = None  # O42 (2563–2566), O25 (2569)
    implementation: Text | None = None  # O43, O26
    culture: Text | None = None  # the organisational-culture item (O38 in 2563–2565)


class DocumentSettings(PartsInput):
    """What one document of the set may do its own way: its parts (ita_docs/parts.py), and its own
    lists of strengths, weaknesses and measure titles instead of the set's."""

    strengths: list[Text] | None = None
    weaknesses: list[Text] | None = None
    measures: list[Text] | None = None  # this document's wording of the measures (titles, in order)


class ProposalMemoSettings(DocumentSettings):
    part_catalogue = catalogues.O42_MEMO
    date: Date | None = None
    number: DocumentNumber | None = None  # default: the agency's prefix, running number left blank
    to: Text | None = None  # default: the chief executive's position
    subject: Text | None = None
    author: Person | None = None  # signs the memo; also prepares the reports unless they say
    reviewers: list[Person] = Field(default_factory=list)  # in order up to the chief executive


class CircularMemoSettings(DocumentSettings):
    part_catalogue = catalogues.CIRCULAR_MEMO
    date: Date | None = None
    number: DocumentNumber | None = None  # the whole number: agency code / ว running, e.g. "อด 52708/ว 245"
    to: Text | None = None
    subject: Text | None = None


class AnnouncementSettings(DocumentSettings):
    part_catalogue = catalogues.MEASURES_ANNOUNCEMENT
    date: Date | None = None  # ประกาศ ณ วันที่ (blank for the chief to fill in when left out)


class CultureAnnouncementSettings(AnnouncementSettings):
    part_catalogue = catalogues.CULTURE_ANNOUNCEMENT


class ReportSettings(DocumentSettings):
    part_catalogue = catalogues.ANALYSIS_REPORT
    preparer: Person | None = None  # default: the proposal memo's author
    summary: Text | None = None  # the O43 report's own summary, after the computed one


class O43ReportSettings(ReportSettings):
    part_catalogue = catalogues.O43_REPORT


def _card_or_published(value: Any, handler: Any) -> ScoreCard | PublishedResult:
    """A score card as before (its errors named as before), or, without indicator scores, the
    published result (a tagged union would put its tag into every error's field name)."""
    if assessment_tag(value) == "published":
        if isinstance(value, PublishedResult):
            return value
        try:
            return PublishedResult.model_validate(value)
        except ValidationError as exc:
            problems = problems_from_validation_error(exc)
            raise ValueError("; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)) \
                from None
    return handler(value)


Assessment = Annotated[ScoreCard, WrapValidator(_card_or_published)]
"""Last year's result: a score card (indicator scores), or only the published total and grade
(a PublishedResult, which the set reads where it reads a card)."""


class O42Input(InputDocument):
    """The fields every kind of the set reads (a bundle adds the settings of all documents)."""

    agency: O42Agency
    # last year's result, as in `ita-docs score` (fiscal_year, scores, …); or, when the indicator scores
    # were not kept, fiscal_year, published_total, published_grade (and published_tools)
    assessment: Assessment = Field(description=(
        "a score card (fiscal_year, scores, …), or when the indicator scores were not kept: fiscal_year, "
        "published_total, published_grade and optionally published_tools / คะแนนรายตัวชี้วัด หรือคะแนนรวมและระดับที่ประกาศ"))
    fiscal_year: int | None = Field(None, ge=2500, le=2700)  # the measures' year: last year + 1
    items: ItemCodes = ItemCodes()
    strengths: list[Text] | None = None  # proposed from the scores when left out
    weaknesses: list[Text] | None = None
    measures: list[Measure] | None = None
    culture_guidelines: list[Text] | None = None
    wording: dict[str, Any] = Field(default_factory=dict)  # overrides of texts/o42.yaml
    texts: dict[str, Any] = Field(default_factory=dict)  # overrides of the assessment's default texts

    @field_validator("assessment")
    @classmethod
    def _published_figures_match(cls, card: ScoreCard | PublishedResult) -> ScoreCard | PublishedResult:
        card.verify(strict=True)  # a mistyped published total or grade is an error, not a footnote
        return card

    @model_validator(mode="after")
    def _check(self) -> O42Input:
        framework = self.assessment.framework
        for n, measure in enumerate(self.measures or ()):
            if measure.indicator and _indicator_code(framework, measure.indicator) is None:
                raise ValueError(
                    f"measures.{n}.indicator: ไม่มีตัวชี้วัด {measure.indicator!r} ในปี "
                    f"{framework.fiscal_year} (มี {', '.join(framework.indicator_codes)}) / unknown "
                    f"indicator {measure.indicator!r} (known: {', '.join(framework.indicator_codes)})"
                )
        _check_wording(self.wording)
        if self.fiscal_year is not None and self.fiscal_year <= self.assessment.fiscal_year:
            raise ValueError(
                f"fiscal_year: ปีของมาตรการ ({self.fiscal_year}) ต้องหลังปีของผลการประเมิน "
                f"({self.assessment.fiscal_year}) / the measures' year must follow the assessed year"
            )
        return self


def _indicator_code(framework: Framework, key: str) -> str | None:
    key = str(key).strip()
    if key.upper() in framework.indicator_codes:
        return key.upper()
    found = framework.find_indicator(key)
    return found.code if found else None


# --- default wording (data) ----------------------------------------------------------------------

def _default_wording() -> dict[str, Any]:
    return kind_texts("o42")


def _default_measures() -> dict[str, dict]:
    return kind_texts("o42_measures")


# What every sentence of the set may name (O42Set.values); a sentence may also name what its
# default names (values its caller adds, e.g. {tools_pass}).
_SET_NAMES = SET_NAMES
# Wording filled with values of its own instead (see where each is used); None: used as typed.
_OWN_NAMES: dict[str, frozenset[str] | None] = {
    "place": frozenset({"district", "province"}),
    "item_clause": frozenset({"item"}),
    "announcement_date": frozenset({"date"}),
    "strength_indicator": frozenset({"name", "score", "pass_mark"}),
    "strength_passed": frozenset({"name", "score", "pass_mark"}),
    "weakness_indicator": frozenset({"name", "score", "pass_mark", "gap"}),
    "weakness_oit_zero": frozenset({"item"}),
    "weakness_none": frozenset({"name", "score"}),
    "recommendation_scored": frozenset({"name", "score", "recommendation"}),
    "recommendation_unscored": frozenset({"name", "recommendation"}),
    "manual": None, "culture_guidelines": None, "o43_labels": None,
}


def wording_names(key: str) -> frozenset[str] | None:
    """The placeholders an override of `wording.KEY` may use (None: it is used as typed)."""
    if key in _OWN_NAMES:
        return _OWN_NAMES[key]
    return _SET_NAMES | _names_in(f"wording.{key}", _default_wording()[key])


def _check_wording(wording: dict[str, Any]) -> None:
    """Every override known, shaped like its default, and using only plain {name}s it is given
    (PlaceholderError naming wording.KEY and the names there are)."""
    defaults = _default_wording()
    for key, value in wording.items():
        if key not in defaults:
            raise PlaceholderError(f"wording.{key}", "ไม่รู้จักข้อความนี้ / unknown wording key; "
                                                     f"known: {', '.join(sorted(defaults))}")
        if key in _OWN_NAMES:
            allowed = _OWN_NAMES[key]
        else:
            allowed = _SET_NAMES | _names_in(f"wording.{key}", defaults[key])
        _check_shape(f"wording.{key}", value, defaults[key], allowed)


def _names_in(field: str, default: Any) -> frozenset[str]:
    if isinstance(default, dict):
        return frozenset().union(*(_names_in(field, v) for v in default.values()))
    if isinstance(default, list):
        return frozenset().union(*(_names_in(field, v) for v in default))
    return frozenset(placeholders(field, str(default)))


def _check_shape(field: str, value: Any, default: Any, allowed: frozenset[str] | None) -> None:
    if isinstance(default, dict):
        if not isinstance(value, dict) or set(value) != set(default):
            raise PlaceholderError(field, f"ต้องเป็น mapping ที่มีคีย์ {', '.join(default)} / must be a mapping "
                                          f"with the keys {', '.join(default)}")
        for key, item in value.items():
            _check_shape(f"{field}.{key}", item, default[key], allowed)
    elif isinstance(default, list):
        if not isinstance(value, list):
            raise PlaceholderError(field, "ต้องเป็นรายการข้อความ / must be a list of texts")
        for n, item in enumerate(value):
            _check_shape(f"{field}.{n}", item, "", allowed)
    elif not isinstance(value, str):
        raise PlaceholderError(field, "ต้องเป็นข้อความ / must be text")
    elif allowed is not None:
        check_text(field, value, allowed)


# --- the derived set -----------------------------------------------------------------------------

@dataclass(frozen=True)
class O42Set:
    """Everything the documents of one set state, derived once from an O42Input."""

    source: O42Input
    card: ScoreCard | PublishedResult
    fiscal_year: int  # the measures' year
    target_framework: Framework | None
    analysis_item: str | None
    implementation_item: str | None
    culture_item: str | None
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    measures: tuple[Measure, ...]
    culture_guidelines: tuple[str, ...]
    wording: dict[str, Any]
    texts: Texts

    @classmethod
    def derive(cls, doc: O42Input) -> O42Set:
        card = doc.assessment
        year = doc.fiscal_year or card.fiscal_year + 1
        try:
            target = load_framework(year)
        except FrameworkError:
            target = None
            warnings.warn(
                f"ไม่มีกรอบการประเมินของปีงบประมาณ {year}: ไม่ระบุรหัสข้อ OIT ในเอกสาร เว้นแต่กำหนดใน items / "
                f"no framework for fiscal year {year}: OIT item codes are left out unless given in `items`",
                ItaDocsWarning, stacklevel=2)
        items = doc.items
        analysis = items.analysis or (target.analysis_item if target else None)
        implementation = items.implementation or (target.implementation_item if target else None)
        culture = items.culture or _culture_item(target)
        if target is not None and not (analysis and implementation):
            warnings.warn(
                f"กรอบการประเมินปี {year} ไม่ระบุข้อ OIT ของการวิเคราะห์ผลและมาตรการ: กำหนดได้ที่ "
                f"items.analysis และ items.implementation / the {year} framework does not say which OIT "
                "items hold the analysis and its implementation: set items.analysis/implementation",
                ItaDocsWarning, stacklevel=2)
        wording = {**_default_wording(), **doc.wording}
        texts = load_texts(doc.texts) if doc.texts else load_texts()
        proposed: list[tuple[str, str]] = []
        scored = isinstance(card, ScoreCard)  # proposals need the indicator scores; never invented
        strengths = doc.strengths if doc.strengths is not None else (
            _propose_strengths(card, wording, proposed) if scored else [])
        weaknesses = doc.weaknesses if doc.weaknesses is not None else (
            _propose_weaknesses(card, wording, proposed) if scored else [])
        measures = doc.measures if doc.measures is not None else (
            _propose_measures(card, proposed) if scored else [])
        left_out = [en for en, given in (("strengths", doc.strengths), ("weaknesses", doc.weaknesses),
                                          ("measures", doc.measures)) if given is None and not scored]
        if left_out:
            warnings.warn(
                f"มีเพียงคะแนนรวมที่ประกาศ จึงไม่เสนอ {', '.join(left_out)} ให้ (ระบุเองได้) / only the published "
                f"total is known: no {', '.join(left_out)} proposed; give them to have them",
                ItaDocsWarning, stacklevel=2)
        if proposed:
            warnings.warn(
                f"ไม่ได้ระบุ{' '.join(th for th, _ in proposed)}: เสนอจากผลคะแนนแล้ว โปรดทบทวนก่อนใช้ / "
                f"no {', '.join(en for _, en in proposed)} given: proposed from the scores, review before use",
                ItaDocsWarning, stacklevel=2)
        guidelines = doc.culture_guidelines if doc.culture_guidelines is not None else wording["culture_guidelines"]
        return cls(doc, card, year, target, analysis, implementation, culture, tuple(strengths),
                   tuple(weaknesses), tuple(measures), tuple(guidelines), wording, texts)

    @property
    def indicators_known(self) -> bool:
        """The indicator scores are known (a score card), not only the published total."""
        return isinstance(self.card, ScoreCard)

    @property
    def tools_known(self) -> bool:
        return bool(self.card.tool_results())

    @property
    def scored(self) -> ScoreCard:
        """The score card, where the indicator scores are needed (callers check indicators_known)."""
        assert isinstance(self.card, ScoreCard), "indicator scores asked of a published-only result"
        return self.card

    @property
    def summary_card(self) -> ScoreCard:
        """The card as the assessment's sentences read it: a PublishedResult has every figure they
        read of it (year, total, grade, pass mark, tools when known)."""
        return cast(ScoreCard, self.card)

    # --- wording -----------------------------------------------------------------------------
    @property
    def digits(self) -> Digits:
        return self.source.digits

    @property
    def agency(self) -> O42Agency:
        return self.source.agency

    @cached_property
    def values(self) -> dict[str, str]:
        """What every sentence of the set may name (worked out once per set, not per sentence)."""
        agency = self.agency
        place = ""
        if agency.district and agency.province:
            place = self._fill("place", self.wording["place"], district=agency.district, province=agency.province)
        return {
            "agency": agency.name,
            "place": place,
            "manual": self.wording["manual"],
            "fiscal_year": str(self.fiscal_year),
            "fiscal_year_text": fiscal_year_text(self.fiscal_year, digits="arabic"),
            "previous_year": str(self.card.fiscal_year),
            "previous_year_text": fiscal_year_text(self.card.fiscal_year, digits="arabic"),
            "total": format_score(self.card.rounded_total, digits="arabic"),
            "grade": self.card.grade,
            "pass_mark": format_score(self.card.pass_mark, digits="arabic").removesuffix(".00"),
            "analysis_item": library_code(self.analysis_item or ""),
            "items": " และ ".join(library_code(c) for c in (self.analysis_item, self.implementation_item) if c),
            "count": str(len(self.measures)),
        }

    @property
    def _values(self) -> dict[str, str]:  # the name the sandbox's tests read
        return self.values

    def say(self, key: str, **extra: Any) -> str:
        """A sentence of the set's wording with its placeholders filled (digits as typed: the
        renderer converts body text; template fields go through `field`)."""
        text = fill_names(f"wording.{key}", _one_line(str(self.wording[key])), {**self.values, **extra})
        return " ".join(text.split()) if "  " in text else text  # an empty value leaves no double space

    def lines(self, key: str, part: str | None = None, **extra: Any) -> list[str]:
        """A list of the wording (e.g. the title lines; `part` picks from a mapping of lists)."""
        values = {**self.values, **extra}
        listed = self.wording[key] if part is None else self.wording[key][part]
        return [fill_names(f"wording.{key}", str(line), values) for line in listed]

    @staticmethod
    def _fill(key: str, text: str, **values: Any) -> str:
        return fill_names(f"wording.{key}", text, values)

    def field(self, text: str | None) -> str:
        """A template field (subject, unit, …): its digits converted here."""
        return convert_digits(text, self.digits) if text else ""

    def item_clause(self, item: str | None) -> str:
        return self._fill("item_clause", self.wording["item_clause"], item=library_code(item)) if item else ""

    # --- parts of a document ---------------------------------------------------------------------
    def for_document(self, settings: DocumentSettings) -> O42Set:
        """The set as one document states it: its own strengths, weaknesses and measure titles
        when its settings give them (a measure keeps the set's details at the same place)."""
        changes: dict[str, Any] = {}
        if settings.strengths is not None:
            changes["strengths"] = tuple(settings.strengths)
        if settings.weaknesses is not None:
            changes["weaknesses"] = tuple(settings.weaknesses)
        if settings.measures is not None:
            shared = self.measures
            changes["measures"] = tuple(
                shared[n].model_copy(update={"title": title}) if n < len(shared) else Measure(title=title)
                for n, title in enumerate(settings.measures))
        return dataclasses.replace(self, **changes) if changes else self

    def part(self, part_id: str, key: str | None, make, text: str | None = None, **extra: Any) -> Part:
        """A part worded by `key` of the wording (or `text`, already worded), built by make(text);
        a reworded text may name the set's values and `extra`."""
        default = self.say(key, **extra) if key else text
        # the values are looked up only when the input rewords the part: not copied for each part
        return Part(part_id, make(default), make, ChainMap(extra, self.values) if extra else self.values)

    @staticmethod
    def arrange(parts: list[Part], *inputs: Any) -> list[Part]:
        """The parts after the changes of each input that has them (the document's settings, then
        the standalone kind's own `parts:`/`add:`)."""
        changes: dict = {}
        added: list = []
        for source in inputs:
            if isinstance(source, PartsInput):
                changes.update(source.parts)
                added += source.add
        return apply_parts(parts, changes, added)

    # --- figures -------------------------------------------------------------------------------
    def result_paragraph(self) -> str:
        card = self.summary_card
        sentences = [result_sentence(card, subject=self.agency.name, with_year=True, digits="arabic",
                                     texts=self.texts)]
        if self.tools_known:
            sentences.append(tools_pass_sentence(card, digits="arabic", texts=self.texts))
        if self.indicators_known:
            sentences.append(top_bottom_sentence(self.scored, digits="arabic", texts=self.texts))
        return " ".join(sentences)

    def indicator_of(self, measure: Measure):
        if not measure.indicator or not self.indicators_known:
            return None
        code = _indicator_code(self.card.framework, measure.indicator)
        return next(r for r in self.scored.indicator_results() if r.code == code)

    def period_of(self, measure: Measure) -> str:
        return measure.period or self.say("period_default")

    def monitoring_of(self, measure: Measure) -> str:
        return measure.monitoring or self.say("monitoring_default")

    # --- documents' shared parts ---------------------------------------------------------------
    def memo(self, *, number: DocumentNumber | None, date: dt.date | None, subject: str, to: str,
             body: list, closing: str, signer: Person, comments: Sequence[Comment] = ()) -> dict:
        """A memo of the set, filled by the generic memo kind (one rule for every letterhead):
        ส่วนราชการ is the unit and the agency; ที่ defaults to the agency's prefix, number blank."""
        agency = self.agency
        memo = MemoDocument(
            digits=self.digits, style=self.source.style,
            agency=Agency(name=agency.name, emblem=agency.emblem),
            header=MemoHeader(unit=f"{agency.unit} {agency.name}" if agency.unit else agency.name,
                              number=number or DocumentNumber(prefix=agency.number_prefix or ""),
                              date=date, subject=subject, to=to),
            body=list(body), closing=closing, signature=signer, comments=list(comments),
        )
        return memo_context(memo)

    def date_line(self, date: dt.date | None, verb: str = "ประกาศ") -> str:
        if date is not None:
            return closing_date_line(date, verb, digits=self.digits)
        # Left blank for the signer to date by hand, as clerks leave it.
        return f"{verb} ณ วันที่ {'.' * 12} เดือน {'.' * 24} พ.ศ. {'.' * 10}"

    def announcement_date_phrase(self, date: dt.date | None) -> str:
        return self._fill("announcement_date", self.wording["announcement_date"],
                          date=format_date(date, digits="arabic")) if date else ""

    @property
    def chief(self) -> Person:
        return self.agency.chief


PLACEHOLDER_SIGNER = Person(name="." * 40, position=["." * 40])
"""A signer left for the clerk to type in (a draft made from nothing but the scores)."""


def _culture_item(framework: Framework | None) -> str | None:
    if framework is None:
        return None
    for item in framework.oit_items:
        if item.name and "วัฒนธรรมองค์กร" in item.name:
            return item.code
    return None


def _propose_strengths(card: ScoreCard, wording: dict, proposed: list) -> list[str]:
    proposed.append(("จุดแข็ง", "strengths"))
    passed = [r for r in card.ranked_indicators() if r.passed]
    chosen = passed[:3] if passed else card.ranked_indicators()[:2]
    key = "strength_passed" if passed else "strength_indicator"
    pass_mark = format_score(card.pass_mark, digits="arabic").removesuffix(".00")
    return [O42Set._fill(key, wording[key], name=r.name, score=format_score(r.rounded, digits="arabic"),
                         pass_mark=pass_mark) for r in chosen]


def _propose_weaknesses(card: ScoreCard, wording: dict, proposed: list) -> list[str]:
    proposed.append(("จุดอ่อน", "weaknesses"))
    pass_mark = card.pass_mark
    shown_mark = format_score(pass_mark, digits="arabic").removesuffix(".00")
    below = [r for r in reversed(card.ranked_indicators()) if not r.passed][:5]
    out = [O42Set._fill(
        "weakness_indicator", wording["weakness_indicator"], name=r.name,
        score=format_score(r.rounded, digits="arabic"), pass_mark=shown_mark,
        gap=format_score(pass_mark - r.rounded, digits="arabic")) for r in below]
    out += [O42Set._fill("weakness_oit_zero", wording["weakness_oit_zero"], item=library_code(item.label))
            for item in card.zero_oit_items()]
    if not out:
        lowest = card.ranked_indicators()[-1]
        out.append(O42Set._fill("weakness_none", wording["weakness_none"], name=lowest.name,
                                score=format_score(lowest.rounded, digits="arabic")))
    return out


def _propose_measures(card: ScoreCard, proposed: list) -> list[Measure]:
    """One default measure for each of the (up to five) weakest indicators under the pass mark,
    or the three weakest when all passed."""
    proposed.append(("มาตรการ", "measures"))
    ranked = list(reversed(card.ranked_indicators()))
    chosen = [r for r in ranked if not r.passed][:5] or ranked[:3]
    defaults = _default_measures()
    return [Measure(**defaults[r.code], indicator=r.code) for r in chosen if r.code in defaults]

