"""Warnings and errors a user sees: always in Thai and English, naming the file, row and field."""

from __future__ import annotations

from dataclasses import dataclass

# Exit codes of the command line (and the meaning of ItaDocsError.exit_code).
EXIT_OK, EXIT_SOME_FAILED, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class ItaDocsWarning(UserWarning):
    """Something was produced, but a person should know (missing emblem, removed characters…)."""


class FontMissingWarning(ItaDocsWarning):
    """A PDF was drawn without the document's font (not installed): its Thai text may be boxes."""


class ItaDocsError(Exception):
    """The root of every error of ours: a user's input or environment is wrong, never a bug.

    `problems` says what, each with its field (file and row are on the error); `exit_code` is what
    the command line returns for it (2: a usage or input error unless a subclass says otherwise)."""

    exit_code = EXIT_INPUT

    _problems: list[InputProblem] | None = None

    @property
    def problems(self) -> list[InputProblem]:
        if self._problems is not None:
            return self._problems
        return [InputProblem(str(getattr(self, "field", "") or ""), str(self))]

    @problems.setter
    def problems(self, value: list[InputProblem]) -> None:
        self._problems = value


@dataclass
class InputProblem:
    field: str  # dotted path, e.g. "header.date" or "body.2.table.rows.3"
    message: str  # Thai / English
    value: object = None


class InputError(ItaDocsError, ValueError):
    """An input file (or table row) is invalid; lists every problem with its field."""

    def __init__(self, problems: list[InputProblem], source: str | None = None, row: int | None = None):
        self.problems = problems
        self.source = source
        self.row = row
        super().__init__(self.describe())

    def __reduce__(self):  # crosses process pools with its problems
        return (self.__class__, (self.problems, self.source, self.row))

    def where(self) -> str:
        parts = []
        if self.source:
            parts.append(str(self.source))
        if self.row is not None:
            parts.append(f"แถว/row {self.row}")
        return ", ".join(parts)

    def describe(self) -> str:
        head = self.where()
        lines = [f"{head}: ข้อมูลไม่ถูกต้อง / invalid input" if head else "ข้อมูลไม่ถูกต้อง / invalid input"]
        for p in self.problems:
            value = "" if p.value is None else f" (ค่า/value: {p.value!r})"
            lines.append(f"  - {p.field or '(ทั้งไฟล์/whole file)'}: {p.message}{value}")
        return "\n".join(lines)
