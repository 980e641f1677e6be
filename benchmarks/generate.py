"""A generator of realistic synthetic repositories, for the benchmarks.

`generate(root, n_records, seed)` writes records/org.yml (12 departments, 80 people
with Chinese names) and exactly `n_records` records of every kind, copies the
project's mkdocs.yml and docs/ beside them, and returns a summary. The records come
from simulated cross-department projects (launches, budgets, complaints, reviews,
process work) spread over 2024-01 … 2026-11: an optional coordination request, a
kickoff notice and meeting, a plan, progress meetings whose minutes move earlier
items on (`updates`), now and then a conflict, a retrospective and a revised SOP.
What is still open on the reference date 2026-11-20 is open, late ones are overdue.

Every rule of `minutebook check` holds by construction (working-day lead times from
the same `holidays` CN calendar, and the publishing deadline, topic and meeting lengths
of `minutebook.model.policy`; acyclic ordered plan dependencies, one lead, unique ids, updates
after the items they move); warnings (a meeting that ran long, a stale SOP, a late
conflict) occur at realistic rates. The same seed gives the same bytes. The parts are
in benchmarks/corpus/.

    python -m benchmarks.generate DIR --records 2000 [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path

from .corpus.dates import FIRST_DAY, REFERENCE_DATE, workday
from .corpus.output import commit_all, copy_site, write_new
from .corpus.project import simulate
from .corpus.sops import sop
from .corpus.state import CLOSED, Corpus, Full, new_corpus

__all__ = ["REFERENCE_DATE", "generate", "main"]


def generate(root: Path, n_records: int, seed: int, git: bool = False, heavy: bool = False) -> dict:
    """Write a repository of `n_records` records under `root`; a summary of what was written.
    With `git`, the repository is also a git repository with everything committed, as a
    real one is (the one-file check, what pre-commit runs, lists and searches through git)."""
    root = Path(root)
    if (root / "records").exists():
        raise FileExistsError(f"{root / 'records'} exists; the generator writes only into a new folder")
    c = new_corpus(n_records, seed, heavy)
    try:
        write_records(c)
    except Full:
        pass
    write_new(root / "records" / "org.yml", c.org.yaml())
    for rel, text in c.files.items():
        write_new(root / rel, text)
    copy_site(root)
    if git:
        commit_all(root)
    return summary(c)


def write_records(c: Corpus) -> None:
    """The company's first SOPs, then projects until the corpus is full."""
    n_records = c.limit
    span = (REFERENCE_DATE - FIRST_DAY).days
    for i in range(max(1, n_records // 80)):  # the SOPs a company starts with
        sop(c, workday(c.cal, FIRST_DAY + dt.timedelta(days=i * 90 // max(1, n_records // 80))))
    no = 1
    while len(c.files) < n_records:
        if no == 1:  # one project with every kind, done well before the reference date
            start = dt.date(2025, 3, 3)
        elif no == 2:  # and one still running, so even a small repository has work in hand
            start = REFERENCE_DATE - dt.timedelta(days=40)
        else:
            # a growing company: the density of new projects rises linearly over the years
            start = FIRST_DAY + dt.timedelta(days=int((span - 14) * math.sqrt(c.rng.random())))
        simulate(c, no, start, full=no == 1)
        no += 1


def summary(c: Corpus) -> dict:
    items = [i for p in c.projects for i in p.items]
    mix = {"done": 0, "cancelled": 0, "overdue": 0, "open": 0}
    for i in items:
        if i.status in CLOSED:
            mix[i.status] += 1
        elif i.due < REFERENCE_DATE:
            mix["overdue"] += 1
        else:
            mix["open"] += 1
    dates = sorted(p.rsplit("/", 1)[1][:10] for p in c.files)
    return {"records": len(c.files), "kinds": dict(sorted(c.kinds.items(), key=lambda kv: -kv[1])),
            "people": len(c.org.people), "departments": len(c.org.members), "projects": len(c.projects),
            "items": mix, "first": dates[0] if dates else None, "last": dates[-1] if dates else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0])
    ap.add_argument("root", help="a new folder to write the repository into")
    ap.add_argument("--records", type=int, default=2000, help="how many records (default 2000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--git", action="store_true", help="make it a git repository, everything committed")
    args = ap.parse_args(argv)
    if args.records < 1:
        ap.error("--records must be at least 1")
    try:
        info = generate(Path(args.root), args.records, args.seed, args.git)
    except FileExistsError as exc:
        print(f"benchmarks.generate: error: {exc}", file=sys.stderr)
        return 2
    json.dump(info, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
