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

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.fetch._transfer import Limits, fetch_one, open_client, page_address
from kit.load import manifest
from kit.terminal import teller

if TYPE_CHECKING:
    import httpx

_DEFAULT = Limits()


@dataclass(frozen=True)
class Failure:
    """An address that was not saved, and why, in words (`url` without its secrets)."""

    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.url}: {self.reason}"


@dataclass
class FetchReport:
    """What a fetch did: the manifest lines of the saved files and the addresses that failed."""

    saved: list[dict[str, Any]] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)


def read_list(path: str | os.PathLike[str]) -> list[str]:
    """Addresses in a list file: one a line; blank lines and `#` comments skipped."""
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    return [s for line in lines if (s := line.split("#", 1)[0].strip())]


def fetch(
    urls: Iterable[str],
    out: str | os.PathLike[str],
    *,
    timeout: float = _DEFAULT.timeout,
    retries: int = _DEFAULT.retries,
    delay: float = _DEFAULT.delay,
    backoff: float = _DEFAULT.backoff,
    deadline: float = _DEFAULT.deadline,
    max_bytes: int = _DEFAULT.max_bytes,
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
    from tqdm.auto import tqdm

    if timeout <= 0 or deadline <= 0 or retries < 0 or delay < 0 or backoff < 0:
        raise ValueError("timeout and deadline must be positive; retries, delay, backoff >= 0")
    urls = list(dict.fromkeys(page_address(u) for u in urls))  # each page once, in order
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    own = client is None
    client = open_client(timeout, client)
    show = progress if progress is not None else sys.stderr.isatty() and not os.environ.get("CI")
    bar = tqdm(total=len(urls), unit="page", disable=not show, file=sys.stderr)
    last_request: dict[str, float] = {}
    result = FetchReport()
    limits = Limits(timeout, retries, delay, backoff, deadline, max_bytes)
    # pages already in the folder, by content: a page seen under a second address is one file
    known = {
        e["sha256"]: e["file"]
        for e in manifest.read(folder)
        if e.get("sha256") and e.get("file") and (folder / e["file"]).is_file()
    }

    say = teller(report, bar, show)

    try:
        for url in urls:
            entry = fetch_one(client, url, folder, limits, last_request, known)
            manifest.append(folder, entry)
            if "error" in entry:
                failure = Failure(entry["url"], entry["error"])
                result.failed.append(failure)
                say(f"kit: error: {failure}")
            else:
                result.saved.append(entry)
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


from kit.fetch._command import add_parser  # noqa: E402 - `kit.cli` finds the subcommand here

__all__ = [
    "add_parser",
]
