"""Export: an alignment in the formats other tools read (TMX, TSV, CSV, JSONL, Vecalign, HTML)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from .evaluate import format_beads
from .records import AlignError, Alignment
from .store import bead_text, parquet_bytes, write_atomically


def to_vecalign(alignment: Alignment) -> str:
    """Vecalign/Bleualign bead lines: `[0]:[0, 1]`, `[4]:[]`."""
    return format_beads((b.src, b.tgt) for b in alignment.beads)


def _rows(alignment: Alignment) -> list[dict]:
    return [
        {
            "bead": n,
            "src_ids": list(b.src),
            "tgt_ids": list(b.tgt),
            "src_text": bead_text(alignment.src, b.src),
            "tgt_text": bead_text(alignment.tgt, b.tgt),
            "score": round(b.score, 4),
            "kind": b.kind,
            "flags": list(b.flags),
        }
        for n, b in enumerate(alignment.beads)
    ]


def to_jsonl(alignment: Alignment) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in _rows(alignment))


_FORMULA_START = ("=", "+", "-", "@", "\t")  # what makes a spreadsheet read a cell as a formula


def _delimited(alignment: Alignment, dialect: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, dialect=dialect, lineterminator="\n")
    # the writer quotes a cell with "\n" but not one with a lone "\r", which readers take as a line end
    quoting_all = csv.writer(out, dialect=dialect, lineterminator="\n", quoting=csv.QUOTE_ALL)
    rows = [["bead", "src_ids", "tgt_ids", _cell(alignment.src.lang), _cell(alignment.tgt.lang), "score", "kind", "flags"]]
    rows += [
        [
            row["bead"],
            " ".join(map(str, row["src_ids"])),
            " ".join(map(str, row["tgt_ids"])),
            _cell(row["src_text"]),
            _cell(row["tgt_text"]),
            row["score"],
            row["kind"],
            _cell(" ".join(row["flags"])),
        ]
        for row in _rows(alignment)
    ]
    for row in rows:
        (quoting_all if any("\r" in str(cell) for cell in row) else writer).writerow(row)
    return out.getvalue()


def _cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading =, +, -, @ or tab, which would make it
    a formula, is quoted with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_tsv(alignment: Alignment) -> str:
    return _delimited(alignment, "excel-tab")


def to_csv(alignment: Alignment) -> str:
    return _delimited(alignment, "excel")


# characters XML 1.0 does not allow, even escaped
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def to_tmx(alignment: Alignment) -> str:
    """TMX 1.4 for CAT tools: one translation unit per bead that has both sides. Characters XML
    cannot hold (U+FFFE, control characters) are replaced by U+FFFD."""
    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(
        tmx,
        "header",
        creationtool="align",
        creationtoolversion=_xml(alignment.tool_version or "0"),
        segtype="block",
        adminlang="en",
        srclang=_xml(alignment.src.lang),
        datatype="plaintext",
        **{"o-tmf": "align"},
    )
    body = ET.SubElement(tmx, "body")
    for row in _rows(alignment):
        if not row["src_ids"] or not row["tgt_ids"]:
            continue
        unit = ET.SubElement(body, "tu", tuid=str(row["bead"]))
        ET.SubElement(unit, "prop", type="x-align-score").text = str(row["score"])
        ET.SubElement(unit, "prop", type="x-align-kind").text = row["kind"]
        for lang, text in ((alignment.src.lang, row["src_text"]), (alignment.tgt.lang, row["tgt_text"])):
            variant = ET.SubElement(unit, "tuv", {"xml:lang": _xml(lang)})
            ET.SubElement(variant, "seg").text = _xml(text)
    ET.indent(tmx)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tmx, encoding="unicode") + "\n"


def to_html(alignment: Alignment) -> str:
    """A readable, self-contained parallel text; every text is escaped, nothing from files runs."""
    e = html.escape
    title = f"{e(alignment.src.path or alignment.src.lang)} | {e(alignment.tgt.path or alignment.tgt.lang)}"
    rows = []
    for row in _rows(alignment):
        hue = int(120 * row["score"])  # red (0) to green (120)
        rows.append(
            f'<tr><td class="n">{row["bead"]}<br><small>{e(row["kind"])}</small></td>'
            f'<td class="s" style="border-left:6px solid hsl({hue},70%,45%)">{e(row["src_text"])}</td>'
            f'<td lang="{e(alignment.tgt.lang)}">{e(row["tgt_text"])}</td>'
            f'<td class="n">{row["score"]:.2f}</td></tr>'
        )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{title}</title><style>"
        "body{font-family:Georgia,serif;margin:2em}table{border-collapse:collapse;width:100%}"
        "td{vertical-align:top;padding:.4em .6em;border-bottom:1px solid #ddd}td.n{color:#888;font-size:.8em}"
        "</style></head><body>"
        f"<h1>{title}</h1><p>{e(alignment.src.role or alignment.src.lang)} | {e(alignment.tgt.role or alignment.tgt.lang)}"
        f" &middot; model {e(alignment.model)}</p>"
        f'<table><tr><th>#</th><th lang="{e(alignment.src.lang)}">{e(alignment.src.lang)}</th>'
        f"<th>{e(alignment.tgt.lang)}</th><th>score</th></tr>{''.join(rows)}</table></body></html>\n"
    )


FORMATS: dict[str, Callable[[Alignment], str]] = {
    "tmx": to_tmx,
    "tsv": to_tsv,
    "csv": to_csv,
    "jsonl": to_jsonl,
    "beads": to_vecalign,
    "html": to_html,
}


def export_file(alignment: Alignment, path: str | Path, fmt: str | None = None) -> None:
    """Write an alignment to `path` in `fmt`, or the format named by the file's extension."""
    write_atomically(path, render(alignment, export_format(path, fmt)))


def render(alignment: Alignment, fmt: str) -> bytes | str:
    """The contents of an export file in format `fmt` (parquet or one of FORMATS)."""
    return parquet_bytes(alignment) if fmt == "parquet" else FORMATS[fmt](alignment)


def export_format(path: str | Path, fmt: str | None = None) -> str:
    """The format `fmt` or the one named by the extension of `path`; AlignError if unknown."""
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt != "parquet" and fmt not in FORMATS:
        shown = repr(fmt) if fmt else f"(no extension in {str(path)!r})"
        raise AlignError(f"unknown export format {shown}: use parquet or one of {', '.join(FORMATS)}")
    return fmt
