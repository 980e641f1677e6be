"""`minutebook notify`: post a digest of overdue, soon-due and blocked items to a
team-chat webhook (Feishu/Lark, DingTalk or WeCom), @-mentioning the owners the
registry has chat ids for, in as many messages as it needs up to --max-messages.
Exit 0 when the platform accepted every message, 1 when one was not delivered (the
first failure stops the run), 2 on a usage error. One group per department: one
run per department with --department and that group's webhook in the environment.

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
import time

from checks.diagnostics import ERROR
from minutebook.base.errors import UsageError
from minutebook.cli import options

URL_ENV = "MINUTEBOOK_WEBHOOK_URL"
SECRET_ENV = "MINUTEBOOK_WEBHOOK_SECRET"
MAX_TRIES = 10  # with the doubling waits, more would only postpone the failure


def add_arguments(p) -> None:
    from minutebook.reports.notify import DEFAULT_MESSAGES, FLAVORS, MAX_MESSAGES

    p.add_argument("--webhook", metavar="URL", help=f"the bot's webhook URL (default: ${URL_ENV})")
    p.add_argument("--flavor", choices=FLAVORS, required=True, help="the chat platform")
    p.add_argument("--secret", metavar="S",
                   help=f"signing secret of a Feishu or DingTalk bot (default: ${SECRET_ENV})")
    p.add_argument("--department", metavar="NAME",
                   help="only the items of this department (one run per department, each with its "
                        "group's webhook)")
    options.add_as_of(p)
    options.add_audience(p)
    p.add_argument("--within", metavar="N", type=int, default=2,
                   help="list items due within the next N working days (default: 2)")
    p.add_argument("--max-messages", metavar="N", type=int, default=DEFAULT_MESSAGES,
                   help=f"split a long digest into at most N messages, 1 to {MAX_MESSAGES} (the "
                        f"per-minute limit of a WeCom or DingTalk robot; default: {DEFAULT_MESSAGES}); "
                        "what does not fit is counted in the last one")
    p.add_argument("--dry-run", action="store_true", help="print the messages instead of posting them")
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
    from minutebook.reports.notify import MAX_MESSAGES, odd_character, url_problem

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
    if not 1 <= args.max_messages <= MAX_MESSAGES:
        raise UsageError(f"--max-messages must be from 1 to {MAX_MESSAGES} (WeCom and DingTalk robots take "
                         f"{MAX_MESSAGES} messages a minute): {args.max_messages}")
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
    batch = notify.payloads(args.flavor, d, site_links(root), view.registry, args.max_messages)
    count = len(batch.bodies)
    summary = (f"{len(d.overdue)} overdue, {len(d.due_soon)} due within {d.within} working day(s), "
               f"{len(d.blocked)} blocked")
    if count > 1:
        summary += f"; in {count} messages"
    if batch.left:
        summary += f"; {batch.left} not listed, counted in the last message"
    # each message is signed just before it is sent: the platforms check the timestamp
    if args.dry_run:
        for body in batch.bodies:
            target, signed = notify.prepare(args.flavor, url, body, secret)
            print(json.dumps(notify.redacted_body(signed), ensure_ascii=False, indent=2))
        print(f"minutebook notify: dry run, nothing posted ({summary}); would post to "
              f"{notify.redact_url(target)}", file=sys.stderr)
        return 0
    for n, body in enumerate(batch.bodies, 1):
        if n > 1 and notify.SPACING[args.flavor]:
            time.sleep(notify.SPACING[args.flavor])
        target, signed = notify.prepare(args.flavor, url, body, secret)
        hidden = notify.credentials(target, signed, secret)
        where = notify.redact_url(target)
        which = f"; message {n} of {count}, {n - 1} posted before it" if count > 1 else ""
        try:
            notify.post(args.flavor, target, signed, timeout=args.timeout, tries=args.tries, delay=args.retry_delay)
        except notify.NotifyError as exc:
            print(f"minutebook notify: error: {notify.shown(str(exc), *hidden)} ({where}){which}", file=sys.stderr)
            return 1
        except Exception as exc:  # noqa: BLE001  (a traceback would print the URL and the signature)
            print(f"minutebook notify: error: unexpected {type(exc).__name__}: {notify.shown(str(exc), *hidden)} "
                  f"({where}){which}", file=sys.stderr)
            return 1
    print(f"minutebook notify: posted the digest ({summary}) to {where}")
    return 0
