"""The JSON Schemas in schemas/: generated from minutebook/model/schema.py, committed up to date,
valid draft 2020-12 (and read the same under draft-07), accepting every sample record
as an editor sees it and rejecting bad ones."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from checks.loader import load_bytes
from minutebook.authoring import jsonschemas as jsonschema_gen
from minutebook.authoring import skeleton
from minutebook.cli import main as cli
from minutebook.model.paths import discover
from minutebook.model.schema import KINDS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = discover(ROOT)
FORMATS = Draft202012Validator.FORMAT_CHECKER


def committed(kind: str) -> dict:
    return json.loads((ROOT / jsonschema_gen.schema_path(kind)).read_text(encoding="utf-8"))


def editor_view(path_or_text) -> tuple[str, object]:
    """(kind, front-matter as a YAML 1.2 editor types it) of a record."""
    data = path_or_text.read_bytes() if isinstance(path_or_text, Path) else path_or_text.encode("utf-8")
    record, found = load_bytes(data, "x.md")
    assert record is not None and not [d for d in found if d.severity == "error"], found
    return record.kind, jsonschema_gen.as_editor_sees(record.tree)


def errors(kind: str, instance, validator=Draft202012Validator) -> list[str]:
    schema = committed(kind)
    if validator is Draft7Validator:
        schema = {k: v for k, v in schema.items() if k != "$schema"}
    v = validator(schema, format_checker=validator.FORMAT_CHECKER)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.validator}" for e in v.iter_errors(instance))


# ---------------------------------------------------------------- generated and committed


def test_committed_schemas_are_up_to_date():
    expected = jsonschema_gen.files()
    assert sorted(expected) == sorted(f"schemas/{p.name}" for p in (ROOT / "schemas").glob("*.json")), \
        "schemas/ holds exactly one file per kind; run `minutebook schemas`"
    for rel, text in expected.items():
        assert (ROOT / rel).read_bytes() == text.encode("utf-8"), f"{rel} is stale: run `minutebook schemas`"


def test_schemas_check_fails_when_stale(tmp_path, capsys):
    (tmp_path / "records").mkdir()
    shutil.copyfile(ROOT / "records" / "org.yml", tmp_path / "records" / "org.yml")
    assert cli.main(["schemas", "--no-docs", "--root", str(tmp_path)]) == 0
    written = capsys.readouterr()
    assert written.out.splitlines() == sorted(written.out.splitlines(), key=lambda r: list(KINDS).index(
        r.split("/")[1].split(".")[0]))
    assert cli.main(["schemas", "--no-docs", "--check", "--root", str(tmp_path)]) == 0
    capsys.readouterr()
    stale = tmp_path / "schemas" / "minutes.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace('"会议纪要 (minutes)"', '"minutes"'), encoding="utf-8")
    assert cli.main(["schemas", "--no-docs", "--check", "--root", str(tmp_path)]) == 1
    assert capsys.readouterr().err == ("schemas/minutes.schema.json: out of date; run `minutebook schemas`\n"
                                       "minutebook schemas: 1 of 8 generated file(s) out of date\n")
    assert cli.main(["schemas", "--no-docs", "--root", str(tmp_path)]) == 0
    assert capsys.readouterr() == ("schemas/minutes.schema.json\n",
                                   "minutebook schemas: 1 of 8 generated file(s) written\n")
    assert stale.read_bytes() == jsonschema_gen.files()["schemas/minutes.schema.json"].encode("utf-8")


@pytest.mark.parametrize("kind", list(KINDS))
def test_schema_is_valid_under_2020_12_and_draft_07(kind):
    schema = committed(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    Draft7Validator.check_schema({k: v for k, v in schema.items() if k != "$schema"})
    assert schema["additionalProperties"] is False
    assert schema["properties"]["type"]["const"] == kind
    assert set(schema["required"]) == {f.name for f in KINDS[kind].fields if f.required}


def test_schema_carries_labels_vocabularies_and_formats():
    minutes = committed("minutes")
    actions = minutes["properties"]["actions"]
    assert actions["title"] == "待办任务"
    action = actions["items"]
    assert action["required"] == ["id", "task", "owner", "due"] and action["additionalProperties"] is False
    assert action["properties"]["status"]["enum"] == ["open", "in-progress", "blocked", "done", "cancelled", None]
    assert "in-progress (进行中)" in action["properties"]["status"]["description"]
    assert action["properties"]["due"]["format"] == "date"
    assert minutes["properties"]["start"]["pattern"] == r"^\d{1,2}:\d{2}$"
    assert minutes["properties"]["visibility"]["default"] == "internal"
    assert minutes["properties"]["attendees"]["minItems"] == 1


# ---------------------------------------------------------------- samples and skeletons


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_record_validates(path):
    kind, instance = editor_view(path)
    assert errors(kind, instance) == []
    assert errors(kind, instance, Draft7Validator) == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_filled_skeletons_validate_and_raw_ones_do_not(kind):
    from tests.test_new import fill

    text = skeleton.render(KINDS[kind], skeleton.prefill(KINDS[kind], date=dt.date(2026, 11, 20)))
    assert errors(*editor_view(fill(text, kind))) == []
    # a placeholder in a date, time, number, id or vocabulary field is refused by the schema too
    raw = errors(*editor_view(text))
    assert raw and all(e.endswith((": format", ": pattern", ": enum", ": type")) for e in raw), raw


# ---------------------------------------------------------------- bad records


def sample(kind: str) -> dict:
    path = next(p for p in SAMPLES if f"/{kind}/" in p.as_posix())
    return editor_view(path)[1]


def changed(kind: str, change) -> dict:
    instance = copy.deepcopy(sample(kind))
    change(instance)
    return instance


@pytest.mark.parametrize("kind, change, expected", [
    ("minutes", lambda m: m.pop("owner"), [": required"]),
    ("minutes", lambda m: m.update(ownr="林晓"), [": additionalProperties"]),
    ("minutes", lambda m: m.update(render_macros=True), [": additionalProperties"]),
    ("minutes", lambda m: m["actions"][0].update(status="finished"), ["actions/0/status: enum"]),
    ("minutes", lambda m: m["actions"][0].pop("due"), ["actions/0: required"]),
    ("minutes", lambda m: m["actions"][0].update(due="2026-11-31"), ["actions/0/due: format"]),
    ("minutes", lambda m: m["actions"][0].update(id="01-launch"), ["actions/0/id: pattern"]),
    ("minutes", lambda m: m.update(start="8.30"), ["start: pattern"]),
    ("minutes", lambda m: m.update(attendees="王磊"), ["attendees: type"]),
    ("minutes", lambda m: m.update(attendees=[]), ["attendees: minItems"]),
    ("minutes", lambda m: m.update(type="notice"), ["type: const"]),
    ("notice", lambda m: m["agenda"][0].update(minutes="半小时"), ["agenda/0/minutes: type"]),
    ("plan", lambda m: m["roles"][0].update(role="主导"), ["roles/0/role: enum"]),
    ("sop", lambda m: m.update(review_every=-1), ["review_every: minimum"]),
    ("conflict", lambda m: m.update(level="huge"), ["level: enum"]),
])
def test_bad_records_are_rejected(kind, change, expected):
    instance = changed(kind, change)
    for validator in (Draft202012Validator, Draft7Validator):
        assert errors(kind, instance, validator) == expected


def test_editor_types_plain_scalars_as_yaml_1_2():
    _, seen = editor_view("---\ntype: sop\nversion: 1.2\nreview_every: 12\nquoted: \"12\"\nflag: true\n"
                          "day: 2026-11-20\ntime: 10:30\nempty:\nno: no\n---\n")
    assert seen == {"type": "sop", "version": 1.2, "review_every": 12, "quoted": "12", "flag": True,
                    "day": "2026-11-20", "time": "10:30", "empty": None, "no": "no"}


def test_text_fields_accept_numbers_like_the_checks():
    # `version: 1.2` is text to the loader and a number to an editor: both accept it
    assert errors("sop", changed("sop", lambda m: m.update(version=1.2))) == []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(changed("sop", lambda m: m.update(version=[1, 2])), committed("sop"),
                            format_checker=FORMATS)
