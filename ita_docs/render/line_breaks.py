"""Where a line of Thai may not break, marked in the PDF copy (issue 14).

LibreOffice breaks Thai with ICU's dictionary, which splits compounds Word keeps whole (ตรวจ|สอบ,
หน่วย|งาน) and cuts numbers from their units. The PDF copy gets a WORD JOINER (U+2060) where ICU
could cut a word: where the shorter words that make up a word of PyThaiNLP's dictionary meet (its
newmm tokenizer and ~62,000-word list, compounds included; chosen over PyICU, whose dictionary is
the one that splits them), and letter by letter in the listed compounds and loanwords of
unbreakable.yaml; a no-break space between a number and its unit, after พ.ศ. and ร้อยละ, and inside
codes like "O ๔๒". Few joiners on purpose: each is a character the font lacks (LibreOffice slows
down), and letters cut off by joiners are no word to ICU, which then breaks them at random.
The .docx the officer edits is never touched.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ita_docs.reader import read_data_yaml

WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"

_THAI_WORDS = re.compile(r"[\u0e01-\u0e4e]{2,}")  # Thai letters and marks (digits ๐–๙ excluded)
_LEADING_VOWELS = "เแโใไ"
# a joiner may go before a consonant or a leading vowel, never before a vowel sign or tone mark
# (they belong to the consonant before) nor after a leading vowel
_JOINABLE = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44\u0e2f]")


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    data = read_data_yaml(resources.files("ita_docs.render").joinpath("unbreakable.yaml").read_text(encoding="utf-8"))

    def either(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    number_unit = re.compile(rf"(?<=[๐-๙0-9]) ?(?=(?:{either(data['units'])}))")
    word_number = re.compile(rf"({either(data['before numbers'])}|(?<![A-Za-z])[OIE]) ?(?=[๐-๙0-9])")
    return number_unit, word_number, re.compile(either(data["compounds"]))


@lru_cache(maxsize=4096)
def _glued_thai(text: str) -> str:
    """A run of Thai letters with a joiner wherever ICU's dictionary could cut one of its words."""
    from pythainlp.tokenize import word_dict_trie, word_tokenize  # first use only: the PDF path

    trie = word_dict_trie()
    joints: set[int] = set()
    position = 0
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        joints.update(position + cut for cut in _joints(word, trie))
        position += len(word)
    for match in _rules()[2].finditer(text):  # newmm may cut these (ถูก|ต้องตาม); ICU may not know them
        # where their own words meet (ตรวจ|สอบ), so ICU still sees words around them; letter by
        # letter only for a loanword the dictionary cannot make up (แกรนด์)
        inner = _joints(match.group(), trie) or range(1, len(match.group()))
        joints.update(match.start() + cut for cut in inner if _JOINABLE.match(text[match.start() + cut]))
    out = [text[0]]
    for index in range(1, len(text)):
        if index in joints and text[index - 1] not in _LEADING_VOWELS:
            out.append(WORD_JOINER)
        out.append(text[index])
    return "".join(out)


@lru_cache(maxsize=65536)
def _joints(word: str, trie) -> frozenset[int]:
    """Where shorter dictionary words that make up the whole word meet (ตรวจ|สอบ): only there can
    ICU's dictionary cut it. A joiner anywhere else would leave ICU letters that are no word, and
    it would then break them at random; between joiners it sees whole words and breaks well."""
    ends: dict[int, set[int]] = {0: set()}
    for start in range(len(word)):
        if start in ends:
            for prefix in trie.prefixes(word[start:]):
                if len(prefix) < len(word):
                    ends.setdefault(start + len(prefix), set()).add(start)
    if len(word) not in ends:
        return frozenset()
    cuts, todo = set(), [len(word)]
    while todo:  # back from the end: the joints of every way to make up the word
        for start in ends[todo.pop()]:
            if start and start not in cuts:
                cuts.add(start)
                todo.append(start)
    return frozenset(cut for cut in cuts if _JOINABLE.match(word[cut]))


def keep_words_whole(text: str) -> str:
    """The text with joiners and no-break spaces where a line may not break."""
    number_unit, word_number, _ = _rules()
    text = number_unit.sub(lambda m: NO_BREAK_SPACE if m.group() else WORD_JOINER, text)
    text = word_number.sub(lambda m: m.group(1) + (NO_BREAK_SPACE if m.group().endswith(" ") else WORD_JOINER),
                           text)
    return _THAI_WORDS.sub(lambda m: _glued_thai(m.group()), text)


_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)([^<]+)(</w:t>)")
_PARAGRAPH_OR_TABLE = re.compile(r"<w:p[ >].*?</w:p>|<(/?)w:tbl>", re.DOTALL)
_LAST_WORDS = re.compile(r"( ?)([\u0e01-\u0e4e]+)([.)]?)$")
_PARAGRAPH_CHARS = 80  # about one line of 16 pt Thai: shorter paragraphs have no last line to mend


def _last_word_kept_company(text: str) -> str:
    """The last Thai word of a paragraph tied to the word before it, so the paragraph's last line
    never holds one word alone ("คะแนน", "ราชการ"), as a clerk would pull one down by hand."""
    match = _LAST_WORDS.search(text)
    if match is None:
        return text
    space, thai, stop = match.groups()
    from pythainlp.tokenize import word_tokenize  # the PDF path only

    words = word_tokenize(thai, engine="newmm")
    if len(words) >= 2:
        return text[:match.start(2)] + "".join(words[:-1]) + WORD_JOINER + words[-1] + stop
    if space and match.start() > 0 and text[match.start() - 1] != " ":
        return text[:match.start()] + NO_BREAK_SPACE + thai + stop
    return text


def _mend_last_lines(xml: str) -> str:
    # body paragraphs only: in a narrow table cell two words tied together may not fit a line
    out, position, depth = [], 0, 0
    for match in _PARAGRAPH_OR_TABLE.finditer(xml):
        if match.group().startswith("<w:p"):
            if depth == 0:
                paragraph = match.group()
                texts = list(_TEXT.finditer(paragraph))
                last = texts[-1] if texts else None
                if last is not None and sum(len(t.group(2)) for t in texts) > _PARAGRAPH_CHARS:
                    mended = _last_word_kept_company(last.group(2))
                    if mended != last.group(2):
                        out.append(xml[position:match.start()])
                        out.append(paragraph[:last.start(2)] + mended + paragraph[last.end(2):])
                        position = match.end()
        else:
            depth += -1 if match.group(1) else 1
    out.append(xml[position:])
    return "".join(out)


def keep_words_whole_in_xml(xml: str) -> str:
    """keep_words_whole on the text of every w:t element of a part, and no paragraph of the body
    ending in a line of one word."""
    xml = _mend_last_lines(xml)
    return _TEXT.sub(lambda m: m.group(1) + keep_words_whole(m.group(2)) + m.group(3), xml)
