"""Export: an alignment in the formats other tools read (TMX, TSV, CSV, JSONL, Vecalign, HTML)."""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from .evaluate import format_beads
from .records import AlignError, Alignment
from .store import bead_text, write_atomically, write_parquet
from .renderings import bead_html
from .words import format_links


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


def _delimited(alignment: Alignment, dialect: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, dialect=dialect, lineterminator="\n")
    writer.writerow(["bead", "src_ids", "tgt_ids", alignment.src.lang, alignment.tgt.lang, "score", "kind", "flags"])
    for row in _rows(alignment):
        writer.writerow(
            [
                row["bead"],
                " ".join(map(str, row["src_ids"])),
                " ".join(map(str, row["tgt_ids"])),
                row["src_text"],
                row["tgt_text"],
                row["score"],
                row["kind"],
                " ".join(row["flags"]),
            ]
        )
    return out.getvalue()


def to_tsv(alignment: Alignment) -> str:
    return _delimited(alignment, "excel-tab")


def to_csv(alignment: Alignment) -> str:
    return _delimited(alignment, "excel")


def to_tmx(alignment: Alignment) -> str:
    """TMX 1.4 for CAT tools: one translation unit per bead that has both sides."""
    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(
        tmx,
        "header",
        creationtool="align",
        creationtoolversion=alignment.tool_version or "0",
        segtype="block",
        adminlang="en",
        srclang=alignment.src.lang,
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
            variant = ET.SubElement(unit, "tuv", {"xml:lang": lang})
            ET.SubElement(variant, "seg").text = text
    ET.indent(tmx)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tmx, encoding="unicode") + "\n"


def to_html(alignment: Alignment) -> str:
    """A readable, self-contained parallel text; every text is escaped, nothing from files runs."""
    e = html.escape
    title = f"{e(alignment.src.path or alignment.src.lang)} | {e(alignment.tgt.path or alignment.tgt.lang)}"
    rows = []
    for row, bead in zip(_rows(alignment), alignment.beads):
        hue = int(120 * row["score"])  # red (0) to green (120)
        if bead.words is not None:  # words that light up their counterparts on hover (escaped in bead_html)
            texts = f'<td colspan="2" style="border-left:6px solid hsl({hue},70%,45%)">{bead_html(alignment, row["bead"])}</td>'
        else:
            texts = (f'<td class="s" style="border-left:6px solid hsl({hue},70%,45%)">{e(row["src_text"])}</td>'
                     f'<td lang="{e(alignment.tgt.lang)}">{e(row["tgt_text"])}</td>')
        rows.append(
            f'<tr><td class="n">{row["bead"]}<br><small>{e(row["kind"])}</small></td>{texts}'
            f'<td class="n">{row["score"]:.2f}</td></tr>'
        )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{title}</title><style>"
        "body{font-family:Georgia,serif;margin:2em}table{border-collapse:collapse;width:100%}"
        "td{vertical-align:top;padding:.4em .6em;border-bottom:1px solid #ddd}td.n{color:#888;font-size:.8em}"
        ".wl{display:grid;grid-template-columns:1fr 1fr;gap:1.2em}.wl .w{cursor:pointer}"
        ".wl .unlinked{border-bottom:1px dotted #bbb}.wl .gap{background:#fbe3dc}"
        "</style></head><body>"
        f"<h1>{title}</h1><p>{e(alignment.src.role or alignment.src.lang)} | {e(alignment.tgt.role or alignment.tgt.lang)}"
        f" &middot; model {e(alignment.model)}</p>"
        f'<table><tr><th>#</th><th lang="{e(alignment.src.lang)}">{e(alignment.src.lang)}</th>'
        f"<th>{e(alignment.tgt.lang)}</th><th>score</th></tr>{''.join(rows)}</table></body></html>\n"
    )


def to_links(alignment: Alignment) -> str:
    """The word links of every bead in Pharaoh format (`0-0 1-2`), one line per bead; a bead
    without links (or without word links computed) has an empty line."""
    return "".join(format_links(b.words.links if b.words else ()) + "\n" for b in alignment.beads)


FORMATS: dict[str, Callable[[Alignment], str]] = {
    "tmx": to_tmx,
    "tsv": to_tsv,
    "csv": to_csv,
    "jsonl": to_jsonl,
    "beads": to_vecalign,
    "html": to_html,
    "links": to_links,
}


def export_file(alignment: Alignment, path: str | Path, fmt: str | None = None) -> None:
    """Write an alignment to `path` in `fmt`, or the format named by the file's extension."""
    fmt = export_format(path, fmt)
    if fmt == "parquet":
        write_parquet(alignment, path)
    else:
        write_atomically(path, FORMATS[fmt](alignment))


def export_format(path: str | Path, fmt: str | None = None) -> str:
    """The format `fmt` or the one named by the extension of `path`; AlignError if unknown."""
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt != "parquet" and fmt not in FORMATS:
        shown = repr(fmt) if fmt else f"(no extension in {str(path)!r})"
        raise AlignError(f"unknown export format {shown}: use parquet or one of {', '.join(FORMATS)}")
    return fmt
