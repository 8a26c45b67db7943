"""Hypothesis properties of the assessment: bounds, weights, rounding, JSON round trips."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ita_docs.assessment import (
    GradeDistribution,
    ScoreCard,
    available_years,
    load_framework,
)
from ita_docs.score_command import run_score_command

YEARS = st.sampled_from(available_years())
# Published scores have two decimals; allow up to four to exercise rounding.
SCORE2 = st.integers(0, 10000).map(lambda n: Decimal(n).scaleb(-2))
SCORE4 = st.integers(0, 1000000).map(lambda n: Decimal(n).scaleb(-4))


@st.composite
def cards(draw, score=SCORE2):
    year = draw(YEARS)
    fw = load_framework(year)
    scores = {c: draw(score) for c in fw.indicator_codes}
    return ScoreCard(fiscal_year=year, scores=scores)


def reference_half_up(x: Fraction) -> Decimal:
    """Independent half-up rounding of an exact non-negative fraction to 2 decimals."""
    cents = math.floor(x * 100 + Fraction(1, 2))
    return Decimal(cents) / 100


@given(YEARS)
def test_weights_sum_to_one_in_every_framework(year):
    assert sum(t.weight for t in load_framework(year).tools) == Decimal(1)


@given(cards(SCORE4))
@settings(max_examples=300)
def test_total_lies_between_the_lowest_and_highest_tool(card):
    tools = card.tool_scores.values()
    assert min(tools) <= card.total <= max(tools)
    rt = card.rounded_tool_scores.values()
    assert min(rt) <= card.rounded_total <= max(rt)
    assert Decimal(0) <= card.rounded_total <= Decimal(100)


@given(cards(SCORE4))
@settings(max_examples=300)
def test_rounding_is_exact_half_up(card):
    fw = card.framework
    vals = {c: Fraction(v) for c, v in card.scores.items()}
    tools = {t.code: sum(vals[i.code] for i in t.indicators) / len(t.indicators) for t in fw.tools}
    total = sum(Fraction(t.weight) * tools[t.code] for t in fw.tools)
    assert card.rounded_total == reference_half_up(total)
    for code, f in tools.items():
        assert card.rounded_tool_scores[code] == reference_half_up(f)
    assert card.rounded_total.as_tuple().exponent == -2


@given(cards())
@settings(max_examples=300)
def test_card_json_round_trips(card):
    text = card.to_json()
    back = ScoreCard.from_json(text)
    assert back.scores == card.scores
    assert back.to_json() == text
    assert back.verify() == []  # its own figures, re-read as published, verify
    assert json.loads(text)["grade"] == card.grade
    assert ScoreCard.model_validate_json(card.model_dump_json()) == card


@given(cards(SCORE4))
def test_model_round_trip_is_exact_for_any_precision(card):
    assert ScoreCard.model_validate_json(card.model_dump_json()) == card


@given(cards(SCORE4))
def test_grade_is_consistent_with_pass_mark(card):
    fw = card.framework
    assert card.passed == (card.grade in fw.passing_labels())
    ranked = [r.score for r in card.ranked_indicators()]
    assert ranked == sorted(ranked, reverse=True)


@given(st.lists(cards(), min_size=1, max_size=20))
def test_distribution_counts_every_card(cs):
    year = cs[0].fiscal_year
    same = [c for c in cs if c.fiscal_year == year]
    d = GradeDistribution.from_cards(same)
    assert d.total == len(same)
    assert d.passed_count == sum(c.passed for c in same)
    assert abs(sum(r.share for r in d.rows) - 100) < Decimal("1e-20")


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def score_inputs(draw):
    """Mostly-plausible input documents with random damage."""
    base = {
        "fiscal_year": draw(st.sampled_from([2563, 2567, 2020, "2563", None, 25.5, "x"])),
        "scores": draw(
            st.dictionaries(
                st.sampled_from(["I1", "I2", "I3", "I4", "I5", "E6", "E7", "E8", "O9", "O10", "Z", ""]),
                st.one_of(SCORE2.map(float), _JSONISH),
                max_size=11,
            )
        ),
    }
    if draw(st.booleans()):
        base["published_total"] = draw(st.one_of(SCORE2.map(float), _JSONISH))
    if draw(st.booleans()):
        base[draw(st.text(max_size=5))] = draw(_JSONISH)
    if draw(st.booleans()):
        return {"years": draw(st.one_of(st.just([base]), _JSONISH))}
    return base if draw(st.integers(0, 9)) else draw(_JSONISH)


@given(score_inputs(), st.booleans())
@settings(max_examples=200, deadline=None)
def test_score_command_never_raises_on_any_input(tmp_path_factory, data, as_json):
    p = tmp_path_factory.mktemp("in") / "input.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_score_command(str(p), as_json)
    assert code in (0, 2)
    assert "Traceback" not in err
    if code == 2:
        assert out == "" and str(p) in err
    else:
        assert out
