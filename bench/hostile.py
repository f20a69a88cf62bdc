#!/usr/bin/env python3
"""Hostile inputs at full size (issue 23): time and peak memory of whole runs, all processes.

    python bench/hostile.py                 # both runs, under /tmp/kit-hostile, a few minutes
    python bench/hostile.py --only fetch    # or: --only extract

fetch    `kit fetch` against servers on 127.0.0.1 that trickle a byte at a time (headers, body),
         lie about their encodings (gzip that is not; a UTF-8 page declaring iso-8859-1), send a
         `Content-Encoding: gzip, gzip` bomb (a few KB that inflate to 2 GB) and redirect to
         `javascript:`, `data:` and `file:`, among good pages. Must show: every address ends
         within its deadline, each failure a manifest line, exit 1, the good pages saved, the
         whole run's peak memory at most 300 MB.
extract  `kit extract` of a folder holding a 1 MB PDF bomb, a 1 MB DOCX bomb and 1,000 good
         reports (bench/make_corpus.py): every expected figure written, both bombs named, the
         whole run's peak memory (main process and workers added up) under 1 GB.

Peak memory is the largest sum of the RSS of the run's process tree, sampled every 20 ms, and
the largest single process's high-water mark from `getrusage(RUSAGE_CHILDREN)`.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import resource
import shutil
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from _bombs import docx_bomb, pdf_bomb  # noqa: E402

KIT = Path(sys.executable).with_name("kit")
ARTICLE = (
    "<html><head><title>2023年全市公安工作总结</title></head><body><div class='article'>"
    + "<p>2023年，全市共破获刑事案件3,215起，同比上升12.6%。抓获犯罪嫌疑人2108名。</p>" * 3
    + "</div></body></html>"
).encode()


def run_measured(argv: list[str], **kwargs: object) -> tuple[int, float, float, float, str]:
    """(exit code, seconds, peak MB of the tree's summed RSS, peak MB of one process, stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    peak = 0
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            total = 0
            for p in tree:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            peak = max(peak, total)
        except psutil.Error:
            pass
        time.sleep(0.02)
    seconds = time.monotonic() - started
    reader.join(10)
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    single_mb = max(single, before) / 1024
    return proc.returncode, seconds, peak / 2**20, single_mb, b"".join(err).decode()


# ---- fetch ------------------------------------------------------------------------------------


def _bomb(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * 2**20
    inner = b"".join(packer.compress(block) for _ in range(size // 2**20)) + packer.flush()
    return gzip.compress(inner, 9)


BOMB_BYTES: list[int] = []


def serve() -> tuple[ThreadingHTTPServer, dict[str, str]]:
    bomb = _bomb(2 * 2**30)
    BOMB_BYTES.append(len(bomb))
    utf8_as_latin = ARTICLE.replace(b"<head>", b'<head><meta charset="iso-8859-1">')

    def answer(h: BaseHTTPRequestHandler, body: bytes, **headers: str) -> None:
        h.send_response(200)
        named = {"Content-Type": "text/html; charset=utf-8"}
        named.update({k.replace("_", "-"): v for k, v in headers.items()})
        for key, value in named.items():
            h.send_header(key, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def redirect(h: BaseHTTPRequestHandler, where: str) -> None:
        h.send_response(302)
        h.send_header("Location", where)
        h.send_header("Content-Length", "0")
        h.end_headers()

    def trickle_body(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "1000")
        h.end_headers()
        for _ in range(120):  # a byte a second for at most two minutes
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(1)

    def trickle_headers(h: BaseHTTPRequestHandler) -> None:
        for byte in (b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200)[:120]:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(1)

    routes = {
        "/good-1.html": lambda h: answer(h, ARTICLE),
        "/trickle-body": trickle_body,
        "/trickle-headers": trickle_headers,
        "/gzip-gzip-bomb": lambda h: answer(h, bomb, Content_Encoding="gzip, gzip"),
        "/not-gzip": lambda h: answer(h, ARTICLE, Content_Encoding="gzip"),
        "/utf8-declared-latin1.html": lambda h: answer(
            h, utf8_as_latin, Content_Type="text/html; charset=iso-8859-1"
        ),
        "/html-as-pdf": lambda h: answer(h, ARTICLE, Content_Type="application/pdf"),
        "/to-javascript": lambda h: redirect(h, "javascript:alert(1)"),
        "/to-data": lambda h: redirect(h, "data:text/html,<p>1</p>"),
        "/to-file": lambda h: redirect(h, "file:///etc/passwd"),
        "/good-2.html": lambda h: answer(h, ARTICLE.replace(b"3,215", b"4,321")),
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            route = routes.get(self.path)
            try:
                if route is None:
                    self.send_error(404)
                else:
                    route(self)
                self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    return httpd, {path: base + path for path in routes}


def bench_fetch(work: Path, deadline: float) -> dict:
    httpd, urls = serve()
    out = work / "fetched"
    shutil.rmtree(out, ignore_errors=True)
    argv = [str(KIT), "fetch", *urls.values(), "--out", str(out), "--delay", "0"]
    argv += ["--deadline", str(deadline), "--timeout", "10", "--retries", "1"]
    try:
        code, seconds, tree_mb, single_mb, err = run_measured(argv)
    finally:
        httpd.shutdown()
    lines = [json.loads(x) for x in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    failed = {line["url"]: line["error"] for line in lines if "error" in line}
    saved = {line["url"]: line["file"] for line in lines if "file" in line}
    return {
        "exit": code,
        "seconds": round(seconds, 1),
        "addresses": len(urls),
        "gzip, gzip bomb (bytes sent, inflating to 2 GiB)": BOMB_BYTES[-1],
        "manifest lines": len(lines),
        "saved": sorted(Path(u).name for u in saved),
        "failed": {Path(u).name: r for u, r in failed.items()},
        "peak MB (tree, summed)": round(tree_mb),
        "peak MB (largest process)": round(single_mb),
        "traceback": "Traceback" in err,
    }


# ---- extract ----------------------------------------------------------------------------------


def bench_extract(work: Path, docs: int) -> dict:
    from _bench import make_corpus_module

    make = make_corpus_module()
    corpus = work / f"corpus-{docs}"
    if not (corpus / "expected.jsonl").exists():
        make.generate(docs, 23, corpus)
    folder = work / "mixed"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(corpus / "docs", folder)
    (folder / "bomb.pdf").write_bytes(pdf_bomb(1 << 30))
    (folder / "bomb.docx").write_bytes(docx_bomb(1 << 30))
    sizes = {n: (folder / n).stat().st_size for n in ("bomb.pdf", "bomb.docx")}
    out = work / "mixed.jsonl"
    argv = [str(KIT), "extract", str(folder), "-o", str(out)]
    code, seconds, tree_mb, single_mb, err = run_measured(argv)
    found = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    problems = make.compare(list(make.read_expected(corpus)), found)
    return {
        "exit": code,
        "seconds": round(seconds, 1),
        "bomb sizes (bytes)": sizes,
        "figures written": len(found),
        "figures differing from expected": len(problems),
        "errors": err.strip().splitlines(),
        "peak MB (tree, summed)": round(tree_mb),
        "peak MB (largest process)": round(single_mb),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/kit-hostile"))
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--deadline", type=float, default=20.0)
    parser.add_argument("--only", choices=("fetch", "extract"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results = {}
    if args.only in (None, "fetch"):
        results["fetch"] = bench_fetch(args.work, args.deadline)
    if args.only in (None, "extract"):
        results["extract"] = bench_extract(args.work, args.docs)
    print(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
