"""Write ita_docs/thai/calendar_names.json: the CLDR month and day names (Thai, and English for
messages), from Babel.

Run: python scripts/build_calendar_names.py

Babel stays the source of the names; rendering reads them from this small file because loading
Babel and its Thai and English locale data took about a tenth of an `ita-docs render`'s start-up.
tests/test_thai_dates.py checks the committed file is what this script writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel.dates import get_day_names, get_month_names

OUT = Path(__file__).resolve().parent.parent / "ita_docs" / "thai" / "calendar_names.json"


def calendar_names() -> dict[str, dict[str, dict[str, str]]]:
    """locale → {months, months_abbreviated, days} → number (as text: JSON keys) → name. Months
    1–12; days 0 = Monday … 6 = Sunday, as date.weekday() counts them. English (for messages) has
    no abbreviated months: nothing writes them."""
    def names(locale: str) -> dict[str, dict[str, str]]:
        return {
            "months": {str(n): name for n, name in get_month_names("wide", locale=locale).items()},
            "months_abbreviated": {str(n): name for n, name in get_month_names("abbreviated", locale=locale).items()},
            "days": {str(n): name for n, name in get_day_names("wide", locale=locale).items()},
        }

    english = names("en")
    del english["months_abbreviated"]
    return {"th": names("th"), "en": english}


def build() -> str:
    return json.dumps(calendar_names(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    OUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUT}")
