"""Telling text from binary bytes, and decoding text strictly as UTF-8."""

from __future__ import annotations

from newsloom.errors import Reason
from newsloom.model import Skipped

# Binary formats (images, archives, office files) show themselves in their first few KiB;
# reading more only costs time on large files.
BINARY_SNIFF_BYTES = 8192

# Text holds almost no control bytes besides tab, newline, carriage return and form feed;
# one in ten is far beyond any real text file and well below any binary format.
CONTROL_SHARE_LIMIT = 0.10

_TEXT_CONTROLS = frozenset(b"\t\n\r\f")
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def binary_skip(data: bytes, origin: str) -> Skipped | None:
    """A Skipped when the head of the data is binary (or UTF-16), else None."""
    head = data[:BINARY_SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        # UTF-16 is full of NUL bytes but is text: say what it is rather than "binary".
        return Reason.UNDECODABLE.skip(
            origin, "UTF-16 text (byte order mark at offset 0); save it as UTF-8"
        )
    if not head:
        return None
    if b"\x00" in head:
        return Reason.BINARY.skip(origin)
    controls = sum(1 for byte in head if (byte < 32 and byte not in _TEXT_CONTROLS) or byte == 127)
    if controls / len(head) > CONTROL_SHARE_LIMIT:
        return Reason.BINARY.skip(origin)
    return None


def decode_utf8(data: bytes, origin: str) -> str | Skipped:
    """The data decoded strictly as UTF-8 (a leading BOM dropped), or an UNDECODABLE Skipped."""
    offset = 0
    if data.startswith(_UTF8_BOM):
        data, offset = data[len(_UTF8_BOM) :], len(_UTF8_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        position = offset + error.start
        detail = f"byte 0x{data[error.start]:02x} at offset {position}"
        return Reason.UNDECODABLE.skip(origin, detail)


def decode_text(data: bytes, origin: str) -> str | Skipped:
    """The data as text, or a Skipped when it is binary or not valid UTF-8."""
    refused = binary_skip(data, origin)
    if refused is not None:
        return refused
    return decode_utf8(data, origin)
