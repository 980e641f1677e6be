"""`minutebook notify`: post a digest of overdue, soon-due and blocked items to a
team-chat webhook (Feishu/Lark, DingTalk or WeCom). Exit 0 when the platform
accepted it, 1 when it was not delivered, 2 on a usage error.

The webhook URL and the secret are credentials: they can come from the
environment (MINUTEBOOK_WEBHOOK_URL, MINUTEBOOK_WEBHOOK_SECRET) rather than the
command line, and nothing printed ever contains them: URLs are shown through
`redact_url`, every other text through `redact` with the exact values of this
request's credentials. A URL or secret with whitespace or a control character in
it is refused (exit 2), never trimmed.
"""

from __future__ import annotations

import json
import os
import sys

from checks.diagnostics import ERROR
from minutebook.base.errors import UsageError
from minutebook.cli import options

URL_ENV = "MINUTEBOOK_WEBHOOK_URL"
SECRET_ENV = "MINUTEBOOK_WEBHOOK_SECRET"
MAX_TRIES = 10  # with the doubling waits, more would only postpone the failure


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
                   help="time allowed for each try in all, from connecting to the last byte of "
                        "the answer (default: 10)")
    p.add_argument("--tries", metavar="N", type=int, default=3,
                   help=f"tries in all, 1 to {MAX_TRIES}, on a server error, a timeout or a network error "
                        "(default: 3); the command ends within N × --timeout plus the waits between tries")
    p.add_argument("--retry-delay", metavar="SECONDS", type=float, default=1.0,
                   help="wait before the 2nd try, doubled for each next one (default: 1); "
                        "a redirect or a 4xx answer is not retried")
    options.add_root(p)


def _options(args) -> tuple[str, str | None]:
    from minutebook.reports.notify import odd_character, url_problem

    # named as the user gave them, so the error points at the right place
    url, url_from = (args.webhook, "--webhook") if args.webhook else (os.environ.get(URL_ENV), f"${URL_ENV}")
    secret, secret_from = ((args.secret, "--secret") if args.secret else
                           (os.environ.get(SECRET_ENV), f"${SECRET_ENV}"))
    if not url:
        raise UsageError(f"--webhook is required (or set {URL_ENV})")
    problem = url_problem(url)  # checked before anything is sent; it shows the URL redacted
    if problem:
        raise UsageError(f"{url_from} {problem}")
    if secret and args.flavor == "wecom":
        raise UsageError("--secret: WeCom group robots have no signature; the key in the URL is the credential")
    problem = odd_character(secret or "")  # a signature from a trimmed or padded secret never matches
    if problem:
        raise UsageError(f"{secret_from} {problem}")
    if args.within < 0:
        raise UsageError(f"--within must be 0 or more: {args.within}")
    if not 1 <= args.tries <= MAX_TRIES or args.timeout <= 0 or args.retry_delay < 0:
        raise UsageError(f"--tries must be from 1 to {MAX_TRIES}, --timeout more than 0 "
                         "and --retry-delay 0 or more")
    return url, secret or None


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
    hidden = notify.credentials(target, signed, secret)
    where = notify.redact_url(target)
    summary = (f"{len(d.overdue)} overdue, {len(d.due_soon)} due within {d.within} working day(s), "
               f"{len(d.blocked)} blocked")
    if args.dry_run:
        print(json.dumps(notify.redacted_body(signed), ensure_ascii=False, indent=2))
        print(f"minutebook notify: dry run, nothing posted ({summary}); would post to {where}", file=sys.stderr)
        return 0
    try:
        notify.post(args.flavor, target, signed, timeout=args.timeout, tries=args.tries, delay=args.retry_delay)
    except notify.NotifyError as exc:
        print(f"minutebook notify: error: {notify.shown(str(exc), *hidden)} ({where})", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001  (a traceback would print the URL and the signature)
        print(f"minutebook notify: error: unexpected {type(exc).__name__}: {notify.shown(str(exc), *hidden)} "
              f"({where})", file=sys.stderr)
        return 1
    print(f"minutebook notify: posted the digest ({summary}) to {where}")
    return 0
