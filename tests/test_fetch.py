"""`kit fetch` against a web server on 127.0.0.1 (never the internet), then `kit extract`."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from urllib.parse import quote

import pytest
from _pages import PAGES

from kit.cli import main
from kit.fetch import fetch, read_list
from kit.fetch._names import file_name
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


# ---- hostile servers (issue 23, item 4) -------------------------------------------------------
# Each route writes its own raw answer; every loop is bounded, so a server stops by itself.

ARTICLE = (
    "<html><head><title>2023年全市公安工作总结</title></head><body><div class='article'>"
    + "<p>2023年，全市共破获刑事案件3,215起，同比上升12.6%。抓获犯罪嫌疑人2108名。</p>" * 3
    + "</div></body></html>"
).encode()


class _Hostile:
    """A server on 127.0.0.1 whose routes get the request handler and write what they like."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append(self.path)
                route = server.routes.get(self.path.split("?")[0])
                with contextlib.suppress(OSError):
                    if route is None:
                        self.send_error(404)
                    else:
                        route(self)
                    self.wfile.flush()
                self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def hostile() -> Iterator[_Hostile]:
    s = _Hostile()
    s.thread.start()
    try:
        yield s
    finally:
        s.httpd.shutdown()
        s.httpd.server_close()


def _answer(body: bytes, **headers: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        named = {"Content-Type": "text/html; charset=utf-8"}
        named.update({key.replace("_", "-"): value for key, value in headers.items()})
        for key, value in named.items():
            h.send_header(key, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return route


def _redirect(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


def _trickle_body(h: BaseHTTPRequestHandler) -> None:
    """A byte of body every 0.1 s, for at most 8 s: never a read time-out."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100")
    h.end_headers()
    for _ in range(80):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.1)


def _trickle_headers(h: BaseHTTPRequestHandler) -> None:
    """The status line and headers a byte every 0.1 s, for at most 8 s."""
    for byte in (b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 78)[:80]:
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        time.sleep(0.1)


def _double_gzip(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    inner = b"".join(packer.compress(b"\0" * 2**20) for _ in range(size // 2**20)) + packer.flush()
    return gzip.compress(inner, 9)


HOSTILE_ROUTES = [
    # (id, path, route factory, expected: "saved" or a fragment of the failure)
    ("trickled body", "/trickle-body", lambda: _trickle_body, "deadline"),
    ("trickled headers", "/trickle-headers", lambda: _trickle_headers, "deadline"),
    (
        "gzip, gzip bomb",
        "/bomb",
        lambda: _answer(_double_gzip(64 * 2**20), Content_Encoding="gzip, gzip"),
        "once decoded",
    ),
    (
        "body not the gzip it claims",
        "/not-gzip",
        lambda: _answer(ARTICLE, Content_Encoding="gzip"),
        "not the gzip its Content-Encoding claims",
    ),
    ("redirect to javascript:", "/to-js", lambda: _redirect("javascript:alert(1)"), "javascript:"),
    ("redirect to data:", "/to-data", lambda: _redirect("data:text/html,<p>12</p>"), "data:"),
    ("redirect to file:", "/to-file", lambda: _redirect("file:///etc/passwd"), "file:"),
    ("a good page", "/good.html", lambda: _answer(ARTICLE), "saved"),
]


def test_hostile_servers_end_in_bounded_time_each_a_manifest_line(hostile, tmp_path, capsys):
    for _, path, make, _ in HOSTILE_ROUTES:
        hostile.routes[path] = make()
    urls = [hostile.url(path) for _, path, _, _ in HOSTILE_ROUTES]
    urls += ["http://[::1/x", hostile.url("/good.html") + "\0evil"]
    out = tmp_path / "pages"
    started = time.monotonic()
    result = fetch(
        urls,
        out,
        timeout=5,
        deadline=1.5,
        retries=1,
        delay=0,
        backoff=0.1,
        max_bytes=2**20,
        progress=False,
        report=lambda _: None,
    )
    elapsed = time.monotonic() - started
    assert elapsed < 1.5 * 2 + 3  # two trickling servers, each cut at its deadline
    failed = {f.url: f.reason for f in result.failed}
    for case, path, _, expected in HOSTILE_ROUTES:
        url = hostile.url(path)
        if expected == "saved":
            assert url not in failed, case
        else:
            assert expected in failed[url], (case, failed[url])
    assert "not a valid address" in failed["http://[::1/x"]
    assert "control character" in failed[hostile.url("/good.html") + "\0evil"]
    lines = [json.loads(line) for line in (out / MANIFEST_NAME).read_text().splitlines()]
    assert len(lines) == len(urls) and sum("error" in line for line in lines) == len(urls) - 1
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no .part left


def test_the_command_exits_1_and_saves_the_good_page_after_a_bad_one(hostile, tmp_path, capsys):
    hostile.routes["/to-js"] = _redirect("javascript:alert(1)")
    hostile.routes["/good.html"] = _answer(ARTICLE)
    out = tmp_path / "pages"
    code = main(["fetch", hostile.url("/to-js"), hostile.url("/good.html"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "redirected to a javascript: address, not followed" in err
    assert len([p for p in out.iterdir() if p.suffix == ".html"]) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--retries", "-1"], "cannot be negative", id="negative retries"),
        pytest.param(["--timeout", "-5"], "positive", id="negative timeout"),
        pytest.param(["--timeout", "0"], "positive", id="zero timeout"),
        pytest.param(["--deadline", "nan"], "positive", id="deadline nan"),
        pytest.param(["--delay", "-1"], "cannot be negative", id="negative delay"),
        pytest.param(["--timeout", "inf"], "positive", id="infinite timeout"),
        pytest.param(["--retries", "two"], "not a whole number", id="retries in words"),
        pytest.param(["--delay", "soon"], "not a number of seconds", id="delay in words"),
    ],
)
def test_bad_limits_are_usage_errors(tmp_path, capsys, args, message):
    code = main(["fetch", "http://127.0.0.1:9/x", "--out", str(tmp_path), *args])
    assert code == 2 and message in capsys.readouterr().err


def test_out_naming_a_file_is_a_usage_error_and_the_file_kept(tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    assert main(["fetch", "http://127.0.0.1:9/x", "--out", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"


def test_a_fragment_is_the_same_page(hostile, tmp_path):
    hostile.routes["/a.html"] = _answer(ARTICLE)
    a = hostile.url("/a.html")
    result = fetch([a, a + "#x", a + "#section-2"], tmp_path, delay=0, progress=False)
    assert hostile.requests == ["/a.html"] and len(result.saved) == 1


def test_credentials_and_tokens_never_reach_the_manifest_or_figures(hostile, tmp_path, capsys):
    hostile.routes["/r.html"] = _answer(ARTICLE)
    port = hostile.httpd.server_address[1]
    url = f"http://alice:s3cret@127.0.0.1:{port}/r.html?id=7&token=abc123&api_key=k9"
    out = tmp_path / "pages"
    [entry] = fetch([url], out, delay=0, progress=False).saved
    manifest_text = (out / MANIFEST_NAME).read_text(encoding="utf-8")
    for secret in ("alice", "s3cret", "abc123", "k9"):
        assert secret not in manifest_text
    assert entry["url"] == f"http://127.0.0.1:{port}/r.html?id=7&token=REDACTED&api_key=REDACTED"
    assert main(["extract", str(out)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all("s3cret" not in r["url"] and "abc123" not in r["url"] for r in rows)


@pytest.mark.parametrize(
    ("body", "content_type", "suffix"),
    [
        pytest.param(ARTICLE, "application/pdf", ".html", id="HTML served as PDF"),
        pytest.param(b"%PDF-1.4 stub", "text/html", ".pdf", id="PDF served as HTML"),
        pytest.param("全市破获案件12起。".encode(), "application/pdf", ".txt", id="text as PDF"),
    ],
)
def test_a_page_is_saved_as_what_its_bytes_are(hostile, tmp_path, body, content_type, suffix):
    hostile.routes["/doc"] = _answer(body, Content_Type=content_type)
    [entry] = fetch([hostile.url("/doc")], tmp_path, delay=0, progress=False).saved
    assert entry["file"].endswith(suffix)


def test_a_long_chinese_address_gets_a_name_the_file_system_takes(hostile, tmp_path):
    path = "/" + "关于全市公安机关打击整治电信网络诈骗犯罪工作情况的通报" * 8 + ".html"
    hostile.routes[quote(path)] = _answer(ARTICLE)
    [entry] = fetch([hostile.url(quote(path))], tmp_path, delay=0, progress=False).saved
    assert len(entry["file"].encode("utf-8")) <= 255 and (tmp_path / entry["file"]).is_file()


def test_two_runs_into_one_folder_both_succeed(hostile, tmp_path):
    for name in "abcdef":
        hostile.routes[f"/{name}.html"] = _answer(ARTICLE.replace(b"3,215", name.encode() * 3))
    urls = [hostile.url(f"/{n}.html") for n in "abcdef"]
    results: list[object] = []

    def run() -> None:
        results.append(fetch(urls, tmp_path, delay=0, progress=False))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(not r.failed and len(r.saved) == 6 for r in results)  # type: ignore[attr-defined]
    lines = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12 and all(json.loads(line)["file"] for line in lines)


def test_a_page_seen_under_two_addresses_is_one_document(hostile, tmp_path, capsys):
    """Same bytes from two addresses (a mirror, a `?from=` link), in one run or the next."""
    hostile.routes["/jwdt/a.html"] = _answer(ARTICLE)
    hostile.routes["/mirror/a.html"] = _answer(ARTICLE)
    hostile.routes["/old"] = _redirect("/jwdt/a.html")
    out = tmp_path / "pages"
    first = fetch([hostile.url("/jwdt/a.html"), hostile.url("/mirror/a.html")], out, delay=0)
    second = fetch([hostile.url("/old"), hostile.url("/jwdt/a.html?from=home")], out, delay=0)
    assert not first.failed and not second.failed
    files = [p for p in out.iterdir() if p.name != MANIFEST_NAME]
    assert len(files) == 1
    saved = [*first.saved, *second.saved]  # the redirect ends at the first page: same file
    assert [e.get("file") for e in saved] == [files[0].name, None, files[0].name, None]
    assert [e.get("duplicate_of") for e in saved] == [None, files[0].name, None, files[0].name]
    assert main(["docs", str(out)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2  # the header and one document
    assert hostile.url("/jwdt/a.html") in listed[1]  # cited to the address it was first saved from
