"""ZIP containers (EPUB, DOCX, ODT) opened with care: a damaged archive, an encrypted member or a zip
bomb is refused with one line."""

from __future__ import annotations

import io
import zipfile
import zlib

from ..records import AlignError

MAX_UNPACKED = 512 << 20  # the most a book's archive may unpack to
MAX_RATIO = 200  # a member that claims to unpack to more than this many times its packed size is a bomb


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise AlignError(f"{name}: a damaged ZIP archive ({error})") from None
    except NotImplementedError as error:  # a later ZIP version than Python reads
        raise AlignError(f"{name}: a ZIP archive Python cannot open ({error}); save it again as a plain ZIP") from None
    if sum(member.file_size for member in members) > MAX_UNPACKED:
        raise AlignError(f"{name}: unpacks to more than {MAX_UNPACKED >> 20} MB (a zip bomb?); refused")
    for member in members:
        if member.flag_bits & 0x1:
            raise AlignError(f"{name}: password-protected (encrypted ZIP member {member.filename}); give an unprotected copy")
        if member.file_size > (1 << 20) and member.file_size > MAX_RATIO * max(1, member.compress_size):
            raise AlignError(f"{name}: member {member.filename} unpacks {member.file_size // max(1, member.compress_size)} times its size (a zip bomb?); refused")
    return archive


def member(archive: zipfile.ZipFile, path: str, name: str) -> bytes:
    """A member's bytes, read no further than it claims to be (a forged size cannot blow up)."""
    try:
        info = archive.getinfo(path)
    except KeyError:
        raise AlignError(f"{name}: {path} is missing from the archive") from None
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except NotImplementedError as error:  # a compression method Python lacks (Deflate64, PPMd, AES)
        raise AlignError(f"{name}: member {path} is compressed in a way Python cannot read ({error}); save it again as a plain ZIP") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as error:  # zlib: a damaged deflate stream
        raise AlignError(f"{name}: a damaged ZIP archive ({error})") from None
    if len(data) > info.file_size:
        raise AlignError(f"{name}: member {path} is larger than it claims; refused")
    return data
