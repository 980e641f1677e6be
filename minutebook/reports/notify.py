"""A digest of overdue, soon-due and blocked items for a team chat, and the three
custom-bot webhooks that carry it (Feishu/Lark, DingTalk, WeCom).

`digest` and `payloads` (the messages, @-mentions and all) are pure; `url_problem`
refuses a malformed webhook URL before anything is sent; `prepare` builds the
request of one platform (message format and signature); `post` sends it with
bounded retries. Nothing here prints: the command reports, and every text it shows
goes through `redact_url` or `redact`, so a secret, a signature or a webhook token
never reaches a terminal or a CI log.

Failing safely: a URL is never trimmed or repaired (a stray newline is an error
that says where); a redirect is an error, never followed; `timeout` bounds a whole
try, from connecting to the last byte of the answer, so a server trickling its
answer cannot hold the command; and the retries are counted, so `post` ends within
tries × timeout plus the waits between them (the name lookup excepted: it is the
system resolver's).

Platform formats and signatures, as documented by each platform:

- Feishu/Lark custom bot (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot,
  "签名校验"): string_to_sign = timestamp + "\\n" + secret is the HMAC-SHA256 *key*,
  the message is empty; base64 of the digest goes in the JSON body as `sign`, with
  `timestamp` (seconds, within one hour of the server's time). The answer is JSON
  with `code` (0 = sent) and `msg`; older answers carry `StatusCode`/`StatusMessage`.
  Message: {"msg_type": "interactive", "card": {"header": …, "elements": [{"tag":
  "markdown", "content": …}]}}. Limits (same page, "注意事项"): "请求体的数据大小不能超过
  20 KB"; 100 messages a minute and 5 a second per bot. Mentions: the card's markdown
  element (JSON 1.0 富文本组件, open.feishu.cn/document/feishu-cards/card-components/
  content-components/rich-text) writes `<at id=ou_…></at>` (`<at id=all></at>` for
  everyone); a custom bot can @ only by open_id (the `<at user_id="ou_…">名字</at>` form
  is the *text* message's, not the card's).
- DingTalk custom robot (open.dingtalk.com/document/robots/customize-robot-security-
  settings, "加签"): string_to_sign = timestamp + "\\n" + secret, HMAC-SHA256 keyed by
  the secret, base64, then URL-encoded; `&timestamp=…&sign=…` (milliseconds) are added
  to the webhook URL. Message: {"msgtype": "markdown", "markdown": {"title", "text"},
  "at": {"atUserIds": […], "atMobiles": […], "isAtAll": false}}; a person is notified
  only when listed in `at` *and* written `@userId` / `@mobile` in the text (the
  message-type reference, open.dingtalk.com/document/orgapp/message-type, and every
  client of it shows the @ in the markdown text). The answer has `errcode` (0 = sent)
  and `errmsg`. Limits: "每个机器人每分钟最多发送20条消息到群里，如果超过20条，会限流10分钟"
  (open.dingtalk.com/document/group/custom-robot-access, "调用频率限制"); the body at
  most 20000 bytes, as the platform's own refusals say (errcode 460101 "message too
  long, exceed 20000 bytes"; "body 大小不合法;请保持大小在 20000bytes 以内").
- WeCom group robot (developer.work.weixin.qq.com/document/path/91770, 群机器人配置说明):
  {"msgtype": "markdown", "markdown": {"content": …}}, content at most 4096 bytes;
  "机器人的text/markdown类型消息支持在content中使用<@userid>扩展语法来@群成员" (markdown
  has no `mentioned_list`, so no mention by mobile); "每个机器人发送的消息不能超过20条/分钟".
  The `key` in the URL is the only credential, there is no signature. The answer has
  `errcode` and `errmsg`.

Long digests (`payloads`): each message is measured as the platform measures it
(`size`, `LIMITS`), sections get room by rounds so that items due soon and blocked
items are never dropped behind a long overdue list, at most MAX_MESSAGES = 20 go out
in one run (the per-minute limit of WeCom and DingTalk robots: one run never exceeds
it; the caller spaces Feishu posts by SPACING, 5 a second), and what does not fit is
counted in the last message with a link to the open-items page.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import http.client
import io
import json
import re
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from minutebook.base.i18n import N_, _, ngettext
from minutebook.model import labels
from minutebook.model.items import Item
from minutebook.model.registry import Person, Registry
from minutebook.reports.exports import Links
from minutebook.views import queries

FLAVORS = ("feishu", "dingtalk", "wecom")
SIGNED = ("feishu", "dingtalk")

TEXT_CHARS = 60  # an item's text is cut to this length in the digest
MAX_ANSWER = 1 << 16  # bytes of an answer read; the platforms' answers are tiny
SHOWN_CHARS = 300  # a message from the server is cut to this length once redacted
MIN_EXACT = 8  # credential values at least this long are hidden wherever they appear


class NotifyError(Exception):
    """The message was not delivered: exit status 1."""


# ----------------------------------------------------------------- the digest


@dataclass
class Digest:
    as_of: dt.date
    within: int  # working days ahead
    last_day: dt.date  # items due up to this day are "due soon"
    department: str | None = None
    overdue: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)
    blocked: list[Item] = field(default_factory=list)
    days_late: dict[int, int] = field(default_factory=dict)  # id(item) -> working days

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.blocked)


def digest(view, department: str | None = None, within: int = 2) -> Digest:
    """Overdue items (latest first), items due from today to `within` working days
    ahead, and blocked items, of the view (of one department when given)."""
    as_of, calendar = view.as_of, view.calendar
    items = [i for i in queries.open_items(view.items) if department is None or i.department == department]
    last_day = calendar.add(as_of, within)
    late = {id(i): i.days_late(as_of, calendar) for i in items}
    overdue = sorted(queries.overdue(items, as_of),
                     key=lambda i: (-late[id(i)], i.due, i.id or "", i.record.path, i.index))
    return Digest(
        as_of=as_of, within=within, last_day=last_day, department=department,
        overdue=overdue, due_soon=queries.by_due(queries.due_between(items, as_of, last_day)),
        blocked=queries.by_due(queries.blocked(items)), days_late=late,
    )


_MARKUP = str.maketrans({"<": "＜", ">": "＞", "[": "［", "]": "］", "`": "'"})


def chat_text(text: str, limit: int = TEXT_CHARS) -> str:
    """Record text made inert for chat Markdown: no link, tag or mention can be
    written with it (`<at id=all>`, `<@all>`, `[x](url)`), on one line, cut short."""
    line = " ".join(str(text).split()).translate(_MARKUP)
    return line if len(line) <= limit else line[:limit - 1] + "…"


def title_of(d: Digest) -> str:
    scope = f" · {d.department}" if d.department else ""
    return f"待办提醒{scope} · {d.as_of.isoformat()}"


def _line(d: Digest, item: Item, links: Links, late: bool = False, mark_blocked: bool = True) -> str:
    label = chat_text(item.id or item.noun, 40)
    if links.absolute:
        label = f"[{label}]({links.item(item)})"
    parts = [f"- {label} {chat_text(item.text)}", chat_text(item.owner or "—", 20),
             f"截止 {item.due.isoformat() if item.due else '—'}"]
    if late:
        parts.append(labels.overdue_text(d.days_late[id(item)]))
    if mark_blocked and item.status == "blocked":
        parts.append(labels.BLOCKED)
    return " · ".join(parts)


def _blocks(d: Digest, links: Links) -> list[tuple[str, list[Item], list[str]]]:
    """(heading, items, lines) of each section of the digest, in the order shown."""
    out = []
    if d.overdue:
        out.append((f"**已逾期（{len(d.overdue)} 项）**", d.overdue,
                    [_line(d, i, links, late=True) for i in d.overdue]))
    if d.due_soon:
        out.append((f"**{d.within} 个工作日内到期（{len(d.due_soon)} 项，至 {d.last_day.isoformat()}）**",
                    d.due_soon, [_line(d, i, links) for i in d.due_soon]))
    if d.blocked:
        out.append((f"**阻塞（{len(d.blocked)} 项）**", d.blocked,
                    [_line(d, i, links, mark_blocked=False) for i in d.blocked]))
    return out


# ----------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Mention:
    """One person @-mentioned: `text` as written in the message; DingTalk also lists
    the userId or the mobile number in the body's `at`."""
    text: str
    user_id: str = ""
    mobile: str = ""


def mention_of(flavor: str, person: Person) -> Mention | None:
    """The person's @-mention on `flavor`, or None when the registry has no id for it
    (the ids are validated by the registry check: nothing but letters, digits and
    `._-@` reaches the markup)."""
    if flavor == "feishu" and person.feishu_id:
        return Mention(f"<at id={person.feishu_id}></at>")
    if flavor == "wecom" and person.wecom_id:
        return Mention(f"<@{person.wecom_id}>")
    if flavor == "dingtalk" and person.dingtalk_id:
        return Mention(f"@{person.dingtalk_id}", user_id=person.dingtalk_id)
    if flavor == "dingtalk" and person.mobile:
        return Mention(f"@{person.mobile}", mobile=person.mobile)
    return None


def people_of(owner: str | None, registry: Registry | None) -> list[str]:
    """The people an owner stands for: the person, or a department's contacts (接口人,
    whose job is to route the department's work; the lead is not called for every item)."""
    if not owner or registry is None:
        return []
    if owner in registry.people:
        return [owner]
    department = registry.departments.get(owner)
    return list(department.contacts) if department else []


def mention_line(flavor: str, items: list[Item], registry: Registry | None) -> tuple[str, list[Mention]]:
    """The line "请负责人跟进：…" naming the owners of `items` once each, in order: a person with an
    id for `flavor` as a mention, one without in plain text. ("", []) when nobody has an
    id: the owners are named on their items' lines already."""
    tokens, mentioned, seen = [], [], set()
    for item in items:
        for name in people_of(item.owner, registry):
            if name in seen:
                continue
            seen.add(name)
            mention = mention_of(flavor, registry.people[name])
            if mention:
                mentioned.append(mention)
            tokens.append(mention.text if mention else chat_text(name, 20))
    if not mentioned:
        return "", []
    return "请负责人跟进：" + " ".join(tokens), mentioned


# ----------------------------------------------------------------- the messages

# What each platform limits (see the module's docstring): Feishu and DingTalk the
# request body, WeCom the markdown content; all in UTF-8 bytes.
LIMITS = {"feishu": 20000, "dingtalk": 20000, "wecom": 4096}
SIGN_ROOM = 128  # bytes kept free in a Feishu body for `timestamp` and `sign` (about 80)
MAX_MESSAGES = 20  # WeCom and DingTalk take 20 messages a minute per robot: one run never sends more
DEFAULT_MESSAGES = 5
SPACING = {"feishu": 0.25, "dingtalk": 0.0, "wecom": 0.0}  # seconds between two posts (Feishu: 5 a second)
_HEADINGS = {"feishu": "", "dingtalk": "#### {title}", "wecom": "**{title}**"}


def size(flavor: str, body: dict) -> int:
    """The bytes of `body` that count against the platform's limit: the markdown
    content for WeCom, the whole JSON body as `post` sends it for the others (a
    Feishu body with room for its signature)."""
    if flavor == "wecom":
        return len(body["markdown"]["content"].encode("utf-8"))
    data = len(json.dumps(body, ensure_ascii=False).encode("utf-8"))
    return data + (SIGN_ROOM if flavor == "feishu" else 0)


def _body(flavor: str, d: Digest, title: str, text: str, mentioned: list[Mention]) -> dict:
    if flavor == "feishu":
        return {"msg_type": "interactive", "card": {
            "config": {"wide_screen_mode": True},
            "header": {"title": {"tag": "plain_text", "content": title},
                       "template": "red" if d.overdue else "blue"},
            "elements": [{"tag": "markdown", "content": text}],
        }}
    if flavor == "dingtalk":
        body = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
        if mentioned:  # DingTalk notifies only those listed here *and* written as @… in the text
            body["at"] = {"atUserIds": [m.user_id for m in mentioned if m.user_id],
                          "atMobiles": [m.mobile for m in mentioned if m.mobile], "isAtAll": False}
        return body
    if flavor == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    raise ValueError(f"unknown flavor {flavor!r}")


@dataclass
class Batch:
    """The messages of one digest, and how many of its entries they list."""
    bodies: list[dict]
    listed: int
    total: int

    @property
    def left(self) -> int:
        return self.total - self.listed


def _order(d: Digest, blocks: list) -> list[tuple[int, int]]:
    """(section, line) pairs in the order they are given room: by rounds, one line of
    each section a round, items due soon and blocked items before overdue ones; so
    a long overdue list never crowds the others out, and a short section leaves its
    share to the rest."""
    ranked = sorted(range(len(blocks)), key=lambda b: blocks[b][1] is d.overdue)  # stable: overdue last
    out, depth = [], max(len(lines) for _, _, lines in blocks)
    for i in range(depth):
        out += [(b, i) for b in ranked if i < len(blocks[b][2])]
    return out


def payloads(flavor: str, d: Digest, links: Links, registry: Registry | None = None,
             max_messages: int = DEFAULT_MESSAGES) -> Batch:
    """The digest as at most `max_messages` message bodies of `flavor` (unsigned), each
    within the platform's limit (`size` ≤ LIMITS). Sections get room by rounds (see
    `_order`), so items due soon and blocked items are never dropped behind overdue
    ones; each message shows its share under the sections' headings and ends with a
    line @-mentioning the owners of its items (`mention_line`). What does not fit is
    counted in the last message: "另有 N 项未列出，见 [待办事项页](…)". A digest that fits
    one message is one message, without a counter in its title."""
    if flavor not in FLAVORS:
        raise ValueError(f"unknown flavor {flavor!r}")
    max_messages = max(1, min(max_messages, MAX_MESSAGES))
    title = title_of(d)
    page = links.root("open-items/")
    link = [f"[查看全部待办事项]({page})"] if page else []
    intro = f"数据截至 {d.as_of.isoformat()}。"

    def heading(text: str) -> list[str]:
        form = _HEADINGS[flavor]
        return [form.format(title=text), ""] if form else []

    if d.empty:
        text = "\n".join(heading(title) + [intro, "", "没有逾期、即将到期或阻塞的事项。"] + ([""] + link if link else []))
        return Batch([_body(flavor, d, title, text, [])], 0, 0)

    blocks = _blocks(d, links)
    total = sum(len(lines) for _, _, lines in blocks)

    def left_note(left: int) -> list[str]:
        where = f"见 [待办事项页]({page})" if page else "见站点的待办事项页"
        return [f"另有 {left} 项未列出，{where}。"]

    def render(shown: list[list[int]], title_: str, footer: list[str]) -> dict:
        out = heading(title_) + [intro]
        items = []
        for (head, its, lines), picked in zip(blocks, shown):
            if picked:
                out += ["", head, *(lines[i] for i in picked)]
                items += [its[i] for i in picked]
        line, mentioned = mention_line(flavor, items, registry)
        if line:
            out += ["", line]
        return _body(flavor, d, title_, "\n".join(out + ([""] + footer if footer else [])), mentioned)

    widest = f"{title}（{max_messages}/{max_messages}）"  # a counter as long as it can be

    def fits(shown: list[list[int]]) -> bool:
        return all(size(flavor, render(shown, widest, footer)) <= LIMITS[flavor]
                   for footer in (link, left_note(total)))

    order, at, chosen = _order(d, blocks), 0, []
    while at < len(order) and len(chosen) < max_messages:
        shown: list[list[int]] = [[] for _ in blocks]
        while at < len(order):
            b, i = order[at]
            shown[b].append(i)
            if not fits(shown):
                shown[b].pop()
                break
            at += 1
        if not any(shown):
            at += 1  # one line longer than a whole message (it cannot be: lines are cut): counted as left
            continue
        chosen.append(shown)
    listed = sum(len(picked) for shown in chosen for picked in shown)
    bodies = []
    for n, shown in enumerate(chosen, 1):
        last = n == len(chosen)
        footer = left_note(total - listed) if last and listed < total else link
        bodies.append(render(shown, f"{title}（{n}/{len(chosen)}）" if len(chosen) > 1 else title, footer))
    return Batch(bodies, listed, total)


# ----------------------------------------------------------------- the webhook URL

_CHAR_NAMES = {"\n": N_("a line break (\\n)"), "\r": N_("a carriage return (\\r)"), "\t": N_("a tab (\\t)"),
               " ": N_("a space")}


def _odd(ch: str) -> bool:
    """A character no webhook URL or secret holds: whitespace, control or invisible."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def _char_name(ch: str) -> str:
    if ch in _CHAR_NAMES:
        return _(_CHAR_NAMES[ch])
    category = unicodedata.category(ch)
    kind = (_("a control character") if category == "Cc" else
            _("an invisible character") if category == "Cf" else _("a whitespace character"))
    name = unicodedata.name(ch, "")
    return f"{kind} (U+{ord(ch):04X}{' ' + name if name else ''})"


def odd_character(text: str) -> str | None:
    """Where `text` has whitespace, a control or an invisible character, said without
    showing `text` ("has a line break (\\n) at the end …"), or None."""
    for i, ch in enumerate(text):
        if _odd(ch):
            at_end = all(_odd(c) for c in text[i:])
            where = (_("at the end") if at_end else _("at the start") if i == 0 else
                     _("at character {n} of {length}").format(n=i + 1, length=len(text)))
            # trimmed, a slip in a stored secret would go unseen, and other users of the same secret still break
            hint = _(" (refused, not trimmed: fix the stored value)") if at_end else ""
            return _("has {character} {where}{hint}").format(character=_char_name(ch), where=where, hint=hint)
    return None


def url_problem(url: str) -> str | None:
    """What makes `url` unfit to post to (whitespace or control characters anywhere,
    non-ASCII, a scheme other than http/https, no host), with the URL as
    `redact_url` shows it; None when it is fit."""
    shown = redact_url(url)
    problem = odd_character(url)
    if problem:
        return f"{problem}: {shown}"
    if not url.isascii():
        i = next(i for i, ch in enumerate(url) if not ch.isascii())
        return _("has a non-ASCII character at character {n} of {length} "
                 "(percent-encode it; write a host in punycode): {url}").format(n=i + 1, length=len(url), url=shown)
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        return _("is not a valid URL: {url}").format(url=shown)
    if parts.scheme not in ("http", "https"):
        scheme = _("the scheme is '{scheme}'").format(scheme=parts.scheme) if parts.scheme else _("it has no scheme")
        return _("must be an http:// or https:// URL ({scheme}): {url}").format(scheme=scheme, url=shown)
    if not parts.hostname:
        return _("has no host: {url}").format(url=shown)
    return None


# ----------------------------------------------------------------- the request


def sign_feishu(secret: str, timestamp: str) -> str:
    key = f"{timestamp}\n{secret}".encode("utf-8")
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


def sign_dingtalk(secret: str, timestamp: str) -> str:
    """base64 of the HMAC (URL-encoding is done when it is put in the URL)."""
    msg = f"{timestamp}\n{secret}".encode("utf-8")
    return base64.b64encode(hmac.new(secret.encode("utf-8"), msg, hashlib.sha256).digest()).decode("ascii")


def prepare(flavor: str, url: str, body: dict, secret: str | None, now: float | None = None) -> tuple[str, dict]:
    """The URL and body to post: signed when a secret is given."""
    if not secret:
        return url, body
    now = time.time() if now is None else now
    if flavor == "feishu":
        ts = str(int(now))
        return url, {"timestamp": ts, "sign": sign_feishu(secret, ts), **body}
    if flavor == "dingtalk":
        ts = str(int(now * 1000))
        sep = "&" if urllib.parse.urlsplit(url).query else "?"
        sign = urllib.parse.quote_plus(sign_dingtalk(secret, ts))
        return f"{url}{sep}timestamp={ts}&sign={sign}", body
    raise ValueError(f"{flavor} has no signature")


# ----------------------------------------------------------------- redaction

# A URL's parts (redact_url): the path after /hook/ or /hooks/ (Feishu/Lark's token),
# and user:password@.
_URL_HOOK = re.compile(r"(/hooks?/)([^?#]*)")
_URL_USER = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@")
_KEPT_PARAMS = ("timestamp",)  # not a credential, and what a "not within one hour" error is about

# Credential shapes in any text (redact): name=value, "name": "value", a hook path.
_NAMES = r"sign|signature|access_token|token|key|secret"
_TEXT_PARAM = re.compile(rf"(?<![\w-])((?:{_NAMES})=)[^&#\s\"'<>;,()\[\]{{}}]+", re.I)
_TEXT_FIELD = re.compile(rf"(\"(?:{_NAMES})\"\s*:\s*\")[^\"]*", re.I)
_TEXT_HOOK = re.compile(r"(/hooks?/)[^/?#\s\"'<>;,()\[\]{}]+")


_ESCAPED = ("Cc", "Cf", "Zl", "Zp")  # control, invisible format, line and paragraph separators


def printable(text: str) -> str:
    """`text` with control and invisible characters spelled as escapes (\\n, \\x1b,
    \\u202e): nothing printed can move the cursor, rewrite a CI log line or reverse
    the text around it."""
    return "".join(ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in _ESCAPED
                   else ch for ch in text)


def _hide_param(param: str) -> str:
    name, eq, value = param.partition("=")
    if not eq:
        return "***" if param else param  # a bare value (?token) is a credential too
    return param if not value or name.lower() in _KEPT_PARAMS else f"{name}=***"


def redact_url(url: str) -> str:
    """`url` as it may be shown: every query value but the timestamp, the path after
    /hook/ (Feishu/Lark's token), a user and password, and the fragment are ***;
    control characters are escaped. It is read by hand, not parsed, so that a
    malformed URL is shown as safely as a good one."""
    rest, hash_, fragment = url.partition("#")
    base, mark, query = rest.partition("?")
    base = _URL_HOOK.sub(r"\1***", _URL_USER.sub(r"\1***@", base))
    if mark:
        query = "&".join(_hide_param(p) for p in query.split("&"))
    return printable(base + mark + query + hash_ + ("***" if fragment else ""))


def _forms(value: str) -> set[str]:
    """`value` as a server may quote it back: as sent, decoded, and URL-encoded
    (with upper- or lower-case hex)."""
    plain = urllib.parse.unquote_plus(value)
    encoded = {urllib.parse.quote_plus(plain), urllib.parse.quote(plain, safe="")}
    lower = {re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), e) for e in encoded}
    return {value, plain} | encoded | lower


def credentials(url: str, body: dict, secret: str | None) -> tuple[str, ...]:
    """The exact values no printed text may hold, longest first: the secret, the
    signature (in the body or the URL, raw or encoded), the URL's query values but
    the timestamp, the Feishu hook token, a password. Values shorter than MIN_EXACT
    are left to the shapes `redact` knows (no platform issues one that short, and
    replacing every "k" would garble the message); the secret is always kept."""
    rest = url.partition("#")[0]
    base, _sep, query = rest.partition("?")
    found = [body.get("sign")] if isinstance(body.get("sign"), str) else []
    for param in query.split("&") if query else ():
        name, eq, value = param.partition("=")
        if name.lower() not in _KEPT_PARAMS:
            found.append(value if eq else name)
    for match in (_URL_HOOK.search(base), _URL_USER.search(base)):
        if match:
            found.append(match.group(2))
    values = {form for value in found for form in _forms(value) if len(form) >= MIN_EXACT}
    if secret:
        values.add(secret)
    return tuple(sorted(values, key=len, reverse=True))


def redact(text: str, *values: str) -> str:
    """`text` as it may be printed: each of `values` (see `credentials`) replaced by
    ***, then whatever is shaped like a credential (sign=…, access_token=…, key=…,
    "sign": "…", a hook path's token), and control characters escaped."""
    for value in sorted({v for v in values if v}, key=len, reverse=True):
        text = text.replace(value, "***")
    text = _TEXT_PARAM.sub(r"\1***", text)
    text = _TEXT_FIELD.sub(r"\1***", text)
    return printable(_TEXT_HOOK.sub(r"\1***", text))


def shown(text: str, *values: str, limit: int = SHOWN_CHARS) -> str:
    """A server's message as printed: redacted first, then cut, so that a cut never
    leaves the first half of a credential that redaction would no longer know."""
    text = redact(text, *values)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def redacted_body(body: dict) -> dict:
    return {k: ("***" if k == "sign" else v) for k, v in body.items()}


# ----------------------------------------------------------------- one try


def _arm(sock, deadline: float) -> None:
    """Give the socket's next operation only the time left before the deadline."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")
    sock.settimeout(left)


class _Reader(io.RawIOBase):
    """A socket's reads, each allowed only the time left: a per-read timeout alone
    lets a server trickling a byte at a time hold the answer open for ever."""

    def __init__(self, sock, deadline: float):
        super().__init__()
        self._sock, self._deadline = sock, deadline
        self._raw = sock.makefile("rb", buffering=0)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        _arm(self._sock, self._deadline)
        return self._raw.readinto(buffer)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _Response(http.client.HTTPResponse):
    """An answer (status line, headers, body) read within the deadline."""

    def __init__(self, sock, *args, deadline: float, **kwargs):
        super().__init__(sock, *args, **kwargs)
        self.fp.close()  # nothing read from it yet: swapped for the bounded reader
        self.fp = io.BufferedReader(_Reader(sock, deadline))


class _Deadline:
    """Mixed into a connection class: connecting, sending and reading the answer (a
    proxy's too) all end at one deadline."""

    def __init__(self, *args, deadline: float, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadline = deadline
        self.response_class = functools.partial(_Response, deadline=deadline)

    def connect(self) -> None:
        super().connect()
        _arm(self.sock, self._deadline)

    def send(self, data) -> None:
        if self.sock is not None:
            _arm(self.sock, self._deadline)
        super().send(data)


class _HTTPConnection(_Deadline, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_Deadline, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: float):
        super().__init__()
        self._deadline = deadline

    def http_open(self, req):
        return self.do_open(functools.partial(_HTTPConnection, deadline=self._deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: float):
        super().__init__()
        self._deadline = deadline

    def https_open(self, req):  # the default context: certificates and host names checked
        return self.do_open(functools.partial(_HTTPSConnection, deadline=self._deadline), req)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Every 3xx answer comes back as an HTTPError: following it would turn the POST
    into a GET without the message, or send the message somewhere else."""

    def _refuse(self, req, fp, code, msg, headers):
        return None

    http_error_301 = http_error_302 = http_error_303 = http_error_307 = http_error_308 = _refuse


def _exchange(url: str, data: bytes, timeout: float) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One try: the status, headers and (the first MAX_ANSWER bytes of the) answer,
    all within `timeout` seconds. Proxies from the environment apply as usual."""
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(_NoRedirect, _HTTPHandler(deadline), _HTTPSHandler(deadline))
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read(MAX_ANSWER)
    except urllib.error.HTTPError as exc:
        try:
            raw = exc.read(MAX_ANSWER)
        except (OSError, http.client.HTTPException):
            raw = b""  # the status says enough
        finally:
            exc.close()
        return exc.code, exc.headers, raw


# ----------------------------------------------------------------- sending


def _platform_error(flavor: str, data) -> str | None:
    """The platform's error in a 200 answer, or None when the message was accepted."""
    if not isinstance(data, dict):
        return _("unexpected answer: {answer}").format(answer=data)
    if flavor == "feishu":
        code = data.get("code", data.get("StatusCode", 0))
        message = data.get("msg") or data.get("StatusMessage") or ""
    else:
        code, message = data.get("errcode", 0), data.get("errmsg") or ""
    return None if code in (0, None) else f"{code} {message}".strip()


def post(flavor: str, url: str, body: dict, timeout: float = 10.0, tries: int = 3,
         delay: float = 1.0, sleep=None) -> dict:
    """POST the JSON body. Each try has `timeout` seconds in all, from connecting to
    the last byte of the answer; a 5xx answer, a timeout or a network error is tried
    again (`tries` in all, waiting `delay`, 2×`delay` …), so everything ends within
    tries × timeout plus the waits. NotifyError on a redirect (not followed), a 4xx
    answer, a platform error code, or when the tries are used up. Messages are not
    redacted here (but for a redirect's location, a URL): the caller redacts and
    cuts everything it prints."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    problem = ""
    for attempt in range(max(1, tries)):
        if attempt:
            (sleep or time.sleep)(delay * 2 ** (attempt - 1))
        try:
            status, headers, raw = _exchange(url, data, timeout)
        except (OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            problem = _("timed out") if isinstance(reason, TimeoutError) else _("network error: {reason}").format(
                reason=reason)
            continue
        if 300 <= status < 400:
            location = headers.get("Location")
            where = _("to {url}").format(url=redact_url(location)) if location else _("without a location")
            raise NotifyError(_("the {flavor} webhook answered with a redirect ({status}) {where}; "
                                "not followed").format(flavor=flavor, status=status, where=where))
        if 500 <= status < 600:
            problem = f"HTTP {status}{_answer_text(raw)}"
            continue
        if not 200 <= status < 300:
            raise NotifyError(_("the {flavor} webhook refused the request: HTTP {status}{answer}").format(
                flavor=flavor, status=status, answer=_answer_text(raw)))
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise NotifyError(_("the {flavor} webhook gave an answer that is not JSON: {answer}").format(
                flavor=flavor, answer=raw.decode("utf-8", "replace"))) from None
        error = _platform_error(flavor, answer)
        if error:
            raise NotifyError(_("{flavor} refused the message: {error}").format(flavor=flavor, error=error))
        return answer
    raise NotifyError(ngettext("the {flavor} webhook did not answer after {count} tries: {problem}",
                               "the {flavor} webhook did not answer after {count} tries: {problem}",
                               max(1, tries)).format(flavor=flavor, count=max(1, tries), problem=problem))


def _answer_text(raw: bytes) -> str:
    """The platform's message from an error answer, when it has one."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        text = raw.decode("utf-8", "replace").strip()
        return f": {text}" if text else ""
    for key in ("msg", "errmsg", "StatusMessage", "message"):
        if isinstance(data, dict) and data.get(key):
            return f": {data[key]}"
    return ""
