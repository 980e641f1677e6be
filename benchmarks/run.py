"""Measure how minutebook scales, against floors measured in the same run.

    python -m benchmarks.run --records 2000 --records 10000 [--json] [--keep DIR]
    python -m benchmarks.run --sizes 2000,10000 --json > /tmp/bench.json

For each size a synthetic git repository is generated (benchmarks/generate.py) and
these are measured, each in its own subprocess (wall time, CPU time, peak memory of that
process alone):

- `minutebook check` of all records, against the parse floor: PyYAML's C loader on
  the same front-matters and nothing else (benchmarks/parse_floor.py);
- `minutebook check ONE.md` (what pre-commit runs on a typical commit), against a bare
  interpreter start-up that imports yaml;
- `mkdocs build` of the project's site, search indexing included, against the raw
  floor: a plain Material build (its default search) of the raw record files, out of
  the navigation — what any MkDocs site of the same records costs, not our own output;
  and `minutebook render`, the pre-rendering for other generators;
- the site's bytes per record, the search index's bytes (pagefind*/), that no aggregate
  page is in the search index;
- under `mkdocs serve --livereload`, the time from editing one record until its page is
  served with the edit (edit-to-preview).

Records are generated as heavy as the heaviest sample minutes (more topics, longer
discussions; `--typical` for the lighter default corpus). Cheap measures are the median
of --repeat runs, and so are the builds up to 2,000 records (alternating with the floor
build); larger builds run once. The targets at the end are information: the exit
status is 0 whatever the numbers are (it is 1 only when a measured command fails), so a
benchmark never gates CI on an absolute time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import measure, search_probe
from .generate import REFERENCE_DATE, generate

BIN = Path(sys.executable).parent
FLOOR_SCRIPT = Path(__file__).resolve().parent / "parse_floor.py"
RELOAD_SCRIPT = Path(__file__).resolve().parent / "reload_probe.py"
SOURCE_DATE_EPOCH = "1795000000"
# up to this size the builds are repeated too, alternating with the floor build: a
# single 50-second build varies by ±15 % on a shared 2-CPU machine
CHEAP_BUILD_RECORDS = 2000
GROWTH_SLACK = 1.1  # time may grow at most 10 % faster than the record count

TARGETS = {
    "check_ratio": 2.0,  # check ≤ 2.0 × the parse floor
    "one_file_ratio": 3.0,  # one-file check ≤ 3 × a bare start-up
    "folder_ratio": 1.15,  # check FOLDER ≤ 1.15 × check of all records
    "reload_s": 1.0,  # reload after one edited file, in the preview server's process
    "build_ratio": 2.0,  # build, search included, ≤ 2.0 × the raw floor
    "peak_mb": 2048.0,  # peak memory of a build ≤ 2 GB
    "preview_s": 2.0,  # from an edit under mkdocs serve until the page is served with it
}
PACKAGES = ("mkdocs", "mkdocs-material", "PyYAML", "pagefind", "holidays", "Markdown", "pymdown-extensions",
            "mkdocs-macros-plugin", "nh3")


def compile_project() -> None:
    """The project's modules compiled to bytecode, as an installed package has them (pip
    compiles at install; a plain interpreter writes them on first import). This machine
    sets PYTHONDONTWRITEBYTECODE, under which every run compiled the project again while
    the floors' packages, installed by pip, came compiled."""
    project = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0",
                    *(str(project / d) for d in ("minutebook", "checks", "plugins"))], check=True,
                   stdout=subprocess.DEVNULL)


def environment(cache: Path | None = None) -> dict:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", MINUTEBOOK_TODAY=REFERENCE_DATE.isoformat(),
               SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONDONTWRITEBYTECODE="1")
    env.pop("MINUTEBOOK_AUDIENCE", None)  # the default audience, as a plain `mkdocs build`
    env.pop("MINUTEBOOK_CACHE", None)
    if cache is not None:  # the run's own user cache (the ids index, the holidays), beside the repository
        env["MINUTEBOOK_CACHE_DIR"] = str(cache)
    return env


def revision() -> str | None:
    """The project's git commit, with "+changes-<hash>" when the working tree differs from it."""
    import hashlib
    import subprocess

    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=30).stdout.strip()
        diff = subprocess.run(["git", "diff", "HEAD"], cwd=root, capture_output=True, timeout=60).stdout
    except OSError:
        return None
    # the working tree's changes named by their hash, so an edit during the run shows
    return (head + (f"+changes-{hashlib.sha1(diff).hexdigest()[:8]}" if diff else "")) or None


def machine() -> dict:
    from importlib import metadata

    import yaml

    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gb": mem,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "packages": versions,
    }


# ---------------------------------------------------------------- pages


def url_of(src: str) -> str:
    """The directory URL of a docs-relative Markdown path (use_directory_urls)."""
    src = src[:-3] if src.endswith(".md") else src
    if src == "index" or src.endswith("/index"):
        return src[:-5]
    return src + "/"


# macros that list no record items: the date line, the list of weekly snapshots
NOT_AGGREGATES = ("as_of", "weekly_index", "policy")  # macros that aggregate no items


def aggregate_urls(root: Path) -> set[str]:
    """URLs of the hand-written pages that call an aggregating macro (any macro but
    those above, so a new aggregate page is covered) and of the tags page."""
    from minutebook.render.macros import macros

    names = "|".join(re.escape(n) for n in macros(None, "") if n not in NOT_AGGREGATES)
    call = re.compile(r"\{\{\s*(?:" + names + r")\s*\(")
    docs = root / "docs"
    out = set()
    for path in docs.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if call.search(text) or "<!-- material/tags" in text:
            out.add(url_of(path.relative_to(docs).as_posix()))
    return out


def is_index_page(url: str) -> bool:
    """The generated record index pages: all records, by kind, by year, by department."""
    return (url == "records/" or re.fullmatch(r"records/[a-z]+/", url) is not None
            or url.startswith(("records/year/", "records/department/")))


def indexed_aggregates(site: Path, aggregates: set[str]) -> list[str]:
    """Aggregate and index pages that have entries in the search index (should be none)."""
    from minutebook.render.search_index import indexed_urls

    pages = {url.lstrip("/") for url in indexed_urls(site)}
    return sorted(p for p in pages if p in aggregates or is_index_page(p))


def search_index_bytes(site: Path) -> int:
    """Pagefind's index: every part (pagefind/, pagefind-1/, …) with its scripts."""
    return sum(tree_bytes(d) for d in site.glob("pagefind*") if d.is_dir())


FLOOR_CONFIG = """\
site_name: raw floor
theme:
  name: material
  language: zh
plugins:
  - search
not_in_nav: |
  /records/
"""


def search_queries(root: Path) -> list[str]:
    """What a reader types: a Chinese word of a record's title, an item id, an owner's name
    (from the middle of the generated repository, so the figures do not depend on luck)."""
    from checks.loader import load_path
    from minutebook.model.paths import discover

    paths = [p for p in discover(root) if "/minutes/" in p.as_posix()]
    record, _ = load_path(paths[len(paths) // 2], root)
    action = (record.meta.get("actions") or [{}])[0]
    return [record.meta["title"][:2], action.get("id") or record.key, action.get("owner") or record.meta["owner"]]


def raw_floor_project(root: Path, dest: Path) -> None:
    """The floor the build is judged against: the record files as they are (front-matter
    and body), built by a plain Material site with its default search, out of the nav."""
    import shutil

    docs = dest / "docs"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(root / "records", docs / "records", ignore=shutil.ignore_patterns("*.yml"))
    (docs / "index.md").write_text("# 记录\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ---------------------------------------------------------------- one size


def median_run(cmd, cwd, env, times: int, timeout: float, expect_ok=True) -> dict:
    runs = []
    for _ in range(times):
        r = measure.run(cmd, cwd, env, timeout)
        if expect_ok and r.returncode != 0:
            raise measure.MeasureError(f"{' '.join(map(str, cmd))} exited {r.returncode}:\n{r.output[-3000:]}")
        runs.append(r)
    return {"s": statistics.median(r.wall for r in runs), "cpu_s": statistics.median(r.cpu for r in runs),
            "peak_mb": max(r.peak_mb for r in runs), "runs": len(runs), "all_s": [r.wall for r in runs],
            "output": runs[-1].output}


def interleaved(a: tuple, b: tuple, cwd_a, cwd_b, env, times: int, timeout: float) -> tuple[dict, dict]:
    """Run two commands alternately, so that both see the same load on a shared machine."""
    ra, rb = [], []
    for _ in range(times):
        ra.append(median_run(a, cwd_a, env, 1, timeout))
        rb.append(median_run(b, cwd_b, env, 1, timeout))

    def merge(rs):
        return {"s": statistics.median(r["s"] for r in rs), "cpu_s": statistics.median(r["cpu_s"] for r in rs),
                "peak_mb": max(r["peak_mb"] for r in rs), "runs": len(rs), "all_s": [r["s"] for r in rs],
                "output": rs[-1]["output"]}

    return merge(ra), merge(rb)


def measure_size(n: int, work: Path, seed: int, repeat: int, serve: bool, log, search: bool = False,
                 heavy: bool = True, only_check: bool = False) -> dict:
    env = environment(work / "cache")
    root = work / "repo"
    started_at = revision()
    log(f"[{n}] generating {n} records into {root}")
    t = time.perf_counter()
    info = generate(root, n, seed, git=True, heavy=heavy)
    out: dict = {"records": n, "corpus": "heavy" if heavy else "typical",
                 "generate_s": round(time.perf_counter() - t, 3), "kinds": info["kinds"],
                 "items": info["items"]}
    # a file written in the last 2 s is never trusted by its lstat (checks/judged.py): let the
    # newest ones age, as a working copy's files have, before the check that indexes them
    time.sleep(2.1)
    one = measure_check(n, root, env, repeat, log, out)
    if not only_check:
        measure_build(n, work, root, env, repeat, serve, search, log, out, one)
    # the project may change while a long run goes on: say so rather than mix versions silently
    out["revision"], out["revision_after"] = started_at, revision()
    log(f"[{n}] done")
    return out


def measure_check(n: int, root: Path, env: dict, repeat: int, log, out: dict) -> Path:
    """The check measures: all records, one file, a folder, a reload; the file checked alone."""
    minutebook, python = str(BIN / "minutebook"), sys.executable

    log(f"[{n}] check of all records against the parse floor ({repeat}×)")
    check, floor = interleaved((minutebook, "check"), (python, str(FLOOR_SCRIPT), str(root)),
                               root, root, env, repeat, 1800)
    summary = re.search(r"minutebook check: (\d+) error\(s\), (\d+) warning\(s\)", check["output"])
    out.update(**_flat("check", check), **_flat("parse_floor", floor))
    out["check_errors"], out["check_warnings"] = (int(summary[1]), int(summary[2])) if summary else (None, None)
    out["check_ratio"] = _ratio(check["s"], floor["s"])

    minutes = sorted((root / "records" / "minutes").rglob("*.md"))
    one = minutes[len(minutes) // 2] if minutes else sorted((root / "records").rglob("*.md"))[0]
    rel = one.relative_to(root).as_posix()
    log(f"[{n}] check of one file ({rel}) against a bare start-up ({max(repeat, 5)}×)")
    one_check, bare = interleaved((minutebook, "check", rel), (python, "-c", "import yaml"),
                                  root, root, env, max(repeat, 5), 1800)
    out.update(**_flat("one_file_check", one_check), **_flat("bare_startup", bare))
    out["one_file"] = rel
    out["one_file_ratio"] = _ratio(one_check["s"], bare["s"])

    # the largest folder below records/ (records/ itself is the full check, by design)
    folder = max((p for p in (root / "records").iterdir() if p.is_dir()), key=lambda p: sum(1 for _ in p.rglob("*.md")))
    frel = folder.relative_to(root).as_posix() + "/"
    log(f"[{n}] check of a folder ({frel}) against the check of all records ({repeat}×)")
    in_folder, whole = interleaved((minutebook, "check", frel), (minutebook, "check"), root, root, env, repeat, 1800)
    out.update(**_flat("folder_check", in_folder), **_flat("check_again", whole))
    out["folder"] = frel
    out["folder_records"] = sum(1 for _ in folder.rglob("*.md"))
    out["folder_ratio"] = _ratio(in_folder["s"], whole["s"])

    log(f"[{n}] reload after editing {rel}, in one process")
    probe = median_run((python, str(RELOAD_SCRIPT), str(root), rel), root, env, 1, 1800)
    figures = json.loads(probe["output"].strip().splitlines()[-1])
    out["reload_s"], out["reload_restat_s"] = figures["reload_s"], figures["reload_restat_s"]
    out["reload_load_s"], out["reload_all_s"] = figures["load_s"], figures["reload_all_s"]
    out["reload_cpu_s"] = figures["reload_cpu_s"]
    return one


def measure_build(n: int, work: Path, root: Path, env: dict, repeat: int, serve: bool, search: bool, log,
                  out: dict, one: Path) -> None:
    """The site measures: render, the build against the raw floor, search, serve."""
    minutebook, mkdocs = str(BIN / "minutebook"), str(BIN / "mkdocs")
    rel = one.relative_to(root).as_posix()
    builds = repeat if n <= CHEAP_BUILD_RECORDS else 1
    site, floor, floor_site = work / "site", work / "raw-floor", work / "raw-floor-site"
    log(f"[{n}] minutebook render, then mkdocs build with the plugin and the raw floor build ({builds}×)")
    render = median_run((minutebook, "render", str(work / "rendered")), root, env, 1, 3600)
    raw_floor_project(root, floor)
    build, floor_build = interleaved((mkdocs, "build", "-d", str(site)), (mkdocs, "build", "-d", str(floor_site)),
                                     root, floor, env, builds, 3 * 3600)
    log(f"[{n}]   build {build['s']:.1f} s, raw floor build {floor_build['s']:.1f} s")
    out.update(**_flat("build", build), **_flat("render", render), **_flat("floor_build", floor_build))
    out["build_ratio"] = _ratio(build["s"], floor_build["s"])

    out["pages"] = sum(1 for _ in site.rglob("index.html"))
    out["site_bytes"] = tree_bytes(site)
    out["site_bytes_per_record"] = round(out["site_bytes"] / n)
    out["floor_site_bytes"] = tree_bytes(floor_site)
    out["search_index_bytes"] = search_index_bytes(site)
    floor_index = floor_site / "search" / "search_index.json"
    out["floor_search_index_bytes"] = floor_index.stat().st_size if floor_index.is_file() else 0
    out["aggregates_in_search"] = indexed_aggregates(site, aggregate_urls(root))

    if search:
        queries = search_queries(root)
        log(f"[{n}] search in headless Chromium: {', '.join(queries)}")
        found = search_probe.probe(site, queries)
        out["search_queries"] = found["queries"]
        out["search_first_result_s"] = found["max_first_result_s"]
        out["search_kb_per_query"] = found["max_search_kb"]
    if serve:
        shown = _shown_record(root, one)  # a record the served (internal) site has a page for
        rel = shown.relative_to(root).as_posix()
        log(f"[{n}] mkdocs serve: edit to preview of {rel}")
        limit = max(600.0, 4 * build["s"])
        year = re.search(r"^date: *(\d{4})", shown.read_text(encoding="utf-8"), re.M)
        rebuild = measure.serve_rebuild(mkdocs, root, env, shown, limit, url_of(rel),
                                        url_of(f"records/year/{year[1]}.md") if year else None)
        out["serve_first_build_s"] = round(rebuild.first_build, 3)
        out["serve_rebuild_s"] = round(rebuild.rebuild, 3)
        out["serve_rebuild_logged_s"] = rebuild.built_in
        out["serve_title_edit_s"] = round(rebuild.listed, 3) if rebuild.listed is not None else None


def _shown_record(root: Path, preferred: Path) -> Path:
    """`preferred`, or the next minutes every member of staff may read."""
    minutes = sorted((root / "records" / "minutes").rglob("*.md")) or [preferred]
    start = minutes.index(preferred) if preferred in minutes else 0
    for path in minutes[start:] + minutes[:start]:
        if not re.search(r"^visibility:\s*restricted", path.read_text(encoding="utf-8"), re.M):
            return path
    return preferred


def _flat(name: str, r: dict) -> dict:
    # every run's wall time too: the spread shows how noisy the machine was
    return {f"{name}_s": round(r["s"], 4), f"{name}_cpu_s": round(r["cpu_s"], 4),
            f"{name}_peak_mb": round(r["peak_mb"], 1), f"{name}_runs": r["runs"],
            f"{name}_all_s": [round(x, 4) for x in r["all_s"]]}


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b > 0 else float("inf")


# ---------------------------------------------------------------- across sizes


def growth(runs: list[dict]) -> list[dict]:
    out = []
    for a, b in zip(runs, runs[1:]):
        factor = b["records"] / a["records"]
        row = {"from": a["records"], "to": b["records"], "records_factor": round(factor, 3),
               "limit": round(GROWTH_SLACK * factor, 3)}
        for key in ("check_s", "parse_floor_s", "one_file_check_s", "build_s", "floor_build_s", "build_peak_mb"):
            if key in a and key in b:  # a check-only run (--only check) has no builds
                row[key.rsplit("_", 1)[0] if key.endswith("_s") else key] = _ratio(b[key], a[key])
        out.append(row)
    return out


def targets(runs: list[dict], grown: list[dict]) -> list[dict]:
    out = []

    def add(name, limit, measured, where, unit="×"):
        out.append({"target": name, "limit": limit, "measured": measured, "records": where,
                    "met": measured <= limit, "unit": unit})

    for r in runs:
        add("check ≤ 2.0 × parse floor", TARGETS["check_ratio"], r["check_ratio"], r["records"])
        add("one-file check ≤ 3 × bare start-up", TARGETS["one_file_ratio"], r["one_file_ratio"], r["records"])
        add("check FOLDER ≤ 1.15 × check", TARGETS["folder_ratio"], r["folder_ratio"], r["records"])
        add("reload after one edit ≤ 1 s", TARGETS["reload_s"], r["reload_s"], r["records"], " s")
        if "build_ratio" not in r:
            continue  # --only check
        add("build ≤ 2.0 × raw floor", TARGETS["build_ratio"], r["build_ratio"], r["records"])
        add("build peak memory ≤ 2 GB", TARGETS["peak_mb"], r["build_peak_mb"], r["records"], " MB")
        if "search_first_result_s" in r:
            add("search: first result ≤ 1 s", 1.0, r["search_first_result_s"], r["records"], " s")
            add("search: ≤ 1 MB per query", 1024, r["search_kb_per_query"], r["records"], " KB")
        add("no aggregate page in the search index", 0, len(r["aggregates_in_search"]), r["records"], " pages")
        if r.get("serve_rebuild_s") is not None:
            add("edit to preview ≤ 2 s (the record's page)", TARGETS["preview_s"], r["serve_rebuild_s"],
                r["records"], " s")
        if r.get("serve_title_edit_s") is not None:
            add("edit to preview ≤ 2 s (a title: the lists too)", TARGETS["preview_s"], r["serve_title_edit_s"],
                r["records"], " s")
    for g in grown:
        if "build" in g:
            add(f"build({g['to']}) ≤ {g['limit']:g} × build({g['from']})", g["limit"], g["build"], g["to"])
    return out


# ---------------------------------------------------------------- output


ROWS = [
    ("records", "records", "{:,}"),
    ("generate_s", "generate, s", "{:.1f}"),
    ("check_s", "minutebook check (all), s", "{:.2f}"),
    ("parse_floor_s", "  parse floor (CSafeLoader), s", "{:.2f}"),
    ("check_ratio", "  ratio check / floor", "{:.1f}×"),
    ("check_peak_mb", "  check peak memory, MB", "{:.0f}"),
    ("one_file_check_s", "minutebook check ONE.md, s", "{:.2f}"),
    ("bare_startup_s", "  bare start-up (import yaml), s", "{:.3f}"),
    ("one_file_ratio", "  ratio one-file / start-up", "{:.1f}×"),
    ("folder_check_s", "minutebook check FOLDER (largest), s", "{:.2f}"),
    ("check_again_s", "  minutebook check (all), same runs, s", "{:.2f}"),
    ("folder_ratio", "  ratio folder / all", "{:.2f}×"),
    ("reload_s", "reload after one edit (told the file), s", "{:.3f}"),
    ("reload_cpu_s", "  reload, CPU time of the process, s", "{:.3f}"),
    ("reload_restat_s", "  reload re-stating every file, s", "{:.3f}"),
    ("reload_load_s", "  full load in the same process, s", "{:.2f}"),
    ("build_s", "mkdocs build (plugin), s", "{:.1f}"),
    ("floor_build_s", "  raw floor (plain Material, raw records), s", "{:.1f}"),
    ("build_ratio", "  ratio build / floor", "{:.2f}×"),
    ("build_cpu_s", "  build CPU, s", "{:.1f}"),
    ("floor_build_cpu_s", "  raw floor build CPU, s", "{:.1f}"),
    ("render_s", "  minutebook render (pre-rendering), s", "{:.1f}"),
    ("build_peak_mb", "  build peak memory, MB", "{:.0f}"),
    ("floor_build_peak_mb", "  raw floor peak memory, MB", "{:.0f}"),
    ("pages", "HTML pages", "{:,}"),
    ("site_bytes_per_record", "site bytes per record", "{:,}"),
    ("site_bytes", "site bytes", "{:,}"),
    ("floor_site_bytes", "  raw floor site bytes", "{:,}"),
    ("search_index_bytes", "search index bytes", "{:,}"),
    ("floor_search_index_bytes", "  raw floor search index (lunr) bytes", "{:,}"),
    ("search_first_result_s", "search: first result after typing, s", "{:.2f}"),
    ("search_kb_per_query", "  search: KB downloaded per query (max)", "{:.0f}"),
    ("serve_rebuild_s", "serve: edit to preview (the page served with the edit), s", "{:.2f}"),
    ("serve_title_edit_s", "  serve: a title edited, until the lists show it and the browser reloads, s", "{:.2f}"),
    ("serve_first_build_s", "  serve: first build, s", "{:.1f}"),
]


def table(report: dict) -> str:
    runs = report["runs"]
    width = max(len(label) for _, label, _ in ROWS) + 2
    lines = [f"minutebook benchmarks, {report['date']} — {report['machine']['cpus']} CPUs, "
             f"{report['machine']['memory_gb']} GB, Python {report['machine']['python']}, "
             f"load {report['load_before']} → {report['load_after']}", ""]
    for key, label, fmt in ROWS:
        if all(r.get(key) is None for r in runs):
            continue  # not measured in this run (--only)
        cells = []
        for r in runs:
            v = r.get(key)
            cells.append("—" if v is None else fmt.format(v))
        lines.append(label.ljust(width) + "".join(c.rjust(14) for c in cells))
    for g in report["growth"]:
        lines.append("")
        grown = ", ".join(f"{name} ×{g[key]:g}" for key, name in (
            ("check", "check"), ("build", "build"), ("floor_build", "floor build"), ("parse_floor", "parse floor"))
            if key in g)
        lines.append(f"growth {g['from']:,} → {g['to']:,} records (×{g['records_factor']:g}, linear ≤ ×{g['limit']:g}):"
                     f" {grown}")
    revisions = {x for r in runs for x in (r.get("revision"), r.get("revision_after"))}
    if len(revisions) > 1:
        lines += ["", "WARNING: the project changed during the run (" + ", ".join(sorted(map(str, revisions)))
                  + "); the figures mix versions of the code"]
    lines += ["", "targets (information, never a failure):"]
    for t in report["targets"]:
        mark = "met    " if t["met"] else "NOT MET"
        lines.append(f"  {mark} {t['target']} at {t['records']:,} records: {t['measured']:g}{t['unit']}")
    for r in runs:
        if r.get("aggregates_in_search"):
            lines.append(f"  aggregate pages in the search index at {r['records']:,}: "
                         + ", ".join(r["aggregates_in_search"]))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, action="append", default=[], metavar="N",
                    help="a repository size to measure (repeatable)")
    ap.add_argument("--sizes", default="", help="sizes separated by commas, e.g. 2000,10000")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each cheap measure, median taken (default 3)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON (the table goes to stderr)")
    ap.add_argument("--keep", metavar="DIR", help="keep the generated repositories and sites under DIR/n<N>")
    ap.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild")
    ap.add_argument("--typical", action="store_true",
                    help="typical records instead of minutes as heavy as the heaviest sample (the default)")
    ap.add_argument("--search", action="store_true",
                    help="also search the built site in headless Chromium (bytes and time to the first result)")
    ap.add_argument("--only", choices=("check",),
                    help="only these measures: 'check' (all records, one file, a folder, a reload; no builds)")
    args = ap.parse_args(argv)
    try:
        sizes = sorted(set(args.records + [int(s) for s in args.sizes.split(",") if s.strip()]))
    except ValueError:
        ap.error(f"--sizes must be whole numbers separated by commas: '{args.sizes}'")
    if not sizes:
        sizes = [2000]
    if min(sizes) < 10 or args.repeat < 1:
        ap.error("sizes must be at least 10 records and --repeat at least 1")

    def log(message):
        print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)

    report = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
              "command": "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:]),
              "revision": revision(), "as_of": REFERENCE_DATE.isoformat(), "seed": args.seed,
              "repeat": args.repeat,
              "machine": machine(), "load_before": [round(x, 2) for x in os.getloadavg()], "runs": []}
    keep = Path(args.keep).resolve() if args.keep else None
    compile_project()
    try:
        for n in sizes:
            if keep:
                work = keep / f"n{n}"
                if work.exists():
                    ap.error(f"{work} exists; give --keep a new folder")
                work.mkdir(parents=True)
                report["runs"].append(measure_size(n, work, args.seed, args.repeat, not args.no_serve, log, args.search,
                                                   not args.typical, args.only == "check"))
            else:
                with tempfile.TemporaryDirectory(prefix=f"minutebook-bench-{n}-") as tmp:
                    report["runs"].append(measure_size(n, Path(tmp), args.seed, args.repeat, not args.no_serve, log,
                                                       args.search, not args.typical, args.only == "check"))
    except measure.MeasureError as exc:
        print(f"benchmarks.run: error: {exc}", file=sys.stderr)
        return 1
    report["load_after"] = [round(x, 2) for x in os.getloadavg()]
    report["growth"] = growth(report["runs"])
    report["targets"] = targets(report["runs"], report["growth"])
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    print(table(report), file=sys.stderr if args.json else sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
