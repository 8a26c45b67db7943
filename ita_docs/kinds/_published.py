"""Last year's ITA result as the agency kept it when the indicator scores are gone: the published
total and grade, and the tool scores if known (issue 15 item 3). The O42 set reads it where it
would read a ScoreCard; a part that needs figures not given (the ranked indicators …) is left out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import PrivateAttr, field_validator, model_validator

from ita_docs.assessment import Framework, FrameworkError, ScoreCard, load_framework, parse_score
from ita_docs.assessment.scorecard import ToolScore
from ita_docs.model.common import Strict, Text
from ita_docs.thai import round_half_up


class PublishedResult(Strict):
    """`assessment:` without `scores:` — what the NACC published for the agency."""

    fiscal_year: int
    published_total: Decimal
    published_grade: Text
    published_tools: dict[str, Decimal] | None = None  # tool code → score, all tools of the year

    _framework: Framework = PrivateAttr()

    @field_validator("published_total", mode="before")
    @classmethod
    def _total(cls, value: Any) -> Decimal:
        return parse_score(value, "published_total")

    @field_validator("published_tools", mode="before")
    @classmethod
    def _tools(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k).strip().upper(): parse_score(v, f"published_tools.{k}") for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _check(self) -> PublishedResult:
        try:
            framework = load_framework(self.fiscal_year)
        except FrameworkError as exc:
            raise ValueError(f"fiscal_year: {exc}") from None
        grading = framework.grading
        grade = " ".join(self.published_grade.split())
        if grade not in grading.labels:
            raise ValueError(f"published_grade: ไม่มีระดับ {grade!r} ในปี {self.fiscal_year} (มี "
                             f"{', '.join(grading.labels)}) / unknown grade (known: {', '.join(grading.labels)})")
        tools = self.published_tools
        if tools is not None and set(tools) != set(framework.tool_codes):
            raise ValueError(f"published_tools: ต้องมีคะแนนของแบบวัด {', '.join(framework.tool_codes)} ครบ / "
                             f"give the score of every tool: {', '.join(framework.tool_codes)}")
        try:
            computed = grading.grade(self.rounded_total, tools).label
        except ValueError:  # a per-tool floor and no tool scores: the total's range is all we can check
            computed = grade if self.rounded_total >= grading.level(grade).min_total else "?"
        if computed != grade:
            raise ValueError(f"published_grade: คะแนน {self.rounded_total} อยู่ในระดับ {computed} ไม่ใช่ {grade} / "
                             f"a total of {self.rounded_total} is graded {computed}, not {grade}")
        self._framework = framework
        return self

    # --- what the O42 set reads of a score card --------------------------------------------------
    @property
    def framework(self) -> Framework:
        return self._framework

    @property
    def rounded_total(self) -> Decimal:
        return round_half_up(self.published_total, 2)

    @property
    def grade(self) -> str:
        return " ".join(self.published_grade.split())

    @property
    def pass_mark(self) -> Decimal:
        return self._framework.pass_mark

    @property
    def passed(self) -> bool:
        return self.rounded_total >= self.pass_mark

    def tool_results(self) -> list[ToolScore]:
        """The tools with their published scores (none when not given)."""
        if not self.published_tools:
            return []
        mark = self.pass_mark
        return [ToolScore(t.code, t.name_th, t.weight, self.published_tools[t.code],
                          round_half_up(self.published_tools[t.code], 2),
                          round_half_up(self.published_tools[t.code], 2) >= mark)
                for t in self._framework.tools]

    def verify(self, strict: bool = True) -> list:
        return []  # checked when read: the grade agrees with the total


def assessment_tag(value: Any) -> str:
    """A score card when indicator (or OIT item) scores are given, else the published result."""
    if isinstance(value, ScoreCard):
        return "card"
    if isinstance(value, PublishedResult):
        return "published"
    if isinstance(value, dict) and "scores" not in value and "oit_items" not in value \
            and "published_total" in value:
        return "published"
    return "card"


__all__ = ["PublishedResult", "assessment_tag"]
