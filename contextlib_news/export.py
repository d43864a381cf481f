"""Annotation -> other formats: W3C Web Annotation, annotated HTML, readable text.

The JSON contract itself is :meth:`Annotation.to_dict`; these are views of it.
"""

from __future__ import annotations

import hashlib
import html
import textwrap
from datetime import datetime, timezone
from typing import Any

from . import __version__
from .languages import text_direction
from .model import Annotation, Entity, Note

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def note_text(entity: Entity) -> str:
    """The note as plain text (used as the W3C body and in tooltips)."""
    note = entity.note
    if note is None:
        return ""
    parts = [note.description]
    if note.summary:
        parts.append(note.summary)
    if note.roles:
        parts.append(f"As of {note.as_of}: " + "; ".join(note.roles) + ".")
    if note.other_names:
        parts.append("Other names: " + "; ".join(f"{o.name} ({o.used_by})" for o in note.other_names) + ".")
    parts.extend(f"{p.holder}: {p.view}" for p in note.perspectives)
    return " ".join(p.strip() for p in parts if p and p.strip())


def to_w3c(annotation: Annotation) -> list[dict[str, Any]]:
    """One W3C Web Annotation (JSON-LD) per mention, with TextQuote and TextPosition selectors."""
    source = annotation.article.url or "urn:contextlib-news:text:" + _digest(annotation.article.text)
    created = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    generator = {"id": "https://github.com/contextlib-news/contextlib-news", "type": "Software",
                 "name": f"contextlib-news {__version__}"}
    result: list[dict[str, Any]] = []
    for entity in annotation.entities:
        bodies: list[dict[str, Any]] = [
            {"type": "TextualBody", "value": entity.label, "purpose": "tagging", "format": "text/plain"}
        ]
        if entity.note is not None:
            bodies.append({"type": "TextualBody", "value": note_text(entity), "purpose": "describing",
                           "format": "text/plain", "language": entity.note.lang})
            bodies.extend({"type": "SpecificResource", "source": s.url, "purpose": "identifying"}
                          for s in entity.note.sources[:1])
        for index, mention in enumerate(entity.mentions):
            result.append({
                "@context": W3C_CONTEXT,
                "id": f"urn:contextlib-news:{_digest(source)}:{entity.id}:{index}",
                "type": "Annotation",
                "motivation": "describing" if entity.note is not None else "tagging",
                "created": created,
                "generator": generator,
                "body": bodies,
                "target": {
                    "source": source,
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": mention.exact, "prefix": mention.prefix,
                         "suffix": mention.suffix},
                        {"type": "TextPositionSelector", "start": mention.start, "end": mention.end},
                    ],
                },
            })
    return result


def to_text(annotation: Annotation, width: int = 88) -> str:
    """Readable notes for a terminal."""
    article = annotation.article
    lines = [article.title or "(untitled)"]
    byline = " · ".join(x for x in (article.site, article.published, article.url) if x)
    if byline:
        lines.append(byline)
    with_notes = [e for e in annotation.entities if e.note is not None]
    without = [e for e in annotation.entities if e.note is None]
    lines.append("")
    lines.append(f"{len(with_notes)} notes, {len(annotation.entities)} entities"
                 + (f" — degraded: {annotation.meta.degraded_reason}" if annotation.meta.degraded else ""))
    wrap = textwrap.TextWrapper(width=width, initial_indent="  ", subsequent_indent="  ")
    wrap_item = textwrap.TextWrapper(width=width, initial_indent="    - ", subsequent_indent="      ")
    for entity in with_notes:
        note: Note = entity.note  # type: ignore[assignment]
        count = len(entity.mentions)
        forms = sorted({m.exact for m in entity.mentions}, key=len, reverse=True)
        lines += ["", f"{entity.label}  [{entity.kind} · {entity.id} · {count} mention{'s' * (count != 1)}: "
                      f"{', '.join(repr(f) for f in forms)}]"]
        lines += wrap.wrap(note.description)
        if note.summary:
            lines += wrap.wrap(note.summary)
        if note.roles:
            lines.append(f"  As of {note.as_of}:")
            lines += [line for role in note.roles for line in wrap_item.wrap(role)]
        if note.other_names:
            lines.append("  Other names:")
            lines += [line for o in note.other_names for line in wrap_item.wrap(f"{o.name} — used by {o.used_by}")]
        if note.perspectives:
            lines.append("  Perspectives:")
            lines += [line for p in note.perspectives for line in wrap_item.wrap(f"{p.holder}: {p.view}")]
        if note.facts:
            lines += wrap.wrap("; ".join(f"{f.label}: {f.value}" for f in note.facts))
        lines.append("  Sources: " + "; ".join(f"{s.title} <{s.url}>" for s in note.sources))
    if without:
        lines += ["", "Also mentioned (no note above the confidence bar"
                  + (" — online sources were not asked" if "wikimedia" not in annotation.meta.providers else "") + "):"]
        # Names are kept whole across line breaks (no-break spaces, restored after wrapping).
        items = (f"{e.label} ({e.kind}, {len(e.mentions)}×)".replace(" ", "\u00a0") for e in without)
        lines += [line.replace("\u00a0", " ") for line in wrap.wrap(", ".join(items))]
    return "\n".join(lines) + "\n"


_CSS = """
body{font:17px/1.6 Georgia,serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}
header p{font:14px system-ui,sans-serif;color:#555}
.cn-mark{text-decoration:underline dotted #2a6fdb 2px;text-underline-offset:3px;cursor:help;position:relative;outline:none}
.cn-mark:focus-visible{box-shadow:0 0 0 2px #2a6fdb;border-radius:2px}
.cn-note{display:none;position:absolute;left:0;top:1.6em;z-index:10;width:22rem;max-width:80vw;padding:.75rem .9rem;
 font:14px/1.45 system-ui,sans-serif;color:#1d1d1f;background:#fff;border:1px solid #c9ced6;border-radius:8px;
 box-shadow:0 6px 24px rgba(0,0,0,.15);text-align:left}
.cn-mark:hover .cn-note,.cn-mark:focus .cn-note,.cn-mark:focus-within .cn-note{display:block}
.cn-note span{display:block;margin-top:.35rem}.cn-label{font-weight:600}.cn-kind{font-size:12px;color:#666;text-transform:uppercase;letter-spacing:.04em}
.cn-src{font-size:12px;color:#555}
section.notes{border-top:1px solid #ddd;margin-top:2rem;font:14px/1.5 system-ui,sans-serif}
@media (prefers-color-scheme:dark){body{background:#16181c;color:#e6e6e6}.cn-note{background:#23262c;color:#e6e6e6;border-color:#444}
 header p,.cn-kind,.cn-src{color:#aaa}}
"""


def to_html(annotation: Annotation) -> str:
    """The article as a self-contained page (no external resources) with hoverable notes."""
    article = annotation.article
    text = article.text
    marks: list[tuple[int, int, int, Entity]] = []
    noted = [e for e in annotation.entities if e.note is not None]
    for number, entity in enumerate(noted):
        for mention in entity.mentions:
            marks.append((mention.start, mention.end, number, entity))
    marks.sort()
    out: list[str] = []
    position = 0
    for start, end, number, entity in marks:
        if start < position:
            continue
        out.append(_paragraphs(text[position:start]))
        out.append(
            f'<span class="cn-mark" tabindex="0" data-contextlib-entity="{_e(entity.id)}" '
            f'aria-describedby="cn-note-{number}-{start}">{_e(text[start:end])}'
            f'<span class="cn-note" role="tooltip" id="cn-note-{number}-{start}" lang="{_e(entity.note.lang)}" '
            f'dir="{text_direction(entity.note.lang)}">{_card(entity)}</span></span>'
        )
        position = end
    out.append(_paragraphs(text[position:]))
    body = "".join(out)
    paragraphs = "".join(f"<p>{p}</p>\n" for p in body.split("\n") if p.strip())
    listing = "".join(f'<li><b>{_e(e.label)}</b> — {_e(note_text(e))}</li>' for e in noted)
    byline = " · ".join(_e(x) for x in (article.site, article.published) if x)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_e(article.title or 'Annotated article')}</title><style>{_CSS}</style></head><body>\n"
        f"<header><h1>{_e(article.title or 'Annotated article')}</h1><p>{byline}</p></header>\n"
        f"<article>\n{paragraphs}</article>\n"
        f"<section class=\"notes\"><h2>Notes</h2><ul>{listing}</ul>"
        f"<p>Made by contextlib-news {__version__}.</p></section>\n</body></html>\n"
    )


def _card(entity: Entity) -> str:
    note = entity.note
    assert note is not None
    parts = [f'<span class="cn-label">{_e(note.label or entity.label)}</span><span class="cn-kind">{_e(entity.kind)}</span>',
             f"<span>{_e(note.description)}</span>"]
    if note.summary:
        parts.append(f"<span>{_e(note.summary)}</span>")
    if note.roles:
        parts.append(f"<span>As of {_e(note.as_of or '')}: {_e('; '.join(note.roles))}</span>")
    if note.other_names:
        parts.append("<span>Other names: " + _e("; ".join(f"{o.name} ({o.used_by})" for o in note.other_names)) + "</span>")
    for p in note.perspectives:
        parts.append(f"<span><b>{_e(p.holder)}</b>: {_e(p.view)}</span>")
    parts.append('<span class="cn-src">Sources: ' + _e("; ".join(s.title for s in note.sources)) + "</span>")
    return "".join(parts)


def _paragraphs(chunk: str) -> str:
    return _e(chunk)


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]
