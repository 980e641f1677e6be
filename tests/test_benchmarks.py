"""The benchmarks, at a small scale: one real run of `python -m benchmarks.run` over two
generated repositories (50 and 100 records), checked for the shape of its report,
for loosely linear growth and for generated repositories that pass the checks.

Never an absolute time: a number is only required to be positive, and growth between
the two sizes to stay below a loose ratio. The generator is also run on its own to
show that a seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checks.diagnostics import ERROR
from checks.engine import load_repository
from minutebook.model.schema import KINDS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 20)
SIZES = (50, 100)

# every measure of one size, each a positive number
MEASURES = (
    "generate_s", "check_s", "check_cpu_s", "check_peak_mb", "parse_floor_s", "check_ratio",
    "one_file_check_s", "bare_startup_s", "one_file_ratio",
    "folder_check_s", "check_again_s", "folder_ratio", "reload_s", "reload_restat_s", "reload_load_s",
    "build_s", "build_cpu_s", "build_peak_mb", "floor_build_s", "floor_build_peak_mb", "render_s", "build_ratio",
    "pages", "site_bytes", "site_bytes_per_record", "floor_site_bytes", "search_index_bytes",
    "floor_search_index_bytes", "serve_first_build_s", "serve_rebuild_s", "serve_title_edit_s",
)


def run_module(*args, timeout=600) -> subprocess.CompletedProcess:
    # the benchmarks are a package of the repository, not of the installed project
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    keep = tmp_path_factory.mktemp("bench") / "runs"
    result = run_module("benchmarks.run", "--sizes", ",".join(map(str, SIZES)), "--repeat", "1",
                        "--json", "--keep", str(keep))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout), result.stderr, keep


def test_report_has_every_measure_for_every_size(bench):
    report, _, _ = bench
    assert [r["records"] for r in report["runs"]] == list(SIZES)
    for run in report["runs"]:
        missing = [k for k in MEASURES if not (isinstance(run.get(k), (int, float)) and run[k] > 0)]
        assert missing == [], f"{run['records']} records: missing or not positive: {missing}"
        assert run["one_file"].startswith("records/minutes/") and run["one_file"].endswith(".md")
        for name in ("check", "parse_floor", "one_file_check", "bare_startup", "build", "floor_build"):
            assert len(run[f"{name}_all_s"]) == run[f"{name}_runs"] >= 1  # every run's time, not only the median


def test_report_json_shape(bench):
    report, _, _ = bench
    assert {"date", "command", "as_of", "seed", "repeat", "machine", "load_before", "load_after", "runs",
            "growth", "targets"} <= set(report)
    assert report["as_of"] == "2026-11-20"
    assert {"cpus", "memory_gb", "python", "libyaml", "packages"} <= set(report["machine"])
    assert report["machine"]["libyaml"] is True  # the parse floor uses the C loader
    assert {"mkdocs", "mkdocs-material", "PyYAML"} <= set(report["machine"]["packages"])
    [growth] = report["growth"]
    assert (growth["from"], growth["to"], growth["records_factor"], growth["limit"]) == (50, 100, 2.0, 2.2)
    names = [t["target"] for t in report["targets"]]
    assert names == [
        "check ≤ 2.0 × parse floor", "one-file check ≤ 3 × bare start-up",
        "check FOLDER ≤ 1.15 × check", "reload after one edit ≤ 1 s",
        "build ≤ 2.0 × raw floor", "build peak memory ≤ 2 GB",
        "no aggregate page in the search index",
        "edit to preview ≤ 2 s (the record's page)", "edit to preview ≤ 2 s (a title: the lists too)",
    ] * 2 + ["build(100) ≤ 2.2 × build(50)"]
    assert all(isinstance(t["met"], bool) and t["measured"] >= 0 for t in report["targets"])


def test_table_lists_every_size_and_target(bench):
    report, stderr, _ = bench
    table = stderr[stderr.index("minutebook benchmarks, "):]
    assert "ratio check / floor" in table and "ratio build / floor" in table
    assert "growth 50 → 100 records (×2, linear ≤ ×2.2)" in table
    verdicts = re.findall(r"^  (met    |NOT MET) .+ at [\d,]+ records: ", table, re.M)
    assert len(verdicts) == len(report["targets"])


def test_growth_is_roughly_linear(bench):
    [growth] = bench[0]["growth"]
    # loose on purpose: a shared CI machine is noisy, and fixed costs dominate small sizes
    assert growth["check"] < 4
    assert growth["build"] < 4
    assert growth["floor_build"] < 4


def test_generated_repositories_pass_the_check(bench):
    report, _, keep = bench
    for run in report["runs"]:
        assert (run["check_errors"], run["records"]) == (0, run["records"])
        repo = load_repository(keep / f"n{run['records']}" / "repo", AS_OF)
        assert [d.format() for d in repo.diagnostics if d.severity == ERROR] == []
        assert len(repo.records) == run["records"]
        assert set(run["kinds"]) == set(KINDS)  # every kind, even in a small repository
        assert run["kinds"]["minutes"] == max(run["kinds"].values())
        assert {"done", "open", "overdue"} <= {k for k, v in run["items"].items() if v > 0}


def test_no_aggregate_page_in_the_search_index(bench):
    for run in bench[0]["runs"]:
        assert run["aggregates_in_search"] == []


def test_chart_of_the_report(bench, tmp_path):
    report_file = tmp_path / "report.json"
    report_file.write_text(json.dumps(bench[0]), encoding="utf-8")
    first, second = (run_module("benchmarks.chart", str(report_file)) for _ in range(2))
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout  # the same report, the same bytes
    svg = first.stdout
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert 'fill="currentColor" stroke="currentColor"' in svg  # readable in light and dark schemes
    assert "#" not in svg.replace("&#", "")  # no fixed colour anywhere
    assert svg.count("<polyline ") == 4  # build, plain build, check, parse floor


def test_generator_is_deterministic(tmp_path):
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        result = run_module("benchmarks.generate", str(tmp_path / name), "--records", "40", "--seed", seed)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["records"] == 40
    same = filecmp.dircmp(tmp_path / "a" / "records", tmp_path / "b" / "records")
    assert _identical(same)
    assert not _identical(filecmp.dircmp(tmp_path / "a" / "records", tmp_path / "c" / "records"))


def test_generator_refuses_an_existing_repository(tmp_path):
    (tmp_path / "records").mkdir()
    result = run_module("benchmarks.generate", str(tmp_path), "--records", "10")
    assert result.returncode == 2
    assert result.stderr.startswith("benchmarks.generate: error: ") and "exists" in result.stderr


def _identical(cmp: filecmp.dircmp) -> bool:
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(_identical(sub) for sub in cmp.subdirs.values())
