"""`minutebook notify`: post a digest of overdue, soon-due and blocked items to a
team-chat webhook (Feishu/Lark, DingTalk or WeCom). Exit 0 when the platform
accepted it, 1 when it was not delivered, 2 on a usage error.

The webhook URL and the secret are credentials: they can come from the
environment (MINUTEBOOK_WEBHOOK_URL, MINUTEBOOK_WEBHOOK_SECRET) rather than the
command line, and nothing printed ever contains them.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse

from checks.diagnostics import ERROR
from minutebook.base.errors import UsageError
from minutebook.cli import options

URL_ENV = "MINUTEBOOK_WEBHOOK_URL"
SECRET_ENV = "MINUTEBOOK_WEBHOOK_SECRET"


def add_arguments(p) -> None:
    from minutebook.reports.notify import FLAVORS

    p.add_argument("--webhook", metavar="URL", help=f"the bot's webhook URL (default: ${URL_ENV})")
    p.add_argument("--flavor", choices=FLAVORS, required=True, help="the chat platform")
    p.add_argument("--secret", metavar="S",
                   help=f"signing secret of a Feishu or DingTalk bot (default: ${SECRET_ENV})")
    p.add_argument("--department", metavar="NAME", help="only the items of this department")
    options.add_as_of(p)
    options.add_audience(p)
    p.add_argument("--within", metavar="N", type=int, default=2,
                   help="list items due within the next N working days (default: 2)")
    p.add_argument("--dry-run", action="store_true", help="print the message instead of posting it")
    p.add_argument("--timeout", metavar="SECONDS", type=float, default=10.0,
                   help="time allowed for each try (default: 10)")
    p.add_argument("--tries", metavar="N", type=int, default=3,
                   help="tries on a server error or a timeout (default: 3)")
    p.add_argument("--retry-delay", metavar="SECONDS", type=float, default=1.0,
                   help="wait before the 2nd try, doubled for each next one (default: 1)")
    options.add_root(p)


def _options(args) -> tuple[str, str | None]:
    url = args.webhook or os.environ.get(URL_ENV)
    secret = args.secret or os.environ.get(SECRET_ENV) or None
    if not url:
        raise UsageError(f"--webhook is required (or set {URL_ENV})")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError("--webhook must be an http:// or https:// URL")
    if secret and args.flavor == "wecom":
        raise UsageError("--secret: WeCom group robots have no signature; the key in the URL is the credential")
    if args.within < 0:
        raise UsageError(f"--within must be 0 or more: {args.within}")
    if args.tries < 1 or args.timeout <= 0 or args.retry_delay < 0:
        raise UsageError("--tries must be 1 or more, --timeout more than 0 and --retry-delay 0 or more")
    return url, secret


def run(args) -> int:
    from minutebook.reports import notify
    from minutebook.reports.exports import check_filters, site_links
    from minutebook.views.view import View

    url, secret = _options(args)
    as_of = options.as_of(args)
    root = options.root(args)
    view = View.load(root, as_of, args.audience)
    check_filters(view.registry, None, args.department)
    errors = sum(d.severity == ERROR for d in view.repo.diagnostics)
    if errors:
        print(f"minutebook notify: warning: {errors} error(s) in the records; "
              "run `minutebook check`", file=sys.stderr)
    d = notify.digest(view, args.department, args.within)
    body = notify.payload(args.flavor, d, site_links(root))
    target, signed = notify.prepare(args.flavor, url, body, secret)
    summary = (f"{len(d.overdue)} overdue, {len(d.due_soon)} due within {d.within} working day(s), "
               f"{len(d.blocked)} blocked")
    if args.dry_run:
        print(json.dumps(notify.redacted_body(signed), ensure_ascii=False, indent=2))
        print(f"minutebook notify: dry run, nothing posted ({summary}); would post to "
              f"{notify.redact(target, secret)}", file=sys.stderr)
        return 0
    try:
        notify.post(args.flavor, target, signed, timeout=args.timeout, tries=args.tries, delay=args.retry_delay)
    except notify.NotifyError as exc:
        print(f"minutebook notify: error: {notify.redact(str(exc), secret)} ({notify.redact(target, secret)})",
              file=sys.stderr)
        return 1
    print(f"minutebook notify: posted the digest ({summary}) to {notify.redact(target, secret)}")
    return 0
