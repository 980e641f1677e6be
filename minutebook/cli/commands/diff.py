"""`minutebook diff [BASE] [--head REV] [--format text|markdown]`: the commitments a
change makes or alters, between BASE and the working tree (or another revision).

BASE defaults to the merge base of HEAD with main (else origin/main, else master), so
on a branch it lists what the branch changes. The Markdown format is what CI posts on
a pull request. Exit 0 whether or not anything changed; 2 outside a git repository or
for an unknown revision.
"""

from __future__ import annotations

import sys

from minutebook.base.i18n import _, ngettext
from minutebook.cli import options


def add_arguments(p) -> None:
    p.add_argument("base", nargs="?", metavar="BASE",
                   help=_("revision to compare with (default: the merge base of HEAD with main, "
                           "else origin/main, else master)"))
    p.add_argument("--head", metavar="REV", help=_("compare with this revision instead of the working tree"))
    p.add_argument("--format", choices=("text", "markdown"), default="text",
                   help=_("text (one line per change) or markdown (tables, for a pull-request comment)"))
    options.add_audience(p)
    options.add_root(p)


def run(args) -> int:
    from checks.diagnostics import printable
    from checks.registry import load_registry
    from minutebook.model.workdays import Calendar
    from minutebook.render import diff as diff_page
    from minutebook.reports import diffing
    from minutebook.views import visibility

    root = options.root(args)
    diffing.ensure_repository(root)
    if args.base:
        base, base_label = diffing.resolve(root, args.base), args.base
    else:
        base, base_label = diffing.default_base(root)
    head = diffing.resolve(root, args.head) if args.head else None
    # the registry and calendar of the working tree judge both sides
    registry = load_registry(root)
    settings = registry.settings.get("calendar") or {}
    calendar = Calendar(settings.get("country", "CN"), settings.get("subdivision"))
    audience = visibility.audience(registry, args.audience)
    before = diffing.items_by_key(diffing.records_at(root, base), registry, audience)
    after_records = diffing.records_at(root, head) if head else diffing.records_in_worktree(root)
    after = diffing.items_by_key(after_records, registry, audience)
    differences = diffing.compare(before, after, calendar)
    base_label = f"{base_label} ({base[:10]})" if base_label != base else base[:10]
    head_label = f"{args.head} ({head[:10]})" if head else _("the working tree")
    if args.format == "markdown":
        head_cn = head_label if head else "工作区"
        sys.stdout.write(diff_page.markdown(differences, base_label, head_cn))
    else:
        for line in diffing.text(differences).splitlines():
            print(printable(line))
    print(ngettext("minutebook diff: {count} change(s) from {base} to {head} (audience {audience})",
                   "minutebook diff: {count} change(s) from {base} to {head} (audience {audience})",
                   len(differences)).format(count=len(differences), base=base_label, head=head_label,
                                            audience=audience), file=sys.stderr)
    return 0
