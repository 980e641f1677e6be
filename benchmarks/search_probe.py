"""What a reader's browser pays for one search: bytes downloaded and time to the first result.

    python -m benchmarks.search_probe SITE_DIR QUERY [QUERY ...]

The built site is served on 127.0.0.1 and opened in headless Chromium (Debian's
chromium and chromedriver, through selenium, as the browser tests do). For each query,
in a fresh page: open the search box with "/", type the query, and wait for the first
result. The time is from the last keystroke to the first result shown; the bytes are
the encoded bodies of every search file fetched for it (the Pagefind UI, its index
chunks, fragments and filters — or Material's search_index.json on a lunr site), read
from the browser's own resource timing. Prints one JSON object.
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path

CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000"]
SEARCH_FILES = ("pagefind", "search_index.json", "/search/")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def probe(site: Path, queries: list[str], timeout: float = 120.0) -> dict:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    results = []
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for query in queries:
            driver.get(base)
            driver.execute_script("performance.clearResourceTimings(); performance.setResourceTimingBufferSize(10000)")
            driver.find_element(By.TAG_NAME, "body").send_keys("/")
            box = WebDriverWait(driver, timeout).until(
                lambda d: d.find_element(By.CSS_SELECTOR, ".pagefind-ui__search-input"))
            box.send_keys(query)
            typed = time.perf_counter()
            WebDriverWait(driver, timeout, poll_frequency=0.02).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result"))
            first = time.perf_counter() - typed
            time.sleep(1.0)  # let the visible results' fragments finish loading
            entries = driver.execute_script(
                "return performance.getEntriesByType('resource').map(e => [e.name, e.encodedBodySize])")
            fetched = [(name, size) for name, size in entries if any(k in name for k in SEARCH_FILES)]
            results.append({"query": query, "first_result_s": round(first, 3),
                            "search_kb": round(sum(size for _, size in fetched) / 1024, 1),
                            "search_requests": len(fetched),
                            "results": len(driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result"))})
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()
    return {"queries": results, "max_first_result_s": max(r["first_result_s"] for r in results),
            "max_search_kb": max(r["search_kb"] for r in results)}


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    print(json.dumps(probe(Path(argv[0]), argv[1:]), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
