"""Document numbers: "ที่ พท ๗๑๒๐๑/๑๒๓", circulars "ที่ มท ๐๘๑๐.๓/ว ๑๒๓", order numbers "๑๒/๒๕๖๗".

The label "ที่" is written by the template, not by these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import check_be_year
from .digits import Digits, convert_digits

__all__ = ["DocumentNumber", "format_order_number"]

# "ที่" (tone mark and vowel never occur in an agency code, so it cannot be part of the prefix).
_LABEL_RE = re.compile(r"^ที่\s*")
_CIRCULAR_RE = re.compile(r"^ว(?:\s+|(?=[0-9๐-๙])|$)")
_SPACES_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class DocumentNumber:
    """Agency code + unit number (``prefix``) / running number, "ว" marking a circular.

    >>> DocumentNumber.parse("ที่ มท 0810.3/ว 123").format()
    'มท ๐๘๑๐.๓/ว ๑๒๓'
    """

    prefix: str
    running: str = ""
    circular: bool = False

    @classmethod
    def parse(cls, text: str) -> DocumentNumber:
        """"นธ 61406/78", "ที่ มท ๐๘๑๐.๓/ว ๑๒๓", "พท ๗๑๒๐๑/" (digits are kept as typed).

        >>> DocumentNumber.parse("นธ 61406/78")
        DocumentNumber(prefix='นธ 61406', running='78', circular=False)
        >>> DocumentNumber.parse("พท 71201/")
        DocumentNumber(prefix='พท 71201', running='', circular=False)
        """
        s = _SPACES_RE.sub(" ", text.strip())
        s = _LABEL_RE.sub("", s)
        prefix, slash, running = s.rpartition("/")
        if not slash:  # no "/" at all: a bare prefix, number to be given by hand
            if _CIRCULAR_RE.match(s):  # "ว 245": a circular's running number without the agency code
                raise ValueError(
                    f"ขาดรหัสหน่วยงาน เขียนเลขที่เต็ม เช่น 'อด 52708/ว 245' / the agency code is missing: write the "
                    f"whole number, e.g. 'อด 52708/ว 245'; got {text!r}")
            prefix, running = s, ""
        prefix, running = prefix.strip(), running.strip()
        circular = False
        m = _CIRCULAR_RE.match(running)
        if m:
            circular = True
            running = running[m.end():].strip()
        if not prefix:
            raise ValueError(
                f"เลขที่หนังสือต้องมีรหัสหน่วยงาน เช่น 'พท 71201/123' / "
                f"document number needs an agency code, e.g. 'พท 71201/123'; got {text!r}"
            )
        return cls(prefix=prefix, running=running, circular=circular)

    def format(self, digits: Digits = "thai") -> str:
        """The number as the document prints it (after its "ที่" label).

        >>> DocumentNumber("พท 71201", "123").format(), DocumentNumber("พท 71201").format("arabic")
        ('พท ๗๑๒๐๑/๑๒๓', 'พท 71201/')
        """
        tail = f"ว {self.running}".rstrip() if self.circular else self.running
        return convert_digits(f"{self.prefix}/{tail}", digits)


def format_order_number(running: int | str, year_be: int, *, digits: Digits = "thai") -> str:
    """Number of a คำสั่ง/ประกาศ.

    >>> format_order_number(12, 2567), format_order_number("12", 2567, digits="arabic")
    ('๑๒/๒๕๖๗', '12/2567')
    """
    check_be_year(year_be)
    return convert_digits(f"{str(running).strip()}/{year_be}", digits)
