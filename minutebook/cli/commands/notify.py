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
from minutebook.base.i18n import _, ngettext
from minutebook.cli import options

URL_ENV = "MINUTEBOOK_WEBHOOK_URL"
SECRET_ENV = "MINUTEBOOK_WEBHOOK_SECRET"
MAX_TRIES = 10  # with the doubling waits, more would only postpone the failure


def add_arguments(p) -> None:
    from minutebook.reports.notify import DEFAULT_MESSAGES, FLAVORS, MAX_MESSAGES

    p.add_argument("--webhook", metavar="URL",
                   help=_("the bot's webhook URL (default: ${variable})").format(variable=URL_ENV))
    p.add_argument("--flavor", choices=FLAVORS, required=True, help=_("the chat platform"))
    p.add_argument("--secret", metavar="S",
                   help=_("signing secret of a Feishu or DingTalk bot (default: ${variable})").format(
                       variable=SECRET_ENV))
    p.add_argument("--department", metavar="NAME",
                   help=_("only the items of this department (one run per department, each with its "
                           "group's webhook)"))
    options.add_as_of(p)
    options.add_audience(p)
    p.add_argument("--within", metavar="N", type=int, default=2,
                   help=_("list items due within the next N working days (default: {default})").format(default=2))
    p.add_argument("--max-messages", metavar="N", type=int, default=DEFAULT_MESSAGES,
                   help=_("split a long digest into at most N messages, 1 to {most} (the per-minute limit of a "
                           "WeCom or DingTalk robot; default: {default}); what does not fit is counted in the "
                           "last one").format(most=MAX_MESSAGES, default=DEFAULT_MESSAGES))
    p.add_argument("--dry-run", action="store_true", help=_("print the messages instead of posting them"))
    p.add_argument("--timeout", metavar="SECONDS", type=float, default=10.0,
                   help=_("time allowed for each try in all, from connecting to the last byte of "
                           "the answer (default: {default})").format(default=10))
    p.add_argument("--tries", metavar="N", type=int, default=3,
                   help=_("tries in all, 1 to {most}, on a server error, a timeout or a network error "
                           "(default: {default}); the command ends within N × --timeout plus the waits between "
                           "tries").format(most=MAX_TRIES, default=3))
    p.add_argument("--retry-delay", metavar="SECONDS", type=float, default=1.0,
                   help=_("wait before the 2nd try, doubled for each next one (default: {default}); "
                           "a redirect or a 4xx answer is not retried").format(default=1))
    options.add_root(p)


def _options(args) -> tuple[str, str | None]:
    from minutebook.reports.notify import MAX_MESSAGES, odd_character, url_problem

    # named as the user gave them, so the error points at the right place
    url, url_from = (args.webhook, "--webhook") if args.webhook else (os.environ.get(URL_ENV), f"${URL_ENV}")
    secret, secret_from = ((args.secret, "--secret") if args.secret else
                           (os.environ.get(SECRET_ENV), f"${SECRET_ENV}"))
    if not url:
        raise UsageError(_("--webhook is required (or set {variable})").format(variable=URL_ENV))
    problem = url_problem(url)  # checked before anything is sent; it shows the URL redacted
    if problem:
        raise UsageError(_("{option} {problem}").format(option=url_from, problem=problem))
    if secret and args.flavor == "wecom":
        raise UsageError(_("--secret: WeCom group robots have no signature; the key in the URL is the credential"))
    problem = odd_character(secret or "")  # a signature from a trimmed or padded secret never matches
    if problem:
        raise UsageError(_("{option} {problem}").format(option=secret_from, problem=problem))
    if args.within < 0:
        raise UsageError(_("--within must be 0 or more: {value}").format(value=args.within))
    if not 1 <= args.max_messages <= MAX_MESSAGES:
        raise UsageError(_("--max-messages must be from 1 to {most} (WeCom and DingTalk robots take {most} "
                           "messages a minute): {value}").format(most=MAX_MESSAGES, value=args.max_messages))
    if not 1 <= args.tries <= MAX_TRIES or args.timeout <= 0 or args.retry_delay < 0:
        raise UsageError(_("--tries must be from 1 to {most}, --timeout more than 0 "
                           "and --retry-delay 0 or more").format(most=MAX_TRIES))
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
        print(ngettext("minutebook notify: warning: {count} error(s) in the records; run `minutebook check`",
                       "minutebook notify: warning: {count} error(s) in the records; run `minutebook check`",
                       errors).format(count=errors), file=sys.stderr)
    d = notify.digest(view, args.department, args.within)
    batch = notify.payloads(args.flavor, d, site_links(root), view.registry, args.max_messages)
    count = len(batch.bodies)
    summary = _("{overdue} overdue, {due_soon} due within {within}, {blocked} blocked").format(
        overdue=len(d.overdue), due_soon=len(d.due_soon), blocked=len(d.blocked),
        within=ngettext("{count} working day(s)", "{count} working day(s)", d.within).format(count=d.within))
    if count > 1:
        summary += _("; in {count} messages").format(count=count)
    if batch.left:
        summary += _("; {count} not listed, counted in the last message").format(count=batch.left)
    # each message is signed just before it is sent: the platforms check the timestamp
    if args.dry_run:
        for body in batch.bodies:
            target, signed = notify.prepare(args.flavor, url, body, secret)
            print(json.dumps(notify.redacted_body(signed), ensure_ascii=False, indent=2))
        print(_("minutebook notify: dry run, nothing posted ({summary}); would post to {url}").format(
            summary=summary, url=notify.redact_url(target)), file=sys.stderr)
        return 0
    for n, body in enumerate(batch.bodies, 1):
        if n > 1 and notify.SPACING[args.flavor]:
            time.sleep(notify.SPACING[args.flavor])
        target, signed = notify.prepare(args.flavor, url, body, secret)
        hidden = notify.credentials(target, signed, secret)
        where = notify.redact_url(target)
        which = _("; message {n} of {count}, {posted} posted before it").format(
            n=n, count=count, posted=n - 1) if count > 1 else ""
        try:
            notify.post(args.flavor, target, signed, timeout=args.timeout, tries=args.tries, delay=args.retry_delay)
        except notify.NotifyError as exc:
            print(_("minutebook notify: error: {problem} ({url}){which}").format(
                problem=notify.shown(str(exc), *hidden), url=where, which=which), file=sys.stderr)
            return 1
        except Exception as exc:  # noqa: BLE001  (a traceback would print the URL and the signature)
            print(_("minutebook notify: error: unexpected {name}: {problem} ({url}){which}").format(
                name=type(exc).__name__, problem=notify.shown(str(exc), *hidden), url=where, which=which),
                file=sys.stderr)
            return 1
    print(_("minutebook notify: posted the digest ({summary}) to {url}").format(summary=summary, url=where))
    return 0
