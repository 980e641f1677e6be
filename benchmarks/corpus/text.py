"""The phrase templates of benchmarks/phrases.py, filled for a project."""

from __future__ import annotations

from .. import phrases
from .state import Corpus, Project


def fill(c: Corpus, p: Project, template: str, **extra) -> str:
    """The template with the project's context, fresh numbers and a department of the project."""
    r = c.rng
    n = r.randint(2, 12)
    pct = r.randint(55, 98)
    values = dict(p.ctx, n=n, n2=max(1, n // 2), pct=pct, pct2=min(100, pct + r.randint(-8, 8)),
                  dept=r.choice(p.depts), dept2=r.choice(p.depts[1:] or p.depts),
                  module=r.choice(phrases.MODULES), amount2=p.ctx["amount"] + r.randint(-15, 20))
    values.update(extra)
    return template.format(**values)


def tasks(c: Corpus, p: Project, k: int) -> list[tuple[str, str]]:
    """`k` different tasks of the project's theme, with their deliverables."""
    chosen = c.rng.sample(phrases.TASKS[p.theme], min(k, len(phrases.TASKS[p.theme])))
    return [(fill(c, p, t), fill(c, p, d)) for t, d in chosen]


def pick(c: Corpus, p: Project, table: dict, k: int = 1) -> list[str]:
    """`k` different phrases of the table's entries for the theme and for every theme."""
    pool = table[p.theme] + table.get("common", [])
    return [fill(c, p, x) for x in c.rng.sample(pool, min(k, len(pool)))]


def body(c: Corpus, p: Project, sections: list[str], **extra) -> list[tuple[str, list[str]]]:
    """A Markdown body: per section of phrases.BODY its heading and a paragraph of 2 or 3 sentences."""
    out = []
    for name in sections:
        heading, sentences = phrases.BODY[name]
        if isinstance(sentences, dict):
            sentences = sentences[p.theme]
        chosen = c.rng.sample(sentences, min(len(sentences), c.rng.randint(2, 3)))
        text = "".join(fill(c, p, s, **extra) for s in chosen)
        out.append((heading, [text]))
    return out
