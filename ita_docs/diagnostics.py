"""Warnings and errors a user sees: always in Thai and English, naming the file, row and field."""

from __future__ import annotations

from dataclasses import dataclass


class ItaDocsWarning(UserWarning):
    """Something was produced, but a person should know (missing emblem, removed characters…)."""


@dataclass
class InputProblem:
    field: str  # dotted path, e.g. "header.date" or "body.2.table.rows.3"
    message: str  # Thai / English
    value: object = None


class InputError(ValueError):
    """An input file (or table row) is invalid; lists every problem with its field."""

    def __init__(self, problems: list[InputProblem], source: str | None = None, row: int | None = None):
        self.problems = problems
        self.source = source
        self.row = row
        super().__init__(self.describe())

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
