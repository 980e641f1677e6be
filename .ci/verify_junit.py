"""Read pytest's JUnit XML and fail loudly unless tests ran and none was skipped.

pytest already exits non-zero on a failure, and with 5 when it collects nothing; this
also refuses a green run that skipped a test that should have run (a missing browser,
a missing tool), and prints the plain closing line `tests: N passed, N failed, N skipped`.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: verify_junit.py JUNIT_XML", file=sys.stderr)
        return 2
    try:
        root = ET.parse(argv[0]).getroot()
    except (OSError, ET.ParseError) as exc:
        print(f"verify_junit: cannot read the test report {argv[0]}: {exc}", file=sys.stderr)
        return 1
    passed = failed = 0
    skipped: list[str] = []
    xfailed = 0
    for case in root.iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        outcome = {child.tag for child in case}
        if outcome & {"failure", "error"}:
            failed += 1
        elif "skipped" in outcome:
            skip = case.find("skipped")
            if skip is not None and skip.get("type") == "pytest.xfail":
                xfailed += 1
            else:
                reason = skip.get("message", "") if skip is not None else ""
                skipped.append(f"{name}: {reason}")
        else:
            passed += 1
    problems = []
    if passed + failed == 0:
        problems.append("no test ran")
    if skipped:
        problems.append(f"{len(skipped)} test(s) skipped that should run:\n  " + "\n  ".join(skipped))
    for p in problems:
        print(f"verify_junit: FAILED: {p}", file=sys.stderr)
    if xfailed:
        print(f"verify_junit: {xfailed} expected failure(s) (xfail)")
    print(f"tests: {passed} passed, {failed} failed, {len(skipped)} skipped")
    return 1 if problems or failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
