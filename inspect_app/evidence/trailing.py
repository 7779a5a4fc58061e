"""Where an image file really ends: bytes after it (a ZIP, an HTML page) make it a polyglot."""

_RST_OR_STUFFING = {0x00, *range(0xD0, 0xD8)}


def image_end(data: bytes, fmt: str) -> int:
    """The offset just past the image's last byte, or len(data) for a format not walked here."""
    if fmt in ("JPEG", "MPO"):
        return _jpeg_end(data)
    if fmt == "PNG":
        return _png_end(data)
    if fmt == "WEBP" and data[:4] == b"RIFF":
        return min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    return len(data)


def trailing_bytes(data: bytes, fmt: str) -> int:
    """How many bytes follow the end of the image."""
    return max(0, len(data) - image_end(data, fmt))


def _jpeg_end(data: bytes) -> int:
    """Walk the JPEG's segments and entropy-coded scans to its EOI marker (FF D9)."""
    pos = 2  # after SOI
    size = len(data)
    while pos + 4 <= size:
        if data[pos] != 0xFF:
            return size  # not where a marker should be: do not guess
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1  # fill byte
            continue
        if marker == 0xD9:
            return pos + 2
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        pos += 2 + length
        if marker == 0xDA:  # start of scan: skip entropy-coded data to the next marker
            pos = _scan_end(data, pos)
    return size


def _scan_end(data: bytes, pos: int) -> int:
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return len(data)
        if data[pos + 1] not in _RST_OR_STUFFING:
            return pos
        pos += 2


def _png_end(data: bytes) -> int:
    """Walk the PNG's chunks to IEND."""
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        pos += 12 + length
        if kind == b"IEND":
            return min(pos, len(data))
    return len(data)
