"""Grade distributions (count and share per grade, share at or above the pass mark)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ita_docs.assessment import GradeDistribution, ScoreCard, ScoreError, load_framework


def card(year: int, v) -> ScoreCard:
    return ScoreCard(fiscal_year=year, scores={c: v for c in load_framework(year).indicator_codes})


def test_from_counts_in_framework_order():
    d = GradeDistribution.from_counts(2565, {"A": 30, "AA": 10, "B": 20, "F": 15})
    assert [r.label for r in d.rows] == ["AA", "A", "B", "C", "D", "E", "F"]
    assert [r.count for r in d.rows] == [10, 30, 20, 0, 0, 0, 15]
    assert d.total == 75
    assert d.share("AA") == Decimal("13.33333333333333333333333333")
    assert d.row("A").share_text() == "๔๐.๐๐%"
    assert d.row("AA").share_text(digits="arabic") == "13.33%"
    assert d.passed_count == 40
    assert d.passed_share == Decimal("53.33333333333333333333333333")
    assert d.pass_mark == 85
    assert d.row("A").range_text() == "๘๕.๐๐–๙๔.๙๙"
    assert d.row("AA").range_text(digits="arabic") == "95.00–100.00"
    assert d.as_dict()["passed_share"] == 53.33
    assert sum(g["count"] for g in d.as_dict()["grades"]) == 75


def test_from_cards_letters():
    cards = [card(2563, v) for v in (96, 90, 85, 84.99, 62.83, 40, 40)]
    d = GradeDistribution.from_cards(cards)
    assert d.fiscal_year == 2563
    assert {r.label: r.count for r in d.rows} == {"AA": 1, "A": 2, "B": 1, "C": 0, "D": 1, "E": 0, "F": 2}
    assert d.passed_count == 3
    assert d.passed_share == Decimal(300) / Decimal(7)


def test_from_cards_ratings_2567():
    cards = [card(2567, v) for v in (96, 90, 84.99, 70, 69.99)]
    # a ผ่าน case: total >= 85 with one tool under 85
    fw = load_framework(2567)
    scores = {c: 99 for c in fw.indicator_codes}
    scores.update({"E6": 84, "E7": 84, "E8": 84, "O9": 99.35, "O10": 99.35})
    cards.append(ScoreCard(fiscal_year=2567, scores=scores))
    d = GradeDistribution.from_cards(cards)
    assert [(r.label, r.count) for r in d.rows] == [
        ("ผ่านดีเยี่ยม", 1), ("ผ่านดี", 1), ("ผ่าน", 1), ("ต้องปรับปรุง", 2), ("ต้องปรับปรุงโดยด่วน", 1),
    ]
    assert d.passed_count == 3 and d.passed_share == Decimal(50)
    assert [r.passing for r in d.rows] == [True, True, True, False, False]


def test_empty_and_invalid():
    d = GradeDistribution.from_counts(2564, {})
    assert d.total == 0 and d.passed_share == 0 and all(r.share == 0 for r in d.rows)
    assert GradeDistribution.from_cards([], fiscal_year=2564).total == 0
    with pytest.raises(ScoreError) as ei:
        GradeDistribution.from_counts(2564, {"Z": 1})
    assert ei.value.field == "counts.Z"
    with pytest.raises(ScoreError):
        GradeDistribution.from_counts(2564, {"A": -1})
    with pytest.raises(ScoreError):
        GradeDistribution.from_counts(2564, {"A": "many"})
    assert GradeDistribution.from_counts(2564, {"A": "3", "B": 2.0}).total == 5
    with pytest.raises(ScoreError) as ei:
        GradeDistribution.from_cards([card(2563, 90), card(2564, 90)])
    assert ei.value.field == "cards[1].fiscal_year"
    with pytest.raises(ScoreError):
        GradeDistribution.from_cards([])
