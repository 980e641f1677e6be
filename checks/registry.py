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
from minutebook.base import i18n
from minutebook.base.i18n import LANGUAGES, N_, _
from minutebook.model import yamlstrict
from minutebook.model.registry import PERSON_FIELDS, REGISTRY_PATH, Department, Person, Registry
from minutebook.model.yamlstrict import Map, Scalar, Seq

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HANDLE_RE = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
# Chat accounts, for @-mentions in `minutebook notify` (they are written into the message
# markup as they are, so nothing but these characters is accepted).
_CHAT_IDS = {
    "feishu_id": (re.compile(r"^ou_[A-Za-z0-9]{8,64}$"),
                  N_("is not a Feishu open_id (ou_ followed by 8 to 64 letters and digits)")),
    "dingtalk_id": (re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"),
                    N_("is not a DingTalk userId (letters, digits, '-', '_', '.'; at most 64)")),
    "wecom_id": (re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"),
                 N_("is not a WeCom userid (letters, digits, '-', '_', '.', '@', first a letter or digit; at most 64)")),
}
_MOBILE_RE = re.compile(r"^(?:\+86)?(1[3-9][0-9]{9})$")
_PERSON_KEYS = tuple(f.name for f in PERSON_FIELDS)


class RegistryError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def _of(key: str, name: str) -> str:
    return _("`{key}` of {name}").format(key=key, name=name)


def _language(node) -> str | None:
    """The language a `settings.language` node names, or None when it names none."""
    value = node.value.strip().lower() if isinstance(node, Scalar) and node.value else ""
    return value if value in LANGUAGES else None


_PARSED: dict = {}  # the last registry text parsed -> its tree (read, never changed)


def _parse(text: str):
    """The tree of a registry's text, parsed once for the same text: a command reads the
    language from it before it runs, then the registry."""
    if text not in _PARSED:
        tree = yamlstrict.parse(loader.normalise(text))
        _PARSED.clear()
        _PARSED[text] = tree
    return _PARSED[text]


def declared_language(root: Path) -> str | None:
    """`settings.language` of records/org.yml when it is zh or en, else None: read before the
    command runs, to choose the language of its messages (the registry's own check reports a
    bad value, in the language chosen without it)."""
    try:
        text, _problem = loader.decode((root / REGISTRY_PATH).read_bytes())
        tree = _parse(text) if text is not None else None
    except (OSError, yamlstrict.StrictYAMLError):
        return None
    settings = tree.get("settings") if isinstance(tree, Map) else None
    return _language(settings.get("language")) if isinstance(settings, Map) else None


def language_of(root: Path) -> str:
    """The language of the messages about the repository at `root` when no --lang is given
    (the site build): $MINUTEBOOK_LANG, its `settings.language`, the locale, else English."""
    return i18n.resolve(None, lambda: declared_language(root))


def load_registry(root: Path) -> Registry:
    """Read and validate `records/org.yml`; RegistryError lists what is wrong."""
    path = root / REGISTRY_PATH
    rel = REGISTRY_PATH

    def fail(line, col, message):
        return RegistryError([Diagnostic(rel, line, col, "MB009", message)])

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(1, 1, _("cannot read the registry: {reason}").format(reason=exc.strerror)) from None
    text, problem = loader.decode(data)
    if text is None:
        raise fail(problem[0], problem[1], problem[2])
    try:
        tree = _parse(text)
    except yamlstrict.StrictYAMLError as exc:
        raise RegistryError([Diagnostic(rel, exc.line, exc.col, exc.code, exc.message)]) from None
    if not isinstance(tree, Map):
        raise fail(1, 1, _("the registry must be a mapping with `departments` and `people`"))
    problems: list[Diagnostic] = []

    def bad(node, message):
        problems.append(Diagnostic(rel, node.line, node.col, "MB009", message))

    def text_of(node, what) -> str | None:
        if isinstance(node, Scalar) and node.value and node.value.strip():
            return node.value.strip()
        bad(node, _("{what} must be a non-empty value").format(what=what))
        return None

    reg = Registry()
    for key, _unused in tree.pairs:
        if key.value not in ("departments", "people", "settings"):
            bad(key, _("unknown key `{key}`; the registry has departments, people and settings").format(key=key.value))
    settings = tree.get("settings")
    if isinstance(settings, Map):
        reg.settings = yamlstrict.to_plain(settings) or {}
        language = settings.get("language")
        if language is not None and _language(language) is None:
            bad(language, _("`settings.language` must be one of {languages}: '{value}'").format(
                languages=", ".join(LANGUAGES), value=getattr(language, "value", "")))
    people = tree.get("people")
    if not isinstance(people, Map):
        bad(people or tree, _("`people` must be a mapping of names to {{department, email}}").format())
        people = Map()
    departments = tree.get("departments")
    if not isinstance(departments, Map):
        bad(departments or tree, _("`departments` must be a mapping of names to {{lead, contacts}}").format())
        departments = Map()
    for name_node, value in people.pairs:
        if not isinstance(value, Map):
            bad(value, _("person `{name}` must have `department` and `email`").format(name=name_node.value))
            continue
        dept = text_of(value.get("department") or value, _of("department", name_node.value))
        email = text_of(value.get("email") or value, _of("email", name_node.value))
        if email and not _EMAIL_RE.match(email):
            bad(value.get("email"), _("{what} is not an e-mail address: '{value}'").format(
                what=_of("email", name_node.value), value=email))
        for key, _unused in value.pairs:
            if key.value not in _PERSON_KEYS:
                bad(key, _("unknown key `{key}` of {name}; a person has {keys} and {last}").format(
                    key=key.value, name=name_node.value, keys=", ".join(_PERSON_KEYS[:-1]), last=_PERSON_KEYS[-1]))
        handle = ""
        if value.get("handle") is not None:
            handle = text_of(value.get("handle"), _of("handle", name_node.value)) or ""
            if handle and not _HANDLE_RE.match(handle):
                bad(value.get("handle"), _("{what} is not a user name (letters, digits, '-', '_', '.'): '{value}'").format(
                    what=_of("handle", name_node.value), value=handle))
            handle = handle.lstrip("@")
        ids = {}
        for key, (pattern, problem) in _CHAT_IDS.items():
            node = value.get(key)
            if node is not None:
                ids[key] = text_of(node, _of(key, name_node.value)) or ""
                if ids[key] and not pattern.match(ids[key]):
                    bad(node, _("{what} {problem}: '{value}'").format(
                        what=_of(key, name_node.value), problem=_(problem), value=ids[key]))
                    ids[key] = ""
        mobile = ""
        if value.get("mobile") is not None:
            mobile = text_of(value.get("mobile"), _of("mobile", name_node.value)) or ""
            match = _MOBILE_RE.match(mobile) if mobile else None
            if mobile and not match:
                bad(value.get("mobile"), _("{what} is not a mainland mobile number (11 digits starting with 1, "
                                           "optionally +86): '{value}'").format(
                    what=_of("mobile", name_node.value), value=mobile))
            mobile = match.group(1) if match else ""
        reg.people[name_node.value] = Person(name_node.value, dept or "", email or "", handle, mobile=mobile, **ids)
    for name_node, value in departments.pairs:
        if not isinstance(value, Map):
            bad(value, _("department `{name}` must have `lead` and `contacts`").format(name=name_node.value))
            continue
        lead = text_of(value.get("lead") or value, _of("lead", name_node.value))
        contacts_node = value.get("contacts")
        contacts: list[str] = []
        if not isinstance(contacts_node, Seq) or not contacts_node.items:
            bad(contacts_node or value, _("{what} must list one or more people").format(
                what=_of("contacts", name_node.value)))
        else:
            for c in contacts_node.items:
                n = text_of(c, _("a contact of {name}").format(name=name_node.value))
                if n:
                    contacts.append(n)
                    if n not in reg.people:
                        bad(c, _("contact `{contact}` of {name} is not in `people`").format(contact=n, name=name_node.value))
        if lead and lead not in reg.people:
            bad(value.get("lead"), _("lead `{lead}` of {name} is not in `people`").format(lead=lead, name=name_node.value))
        reg.departments[name_node.value] = Department(name_node.value, lead or "", contacts)
    for name_node, value in people.pairs:
        p = reg.people.get(name_node.value)
        if p and p.department and p.department not in reg.departments:
            bad(value.get("department"), _("department `{department}` of {name} is not in `departments`").format(
                department=p.department, name=p.name))
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
