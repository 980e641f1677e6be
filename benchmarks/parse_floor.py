"""The parse floor of `minutebook check`: read the same files and run PyYAML's C loader
on each front-matter (split at the `---` lines), nothing else. Run as a script by the
benchmark, in its own process, like the check it is compared with.

    python benchmarks/parse_floor.py ROOT
"""

import sys
from pathlib import Path

import yaml


def main(root: str) -> int:
    base = Path(root) / "records"
    yaml.load((base / "org.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    count = 0
    for path in sorted(base.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        end = text.find("\n---\n", 3)  # the closing line of the front-matter
        yaml.load(text[4:end], Loader=yaml.CSafeLoader)
        count += 1
    print(f"parsed {count} front-matters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
