"""How many agencies reached each grade (or rating) in one fiscal year (SPEC §2 score memo,
provincial summaries): count and share per grade in the framework's order, and the share at or
above the pass mark."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Optional

from ita_docs.thai import Digits, format_percent, format_score

from .framework import Framework, load_framework
from .scorecard import ScoreCard, ScoreError, _dec

__all__ = ["GradeDistribution", "GradeShare"]


@dataclass(frozen=True)
class GradeShare:
    """One grade's row: ``share`` is a percentage (0–100), unrounded."""

    label: str
    label_en: Optional[str]
    min_total: Decimal
    max_total: Optional[Decimal]
    count: int
    share: Decimal
    passing: bool

    def range_text(self, digits: Digits = "thai") -> str:
        """"๘๕.๐๐–๙๔.๙๙" (or "๙๕.๐๐–๑๐๐")."""
        top = format_score(self.max_total, digits=digits) if self.max_total is not None else format_score(100, digits=digits)
        return f"{format_score(self.min_total, digits=digits)}–{top}"

    def share_text(self, decimals: int = 2, *, digits: Digits = "thai") -> str:
        return format_percent(self.share, decimals, digits=digits)


@dataclass(frozen=True)
class GradeDistribution:
    """Counts per grade of one fiscal year's framework, in its order (AA … F or ผ่านดีเยี่ยม …)."""

    fiscal_year: int
    rows: tuple[GradeShare, ...]
    framework: Framework

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)

    @property
    def passed_count(self) -> int:
        """Agencies at or above the pass mark (grades whose lowest total reaches it)."""
        return sum(r.count for r in self.rows if r.passing)

    @property
    def passed_share(self) -> Decimal:
        """Percentage of agencies at or above the pass mark (0 when there are none)."""
        return _pct(self.passed_count, self.total)

    @property
    def pass_mark(self) -> Decimal:
        return self.framework.pass_mark

    def count(self, label: str) -> int:
        return self.row(label).count

    def share(self, label: str) -> Decimal:
        return self.row(label).share

    def row(self, label: str) -> GradeShare:
        for r in self.rows:
            if r.label == label:
                return r
        raise KeyError(label)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly summary (shares rounded half-up to 2 decimals)."""
        from ita_docs.thai import round_half_up

        return {
            "fiscal_year": self.fiscal_year,
            "total": self.total,
            "grades": [
                {"grade": r.label, "count": r.count, "share": float(round_half_up(r.share, 2))}
                for r in self.rows
            ],
            "passed": self.passed_count,
            "passed_share": float(round_half_up(self.passed_share, 2)),
        }

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def from_counts(
        cls,
        fiscal_year: int,
        counts: Mapping[str, Any],
        framework: Optional[Framework] = None,
    ) -> GradeDistribution:
        """From published counts, e.g. ``{"AA": 12, "A": 30, …}``; grades not given count 0."""
        fw = framework or load_framework(fiscal_year)
        if fw.fiscal_year != fiscal_year:
            raise ScoreError.make(
                "fiscal_year", fiscal_year,
                f"ไม่ตรงกับกรอบการประเมินปี {fw.fiscal_year}", f"does not match the framework's year {fw.fiscal_year}",
            )
        labels = fw.grading.labels
        clean: dict[str, int] = {}
        for key, value in counts.items():
            label = " ".join(str(key).split())
            if label not in labels:
                raise ScoreError.make(
                    f"counts.{key}", key,
                    f"ไม่มีระดับ {key!r} ในปี {fiscal_year} (มี {', '.join(labels)})",
                    f"unknown grade {key!r} for {fiscal_year} (known: {', '.join(labels)})",
                )
            if isinstance(value, bool) or not isinstance(value, int):
                if isinstance(value, str) and value.strip().isdigit():
                    value = int(value.strip())
                elif isinstance(value, float) and value.is_integer():
                    value = int(value)
                else:
                    raise ScoreError.make(
                        f"counts.{key}", value, f"จำนวนต้องเป็นจำนวนเต็ม ไม่ใช่ {value!r}", f"a count must be a whole number, not {value!r}"
                    )
            if value < 0:
                raise ScoreError.make(f"counts.{key}", value, "จำนวนต้องไม่ติดลบ", "a count cannot be negative")
            clean[label] = clean.get(label, 0) + value
        return cls._build(fw, clean)

    @classmethod
    def from_cards(cls, cards: Iterable[ScoreCard], fiscal_year: Optional[int] = None) -> GradeDistribution:
        """From score cards of one fiscal year (all cards must share it)."""
        cards = list(cards)
        if not cards and fiscal_year is None:
            raise ScoreError.make("cards", cards, "ไม่มีผลการประเมิน", "no score cards given")
        year = fiscal_year if fiscal_year is not None else cards[0].fiscal_year
        fw = cards[0].framework if cards and cards[0].fiscal_year == year else load_framework(year)
        counts: dict[str, int] = {}
        for n, c in enumerate(cards):
            if c.fiscal_year != year:
                raise ScoreError.make(
                    f"cards[{n}].fiscal_year", c.fiscal_year,
                    f"ปีงบประมาณ {c.fiscal_year} ต่างจาก {year} (การกระจายระดับต้องเป็นปีเดียวกัน)",
                    f"fiscal year {c.fiscal_year} differs from {year} (a distribution covers one year)",
                )
            counts[c.grade] = counts.get(c.grade, 0) + 1
        return cls._build(fw, counts)

    @classmethod
    def _build(cls, fw: Framework, counts: Mapping[str, int]) -> GradeDistribution:
        total = sum(counts.values())
        passing = set(fw.passing_labels())
        rows = []
        for label, low, high in fw.grading.ranges():
            lv = fw.grading.level(label)
            n = counts.get(label, 0)
            rows.append(GradeShare(label, lv.label_en, low, high, n, _pct(n, total), label in passing))
        return cls(fw.fiscal_year, tuple(rows), fw)


def _pct(n: int, total: int) -> Decimal:
    if total == 0:
        return Decimal(0)
    return _dec(Fraction(100 * n, total))
