"""Every policy number is written once (minutebook/model/policy.py) and every place follows it.

One run changes each constant in a fresh interpreter before anything else is imported,
then reads what users see: the rule statements (docs/reference/rules.md), the field
descriptions (docs/reference/fields.md, the JSON Schemas), the check's verdicts, the
metrics page's definitions, the open-items escalation and the benchmark generator (its
records pass the check). A scan of the sources finds no number of the policy typed
again as prose.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from helpers import ROOT

CHANGED = """
import json, datetime as dt
from pathlib import Path
from minutebook.model import policy
policy.MAX_TOPIC_MINUTES = 25
policy.MAX_MEETING_MINUTES = 75
policy.LEAD_WORKING_DAYS = 4
policy.PUBLISH_WITHIN_HOURS = 12
policy.CONFLICT_SLA_WORKING_DAYS.update(general=2, moderate=4, major=7)
policy.ESCALATION_WORKING_DAYS = 6

import checks.engine
from checks.catalogue import RULES
from minutebook.authoring import jsonschemas, reference_docs
from minutebook.model.registry import Registry
from minutebook.model.schema import KINDS
from minutebook.reports import metrics
from minutebook.model.workdays import Calendar

cal = Calendar("CN")
out = {
    "rules": {c: RULES[c].doc for c in ("MB302", "MB303", "MB304", "MB305", "MB306", "MB309", "MB311")},
    "fields": reference_docs.fields_page(),
    "notice_schema": json.dumps(jsonschemas.kind_schema(KINDS["notice"]), ensure_ascii=False),
    "metrics": {m.name: [m.label, m.doc, m.explain] for m in metrics.METRICS},
    "targets": {m.name: m.target.basis for m in metrics.METRICS if m.target},
    "escalation": Registry().escalation_working_days,
    "topic_26": policy.topic_too_long(26),
    "meeting_80": policy.meeting_too_long(80),
    "lead_3": policy.lead_time_ok(3),
    "published_13h": policy.published_in_time(dt.datetime(2026, 11, 18, 11), dt.datetime(2026, 11, 19, 0)),
    "conflict": policy.conflict_outcome("general", dt.date(2026, 11, 16), dt.date(2026, 11, 18),
                                        dt.date(2026, 11, 20), cal),
}

# the benchmark generator writes within the changed limits: its records pass the check
import tempfile
from benchmarks import phrases
from benchmarks.generate import generate
from checks.diagnostics import ERROR
with tempfile.TemporaryDirectory() as tmp:
    generate(Path(tmp), 150, 1)
    repo = checks.engine.load_repository(Path(tmp), dt.date(2026, 11, 20))
    out["generated_errors"] = [d.format() for d in repo.diagnostics if d.severity == ERROR]
    out["generated_org"] = (Path(tmp) / "records" / "org.yml").read_text(encoding="utf-8")
out["generated_prose"] = phrases.LATE_FOR_ESCALATION
print(json.dumps(out, ensure_ascii=False))
"""


def changed() -> dict:
    proc = subprocess.run([sys.executable, "-c", CHANGED], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_changing_a_constant_changes_every_place_that_states_or_applies_it():
    out = changed()
    rules = out["rules"]
    assert "within 12 hours" in rules["MB302"]
    assert "at least 4 working days" in rules["MB303"] and "at least 4 working days" in rules["MB304"]
    assert "at most 25 minutes" in rules["MB305"]
    assert "at most 75 minutes" in rules["MB306"] and "over 75 minutes" in rules["MB309"]
    assert "within 2 / 4 / 7 working days" in rules["MB311"]

    fields = out["fields"]  # the page is in Chinese, like the rules page
    assert "最多 25 分钟。" in fields and "会议最长 75 分钟" in fields and "会议结束后 12 小时内" in fields
    assert "须提前 4 个工作日发出" in fields and "2 / 4 / 7 个工作日内" in fields
    assert "30 分钟" not in fields and "90 分钟" not in fields and "2 个工作日" not in fields
    assert "at most 75 minutes" in out["notice_schema"]

    label, doc, explain = out["metrics"]["minutes_within_24h_rate"]
    assert label == "纪要12小时内发布率" and "within 12 hours" in doc and "12小时之内" in explain
    assert "提前至少4个工作日" in out["metrics"]["notice_lead_ok_rate"][2]
    assert "超过25分钟" in out["metrics"]["agenda_overrun_rate"][2]
    assert "一般冲突2个、中度冲突4个、重大冲突7个工作日" in out["metrics"]["conflicts_within_sla_rate"][2]
    assert "时限2个工作日" in out["metrics"]["conflicts_within_sla_rate.general"][2]
    assert "逾期6个工作日" in out["targets"]["avg_slip_working_days"]
    assert "提前4个工作日" in out["targets"]["notice_lead_ok_rate"]

    assert out["escalation"] == 6
    assert out["topic_26"] is True and out["meeting_80"] is True and out["lead_3"] is False
    assert out["published_13h"] is False
    # 2026-11-16 (Mon) to 11-18: 2 working days, within the changed limit of 2
    assert out["conflict"] == [2, 2, "within"]

    assert out["generated_errors"] == []
    assert "escalation_working_days: 6\n" in out["generated_org"]
    assert out["generated_prose"] == "滞后超过6个工作日"


# a policy number typed as prose: "at most 30", "90 minutes", "24 h", "1 / 3 / 5", "两个工作日" …
TYPED_AGAIN = re.compile(
    r"at most (30|90)\b|\b(30|90)[ -]minute|\b24 ?h(ours)?\b|\b1 ?/ ?3 ?/ ?5\b|\b(2|two) working days?"
    r"|(30|90)分钟|24小时|(提前|至少)[2两]个工作日|[135]个工作日的?(时限|解决)"
)


def test_no_policy_number_is_typed_again_in_the_sources():
    sources = [p for d in ("minutebook", "checks", "plugins", "benchmarks") for p in sorted((ROOT / d).rglob("*.py"))]
    found = []
    for path in sources:
        if path.name == "policy.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if TYPED_AGAIN.search(line) and "policy:" not in line:
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert found == [], "\n".join(found)
