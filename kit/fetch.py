"""`kit fetch`: download report pages and files as they are, each with a manifest line.

Reports are read later from the saved bytes (so a page can be re-read with a better reader
without fetching it again), and the folder's `manifest.jsonl` says where each file came from:
`url`, `final_url` after redirects, `time`, HTTP `status`, `content_type`, `sha256`, `file`.
Loading the folder joins each file to its line, so every figure cites its address.

Downloads are polite and patient: one request at a time, a pause between requests to the same
host, timeouts, and a few retries (with growing pauses) on time-outs, dropped connections and
"busy" answers (429, 5xx). An address that fails is named with the reason and the others are
still saved.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from kit.load import manifest

if TYPE_CHECKING:
    import httpx

TIMEOUT = 30.0  # seconds to connect, and between bytes received
RETRIES = 2  # further tries after a failed one
DELAY = 1.0  # seconds between two requests to the same host
BACKOFF = 2.0  # seconds before the first retry, doubled for each next one
MAX_BYTES = 100 * 2**20  # a report is never this large; stop reading past it
USER_AGENT = "kit-fetch/0.1 (report reader; one request at a time)"
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})

_EXT_BY_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "text/plain": ".txt",
    "text/markdown": ".md",
}
_KNOWN_EXT = frozenset({".html", ".htm", ".shtml", ".pdf", ".docx", ".doc", ".txt", ".md"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._\u4e00-\u9fff-]+")


@dataclass(frozen=True)
class Failure:
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.url}: {self.reason}"


@dataclass
class FetchReport:
    """What a fetch did: the manifest lines of the saved files and the addresses that failed."""

    saved: list[dict[str, Any]] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)


class _Failed(Exception):
    def __init__(self, reason: str, retry: bool, status: int | None = None, wait: float = 0):
        super().__init__(reason)
        self.reason, self.retry, self.status, self.wait = reason, retry, status, wait


def read_list(path: str | os.PathLike[str]) -> list[str]:
    """Addresses in a list file: one a line; blank lines and `#` comments skipped."""
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    return [s for line in lines if (s := line.split("#", 1)[0].strip())]


def fetch(
    urls: Iterable[str],
    out: str | os.PathLike[str],
    *,
    timeout: float = TIMEOUT,
    retries: int = RETRIES,
    delay: float = DELAY,
    backoff: float = BACKOFF,
    progress: bool | None = None,
    report: Callable[[str], None] | None = None,
    client: httpx.Client | None = None,
) -> FetchReport:
    """Download each address into `out` (created), appending to `out/manifest.jsonl`.

    Each failure is passed to `report` as it happens (default: stderr) and kept in the result.
    """
    import httpx  # here, so that `kit --help` and the other commands do not load it
    from tqdm.auto import tqdm

    urls = list(dict.fromkeys(urls))  # each address once, in the order given
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    own = client is None
    client = client or httpx.Client(
        follow_redirects=True,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT},
    )
    show = progress if progress is not None else sys.stderr.isatty() and not os.environ.get("CI")
    bar = tqdm(total=len(urls), unit="page", disable=not show, file=sys.stderr)
    last_request: dict[str, float] = {}
    result = FetchReport()

    def say(message: str) -> None:
        if report is not None:
            report(message)
        elif show:
            bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    try:
        for url in urls:
            try:
                entry = _fetch_one(client, url, folder, retries, delay, backoff, last_request)
            except _Failed as exc:
                failure = Failure(url, exc.reason)
                result.failed.append(failure)
                manifest.append(
                    folder,
                    {"url": url, "time": _now(), "status": exc.status, "error": exc.reason},
                )
                say(f"kit: error: {failure}")
            else:
                result.saved.append(entry)
                manifest.append(folder, entry)
            bar.update(1)
            bar.set_postfix_str(f"{len(result.failed)} failed", refresh=False)
    finally:
        bar.close()
        if own:
            client.close()
    return result


def _fetch_one(
    client: httpx.Client,
    url: str,
    folder: Path,
    retries: int,
    delay: float,
    backoff: float,
    last_request: dict[str, float],
) -> dict[str, Any]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _Failed("not an http(s) address", retry=False)
    for attempt in range(retries + 1):
        _wait_for(parts.hostname, delay, last_request)
        try:
            return _download(client, url, folder)
        except _Failed as exc:
            if not exc.retry or attempt == retries:
                if attempt:
                    raise _Failed(
                        f"{exc.reason} (after {attempt + 1} tries)", False, exc.status
                    ) from None
                raise
            time.sleep(max(exc.wait, backoff * 2**attempt))
    raise AssertionError("the loop above returns or raises")


def _wait_for(host: str, delay: float, last_request: dict[str, float]) -> None:
    """Sleep until `delay` seconds have passed since the last request to `host`."""
    previous = last_request.get(host)
    if previous is not None:
        pause = previous + delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    last_request[host] = time.monotonic()


def _download(client: httpx.Client, url: str, folder: Path) -> dict[str, Any]:
    import httpx

    try:
        with client.stream("GET", url) as response:
            status = response.status_code
            if status >= 400:
                wait = _retry_after(response.headers.get("retry-after"))
                phrase = response.reason_phrase or ""
                raise _Failed(
                    f"HTTP {status} {phrase}".strip(), status in RETRY_STATUS, status, wait
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise _Failed(f"larger than {MAX_BYTES // 2**20} MiB", False, status)
            final_url = str(response.url)
            content_type = response.headers.get("content-type")
    except httpx.TimeoutException:
        raise _Failed("timed out", True) from None
    except httpx.TooManyRedirects:
        raise _Failed("too many redirects", False) from None
    except httpx.TransportError as exc:
        raise _Failed(f"could not connect ({type(exc).__name__}: {exc})", True) from None
    data = bytes(body)
    name = file_name(final_url, content_type)
    target = folder / name
    tmp = folder / f".{name}.part"
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return {
        "url": url,
        "final_url": final_url,
        "time": _now(),
        "status": status,
        "content_type": content_type,
        "sha256": hashlib.sha256(data).hexdigest(),
        "file": name,
    }


def _retry_after(value: str | None) -> float:
    try:
        return min(60.0, max(0.0, float(value))) if value else 0.0
    except ValueError:
        return 0.0


def file_name(url: str, content_type: str | None = None) -> str:
    """A safe, stable file name for an address: host and path, a short hash, the suffix its
    content type (else its path) calls for. The same address always gets the same name."""
    parts = urlsplit(url)
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    path_ext = Path(unquote(parts.path)).suffix.lower()
    ext = _EXT_BY_TYPE.get(mime)
    if ext is None:
        ext = path_ext if path_ext in _KNOWN_EXT else mimetypes.guess_extension(mime) or ".bin"
    stem = unquote(parts.path).rstrip("/")
    if path_ext in _KNOWN_EXT:
        stem = stem[: -len(path_ext)]
    slug = _UNSAFE.sub("_", f"{parts.hostname or ''}{stem}").strip("._-")[:100] or "page"
    tag = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{tag}{ext}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def cli_fetch(args: Any) -> int:
    """`kit fetch`: exit 0 when every address was saved, 1 when any failed, 2 on misuse."""
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
    result = fetch(urls, args.out, timeout=args.timeout, retries=args.retries, delay=args.delay)
    for entry in result.saved:
        print(Path(args.out) / entry["file"])
    print(
        f"{len(result.saved)} of {len(result.saved) + len(result.failed)} saved to {args.out}"
        + (f", {len(result.failed)} failed" if result.failed else ""),
        file=sys.stderr,
    )
    return 1 if result.failed else 0


def add_parser(sub: Any) -> None:
    """The `fetch` subcommand's arguments (called by `kit.cli.build_parser`)."""
    p = sub.add_parser("fetch", help="download report pages and files, with a manifest")
    p.add_argument("urls", nargs="*", metavar="URL")
    p.add_argument("--from-file", metavar="LIST", help="a file of addresses, one a line")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to save into")
    p.add_argument("--timeout", type=float, default=TIMEOUT, help=f"seconds (default {TIMEOUT:g})")
    p.add_argument("--retries", type=int, default=RETRIES, help=f"default {RETRIES}")
    p.add_argument(
        "--delay", type=float, default=DELAY, help=f"seconds between requests to a host ({DELAY:g})"
    )
    p.set_defaults(func=cli_fetch)


__all__ = ["Failure", "FetchReport", "add_parser", "cli_fetch", "fetch", "file_name", "read_list"]
