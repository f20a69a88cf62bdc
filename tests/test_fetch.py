"""`kit fetch` against a web server on 127.0.0.1 (never the internet), then `kit extract`."""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise

import pytest
from _pages import PAGES

from kit.cli import main
from kit.fetch import fetch, file_name, read_list
from kit.load.manifest import MANIFEST_NAME

PAGE = {p.name: p for p in PAGES}
GBK = PAGE["xining_gb2312.html"]


class _Server:
    """Routes: path -> (status, headers, body), or a callable giving them for each request."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, float]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, time.monotonic()))
                route = server.routes.get(self.path)
                if callable(route):
                    route = route()
                if route is None:
                    route = (404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>")
                status, headers, body = route
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)  # the client may have given up (time-out test)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def server() -> Iterator[_Server]:
    s = _Server()
    s.thread.start()
    try:
        yield s
    finally:
        s.httpd.shutdown()
        s.httpd.server_close()


def _html(body: bytes, charset: str | None = None) -> tuple[int, dict[str, str], bytes]:
    kind = "text/html" + (f"; charset={charset}" if charset else "")
    return 200, {"Content-Type": kind}, body


def test_fetch_two_addresses_one_missing_then_extract_cites_the_url(server, tmp_path, capsys):
    server.routes["/jwdt/t20240105_123.html"] = _html(GBK.data())
    ok, missing = server.url("/jwdt/t20240105_123.html"), server.url("/jwdt/gone.html")
    out = tmp_path / "pages"
    code = main(["fetch", ok, missing, "--out", str(out), "--delay", "0", "--retries", "0"])
    captured = capsys.readouterr()
    assert code == 1
    assert f"{missing}: HTTP 404 Not Found" in captured.err
    saved = [p for p in out.iterdir() if p.name != MANIFEST_NAME]
    assert len(saved) == 1 and saved[0].read_bytes() == GBK.data()
    assert captured.out.splitlines() == [str(saved[0])]
    lines = [json.loads(line) for line in (out / MANIFEST_NAME).read_text().splitlines()]
    good, bad = lines
    assert {k: good[k] for k in ("url", "final_url", "status", "file")} == {
        "url": ok,
        "final_url": ok,
        "status": 200,
        "file": saved[0].name,
    }
    assert good["content_type"] == "text/html"
    assert good["sha256"] == hashlib.sha256(GBK.data()).hexdigest()
    assert good["time"].endswith("+00:00")
    assert (bad["url"], bad["status"], bad["error"]) == (missing, 404, "HTTP 404 Not Found")

    # the fetched address, not the page's own canonical link, is what each figure cites
    assert main(["extract", str(out), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in rows] == [
        *("3,215", "12.6%", "2108", "1286", "4.3亿", "1.2万", "98.6%", "15.3%"),
    ]
    assert {r["url"] for r in rows} == {ok}
    assert {r["page"] for r in rows} == {None}


def test_a_redirect_is_followed_and_the_final_address_cited(server, tmp_path):
    page = PAGE["xihu_portal.htm"]
    server.routes["/old"] = (301, {"Location": "/new/report.htm"}, b"")
    server.routes["/new/report.htm"] = _html(page.data(), "gb18030")
    out = tmp_path / "pages"
    result = fetch([server.url("/old")], out, delay=0, progress=False)
    [entry] = result.saved
    assert entry["final_url"] == server.url("/new/report.htm") and entry["url"] == server.url(
        "/old"
    )
    assert entry["content_type"] == "text/html; charset=gb18030"
    assert main(["extract", str(out), "-o", str(tmp_path / "m.jsonl")]) == 0
    rows = [json.loads(line) for line in (tmp_path / "m.jsonl").read_text().splitlines()]
    assert rows and {r["url"] for r in rows} == {server.url("/new/report.htm")}


def test_busy_answers_are_retried_and_persistent_failures_named(server, tmp_path):
    answers = iter([(503, {}, b"busy"), _html(b"<p>ok</p>")])
    server.routes["/flaky"] = lambda: next(answers)
    server.routes["/down"] = (503, {}, b"busy")
    server.routes["/forbidden"] = (403, {}, b"no")
    messages: list[str] = []
    result = fetch(
        [server.url(p) for p in ("/flaky", "/down", "/forbidden")],
        tmp_path,
        delay=0,
        backoff=0,
        retries=2,
        progress=False,
        report=messages.append,
    )
    assert [e["url"] for e in result.saved] == [server.url("/flaky")]
    assert [str(f) for f in result.failed] == [
        f"{server.url('/down')}: HTTP 503 Service Unavailable (after 3 tries)",
        f"{server.url('/forbidden')}: HTTP 403 Forbidden",  # not worth asking again
    ]
    assert messages == [f"kit: error: {f}" for f in result.failed]
    paths = [p for p, _ in server.requests]
    assert (
        paths.count("/flaky") == 2 and paths.count("/down") == 3 and paths.count("/forbidden") == 1
    )


def test_requests_to_one_host_are_spaced_by_the_delay(server, tmp_path):
    for name in ("a", "b", "c"):
        server.routes[f"/{name}.html"] = _html(b"<p>x</p>")
    fetch([server.url(f"/{n}.html") for n in "abc"], tmp_path, delay=0.3, progress=False)
    times = [t for _, t in server.requests]
    assert len(times) == 3
    assert min(b - a for a, b in pairwise(times)) >= 0.29


def test_a_slow_server_times_out_and_is_named(server, tmp_path):
    def slow() -> tuple[int, dict[str, str], bytes]:
        time.sleep(1.5)
        return _html(b"late")

    server.routes["/slow"] = slow
    result = fetch([server.url("/slow")], tmp_path, timeout=0.3, retries=0, progress=False)
    assert [str(f) for f in result.failed] == [f"{server.url('/slow')}: timed out"]


def test_list_file_and_bad_addresses(server, tmp_path, capsys):
    server.routes["/r.pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 stub")
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# reports to read\n{server.url('/r.pdf')}  # the annual one\n\nftp://x.example/r.txt\n",
        encoding="utf-8",
    )
    assert read_list(listing) == [server.url("/r.pdf"), "ftp://x.example/r.txt"]
    out = tmp_path / "out"
    code = main(["fetch", "--from-file", str(listing), "--out", str(out), "--delay", "0"])
    err = capsys.readouterr().err
    assert code == 1 and "ftp://x.example/r.txt: not an http(s) address" in err
    assert sorted(p.suffix for p in out.iterdir()) == [".jsonl", ".pdf"]
    assert main(["fetch", "--out", str(out)]) == 2  # nothing to fetch


@pytest.mark.parametrize(
    ("url", "content_type", "expected_prefix", "suffix"),
    [
        (
            "http://gaj.xining.gov.cn/jwdt/t1.html",
            "text/html; charset=gb2312",
            "gaj.xining.gov.cn_jwdt_t1-",
            ".html",
        ),
        ("http://a.example/view.jsp?id=3", "text/html", "a.example_view.jsp-", ".html"),
        (
            "http://a.example/files/2023.pdf",
            "application/octet-stream",
            "a.example_files_2023-",
            ".pdf",
        ),
        ("http://a.example/get?id=9", "application/pdf", "a.example_get-", ".pdf"),
        ("http://a.example/总结.docx", None, "a.example_总结-", ".docx"),
        ("http://a.example/../../etc/passwd", "text/plain", "a.example_.._.._etc_passwd-", ".txt"),
    ],
)
def test_file_names_are_safe_and_stable(url, content_type, expected_prefix, suffix):
    name = file_name(url, content_type)
    assert name.startswith(expected_prefix) and name.endswith(suffix)
    assert "/" not in name and name == file_name(url, content_type)
    assert file_name(url + "&x=1", content_type) != name
