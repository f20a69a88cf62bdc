"""`kit fetch URL... --out DIR`: its arguments, checked as they are parsed, and its messages
and exit codes (0 every address saved, 1 some failed, 2 misuse)."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kit.fetch._transfer import Limits

_DEFAULT = Limits()


def cli_fetch(args: Any) -> int:
    """`kit fetch`: exit 0 when every address was saved, 1 when any failed, 2 on misuse."""
    from kit.fetch import fetch, read_list

    urls: list[str] = list(args.urls or [])
    if args.from_file:
        try:
            urls += read_list(args.from_file)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"kit: error: {args.from_file}: cannot read the list ({exc})", file=sys.stderr)
            return 2
    if not urls:
        print("kit: error: no addresses given (URL... or --from-file LIST)", file=sys.stderr)
        return 2
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"kit: error: --out {args.out} is a file, not a folder", file=sys.stderr)
        return 2
    try:
        result = fetch(
            urls,
            out,
            timeout=args.timeout,
            retries=args.retries,
            delay=args.delay,
            deadline=args.deadline,
        )
    except OSError as exc:
        print(f"kit: error: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for entry in result.saved:
        if entry.get("file"):
            print(out / entry["file"])
    print(
        f"{len(result.saved)} of {len(result.saved) + len(result.failed)} saved to {args.out}"
        + (f", {len(result.failed)} failed" if result.failed else ""),
        file=sys.stderr,
    )
    return 1 if result.failed else 0


def _bounded(
    parse: Callable[[str], float], what: str, zero: bool, bounds: str
) -> Callable[[str], float]:
    """An argparse type: `parse`, then refuse negative, infinite and NaN values (and zero
    unless `zero`), saying `bounds` (argparse turns the error into exit code 2)."""

    def check(text: str) -> float:
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if not (value >= 0 if zero else value > 0) or math.isinf(value):
            raise argparse.ArgumentTypeError(f"{bounds}: {text!r}")
        return value

    return check


_positive = _bounded(float, "a number of seconds", False, "must be a positive number of seconds")
_not_negative = _bounded(float, "a number of seconds", True, "cannot be negative")
_count = _bounded(int, "a whole number", True, "cannot be negative")


def add_parser(sub: Any) -> None:
    """The `fetch` subcommand's arguments (called by `kit.cli.build_parser`)."""
    p = sub.add_parser("fetch", help="download report pages and files, with a manifest")
    p.add_argument("urls", nargs="*", metavar="URL")
    p.add_argument("--from-file", metavar="LIST", help="a file of addresses, one a line")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to save into")
    p.add_argument(
        "--timeout",
        type=_positive,
        default=_DEFAULT.timeout,
        help=f"seconds to connect and between bytes (default {_DEFAULT.timeout:g})",
    )
    p.add_argument(
        "--deadline",
        type=_positive,
        default=_DEFAULT.deadline,
        help="seconds an address may take in all, retries included"
        f" (default {_DEFAULT.deadline:g})",
    )
    p.add_argument(
        "--retries", type=_count, default=_DEFAULT.retries, help=f"default {_DEFAULT.retries}"
    )
    p.add_argument(
        "--delay",
        type=_not_negative,
        default=_DEFAULT.delay,
        help=f"seconds between requests to a host ({_DEFAULT.delay:g})",
    )
    p.set_defaults(func=cli_fetch)
