"""QR codes of links (survey URLs), drawn by the qrcode library as crisp black-and-white PNGs."""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from ita_docs.render.images import PreparedImage

# Medium error correction survives a printed, photocopied page; 10 px per module keeps the PNG sharp
# at any print size while staying a few kilobytes. The quiet zone of 4 modules is the standard's.
_BOX_PX = 10
_BORDER_MODULES = 4


@lru_cache(maxsize=64)
def qr_image(data: str) -> PreparedImage:
    """The QR code of ``data`` as an embeddable PNG."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=_BOX_PX, border=_BORDER_MODULES)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image().get_image().convert("1")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return PreparedImage(buffer.getvalue(), "png", image.width, image.height)
