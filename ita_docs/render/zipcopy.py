"""A zip writer for packages made mostly of parts that are already compressed.

Python's zipfile compresses whatever it writes and cannot take a member's compressed bytes as they
are; copying the unchanged parts of a template byte for byte is most of the engine's speed, so the
container (local headers, central directory, end record; no zip64, no encryption) is written here.
"""

from __future__ import annotations

import io
import struct
import types
import zipfile
import zlib
from dataclasses import dataclass

_fast_zlib: types.ModuleType
try:  # ISA-L deflates (same format) 3–5 times faster than zlib at its fastest level, and smaller
    from isal import isal_zlib as _fast_zlib

    FAST_LEVEL = 0  # a quarter quicker than its level 1, for 2% more (an O42 row: 197 → 201 kB)
except ImportError:  # pragma: no cover - isal is a dependency; zlib does the same, slower
    _fast_zlib = zlib
    FAST_LEVEL = 1  # zlib 1 deflates a 20 kB document.xml in a third of level 6's time, for 1 kB more

DEFLATED = zipfile.ZIP_DEFLATED
STORED = zipfile.ZIP_STORED

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8_NAME = 0x800
_UNIX_FILE = 0o600 << 16  # rw-------, as zipfile marks members written from bytes
_VERSION = 20  # 2.0: deflate


@dataclass(frozen=True)
class Member:
    """One member, ready to write: its local header, its data, and its central record less the offset."""

    header: bytes  # local header, with the name
    data: bytes  # as stored (compressed when deflated)
    central_head: bytes  # central directory record up to (not including) the local header offset
    name: bytes

    @classmethod
    def make(cls, name: str, data: bytes, crc: int, size: int, method: int,
             date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)) -> Member:
        """data: the member's bytes as stored (already compressed when method is DEFLATED)."""
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        if len(data) > 0xFFFFFFFF or size > 0xFFFFFFFF:
            raise ValueError(f"{name}: members over 4 GB need zip64, which this writer does not write")
        year, month, day, hour, minute, second = date_time
        dosdate = (year - 1980) << 9 | month << 5 | day
        dostime = hour << 11 | minute << 5 | second // 2
        local = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, method, dostime, dosdate, crc, len(data), size,
                            len(encoded), 0)
        central = _CENTRAL.pack(b"PK\x01\x02", _VERSION, 3, _VERSION, 0, flags, method, dostime, dosdate, crc,
                                len(data), size, len(encoded), 0, 0, 0, 0, _UNIX_FILE, 0)[:-4]
        return cls(local + encoded, data, central, encoded)

    @property
    def date_time(self) -> tuple[int, int, int, int, int, int]:
        dostime, dosdate = struct.unpack_from("<2H", self.header, 10)
        return ((dosdate >> 9) + 1980, dosdate >> 5 & 0xF, dosdate & 0x1F,
                dostime >> 11, dostime >> 5 & 0x3F, (dostime & 0x1F) * 2)

    @classmethod
    def deflate(cls, name: str, content: bytes, date_time=(1980, 1, 1, 0, 0, 0), small: bool = False) -> Member:
        """Deflated fast (a part of one document), or small (zlib's default level: a part kept)."""
        module, level = (zlib, zlib.Z_DEFAULT_COMPRESSION) if small else (_fast_zlib, FAST_LEVEL)
        compressor = module.compressobj(level, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        return cls.make(name, data, _fast_zlib.crc32(content), len(content), DEFLATED, date_time)

    @classmethod
    def store(cls, name: str, content: bytes, date_time=(1980, 1, 1, 0, 0, 0)) -> Member:
        return cls.make(name, content, _fast_zlib.crc32(content), len(content), STORED, date_time)


def copy_members(package: bytes) -> dict[str, Member]:
    """The members of a zip file as they are (their compressed bytes untouched), by name."""
    members = {}
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        for info in zf.infolist():
            if info.flag_bits & 0x1 or info.compress_type not in (DEFLATED, STORED):
                raise ValueError(f"{info.filename}: encrypted or compressed with method {info.compress_type}")
            offset = info.header_offset
            name_length, extra_length = struct.unpack_from("<2H", package, offset + 26)
            start = offset + 30 + name_length + extra_length
            data = package[start:start + info.compress_size]
            members[info.filename] = Member.make(info.filename, data, info.CRC, info.file_size,
                                                 info.compress_type, info.date_time)
    return members


def write_zip(members) -> bytes:
    """The zip file of members, in order."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        chunks += (member.header, member.data)
        central += (member.central_head, struct.pack("<L", offset), member.name)
        offset += len(member.header) + len(member.data)
    directory = b"".join(central)
    count = len(central) // 3
    if count > 0xFFFF or offset > 0xFFFFFFFF:
        raise ValueError("too many or too large members for a zip without zip64")
    chunks += (directory, _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0))
    return b"".join(chunks)
