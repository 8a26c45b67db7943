"""The one reader of input files: YAML or JSON (a path, or "-" for standard input) → plain data.

Every command and the API read through here, so every input has the same rules:
- a key given twice in one mapping is an error naming the key and its line (PyYAML and json keep
  the last one silently);
- YAML anchors and aliases are allowed, but the data they expand to is capped: a 1 KB file of
  nested aliases (a "billion laughs") would otherwise expand to gigabytes when validated;
- nesting deeper than any document needs is an error, not a crash;
- the file must be UTF-8 (a BOM is fine) and a regular file or standard input (a FIFO or a device
  would hang the reader).
PyYAML's C parser is used when it is installed (several times faster), with the same rules.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path
from typing import Any

import yaml

from ita_docs.diagnostics import InputError, InputProblem

STDIN = "-"
MAX_NODES = 1_000_000  # values after alias expansion: the largest real bundle has a few thousand
MAX_DEPTH = 200  # nesting levels: a document needs about ten
MAX_BYTES = 64 * 1024 * 1024  # an input file of text; photos are referred to by path

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_data_yaml(text: str) -> Any:
    """One of the library's own YAML data files (wording, frameworks, column names) → plain data,
    with PyYAML's C parser when it is installed (yaml.safe_load always takes the Python one)."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - CSafeLoader, or SafeLoader without libyaml


class _UniqueKeyLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a key given twice in one mapping."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:  # the keys as written: "<<: *base" may then be overridden
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=deep)
        try:
            first = seen.get(key)
        except TypeError:  # an unhashable key: SafeConstructor reports it below
            continue
        if first is not None:
            raise _DuplicateKey(key, key_node.start_mark.line + 1, first)
        seen[key] = key_node.start_mark.line + 1
    loader.flatten_mapping(node)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int, first: int | None = None):
        self.key, self.line, self.first = key, line, first


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date YAML cannot make (2567-02-29 is a Buddhist-era leap day, 2024-02-30 no day at all)
    stays text, so the model reads it by its own rules and names the field when it is wrong."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key, 0)
        out[key] = value
    return out


def _expanded_size(data: Any) -> tuple[int, int]:
    """(values, depth) of data as if every alias were a copy, without making the copies: each
    distinct object is measured once (aliases share objects), so this is linear in the file."""
    sizes: dict[int, tuple[int, int]] = {}
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:  # iterative: deep nesting must not exhaust Python's stack here
        node, done = stack.pop()
        if not isinstance(node, (dict, list)) or (id(node) in sizes and not done):
            continue
        children = list(node.values()) + list(node.keys()) if isinstance(node, dict) else node
        containers = [c for c in children if isinstance(c, (dict, list))]
        if not done:
            sizes[id(node)] = (0, 0)  # placeholder: a cycle (possible with aliases) counts once
            stack.append((node, True))
            stack.extend((c, False) for c in containers if id(c) not in sizes)
            continue
        count = len(children) - len(containers) + 1
        depth = 0
        for child in containers:
            child_count, child_depth = sizes[id(child)]
            count = min(count + child_count, MAX_NODES + 1)
            depth = max(depth, child_depth)
        sizes[id(node)] = (count, depth + 1)
    return sizes.get(id(data), (1, 0))


def _surrogate_path(data: Any) -> str | None:
    """The dotted path of the first text holding a lone surrogate (JSON's "\\ud800"), or None."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return path or "(value)"
        elif isinstance(node, dict):
            stack.extend((f"{path}.{key}" if path else str(key), value) for key, value in node.items())
            stack.extend((path or "(key)", key) for key in node if isinstance(key, str))
        elif isinstance(node, list):
            stack.extend((f"{path}.{n}" if path else str(n), value) for n, value in enumerate(node))
    return None


def _problem(source: str, message: str, field: str = "") -> InputError:
    return InputError([InputProblem(field, message)], source=source)


def read_text(path: str | Path) -> tuple[str, str]:
    """(source name, text) of an input file, or of standard input for "-"."""
    source = "(stdin)" if str(path) == STDIN else str(path)
    if str(path) == STDIN:
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        path = Path(path)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise _problem(source, "ไม่พบไฟล์ / file not found") from None
        except OSError as exc:
            raise _problem(source, f"เปิดไฟล์ไม่ได้ / cannot read the file ({exc.strerror})") from None
        if stat.S_ISDIR(mode):
            raise _problem(source, "เป็นโฟลเดอร์ ไม่ใช่ไฟล์ / is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise _problem(source, "ไม่ใช่ไฟล์ธรรมดา (เช่น FIFO หรืออุปกรณ์) / not a regular file (a FIFO or a device)")
        if path.stat().st_size > MAX_BYTES:
            raise _problem(source, f"ไฟล์ใหญ่เกิน {MAX_BYTES // 2**20} MB / the file is larger than "
                                   f"{MAX_BYTES // 2**20} MB")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise _problem(source, f"เปิดไฟล์ไม่ได้ / cannot read the file ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise _problem(source, f"ข้อมูลใหญ่เกิน {MAX_BYTES // 2**20} MB / the input is larger than "
                               f"{MAX_BYTES // 2**20} MB")
    try:
        return source, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _problem(source, f"ไฟล์ต้องเป็นข้อความ UTF-8 (ไบต์ที่ {exc.start}) / the file must be UTF-8 text "
                               f"(byte {exc.start})") from None


def parse_text(text: str, source: str, *, json_format: bool | None = None) -> Any:
    """YAML or JSON text → plain data (JSON when json_format, or when source ends in .json)."""
    if json_format is None:
        json_format = source.lower().endswith(".json")
    try:
        if json_format:
            data = json.loads(text, object_pairs_hook=_json_pairs)
        else:
            data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as dup:
        where = f" (บรรทัด/line {dup.line}" + (f", ครั้งแรกบรรทัด/first on line {dup.first})" if dup.first else ")")
        raise _problem(source, f"คีย์ {dup.key!r} ซ้ำในชุดข้อมูลเดียวกัน{where if dup.line else ''} / "
                               f"the key {dup.key!r} is given twice in one mapping{where if dup.line else ''}",
                       field=str(dup.key)) from None
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        if "nesting depth" in str(exc):  # libyaml's own cap, met before ours
            raise _problem(source, f"ข้อมูลซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น / nested deeper than {MAX_DEPTH} levels") from None
        detail = " ".join(str(exc).split())
        raise _problem(source, f"อ่าน YAML/JSON ไม่ได้ / cannot parse: {detail}") from None
    except RecursionError:
        raise _problem(source, f"ข้อมูลซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น / nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # e.g. a lone surrogate escape in JSON, a date like 2024-02-30 in YAML
        raise _problem(source, f"อ่านค่าไม่ได้ / cannot read a value: {exc}") from None
    if json_format and "\\u" in text.lower():  # only a JSON escape can make a lone surrogate
        lone = _surrogate_path(data)
        if lone is not None:
            raise _problem(source, "มีอักขระที่ไม่ใช่ Unicode ที่สมบูรณ์ (surrogate เดี่ยว) / the text holds a lone "
                                   "surrogate escape, which is not a character", field=lone)
    count, depth = _expanded_size(data)
    if count > MAX_NODES:
        raise _problem(source, f"ข้อมูลขยายเกิน {MAX_NODES:,} ค่า (การอ้างอิง YAML ซ้อนกัน) / the data expands to "
                               f"more than {MAX_NODES:,} values (nested YAML aliases)")
    if depth > MAX_DEPTH:
        raise _problem(source, f"ข้อมูลซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น / nested deeper than {MAX_DEPTH} levels")
    return data


def read_input_file(path: str | Path) -> Any:
    """A YAML or JSON input file (or "-": standard input, YAML or JSON) → plain data."""
    source, text = read_text(path)
    return parse_text(text, source)
