"""One address over HTTP, bounded: a deadline for all its tries (its sockets closed when it
passes, however slowly a server sends), a size cap on the bytes received and on what they
decode to (Content-Encoding layers inflated a slice at a time, onto disk), redirects followed
one hop at a time and only to http(s), retries with growing pauses on time-outs and "busy"
answers. The result is the address's manifest line, saved or failed: one address never ends
a run."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import threading
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

from kit.fetch._names import file_name
from kit.load import manifest

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 10
USER_AGENT = "kit-fetch/0.1 (report reader; one request at a time)"
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_SLICE = 64 * 1024  # bytes inflated at a time


@dataclass(frozen=True)
class Limits:
    """How long and how much one address may take; the defaults are `kit fetch`'s."""

    timeout: float = 30.0  # seconds to connect, and between bytes received
    retries: int = 2  # further tries after a failed one
    delay: float = 1.0  # seconds between two requests to the same host
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    deadline: float = 300.0  # seconds an address may take in all, retries and pauses included
    max_bytes: int = 100 * 2**20  # a report is never this large, received or decoded


class _Failed(Exception):
    def __init__(self, reason: str, retry: bool, status: int | None = None, wait: float = 0):
        super().__init__(reason)
        self.reason, self.retry, self.status, self.wait = reason, retry, status, wait


def page_address(url: str) -> str:
    """The address of the page itself: `a.html#x` and `a.html` are one page."""
    try:
        return urldefrag(url).url or url
    except ValueError:
        return url


def open_client(timeout: float, client: httpx.Client | None = None) -> httpx.Client:
    """`client` (the caller's own), or a new one, made to refuse redirects to anything but
    http(s). A new one follows no redirect by itself (they are followed here, one hop at a
    time), asks for compressed bodies, and opens a fresh socket a request (so that a deadline
    can close it)."""
    if client is None:
        import httpx  # here, so that `kit --help` and the other commands do not load it

        client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_keepalive_connections=0),
        )
    hooks = client.event_hooks
    if _check_redirect not in hooks.get("response", []):
        client.event_hooks = {**hooks, "response": [*hooks.get("response", []), _check_redirect]}
    return client


def fetch_one(
    client: httpx.Client,
    url: str,
    folder: Path,
    limits: Limits,
    last_request: dict[str, float],
    known: dict[str, str],
) -> dict[str, Any]:
    """The manifest line of one address: saved (`file`, or `duplicate_of` when the same bytes
    are already in `folder`), or failed (`error`: why, in words; `status` when HTTP said)."""
    try:
        return _with_retries(client, url, folder, limits, last_request, known)
    except Exception as exc:  # one address never ends the run
        if isinstance(exc, _Failed):
            reason, status = exc.reason, exc.status
        else:
            reason, status = f"failed ({type(exc).__name__}: {exc})", None
        shown = manifest.public_url(url) or url
        return {"url": shown, "time": _now(), "status": status, "error": reason}


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


def _with_retries(
    client: httpx.Client,
    url: str,
    folder: Path,
    limits: Limits,
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
                last_request[host] = time.monotonic()  # the pause counts from the answer
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
        last_request[host] = time.monotonic()  # the next request waits from the answer's end
    raise AssertionError("the loop above returns or raises")


def _wait_for(host: str, delay: float, last_request: dict[str, float], watchdog: _Watchdog) -> None:
    """Sleep until `delay` seconds have passed since the last exchange with `host` ended
    (measured from the answer, so a slow answer never brings the next request closer)."""
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
    limits: Limits,
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
    limits: Limits,
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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
