"""The ``contextlib-news`` command: thin over the library — parse, call, print.

Exit codes: 0 ok, 1 the work failed (fetch, extraction, a failed batch item), 2 bad usage
or input. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import ContextError, InvalidInputError

FORMATS = ("text", "json", "html", "w3c")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if not args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except InvalidInputError as exc:
        print(f"contextlib-news: {exc}", file=sys.stderr)
        return 2
    except ContextError as exc:
        print(f"contextlib-news: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("contextlib-news: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for --verbose
        logging.getLogger(__name__).info("unexpected error", exc_info=True)
        print(f"contextlib-news: unexpected {type(exc).__name__}: {exc} (run with --verbose for details)", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="contextlib-news",
        description="Background notes on the people, places, organisations and disputed terms of news articles.",
    )
    parser.add_argument("--version", action="version", version=f"contextlib-news {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens and how long it takes")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    annotate = commands.add_parser("annotate", help="annotate one article (URL, HTML or text file, or - for stdin)")
    annotate.add_argument("source", help="http(s) URL, path to an .html/.htm/.txt file, or - for HTML on stdin")
    annotate.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format (default: text)")
    _common(annotate)
    annotate.add_argument("--output", "-o", help="write to this file instead of stdout")
    annotate.set_defaults(func=_annotate)

    batch = commands.add_parser(
        "batch", help="annotate many pages: URL lists, folders of HTML files, WARC archives, JSON lines",
        description="Annotate every page of the inputs, in parallel, into a JSON lines file (one line per page) or a "
                    "Parquet folder (one row per mention). Rerun the same command to go on after a stop.")
    batch.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="a file of URLs (one per line, or - for stdin), a folder of .html/.htm files (.gz too), "
                            "a .warc/.warc.gz file, or a .jsonl file of {url, html, published}")
    batch.add_argument("--output", "-o", help="JSON lines file (default: stdout), or the folder for --format parquet; "
                                              "pages it already holds are skipped")
    batch.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl", help="output format (default: jsonl)")
    batch.add_argument("--input", dest="input_kind", choices=("auto", "urls", "html", "warc", "jsonl"), default="auto",
                       help="what the inputs are (default: from their names)")
    batch.add_argument("--jobs", "-j", type=_positive, default=0, help="worker processes (default: one per core)")
    batch.add_argument("--batch-size", type=_positive, default=50, help="pages a worker annotates together (default: 50)")
    batch.add_argument("--retry-failed", action="store_true", help="do again the pages that failed in an earlier run")
    batch.add_argument("--host-concurrency", type=_positive, help="requests at a time to one host (default: 2)")
    batch.add_argument("--host-delay", type=float, metavar="SECONDS", help="seconds between requests to one host (default: 1)")
    batch.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="show a progress bar (default: when stderr is a terminal)")
    _common(batch)
    batch.set_defaults(func=_batch)

    glossary = commands.add_parser("glossary", help="check or list the glossary of disputed terms")
    glossary_commands = glossary.add_subparsers(dest="glossary_command", required=True, metavar="ACTION")
    check = glossary_commands.add_parser("check", help="validate the bundled glossary and extra files")
    check.add_argument("files", nargs="*", help="extra glossary files (a newsroom's own) to check with it")
    check.set_defaults(func=_glossary_check)
    listing = glossary_commands.add_parser("list", help="list every entry")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(func=_glossary_list)

    _feedback_commands(commands)

    serve = commands.add_parser("serve", help="run the context server for the browser extension")
    serve.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8765)")
    serve.add_argument("--offline", action="store_true", help="use only the offline knowledge packs")
    serve.set_defaults(func=_serve)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true", help="no network: offline knowledge packs only")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="publication date the notes should speak for")
    parser.add_argument("--debug-linking", action="store_true", help="say why each entity was linked")
    parser.add_argument("--lang", metavar="CODE", help="language of the notes, e.g. de or ar (default: en); "
                        "parts Wikipedia/Wikidata lack in it stay English")


def _annotator(args: argparse.Namespace):
    from .pipeline import Annotator

    return Annotator(_settings(args))


def _settings(args: argparse.Namespace):
    from .settings import Settings

    settings = Settings.load({"offline": True} if args.offline else None)
    if getattr(args, "debug_linking", False):
        settings = settings.replace(debug_linking=True)
    return settings


def _annotate(args: argparse.Namespace) -> int:
    from .extract import parse_date

    published = parse_date(args.date)
    source: str = args.source
    annotator = _annotator(args)
    lang = _lang(args)
    if source.startswith(("http://", "https://")):
        annotation = annotator.annotate_url(source, published=published, lang=lang)
    else:
        html_or_text = _read_source(source)
        if source != "-" and Path(source).suffix.lower() == ".txt":
            annotation = annotator.annotate_text(html_or_text, published=published, lang=lang)
        else:
            annotation = annotator.annotate_html(html_or_text, published=published, lang=lang)
    if args.format == "json":
        output = annotation.to_json(indent=2) + "\n"
    elif args.format == "w3c":
        output = json.dumps(annotation.to_w3c(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        output = annotation.to_html()
    else:
        output = annotation.to_text()
    _write(output, args.output)
    return 0


def _lang(args: argparse.Namespace) -> str | None:
    from .languages import normalize_language

    return normalize_language(args.lang) if getattr(args, "lang", None) else None


def _read_source(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(source)
        if not path.exists():
            raise InvalidInputError(f"no such file: {source} (give a URL, a file path, or - for stdin)")
        if path.is_dir():
            raise InvalidInputError(f"{source} is a folder, not a file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInputError(f"cannot read {source}: {exc.strerror}") from exc
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInputError(f"{source} looks like a binary file, not HTML or text")
    from trafilatura.utils import decode_file

    return decode_file(data)


def _write(output: str, path: str | None) -> None:
    if path:
        Path(path).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
        sys.stdout.flush()


def _batch(args: argparse.Namespace) -> int:
    from .batch import BatchOptions, run_batch

    settings = _settings(args)
    overrides = {"host_concurrency": args.host_concurrency, "host_delay": args.host_delay, "note_language": _lang(args)}
    settings = settings.replace(**{k: v for k, v in overrides.items() if v is not None})
    options = BatchOptions(jobs=args.jobs, batch_size=args.batch_size, format=args.format, input_kind=args.input_kind,
                           retry_failed=args.retry_failed, published=args.date)
    summary = run_batch(args.inputs, args.output, options, settings, progress=args.progress)
    for line in summary.lines():
        print(line, file=sys.stderr)
    if summary.interrupted:
        return 130
    return 1 if summary.failed_total else 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _glossary_check(args: argparse.Namespace) -> int:
    from .knowledge.glossary import bundled_glossary_files
    from .knowledge.glossary_check import check_glossary

    extra = [Path(f) for f in args.files]
    for path in extra:
        if not path.is_file():
            raise InvalidInputError(f"no such glossary file: {path}")
    problems = check_glossary(bundled_glossary_files() + extra)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"glossary check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    from .knowledge.glossary import load_glossary

    glossary = load_glossary(extra)
    print(f"glossary check: ok — {len(glossary)} entries, version {glossary.version}")
    return 0


def _glossary_list(args: argparse.Namespace) -> int:
    from .knowledge.glossary_check import list_glossary
    from .settings import Settings

    entries = list_glossary(Settings.load().glossary)
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=2))
    else:
        for entry in entries:
            print(f"{entry['id']:<40} {entry['kind']:<16} {entry['label']}")
    return 0


def _feedback_commands(commands) -> None:
    feedback = commands.add_parser("feedback", help="what readers reported as wrong, and links you suppressed")
    actions = feedback.add_subparsers(dest="feedback_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the reports readers sent from the extension")
    listing.add_argument("--json", action="store_true", help="print a JSON array of the reports")
    listing.set_defaults(func=_feedback_list)
    for name, helptext in (("suppress", "give this entity no note (everywhere, or on one site)"),
                           ("unsuppress", "lift a suppression")):
        action = actions.add_parser(name, help=helptext)
        action.add_argument("entity", metavar="ENTITY_ID", help="an entity id as in the reports, e.g. wikidata:Q6279")
        action.add_argument("--site", metavar="HOST", help="only on this site (and its subdomains), e.g. bbc.com")
        action.set_defaults(func=_feedback_suppress, suppress=(name == "suppress"))
    suppressed = actions.add_parser("suppressed", help="the links that get no note")
    suppressed.add_argument("--json", action="store_true", help="print a JSON array")
    suppressed.set_defaults(func=_feedback_suppressed)


def _feedback_store():
    from .feedback import open_feedback_store
    from .settings import Settings

    return open_feedback_store(Settings.load())


def _feedback_list(args: argparse.Namespace) -> int:
    reports = _feedback_store().reports()
    if args.json:
        print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
        return 0
    if not reports:
        print("no reports yet")
    for report in reports:
        print(f"{report.time}  {report.reason:<12} {report.entity}  {report.exact!r} on {report.site or report.url}")
        if report.comment:
            print(f"    {report.comment}")
    return 0


def _feedback_suppress(args: argparse.Namespace) -> int:
    from .feedback import check_entity_id, normalize_site

    entity = check_entity_id(args.entity)
    site = normalize_site(args.site) if args.site else None
    store = _feedback_store()
    where = f"on {site}" if site else "everywhere"
    if args.suppress:
        changed = store.suppress(entity, site)
        print(f"{entity}: no note {where}" + ("" if changed else " (already)") + "; results cached before are not served")
    else:
        changed = store.unsuppress(entity, site)
        print(f"{entity}: notes again {where}" if changed else f"{entity} was not suppressed {where}")
    return 0


def _feedback_suppressed(args: argparse.Namespace) -> int:
    found = _feedback_store().suppressions()
    if args.json:
        print(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("nothing suppressed")
    for item in found:
        print(f"{item.entity:<28} {item.site or 'everywhere':<24} since {item.time}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .settings import Settings

    overrides = {"host": args.host, "port": args.port, "offline": True if args.offline else None}
    settings = Settings.load({k: v for k, v in overrides.items() if v is not None})
    from contextlib_news_server import serve

    serve(settings.host, settings.port, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
