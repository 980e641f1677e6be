"""`--format sarif`: a SARIF 2.1.0 log (OASIS), for GitHub code scanning
(`github/codeql-action/upload-sarif`) and any other SARIF reader.

One run; its tool is minutebook with the whole rule catalogue (`tool.driver.rules`, in
code order: each rule's code, name, one-line statement, help pointing at its entry in
docs/reference/rules.md, and its severity as the default level); one result a finding,
pointing at its rule by id and index, located by a path relative to the repository root
(`%SRCROOT%`) and the line and column. Columns count Unicode code points, as the checks
count them (`columnKind`). Messages are spelt as the text format spells them: an alert is
read by a person.

`informationUri` and each rule's `helpUri` are the rules reference on the site when its
address is known (`MINUTEBOOK_SITE_URL`, else `site_url` of mkdocs.yml); SARIF wants
absolute addresses there, so without one they are left out.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from checks import engine  # noqa: F401  (every rule, and the loader's codes, in the catalogue)
from checks.catalogue import RULES, Rule
from checks.diagnostics import WARNING, Diagnostic, printable
from minutebook.authoring.reference_docs import RULES_PAGE  # each rule at #<code in lower case>
from minutebook.cli.reporters.report import Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
URI_CHARACTERS = ":/?#[]@!$&'()*+,;=%~"  # besides letters, digits and -._ (RFC 3986)


def level(severity: str) -> str:
    return "warning" if severity == WARNING else "error"


def anchor(code: str) -> str:
    return code.lower()


def descriptor(r: Rule, rules_url: str | None) -> dict:
    out = {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.doc},
        "help": {"text": f"{r.doc}\nSee {RULES_PAGE}#{anchor(r.code)}"},
    }
    if rules_url:
        out["helpUri"] = iri_to_uri(f"{rules_url}#{anchor(r.code)}")
    out["defaultConfiguration"] = {"level": level(r.severity)}
    return out


def iri_to_uri(address: str) -> str:
    """An address as a URI: characters a URI may not hold (non-ASCII, spaces) are
    percent-encoded as UTF-8; what is already percent-encoded stays as it is."""
    return quote(address, safe=URI_CHARACTERS)


def uri(path: str) -> str:
    """A path as a URI reference: relative to the repository root, else (a file named
    outside it) absolute, `file:///…`."""
    if path.startswith("/"):
        return "file://" + quote(path)
    return quote(path)


def location(d: Diagnostic) -> dict:
    artifact = {"uri": uri(d.path)}
    if not d.path.startswith("/"):
        artifact["uriBaseId"] = SRCROOT
    return {"physicalLocation": {
        "artifactLocation": artifact,
        "region": {"startLine": d.line, "startColumn": d.col},
    }}


def result(d: Diagnostic, index: dict[str, int]) -> dict:
    out = {"ruleId": d.code}
    if d.code in index:
        out["ruleIndex"] = index[d.code]
    out |= {
        "level": level(d.severity),
        "message": {"text": printable(d.message)},
        "locations": [location(d)],
    }
    return out


def log(report: Report) -> dict:
    rules = [RULES[code] for code in sorted(RULES)]
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {"name": "minutebook"}
    if report.rules_url:
        driver["informationUri"] = iri_to_uri(report.rules_url)
    if report.version:
        driver["version"] = report.version
    driver["rules"] = [descriptor(r, report.rules_url) for r in rules]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": [result(d, index) for d in report.diagnostics],
        }],
    }


def render(report: Report) -> str:
    return json.dumps(log(report), ensure_ascii=False, indent=2) + "\n"
