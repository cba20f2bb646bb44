"""Export: an alignment in the formats other tools read (TMX, TSV, CSV, JSONL, Vecalign, HTML)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path

from .chapters import contents
from .records import AlignError, Alignment
from .renderings import bead_html
from .store import bead_text, parquet_bytes, write_atomically
from .words import format_links


def to_vecalign(alignment: Alignment) -> str:
    """Vecalign/Bleualign bead lines: `[0]:[0, 1]`, `[4]:[]`."""
    if alignment.others:
        raise AlignError(f"Vecalign beads hold two texts, not {len(alignment.sides)}: choose two (`align export --columns I J`)")
    return format_beads((b.src, b.tgt) for b in alignment.beads)


def format_beads(beads: Iterable[tuple[tuple[int, ...], tuple[int, ...]]]) -> str:
    """Bead lines as Vecalign writes them (evaluate.parse_beads reads them)."""
    return "".join(f"[{', '.join(map(str, s))}]:[{', '.join(map(str, t))}]\n" for s, t in beads)


def _structured(alignment: Alignment) -> bool:
    """Whether any text has headings: then rows carry their chapter (Alignment.row_chapters)."""
    return any(s.heading for side in alignment.sides for s in side.sentences)


def _rows(alignment: Alignment) -> list[dict]:
    """One dict per row; texts 2, 3, ... (see store) add ids_k, text_k, score_k, kind_k, flags_k;
    a text with headings adds the row's chapter."""
    rows = []
    chapters = alignment.row_chapters() if _structured(alignment) else None
    for n, b in enumerate(alignment.beads):
        row = {
            "bead": n,
            "src_ids": list(b.src),
            "tgt_ids": list(b.tgt),
            "src_text": bead_text(alignment.src, b.src),
            "tgt_text": bead_text(alignment.tgt, b.tgt),
            "score": round(b.score, 4),
            "kind": b.kind,
            "flags": list(b.flags),
            "note": b.note,
            "tags": list(b.tags),
        }
        for k, (side, other) in enumerate(zip(alignment.others, b.others), start=2):
            row |= {f"ids_{k}": list(other.tgt), f"text_{k}": bead_text(side, other.tgt),
                    f"score_{k}": round(other.score, 4), f"kind_{k}": other.kind, f"flags_{k}": list(other.flags)}
        if chapters:
            row["chapter"] = chapters[n]
        rows.append(row)
    return rows


def _column_names(alignment: Alignment) -> dict[str, list[str]]:
    """Per kind of value, the row keys of every text (ids, text) or translation (score, kind, flags)."""
    extra = range(2, len(alignment.sides))
    return {
        "ids": ["src_ids", "tgt_ids", *(f"ids_{k}" for k in extra)],
        "text": ["src_text", "tgt_text", *(f"text_{k}" for k in extra)],
        "score": ["score", *(f"score_{k}" for k in extra)],
        "kind": ["kind", *(f"kind_{k}" for k in extra)],
        "flags": ["flags", *(f"flags_{k}" for k in extra)],
    }


def to_jsonl(alignment: Alignment) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in _rows(alignment))


_FORMULA_START = ("=", "+", "-", "@", "\t")  # what makes a spreadsheet read a cell as a formula


def _delimited(alignment: Alignment, dialect: str) -> str:
    """A column per text (headed by its language; texts 2, 3, ... as `de_2`, ...), then each
    translation's score, kind and flags, then the reviewer's note and tags ("; " between tags)."""
    names = _column_names(alignment)
    langs = [side.lang if k < 2 else f"{side.lang}_{k}" for k, side in enumerate(alignment.sides)]
    out = io.StringIO()
    writer = csv.writer(out, dialect=dialect, lineterminator="\n")
    # the writer quotes a cell with "\n" but not one with a lone "\r", which readers take as a line end
    quoting_all = csv.writer(out, dialect=dialect, lineterminator="\n", quoting=csv.QUOTE_ALL)
    chapter = ["chapter"] if _structured(alignment) else []
    rows = [["bead", *chapter, *names["ids"], *map(_cell, langs), *names["score"], *names["kind"], *names["flags"], "note", "tags"]]
    rows += [
        [
            row["bead"],
            *(row[key] for key in chapter),
            *(" ".join(map(str, row[key])) for key in names["ids"]),
            *(_cell(row[key]) for key in names["text"]),
            *(row[key] for key in names["score"]),
            *(row[key] for key in names["kind"]),
            *(_cell(" ".join(row[key])) for key in names["flags"]),
            _cell(row["note"]),
            _cell("; ".join(row["tags"])),
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
    """TMX 1.4 for CAT tools: one translation unit per row with at least two texts, one variant per
    text, each with its role and translator (when known) and, for a translation, its score; the
    reviewer's note as the unit's <note>, each tag as a prop "x-align-tag".
    Characters XML cannot hold (U+FFFE, control characters) are replaced by U+FFFD."""
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
    names = _column_names(alignment)
    for row in _rows(alignment):
        texts = [row[key] for key in names["text"]]
        if sum(bool(row[key]) for key in names["ids"]) < 2:
            continue
        unit = ET.SubElement(body, "tu", tuid=str(row["bead"]))
        ET.SubElement(unit, "prop", type="x-align-score").text = str(row["score"])
        ET.SubElement(unit, "prop", type="x-align-kind").text = row["kind"]
        if "chapter" in row:
            ET.SubElement(unit, "prop", type="x-chapter").text = str(row["chapter"])
        for tag in row["tags"]:
            ET.SubElement(unit, "prop", type="x-align-tag").text = _xml(tag)
        if row["note"]:
            ET.SubElement(unit, "note").text = _xml(row["note"])
        for k, (side, text, ids) in enumerate(zip(alignment.sides, texts, names["ids"])):
            if not row[ids]:
                continue
            variant = ET.SubElement(unit, "tuv", {"xml:lang": _xml(side.lang)})
            props = {"x-role": side.role, "x-translator": alignment.extra.get(f"translator_{k}", "")}
            if k and alignment.others:
                props["x-align-score"] = str(row[names["score"][k - 1]])
            for name, value in props.items():
                if value:
                    ET.SubElement(variant, "prop", type=name).text = _xml(value)
            ET.SubElement(variant, "seg").text = _xml(text)
    ET.indent(tmx)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tmx, encoding="unicode") + "\n"


def to_html(alignment: Alignment) -> str:
    """A readable, self-contained parallel text, a column per text; every text is escaped, nothing
    from files runs. A translation's cell is edged by its confidence, red (0) to green (1). Where
    the pivot has chapters, a contents list leads to a heading row before each one. The books' own
    notes stand under the sentences that call them."""
    e = html.escape
    names = _column_names(alignment)
    title = e(alignment.extra.get("title") or " | ".join(
        (side.path.replace("\\", "/").rsplit("/", 1)[-1] or side.lang) for side in alignment.sides))
    noted = any(b.note or b.tags for b in alignment.beads)  # a column for the reviewer's notes
    chapters = contents(alignment) if _structured(alignment) else []
    toc = "".join(f'<li><a href="#chapter-{c.chapter}">{e(c.title or str(c.chapter))}</a></li>' for c in chapters)
    nav = f"<nav><h2>Contents</h2><ol>{toc}</ol></nav>" if toc else ""
    called = [side.called_notes() for side in alignment.sides]  # the book's own notes, under their sentences
    rows = []
    for row, bead in zip(_rows(alignment), alignment.beads):
        footnotes = ["".join(f'<div class="fn">[{e(note.mark)}] {e(note.text)}</div>' for i in ids for note in notes.get(i, ()))
                     for notes, ids in zip(called, bead.columns)]
        rows += [f'<tr class="chapter" id="chapter-{c.chapter}"><th colspan="{len(alignment.sides) + 2 + noted}">'
                 f"{e(c.title or str(c.chapter))}</th></tr>" for c in chapters if c.bead == row["bead"]]
        cells = [f'<td lang="{e(alignment.src.lang)}" dir="auto">{e(row["src_text"])}{footnotes[0]}</td>']
        for side, text, score, notes in zip(alignment.sides[1:], names["text"][1:], names["score"], footnotes[1:]):
            hue = int(120 * row[score])
            cells.append(f'<td lang="{e(side.lang)}" dir="auto" style="border-left:6px solid hsl({hue},70%,45%)">{e(row[text])}{notes}</td>')
        if bead.words is not None and not alignment.others:  # words light up their counterparts on hover
            hue = int(120 * row["score"])
            cells = [f'<td colspan="2" style="border-left:6px solid hsl({hue},70%,45%)">{bead_html(alignment, row["bead"])}'
                     f'{"".join(footnotes)}</td>']
        scores = " ".join(f"{row[score]:.2f}" for score in names["score"])
        note = "".join(f'<span class="tag">{e(tag)}</span> ' for tag in row["tags"]) + e(row["note"])
        rows.append(f'<tr><td class="n">{row["bead"]}<br><small>{e(row["kind"])}</small></td>{"".join(cells)}'
                    f'<td class="n">{scores}</td>' + (f'<td class="note">{note}</td>' if noted else "") + "</tr>")
    headers = "".join(f'<th lang="{e(side.lang)}">{e(side.lang)}</th>' for side in alignment.sides)
    roles = " | ".join(e(side.role or side.lang) for side in alignment.sides)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{title}</title><style>"
        "body{font-family:Georgia,serif;margin:2em}table{border-collapse:collapse;width:100%}"
        "td{vertical-align:top;padding:.4em .6em;border-bottom:1px solid #ddd}td.n{color:#888;font-size:.8em}"
        ".wl{display:grid;grid-template-columns:1fr 1fr;gap:1.2em}.wl .w{cursor:pointer}"
        ".wl .unlinked{border-bottom:1px dotted #bbb}.wl .gap{background:#fbe3dc}"
        "td.note{font-size:.85em;color:#444;white-space:pre-wrap}.tag{background:#eef;border-radius:3px;padding:0 .3em}"
        "tr.chapter th{text-align:left;font-size:1.3em;padding-top:1.2em}.fn{font-size:.8em;color:#555;margin-top:.3em}"
        "</style></head><body>"
        f"<h1>{title}</h1><p>{roles} &middot; model {e(alignment.model)}</p>"
        f"{nav}<table><tr><th>#</th>{headers}<th>score</th>{'<th>note</th>' if noted else ''}</tr>{''.join(rows)}</table></body></html>\n"
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
