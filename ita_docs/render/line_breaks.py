"""Where a line of Thai may not break, marked in the PDF copy (issue 14).

LibreOffice breaks Thai with ICU's dictionary, which splits compounds Word keeps whole (ตรวจ|สอบ,
หน่วย|งาน) and cuts numbers from their units. The PDF copy gets a WORD JOINER (U+2060) inside every
word that PyThaiNLP's newmm tokenizer finds with its dictionary (a maintained word list of ~62,000
words, compounds included), and a no-break space between a number and its unit, after พ.ศ. and
ร้อยละ, and inside codes like "O ๔๒". The .docx the officer edits is never touched.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"
ZERO_WIDTH_SPACE = "\u200b"

_THAI_WORDS = re.compile(r"[\u0e01-\u0e4e]{2,}")  # Thai letters and marks (digits ๐–๙ excluded)
_LEADING_VOWELS = "เแโใไ"
# a joiner may go before a consonant or a leading vowel, never before a vowel sign or tone mark
# (they belong to the consonant before) nor after a leading vowel
_JOINABLE = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44\u0e2f]")


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    data = yaml.safe_load(resources.files("ita_docs.render").joinpath("unbreakable.yaml").read_text(encoding="utf-8"))

    def either(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    number_unit = re.compile(rf"(?<=[๐-๙0-9]) ?(?=(?:{either(data['units'])}))")
    word_number = re.compile(rf"({either(data['before numbers'])}|(?<![A-Za-z])[OIE]) ?(?=[๐-๙0-9])")
    return number_unit, word_number, re.compile(either(data["compounds"]))


@lru_cache(maxsize=4096)
def _glued_thai(text: str) -> str:
    """A run of Thai letters with joiners inside each of its dictionary words."""
    from pythainlp.tokenize import word_tokenize  # imported on first use: only the PDF path needs it

    inside: set[int] = set()
    between: set[int] = set()
    position = 0
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        inside.update(range(position + 1, position + len(word)))
        position += len(word)
        between.add(position)
    for match in _rules()[2].finditer(text):  # compounds newmm may cut (ถูก|ต้องตาม)
        inside.update(range(match.start() + 1, match.end()))
    out = [text[0]]
    for index in range(1, len(text)):
        if index in inside:
            if _JOINABLE.match(text[index]) and text[index - 1] not in _LEADING_VOWELS:
                out.append(WORD_JOINER)
        elif index in between:
            # ICU reads the letters between two joiners as a word of their own: the break
            # between words must then be given explicitly
            out.append(ZERO_WIDTH_SPACE)
        out.append(text[index])
    return "".join(out)


def keep_words_whole(text: str) -> str:
    """The text with joiners and no-break spaces where a line may not break."""
    number_unit, word_number, _ = _rules()
    text = number_unit.sub(lambda m: NO_BREAK_SPACE if m.group() else WORD_JOINER, text)
    text = word_number.sub(lambda m: m.group(1) + (NO_BREAK_SPACE if m.group().endswith(" ") else WORD_JOINER),
                           text)
    return _THAI_WORDS.sub(lambda m: _glued_thai(m.group()), text)


_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)([^<]+)(</w:t>)")


def keep_words_whole_in_xml(xml: str) -> str:
    """keep_words_whole on the text of every w:t element of a part."""
    return _TEXT.sub(lambda m: m.group(1) + keep_words_whole(m.group(2)) + m.group(3), xml)
