"""Thai language helpers (SPEC §5): digits, numbers, baht text, dates and fiscal years,
document numbers and list numbering. Pure functions; no dependency on the rest of ita_docs."""

from .baht import baht_text, format_money, thai_number_words
from .dates import (
    BE_OFFSET,
    MIN_BE_YEAR,
    BuddhistYearError,
    ThaiDateError,
    buddhist_year,
    check_be_year,
    closing_date_line,
    day_name,
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_text,
    format_date,
    format_date_era,
    format_date_short,
    format_date_weekday,
    format_month_year,
    format_time,
    format_time_range,
    format_year_be,
    month_name,
    parse_date,
)
from .digits import (
    ARABIC_DIGITS,
    DIGITS_MODES,
    THAI_DIGITS,
    Digits,
    check_digits,
    convert_digits,
    library_code,
    to_arabic_digits,
    to_thai_digits,
    verbatim_spans,
)
from .docnumbers import DocumentNumber, format_order_number
from .numbering import LIST_STYLES, THAI_LIST_LETTERS, list_label, normalize_list_style, style_depth
from .numbers import Number, format_number, format_percent, format_score, round_half_up, to_decimal

__all__ = [
    # digits
    "ARABIC_DIGITS",
    "DIGITS_MODES",
    "THAI_DIGITS",
    "Digits",
    "check_digits",
    "convert_digits",
    "library_code",
    "to_arabic_digits",
    "to_thai_digits",
    "verbatim_spans",
    # numbers
    "Number",
    "format_number",
    "format_percent",
    "format_score",
    "round_half_up",
    "to_decimal",
    # baht
    "baht_text",
    "format_money",
    "thai_number_words",
    # dates
    "BE_OFFSET",
    "MIN_BE_YEAR",
    "BuddhistYearError",
    "ThaiDateError",
    "buddhist_year",
    "check_be_year",
    "closing_date_line",
    "day_name",
    "fiscal_year",
    "fiscal_year_bounds",
    "fiscal_year_text",
    "format_date",
    "format_date_era",
    "format_date_short",
    "format_date_weekday",
    "format_month_year",
    "format_time",
    "format_time_range",
    "format_year_be",
    "month_name",
    "parse_date",
    # document numbers
    "DocumentNumber",
    "format_order_number",
    # list numbering
    "LIST_STYLES",
    "THAI_LIST_LETTERS",
    "list_label",
    "normalize_list_style",
    "style_depth",
]
