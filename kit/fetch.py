"""`kit fetch`: download report pages and files as they are, each with a manifest line.

Reports are read later from the saved bytes (so a page can be re-read with a better reader
without fetching it again), and the folder's `manifest.jsonl` says where each file came from:
`url`, `final_url` after redirects, `time`, HTTP `status`, `content_type`, `sha256`, `file`.
Loading the folder joins each file to its line, so every figure cites its address.

Downloads are polite and patient: one request at a time, a pause between requests to the same
host, timeouts, and a few retries (with growing pauses) on time-outs, dropped connections and
"busy" answers (429, 5xx). Every address is bounded: a deadline for all its tries together
(a server sending a byte a second is cut off by closing its socket), a size cap on the bytes
received *and* on the bytes they decode to (a `Content-Encoding: gzip, gzip` bomb is inflated a
slice at a time, onto disk, and stopped at the cap), redirects followed only to http(s). An
address that fails, for any reason, is one manifest line and one named error; the others are
still saved. Addresses are kept in the manifest without credentials or secret query values.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import re
import socket
import sys
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from kit.load import manifest

if TYPE_CHECKING:
    import httpx

TIMEOUT = 30.0  # seconds to connect, and between bytes received
DEADLINE = 300.0  # seconds an address may take in all, its retries and pauses included
RETRIES = 2  # further tries after a failed one
DELAY = 1.0  # seconds between two requests to the same host
BACKOFF = 2.0  # seconds before the first retry, doubled for each next one
MAX_BYTES = 100 * 2**20  # a report is never this large, received or decoded; stop past it
MAX_REDIRECTS = 10
USER_AGENT = "kit-fetch/0.1 (report reader; one request at a time)"
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
MAX_NAME_BYTES = 200  # file names stay well under the 255 bytes file systems allow
_SLICE = 64 * 1024  # bytes inflated at a time

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
_BINARY_EXT = frozenset({".pdf", ".docx", ".doc"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._\u4e00-\u9fff-]+")
_HTML_HEAD = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)


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


def page_address(url: str) -> str:
    """The address of the page itself: `a.html#x` and `a.html` are one page."""
    try:
        return urldefrag(url).url or url
    except ValueError:
        return url


def fetch(
    urls: Iterable[str],
    out: str | os.PathLike[str],
    *,
    timeout: float = TIMEOUT,
    retries: int = RETRIES,
    delay: float = DELAY,
    backoff: float = BACKOFF,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
    progress: bool | None = None,
    report: Callable[[str], None] | None = None,
    client: httpx.Client | None = None,
) -> FetchReport:
    """Download each address into `out` (created), appending to `out/manifest.jsonl`.

    Each address ends within `deadline` seconds and `max_bytes` (received and decoded), or
    fails; each failure is passed to `report` as it happens (default: stderr), written as a
    manifest line and kept in the result. Raises ValueError for negative limits and OSError
    when `out` cannot be a folder.
    """
    import httpx  # here, so that `kit --help` and the other commands do not load it
    from tqdm.auto import tqdm

    if timeout <= 0 or deadline <= 0 or retries < 0 or delay < 0 or backoff < 0:
        raise ValueError("timeout and deadline must be positive; retries, delay, backoff >= 0")
    urls = list(dict.fromkeys(page_address(u) for u in urls))  # each page once, in order
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    own = client is None
    client = client or httpx.Client(
        follow_redirects=False,  # followed here, one hop at a time, http(s) only
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        limits=httpx.Limits(max_keepalive_connections=0),  # a fresh socket a request
    )
    hooks = client.event_hooks
    if _check_redirect not in hooks.get("response", []):
        client.event_hooks = {**hooks, "response": [*hooks.get("response", []), _check_redirect]}
    show = progress if progress is not None else sys.stderr.isatty() and not os.environ.get("CI")
    bar = tqdm(total=len(urls), unit="page", disable=not show, file=sys.stderr)
    last_request: dict[str, float] = {}
    result = FetchReport()
    limits = _Limits(timeout, retries, delay, backoff, deadline, max_bytes)
    # pages already in the folder, by content: a page seen under a second address is one file
    known = {
        e["sha256"]: e["file"]
        for e in manifest.read(folder)
        if e.get("sha256") and e.get("file") and (folder / e["file"]).is_file()
    }

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
                entry = _fetch_one(client, url, folder, limits, last_request, known)
            except Exception as exc:  # one address never ends the run
                if isinstance(exc, _Failed):
                    reason, status = exc.reason, exc.status
                else:
                    reason, status = f"failed ({type(exc).__name__}: {exc})", None
                shown = manifest.public_url(url) or url
                failure = Failure(shown, reason)
                result.failed.append(failure)
                manifest.append(
                    folder, {"url": shown, "time": _now(), "status": status, "error": reason}
                )
                say(f"kit: error: {failure}")
            else:
                result.saved.append(entry)
                manifest.append(folder, entry)
                if entry.get("duplicate_of"):
                    say(
                        f"kit: note: {entry['url']} is the page saved as {entry['duplicate_of']} "
                        "(same content): one document, not saved twice"
                    )
            bar.update(1)
            bar.set_postfix_str(f"{len(result.failed)} failed", refresh=False)
    finally:
        bar.close()
        if own:
            client.close()
    return result


@dataclass(frozen=True)
class _Limits:
    timeout: float
    retries: int
    delay: float
    backoff: float
    deadline: float
    max_bytes: int


class _Watchdog:
    """Closes the sockets of one address when its deadline passes, whatever the code reading
    them is waiting for (a header or body sent a byte at a time never times out by itself)."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return self.ends - time.monotonic()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: remember each new connection's socket."""
        if event.endswith("connect_tcp.complete"):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                with self._lock:
                    self._sockets.append(sock)
                    if self.expired:
                        self._close(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._close(sock)

    @staticmethod
    def _close(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


def _check_address(url: str) -> tuple[str, str]:
    """(scheme, host) of an address kit may fetch; raises `_Failed` saying why not."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url) or " " in url.strip():
        raise _Failed("not a valid address (it holds a control character or a space)", False)
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise _Failed(f"not a valid address ({exc})", False) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise _Failed("not an http(s) address", False)
    return parts.scheme.lower(), host


def _fetch_one(
    client: httpx.Client,
    url: str,
    folder: Path,
    limits: _Limits,
    last_request: dict[str, float],
    known: dict[str, str],
) -> dict[str, Any]:
    _, host = _check_address(url)
    watchdog = _Watchdog(limits.deadline)
    try:
        for attempt in range(limits.retries + 1):
            _wait_for(host, limits.delay, last_request, watchdog)
            try:
                return _download(client, url, folder, limits, watchdog, known)
            except _Failed as exc:
                if watchdog.expired or watchdog.left() <= 0:
                    raise _Failed(
                        f"took longer than the deadline of {limits.deadline:g} s an address",
                        False,
                        exc.status,
                    ) from None
                if not exc.retry or attempt == limits.retries:
                    if attempt:
                        raise _Failed(
                            f"{exc.reason} (after {attempt + 1} tries)", False, exc.status
                        ) from None
                    raise
                pause = max(exc.wait, limits.backoff * 2**attempt)
                if pause >= watchdog.left():
                    raise _Failed(
                        f"{exc.reason} (no time left to retry within the deadline of "
                        f"{limits.deadline:g} s)",
                        False,
                        exc.status,
                    ) from None
                time.sleep(pause)
    finally:
        watchdog.cancel()
    raise AssertionError("the loop above returns or raises")


def _wait_for(host: str, delay: float, last_request: dict[str, float], watchdog: _Watchdog) -> None:
    """Sleep until `delay` seconds have passed since the last request to `host`."""
    previous = last_request.get(host)
    if previous is not None:
        pause = min(previous + delay - time.monotonic(), watchdog.left())
        if pause > 0:
            time.sleep(pause)
    last_request[host] = time.monotonic()


class _Inflater:
    """Decodes a body's Content-Encoding layers (`gzip, gzip` is two) a slice at a time, so
    that no more than `limit` decoded bytes are ever made, however small the bomb."""

    def __init__(self, header: str | None, limit: int) -> None:
        names = [n.strip().lower() for n in (header or "").split(",") if n.strip()]
        self.stages: list[Any] = []
        for name in reversed(names):  # the last encoding applied is undone first
            if name in ("gzip", "x-gzip"):
                self.stages.append(zlib.decompressobj(16 + zlib.MAX_WBITS))
            elif name == "deflate":
                self.stages.append(_Deflate())
            elif name != "identity":
                raise _Failed(f"unsupported Content-Encoding {name!r}", False)
        self.names = names
        self.limit = limit
        self.size = 0

    def feed(self, data: bytes, write: Callable[[bytes], None]) -> None:
        self._through(0, data, write)

    def _through(self, stage: int, data: bytes, write: Callable[[bytes], None]) -> None:
        if stage == len(self.stages):
            self.size += len(data)
            if self.size > self.limit:
                raise _Failed(self._too_large(), False)
            write(data)
            return
        decoder = self.stages[stage]
        try:
            while True:
                piece = decoder.decompress(data, _SLICE)
                data = decoder.unconsumed_tail
                if piece:
                    self._through(stage + 1, piece, write)
                if not data and len(piece) < _SLICE:
                    return
        except zlib.error:
            raise _Failed(
                f"the body is not the {', '.join(self.names)} its Content-Encoding claims", False
            ) from None

    def _too_large(self) -> str:
        return f"larger than {_size(self.limit)} once decoded"


class _Deflate:
    """`deflate` as sent: zlib-wrapped (RFC 1950), or raw by servers that misread it."""

    def __init__(self) -> None:
        self.decoder: Any = None

    @property
    def unconsumed_tail(self) -> bytes:
        return self.decoder.unconsumed_tail if self.decoder is not None else b""

    def decompress(self, data: bytes, size: int) -> bytes:
        if self.decoder is None:
            raw = bool(data) and (data[0] & 0x0F) != 8
            self.decoder = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        return self.decoder.decompress(data, size)


def _download(
    client: httpx.Client,
    url: str,
    folder: Path,
    limits: _Limits,
    watchdog: _Watchdog,
    known: dict[str, str],
) -> dict[str, Any]:
    import httpx

    current = url
    for _ in range(MAX_REDIRECTS + 1):
        left = watchdog.left()
        if left <= 0:
            raise _Failed("deadline passed", False)
        timeout = httpx.Timeout(min(limits.timeout, left))
        try:
            with client.stream(
                "GET", current, timeout=timeout, extensions={"trace": watchdog.trace}
            ) as response:
                status = response.status_code
                if status in REDIRECT_STATUS and response.headers.get("location"):
                    current = _redirect_target(current, response.headers["location"])
                    continue
                if status >= 400:
                    wait = _retry_after(response.headers.get("retry-after"))
                    phrase = response.reason_phrase or ""
                    raise _Failed(
                        f"HTTP {status} {phrase}".strip(), status in RETRY_STATUS, status, wait
                    )
                content_type = response.headers.get("content-type")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limits.max_bytes:
                    raise _Failed(f"larger than {_size(limits.max_bytes)} (Content-Length)", False)
                return _save(response, url, current, status, content_type, folder, limits, known)
        except httpx.TimeoutException:
            raise _Failed("timed out", True) from None
        except httpx.TransportError as exc:
            if watchdog.expired:
                raise _Failed("deadline passed", False) from None
            raise _Failed(f"could not connect ({type(exc).__name__}: {exc})", True) from None
        except httpx.HTTPError as exc:  # a malformed answer or address
            raise _Failed(f"failed ({type(exc).__name__}: {exc})", False) from None
    raise _Failed(f"more than {MAX_REDIRECTS} redirects", False)


def _check_redirect(response: httpx.Response) -> None:
    """Response hook: a redirect to anything but http(s) fails here, before httpx builds a
    request for it (which raises on `javascript:` and `data:`)."""
    location = response.headers.get("location")
    if response.status_code in REDIRECT_STATUS and location:
        _redirect_target(str(response.request.url), location)


def _redirect_target(current: str, location: str) -> str:
    """The address a redirect leads to, when it is one kit may follow (http or https)."""
    try:
        target = urljoin(current, location.strip())
    except ValueError as exc:
        raise _Failed(f"redirected to an invalid address ({exc})", False) from None
    scheme = urlsplit(target).scheme.lower() if ":" in target else ""
    if scheme not in ("http", "https"):
        raise _Failed(f"redirected to a {scheme or 'relative'}: address, not followed", False)
    _check_address(target)
    return page_address(target)


def _save(
    response: httpx.Response,
    url: str,
    final_url: str,
    status: int,
    content_type: str | None,
    folder: Path,
    limits: _Limits,
    known: dict[str, str],
) -> dict[str, Any]:
    """Stream the body to a hidden file in `folder` (decoded, capped, hashed), then rename it
    to the name its address and its sniffed content call for; bytes already saved from
    another address are not saved again (the line names the file as `duplicate_of`)."""
    inflater = _Inflater(response.headers.get("content-encoding"), limits.max_bytes)
    digest = hashlib.sha256()
    head = bytearray()
    tmp = folder / f".fetch-{os.getpid()}-{uuid.uuid4().hex[:12]}.part"
    received = 0
    try:
        with open(tmp, "wb") as out:

            def write(data: bytes) -> None:
                digest.update(data)
                if len(head) < 65536:
                    head.extend(data[: 65536 - len(head)])
                out.write(data)

            for chunk in response.iter_raw():
                received += len(chunk)
                if received > limits.max_bytes:
                    raise _Failed(f"larger than {_size(limits.max_bytes)}", False, status)
                inflater.feed(chunk, write)
        sha256 = digest.hexdigest()
        name = file_name(final_url, content_type, bytes(head))
        same = known.get(sha256)
        duplicate = same is not None and same != name and (folder / same).is_file()
        if not duplicate:
            os.replace(tmp, folder / name)
            known[sha256] = name
    finally:
        tmp.unlink(missing_ok=True)
    entry = {
        "url": manifest.public_url(url),
        "final_url": manifest.public_url(final_url),
        "time": _now(),
        "status": status,
        "content_type": content_type,
        "sha256": sha256,
    }
    if duplicate:
        return {**entry, "duplicate_of": same}
    return {**entry, "file": known[sha256]}


def _size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit:,} bytes"


def _retry_after(value: str | None) -> float:
    try:
        return min(60.0, max(0.0, float(value))) if value else 0.0
    except ValueError:
        return 0.0


def sniff(data: bytes) -> str | None:
    """The suffix a file's first bytes call for, whatever it was served as: `.pdf`, `.docx`,
    `.doc`, `.html`, or None when the bytes do not say."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".docx" if b"word/" in data else None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_HEAD.match(head):
        return ".html"
    return None


def file_name(url: str, content_type: str | None = None, data: bytes | None = None) -> str:
    """A safe, stable file name for an address: host and path (at most `MAX_NAME_BYTES`
    bytes in all), a short hash, and the suffix its bytes call for (sniffed: HTML served as
    PDF is saved as `.html`), else its content type, else its path."""
    parts = urlsplit(url)
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    path_ext = Path(unquote(parts.path)).suffix.lower()
    ext = _EXT_BY_TYPE.get(mime)
    if ext is None:
        ext = path_ext if path_ext in _KNOWN_EXT else mimetypes.guess_extension(mime) or ".bin"
    if data is not None:
        found = sniff(data)
        if found is not None:
            ext = found
        elif ext in _BINARY_EXT:  # the bytes are not what the header or the path claims
            ext = ".txt" if _looks_like_text(data) else ".bin"
    stem = unquote(parts.path).rstrip("/")
    if path_ext in _KNOWN_EXT:
        stem = stem[: -len(path_ext)]
    slug = _UNSAFE.sub("_", f"{parts.hostname or ''}{stem}").strip("._-")[:100] or "page"
    slug = slug.encode("utf-8")[: MAX_NAME_BYTES - 20].decode("utf-8", "ignore").strip("._-")
    tag = hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug or 'page'}-{tag}{ext}"


def _looks_like_text(data: bytes) -> bool:
    return bool(data) and b"\0" not in data[:4096]


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


def _positive(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def _not_negative(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"cannot be negative: {text!r}")
    return value


def _count(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"cannot be negative: {text!r}")
    return value


def add_parser(sub: Any) -> None:
    """The `fetch` subcommand's arguments (called by `kit.cli.build_parser`)."""
    p = sub.add_parser("fetch", help="download report pages and files, with a manifest")
    p.add_argument("urls", nargs="*", metavar="URL")
    p.add_argument("--from-file", metavar="LIST", help="a file of addresses, one a line")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to save into")
    p.add_argument(
        "--timeout",
        type=_positive,
        default=TIMEOUT,
        help=f"seconds to connect and between bytes (default {TIMEOUT:g})",
    )
    p.add_argument(
        "--deadline",
        type=_positive,
        default=DEADLINE,
        help=f"seconds an address may take in all, retries included (default {DEADLINE:g})",
    )
    p.add_argument("--retries", type=_count, default=RETRIES, help=f"default {RETRIES}")
    p.add_argument(
        "--delay",
        type=_not_negative,
        default=DELAY,
        help=f"seconds between requests to a host ({DELAY:g})",
    )
    p.set_defaults(func=cli_fetch)


__all__ = [
    "Failure",
    "FetchReport",
    "add_parser",
    "cli_fetch",
    "fetch",
    "file_name",
    "page_address",
    "read_list",
    "sniff",
]
