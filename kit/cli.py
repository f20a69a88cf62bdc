"""`kit extract`, `kit docs`, `kit briefings`: thin wrappers over the API.

Exit status: 0 when every file loaded, 1 when some failed (their errors on stderr, the figures
of the others still written), 2 for a usage error, 128 + N when stopped by signal N (143 for
SIGTERM, 130 for Ctrl-C). A reader that closes the pipe early (`kit extract | head`) ends the
run quietly with 0. Output files appear complete or not at all, and never when no input could
be read.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import stat
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from kit.load.corpus import LoadError, PathArg, load_corpus
from kit.run.output import AtomicFile
from kit.run.parallel import iter_results, plan, show_progress
from kit.run.sinks import CsvSink, JsonlSink, ParquetSink, json_default
from kit.terminal import print_table, progress_bar, teller

if TYPE_CHECKING:
    from kit.run.cache import CacheArg


def _error(message: object) -> None:
    """One `kit: error:` line on standard error: every failure the CLI reports."""
    print(f"kit: error: {message}", file=sys.stderr)


def _report_errors(errors: Sequence[object]) -> int:
    for err in errors:
        _error(err)
    return 1 if errors else 0


def cmd_extract(args: argparse.Namespace) -> int:
    """Stream every file through extraction (in parallel, or on Dask) into the output."""
    if args.engine == "dask":
        return _extract_dask(args)
    return _extract_local(args)


def _extract_dask(args: argparse.Namespace) -> int:
    """`kit extract --engine dask`: partitioned Parquet in `--output DIR`; exit 1 when some
    file failed, 2 on misuse or without Dask."""
    if (args.format or "parquet") != "parquet" or not args.output:
        dask_writes = "--engine dask writes partitioned Parquet"
        _error(f"{dask_writes}: give --output DIR (and no --format, or --format parquet)")
        return 2
    from tqdm.auto import tqdm

    from kit.run.dask_engine import write_dataset

    bar = tqdm(unit="file", disable=not show_progress(), file=sys.stderr)
    figures = 0

    def done(files: int, rows: int) -> None:
        nonlocal figures
        figures += rows
        bar.update(files)
        bar.set_postfix_str(f"{figures:,} figures", refresh=False)

    try:
        _, failed = write_dataset(
            args.paths or None,
            args.output,
            scheduler=args.scheduler,
            workers=args.jobs,
            on_error=lambda error: _error(f"{error}"),
            on_done=done,
        )
    except ImportError as exc:
        _error(f"{exc}")
        return 2
    finally:
        bar.close()
    return 1 if failed else 0


# ---- `kit extract` with the local engine ------------------------------------------------------


def _extract_into(
    paths: Sequence[PathArg],
    sink: Any,
    *,
    jobs: int | None = None,
    cache: CacheArg = None,
    report: Callable[[str], None] | None = None,
    progress: bool | None = None,
    items: list[Path | LoadError] | None = None,
    budget: float | None = None,
) -> tuple[int, int, int]:
    """Extract `paths` (or the planned `items`) into `sink`; returns (files done, figures,
    files that failed). Each failed file is reported as it happens through `report` (default:
    stderr), naming it.
    """
    items = plan(paths or None) if items is None else items
    given_errors = {item for item in items if isinstance(item, LoadError)}
    n_files = len(items) - len(given_errors)
    progress = show_progress() if progress is None else progress
    bar = progress_bar(
        progress,
        total=n_files,
        unit="file",
        file=sys.stderr,
        dynamic_ncols=True,
        bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} files{postfix} [{elapsed}, {rate_fmt}]",
    )
    bar.set_postfix_str("0 figures", refresh=False)

    say = teller(report, bar, progress)

    done = figures = failed = 0
    jsonl = isinstance(sink, JsonlSink)
    try:
        results = iter_results(
            items=items, jobs=jobs, cache=cache, jsonl=jsonl, budget=budget, tables=not jsonl
        )
        for result in results:
            if isinstance(result, LoadError):
                failed += 1
                say(f"kit: error: {result}")
                if result not in given_errors:  # a file that failed, not a missing path
                    bar.update(1)
                continue
            sink.add(result)
            done += 1
            figures += result.figures
            bar.update(1)
            bar.set_postfix_str(f"{figures:,} figures", refresh=False)
    finally:
        bar.close()
        sink.close()
    return done, figures, failed


def _plan_outside(
    paths: Sequence[PathArg], output: PathArg | None
) -> tuple[list[Path | LoadError], str | None]:
    """(`plan(paths)` without the output file, a usage error or None): an output inside an input
    folder (a previous run's) is never read back as input, and an output that is itself one of
    the named input files is refused, since writing it would destroy that input."""
    items = plan(paths or None)
    out = _stdout_file()
    if out is not None:
        items = [i for i in items if isinstance(i, LoadError) or not _is_stdout(i, out)]
    if output is None:
        return items, None
    target = Path(output).resolve()
    named = {Path(p).resolve() for p in paths}
    kept: list[Path | LoadError] = []
    for item in items:
        # a file resolves to the output only under the output's name, or through a link
        # (`resolve` reads every folder of a path: not done for each of thousands of files)
        if (
            not isinstance(item, LoadError)
            and (item.name == target.name or os.path.islink(item))
            and item.resolve() == target
        ):
            if target in named:
                return items, f"-o {output} is one of the input files; it would be overwritten"
            continue
        kept.append(item)
    return kept, None


def _stdout_file() -> tuple[int, int] | None:
    """(device, inode) of the regular file standard output is redirected to, else None (a
    terminal or a pipe: no input can be it, and no file need be looked at)."""
    try:
        out = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return (out.st_dev, out.st_ino) if stat.S_ISREG(out.st_mode) else None


def _is_stdout(path: Path, out: tuple[int, int]) -> bool:
    """True when `path` is the file standard output is redirected to (`out`, from
    `_stdout_file`): `kit extract . > figures.txt` must not read the figures it is writing."""
    try:
        here = path.stat()
    except OSError:
        return False
    return out == (here.st_dev, here.st_ino)


def _extract_local(args: argparse.Namespace) -> int:
    """`kit extract` with the local engine: exit 0, 1 when some file failed, 2 on misuse.

    A file output appears only complete and only when some input could be read: it is written
    under a temporary name and renamed into place (see `kit.run.output`)."""
    fmt = args.format or "jsonl"
    if fmt == "parquet" and not args.output:
        _error("--format parquet needs -o FILE")
        return 2
    items, misuse = _plan_outside(args.paths, args.output)
    if misuse is not None:
        _error(f"{misuse}")
        return 2
    cache: CacheArg = (args.cache_dir or True) if args.cache else None
    output = None
    try:
        if args.output:
            output = AtomicFile(args.output, binary=fmt == "parquet")
        if fmt == "parquet":
            sink: Any = ParquetSink(output.path)  # type: ignore[union-attr]
        else:
            out = output.handle if output is not None else sys.stdout
            sink = JsonlSink(out) if fmt == "jsonl" else CsvSink(out)  # type: ignore[arg-type]
    except OSError as exc:
        if output is not None:
            output.abort()
        _error(f"cannot write {args.output}: {exc.strerror or exc}")
        return 1
    try:
        done, _, failed = _extract_into(
            args.paths, sink, jobs=args.jobs, cache=cache, items=items, budget=args.time_limit
        )
        if output is not None:
            if done == 0 and failed:
                output.abort()
                _error(f"no file could be read, so {args.output} was not written")
                return 1
            output.commit()
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        if output is None:  # standard output on a full disk, say: one line, no traceback
            _quiet_stdout()
            _error(f"could not write standard output: {exc.strerror or exc}")
            return 1
        output.abort()
        _error(f"could not write {args.output}: {exc.strerror or exc}")
        return 1
    finally:
        if output is not None:
            output.abort()  # killed or failed: the temporary file goes, the target stays as it was
    return 1 if failed else 0


def cmd_docs(args: argparse.Namespace) -> int:
    """One line a document with every document field: a table (default), JSON lines or CSV."""
    from kit.run.engine import figures
    from kit.schema import DOCUMENT_FIELDS

    corpus = load_corpus(args.paths or None)
    counts = figures(corpus, cache=False)["doc_id"].astype(str).value_counts()
    records = []
    for d in corpus.documents:
        record = {k: getattr(d, k) for k in DOCUMENT_FIELDS}
        record["figures"] = int(counts.get(d.doc_id, 0))  # last, as before
        records.append(record)
    if args.format == "jsonl":
        for record in records:
            print(json.dumps(record, ensure_ascii=False, default=json_default))
    elif args.format == "csv":
        from kit.frame import documents_to_frame
        from kit.run.output import neutralise_formulas

        frame = documents_to_frame(corpus.documents)
        frame["figures"] = [r["figures"] for r in records]
        neutralise_formulas(frame).to_csv(sys.stdout, index=False)
    else:
        print_table(records)
    return _report_errors(corpus.errors)


def cmd_summary(args: argparse.Namespace) -> int:
    """Write every figure to a CSV and print a summary by document and topic."""
    from kit.run.engine import figures
    from kit.run.output import atomic_path, neutralise_formulas

    corpus = load_corpus(args.paths or None)
    out = Path(args.output)
    if not corpus.documents:
        _report_errors(corpus.errors)
        _error(f"no file could be read, so {out} was not written")
        return 1
    frame = figures(corpus, cache=False)
    try:
        with atomic_path(out) as tmp:
            neutralise_formulas(frame).to_csv(tmp, index=False)
    except OSError as exc:
        _error(f"could not write {out}: {exc.strerror or exc}")
        return 1
    table = (
        frame.pivot_table(
            index="doc_id", columns="topic", values="value", aggfunc="count", observed=False
        )
        .fillna(0)
        .astype(int)
    )
    print(table.to_string())
    print(f"\n{len(frame)} figures from {len(corpus.documents)} documents written to {out}")
    return _report_errors(corpus.errors)


def cmd_reconcile(args: argparse.Namespace) -> int:
    """Pair Chinese originals with their translations and print their aligned figures."""
    from kit.reconcile import format_table, reconcile_frame, records
    from kit.run.engine import figures

    corpus = load_corpus(args.paths or None)
    paired = reconcile_frame(figures(corpus, cache=False), corpus.documents)
    pairs = 0
    for pair, frame in paired:
        pairs += 1
        if args.format == "jsonl":
            for row in records(frame):
                row = {"pair_score": pair.score, **row}
                print(json.dumps(row, ensure_ascii=False, default=json_default))
            continue
        counts = frame["status"].value_counts(sort=False).to_dict()
        print(f"{pair.doc_a} <-> {pair.doc_b}  score {pair.score:.2f}: {'; '.join(pair.reasons)}")
        print("  ".join(f"{k} {v}" for k, v in counts.items()))
        print(format_table(frame), end="\n\n")
    if not pairs and args.format == "table":
        print("no documents pair up (same region, year and period in two languages)")
    return _report_errors(corpus.errors)


def cmd_briefings(args: argparse.Namespace) -> int:
    """Run the curated notebooks and write HTML briefings; exit 1 if any notebook failed."""
    try:  # papermill and nbconvert load only for this; the core install has none of them
        from kit.publish.briefing import build_briefings
    except ModuleNotFoundError as exc:
        print(
            f"kit: error: kit briefings needs the briefings extra ({exc.name} is not installed):"
            " pip install 'kit[briefings]'",
            file=sys.stderr,
        )
        return 2

    if args.region:
        unknown = _unknown_regions(args.corpus or None, args.region)
        if unknown is not None:
            _error(f"{unknown}")
            return 2
    try:
        result = build_briefings(
            corpus=args.corpus or None,
            out=args.out,
            regions=args.region or None,
            notebooks=args.notebook or None,
            log=sys.stderr,  # one line per notebook as it finishes
        )
    except ValueError as exc:  # a --notebook name that matches nothing
        _error(f"{exc}")
        return 2
    for path in result.built:
        print(path)
    if result.index is not None:
        print(result.index)
    for _, reason in result.failed:
        _error(f"{reason}")
    built, failed = len(result.built), len(result.failed)
    print(
        f"{built} briefing{'s' * (built != 1)} built in {result.seconds:.0f} s"
        + (f", {failed} failed" if failed else ""),
        file=sys.stderr,
    )
    return 1 if failed else 0


def _unknown_regions(corpus: Sequence[str] | None, wanted: Sequence[str]) -> str | None:
    """The error for --region names no document of the corpus has (matched as the notebooks
    match them, ignoring case), listing the known ones; None when all are known."""
    regions = {d.region for d in load_corpus(corpus).documents if d.region}
    known = {r.casefold() for r in regions}
    missing = [r for r in wanted if r.casefold() not in known]
    if not missing:
        return None
    names = ", ".join(sorted(regions)) or "none: no document states its region"
    return f"unknown region {', '.join(map(repr, missing))} (regions in the corpus: {names})"


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value < 0 or math.isnan(value):
        raise argparse.ArgumentTypeError("seconds cannot be negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kit", description="Figures from Chinese public-security work reports."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="every figure, one a line (JSONL), or CSV / Parquet")
    p.add_argument("paths", nargs="*", help="files or folders (default: the bundled seeds)")
    p.add_argument(
        "--format", choices=("jsonl", "csv", "parquet"), help="default: jsonl (dask: parquet)"
    )
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.add_argument(
        "-j", "--jobs", type=int, help="processes (default: all cores; small corpora use one)"
    )
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler, e.g. tcp://host:8786")
    p.add_argument(
        "--cache", action="store_true", help="reuse and keep results (see kit.run.cache)"
    )
    p.add_argument("--cache-dir", metavar="DIR", help="default: $KIT_CACHE_DIR or ~/.cache/kit")
    p.add_argument(
        "--time-limit",
        type=_seconds,
        metavar="SECONDS",
        help="seconds one file may take before it is skipped as an error "
        "(default: $KIT_FILE_SECONDS or 300; 0: no limit)",
    )
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("docs", help="one line a document: id, language, region, year, period")
    p.add_argument("paths", nargs="*")
    p.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("summary", help="write all figures to CSV and print counts by topic")
    p.add_argument("paths", nargs="*")
    p.add_argument("-o", "--output", default="out/metrics.csv")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("reconcile", help="pair Chinese and English versions, align their figures")
    p.add_argument("paths", nargs="*")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.set_defaults(func=cmd_reconcile)

    p = sub.add_parser("briefings", help="run the notebooks, write self-contained HTML briefings")
    p.add_argument("--corpus", nargs="+", metavar="PATH", help="files or folders (default: seeds)")
    p.add_argument("--out", default="briefings", metavar="DIR", help="default: briefings/")
    p.add_argument("--region", nargs="+", metavar="R", help="keep only these regions")
    p.add_argument(
        "--notebook", nargs="+", metavar="NAME", help="file stem or prefix: 01_crackdown, 01"
    )
    p.set_defaults(func=cmd_briefings)

    from kit.fetch import add_parser as add_fetch  # `kit fetch URL... --out DIR`

    add_fetch(sub)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that outputs and workers are cleaned up."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse, reporting an unknown flag with the usage of the subcommand it was given to."""
    args, extra = parser.parse_known_args(argv)
    if extra:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[
            args.command
        ]
        sub.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _quiet_stdout() -> None:
    """After the reader of our output went away, send what is left nowhere, so the flush at
    exit does not print a second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _show_warning(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
    """Warnings about the user's files (a bad manifest line) as one `kit: warning:` line."""
    from kit.load.manifest import ManifestWarning

    if issubclass(category, ManifestWarning):
        print(f"kit: warning: {message}", file=sys.stderr)
    else:
        _default_show_warning(message, category, filename, lineno, file, line)


_default_show_warning = warnings.showwarning


def main(argv: Sequence[str] | None = None) -> int:
    shown, warnings.showwarning = warnings.showwarning, _show_warning
    try:
        return _main(argv)
    finally:
        warnings.showwarning = shown


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = _parse(parser, argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except Terminated:
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("kit: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())


__all__ = [
    "build_parser",
]
