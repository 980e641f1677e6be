"""Reading and validating the registry `records/org.yml` (MB009).

The file is read with the same strict YAML as the records, so it gets the same
positions in its errors.
"""

from __future__ import annotations

import re
from pathlib import Path

from checks import loader
from checks.diagnostics import Diagnostic
from checks.examples import Example
from minutebook.model import yamlstrict
from minutebook.model.registry import PERSON_FIELDS, REGISTRY_PATH, Department, Person, Registry
from minutebook.model.yamlstrict import Map, Scalar, Seq

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HANDLE_RE = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
# Chat accounts, for @-mentions in `minutebook notify` (they are written into the message
# markup as they are, so nothing but these characters is accepted).
_CHAT_IDS = {
    "feishu_id": (re.compile(r"^ou_[A-Za-z0-9]{8,64}$"),
                  "is not a Feishu open_id (ou_ followed by 8 to 64 letters and digits)"),
    "dingtalk_id": (re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"),
                    "is not a DingTalk userId (letters, digits, '-', '_', '.'; at most 64)"),
    "wecom_id": (re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"),
                 "is not a WeCom userid (letters, digits, '-', '_', '.', '@', first a letter or digit; at most 64)"),
}
_MOBILE_RE = re.compile(r"^(?:\+86)?(1[3-9][0-9]{9})$")
_PERSON_KEYS = tuple(f.name for f in PERSON_FIELDS)


class RegistryError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def load_registry(root: Path) -> Registry:
    """Read and validate `records/org.yml`; RegistryError lists what is wrong."""
    path = root / REGISTRY_PATH
    rel = REGISTRY_PATH

    def fail(line, col, message):
        return RegistryError([Diagnostic(rel, line, col, "MB009", message)])

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(1, 1, f"cannot read the registry: {exc.strerror}") from None
    text, problem = loader.decode(data)
    if text is None:
        raise fail(problem[0], problem[1], problem[2])
    try:
        tree = yamlstrict.parse(loader.normalise(text))
    except yamlstrict.StrictYAMLError as exc:
        raise RegistryError([Diagnostic(rel, exc.line, exc.col, exc.code, exc.message)]) from None
    if not isinstance(tree, Map):
        raise fail(1, 1, "the registry must be a mapping with `departments` and `people`")
    problems: list[Diagnostic] = []

    def bad(node, message):
        problems.append(Diagnostic(rel, node.line, node.col, "MB009", message))

    def text_of(node, what) -> str | None:
        if isinstance(node, Scalar) and node.value and node.value.strip():
            return node.value.strip()
        bad(node, f"{what} must be a non-empty value")
        return None

    reg = Registry()
    for key, _unused in tree.pairs:
        if key.value not in ("departments", "people", "settings"):
            bad(key, f"unknown key `{key.value}`; the registry has departments, people and settings")
    settings = tree.get("settings")
    if isinstance(settings, Map):
        reg.settings = yamlstrict.to_plain(settings) or {}
    people = tree.get("people")
    if not isinstance(people, Map):
        bad(people or tree, "`people` must be a mapping of names to {department, email}")
        people = Map()
    departments = tree.get("departments")
    if not isinstance(departments, Map):
        bad(departments or tree, "`departments` must be a mapping of names to {lead, contacts}")
        departments = Map()
    for name_node, value in people.pairs:
        if not isinstance(value, Map):
            bad(value, f"person `{name_node.value}` must have `department` and `email`")
            continue
        dept = text_of(value.get("department") or value, f"`department` of {name_node.value}")
        email = text_of(value.get("email") or value, f"`email` of {name_node.value}")
        if email and not _EMAIL_RE.match(email):
            bad(value.get("email"), f"`email` of {name_node.value} is not an e-mail address: '{email}'")
        for key, _unused in value.pairs:
            if key.value not in _PERSON_KEYS:
                bad(key, f"unknown key `{key.value}` of {name_node.value}; a person has "
                    f"{', '.join(_PERSON_KEYS[:-1])} and {_PERSON_KEYS[-1]}")
        handle = ""
        if value.get("handle") is not None:
            handle = text_of(value.get("handle"), f"`handle` of {name_node.value}") or ""
            if handle and not _HANDLE_RE.match(handle):
                bad(value.get("handle"), f"`handle` of {name_node.value} is not a user name "
                    f"(letters, digits, '-', '_', '.'): '{handle}'")
            handle = handle.lstrip("@")
        ids = {}
        for key, (pattern, problem) in _CHAT_IDS.items():
            node = value.get(key)
            if node is not None:
                ids[key] = text_of(node, f"`{key}` of {name_node.value}") or ""
                if ids[key] and not pattern.match(ids[key]):
                    bad(node, f"`{key}` of {name_node.value} {problem}: '{ids[key]}'")
                    ids[key] = ""
        mobile = ""
        if value.get("mobile") is not None:
            mobile = text_of(value.get("mobile"), f"`mobile` of {name_node.value}") or ""
            match = _MOBILE_RE.match(mobile) if mobile else None
            if mobile and not match:
                bad(value.get("mobile"), f"`mobile` of {name_node.value} is not a mainland mobile number "
                    f"(11 digits starting with 1, optionally +86): '{mobile}'")
            mobile = match.group(1) if match else ""
        reg.people[name_node.value] = Person(name_node.value, dept or "", email or "", handle, mobile=mobile, **ids)
    for name_node, value in departments.pairs:
        if not isinstance(value, Map):
            bad(value, f"department `{name_node.value}` must have `lead` and `contacts`")
            continue
        lead = text_of(value.get("lead") or value, f"`lead` of {name_node.value}")
        contacts_node = value.get("contacts")
        contacts: list[str] = []
        if not isinstance(contacts_node, Seq) or not contacts_node.items:
            bad(contacts_node or value, f"`contacts` of {name_node.value} must list one or more people")
        else:
            for c in contacts_node.items:
                n = text_of(c, f"a contact of {name_node.value}")
                if n:
                    contacts.append(n)
                    if n not in reg.people:
                        bad(c, f"contact `{n}` of {name_node.value} is not in `people`")
        if lead and lead not in reg.people:
            bad(value.get("lead"), f"lead `{lead}` of {name_node.value} is not in `people`")
        reg.departments[name_node.value] = Department(name_node.value, lead or "", contacts)
    for name_node, value in people.pairs:
        p = reg.people.get(name_node.value)
        if p and p.department and p.department not in reg.departments:
            bad(value.get("department"), f"department `{p.department}` of {p.name} is not in `departments`")
    if problems:
        raise RegistryError(problems)
    return reg


from checks.catalogue import declare  # noqa: E402  (kept beside the code that raises it)

declare("MB009", "registry", "records/org.yml lists departments (lead, contacts) and people "
        "(department, e-mail; optionally a code-host handle, chat ids and a mobile number, each well "
        "formed), each named once and referring only to each other.", example=Example(
            None, registry=True, note="In records/org.yml: every lead and contact is listed under `people`.",
            bad="""\
departments:
  研发部: {lead: 王磊, contacts: [李娜]}
people:
  王磊: {department: 研发部, email: wang.lei@example.com}
""",
            fix="""\
departments:
  研发部: {lead: 王磊, contacts: [李娜]}
people:
  王磊: {department: 研发部, email: wang.lei@example.com}
  李娜: {department: 研发部, email: li.na@example.com}
"""))
