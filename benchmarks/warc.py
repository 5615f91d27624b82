"""Web-archive ingest streams: peak memory is flat in the archive's size.

Writes synthetic WARC.gz archives of N response records (HTML pages of about
``--page-kb`` KB each, plus one image record in every ten) and reads each one
in a fresh Python process, printing the archive's size, the records read,
the time and the process's peak RSS:

- ``reader``: aigraph's WARC reader (warcio, HTTP charset decoding, the
  truncation checks) with each page dropped once read: what the streaming
  itself costs;
- ``ingest`` (with ``--extract``): the full ingest of the archive, every page
  through the HTML stage; the cleaned text of every article is kept (that is
  the result), so memory grows with the text kept, not with the archive.

Run: ``python benchmarks/warc.py --records 1000 10000`` (reader only, about
a minute) or ``--extract --records 1000 3000`` (the HTML stage costs some
milliseconds per page). Figures go to stdout; nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_archive(path: Path, records: int, page_kb: int) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    filler = ("<li><a href='/section/{0}'>Section {0}</a></li>" * 40)
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(records):
            if n % 10 == 9:
                payload, kind = bytes(2048), "image/png"
            else:
                body = "".join(
                    f"<p>Report {n}, paragraph {k}: a regulator in region {n % 97} published "
                    f"guidance number {n * 7 + k} on testing automated systems.</p>"
                    for k in range(4))
                nav = "".join(filler.format(n + i) for i in range(max(1, page_kb // 2)))
                payload = (f"<html><head><title>Report {n}</title></head><body><nav><ul>{nav}"
                           f"</ul></nav><article><h1>Report {n}</h1>{body}</article></body></html>"
                           ).encode("utf-8")
                kind = "text/html; charset=utf-8"
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://bench.example/{n}", "response", payload=io.BytesIO(payload),
                http_headers=headers))
    return path.stat().st_size


def measure(path: Path, mode: str) -> dict:
    """Read ``path`` in a child process; its figures as a dict."""
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(ROOT / 'src')!r})
from pathlib import Path
from collections import Counter
path = Path({str(path)!r})
start = time.perf_counter()
if {mode!r} == "reader":
    from aigraph.ingest.warc import _pages
    notes, skipped = [], Counter()
    count = sum(1 for _ in _pages(path, 5 * 1024 * 1024, notes, skipped))
else:
    from aigraph.ingest import ingest
    count = len(ingest([path]).articles)
elapsed = time.perf_counter() - start
print(json.dumps({{"records": count, "seconds": elapsed,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--page-kb", type=int, default=20)
    parser.add_argument("--extract", action="store_true",
                        help="also run the full ingest (HTML stage) on each archive")
    args = parser.parse_args()
    modes = ["reader"] + (["ingest"] if args.extract else [])
    print(f"{'records':>8} {'archive MB':>10} {'mode':>7} {'pages read':>10} "
          f"{'seconds':>8} {'peak RSS MB':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for records in args.records:
            path = Path(folder) / f"bench-{records}.warc.gz"
            started = time.perf_counter()
            size = write_archive(path, records, args.page_kb)
            written = time.perf_counter() - started
            for mode in modes:
                got = measure(path, mode)
                print(f"{records:>8} {size / 1e6:>10.1f} {mode:>7} {got['records']:>10} "
                      f"{got['seconds']:>8.1f} {got['peak_mb']:>11.1f}", flush=True)
            path.unlink()
            print(f"{'':>8} (archive written in {written:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
