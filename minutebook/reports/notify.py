"""A digest of overdue, soon-due and blocked items for a team chat, and the three
custom-bot webhooks that carry it (Feishu/Lark, DingTalk, WeCom).

`digest` and `markdown` are pure; `prepare` builds the request of one platform
(message format and signature); `post` sends it with bounded retries. Nothing here
prints: the command reports, and every text it shows goes through `redact`, so a
secret, a signature or a webhook token never reaches a terminal or a CI log.

Platform formats and signatures, as documented by each platform:

- Feishu/Lark custom bot (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot,
  "签名校验"): string_to_sign = timestamp + "\\n" + secret is the HMAC-SHA256 *key*,
  the message is empty; base64 of the digest goes in the JSON body as `sign`, with
  `timestamp` (seconds, within one hour of the server's time). The answer is JSON
  with `code` (0 = sent) and `msg`; older answers carry `StatusCode`/`StatusMessage`.
  Message: {"msg_type": "interactive", "card": {"header": …, "elements": [{"tag":
  "markdown", "content": …}]}}.
- DingTalk custom robot (open.dingtalk.com/document/robots/customize-robot-security-
  settings, "加签"): string_to_sign = timestamp + "\\n" + secret, HMAC-SHA256 keyed by
  the secret, base64, then URL-encoded; `&timestamp=…&sign=…` (milliseconds) are added
  to the webhook URL. Message: {"msgtype": "markdown", "markdown": {"title", "text"}};
  the answer has `errcode` (0 = sent) and `errmsg`.
- WeCom group robot (developer.work.weixin.qq.com/document/path/91770, 群机器人配置说明):
  {"msgtype": "markdown", "markdown": {"content": …}}, content at most 4096 bytes;
  the `key` in the URL is the only credential, there is no signature. The answer
  has `errcode` and `errmsg`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from minutebook.model import labels
from minutebook.model.items import Item
from minutebook.reports.exports import Links
from minutebook.views import queries

FLAVORS = ("feishu", "dingtalk", "wecom")
SIGNED = ("feishu", "dingtalk")

# Largest message text sent, in UTF-8 bytes: WeCom documents 4096 for markdown; the
# others are kept well under their request limits.
MAX_BYTES = {"feishu": 18000, "dingtalk": 18000, "wecom": 4000}
TEXT_CHARS = 60  # an item's text is cut to this length in the digest


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


def sections(d: Digest, links: Links) -> list[tuple[str, list[str]]]:
    """(heading, lines) of the digest, in the order shown."""
    out = []
    if d.overdue:
        out.append((f"**已逾期（{len(d.overdue)} 项）**", [_line(d, i, links, late=True) for i in d.overdue]))
    if d.due_soon:
        out.append((f"**{d.within} 个工作日内到期（{len(d.due_soon)} 项，至 {d.last_day.isoformat()}）**",
                    [_line(d, i, links) for i in d.due_soon]))
    if d.blocked:
        out.append((f"**阻塞（{len(d.blocked)} 项）**", [_line(d, i, links, mark_blocked=False) for i in d.blocked]))
    return out


def markdown(d: Digest, links: Links, max_bytes: int = 18000, heading: str = "") -> str:
    """The digest as chat Markdown, cut to `max_bytes` (UTF-8) with a note of what
    was left out; `heading` is put first (platforms without a title field)."""
    footer = []
    page = links.root("open-items/")
    if page:
        footer.append(f"[查看全部待办事项]({page})")
    head = [heading, ""] if heading else []
    head.append(f"数据截至 {d.as_of.isoformat()}。")
    if d.empty:
        return "\n".join(head + ["", "没有逾期、即将到期或阻塞的事项。"] + ([""] + footer if footer else []))
    blocks = sections(d, links)
    total = sum(len(lines) for _, lines in blocks)

    def build(keep: int) -> str:
        out, left = list(head), keep
        for title, lines in blocks:
            shown = lines[:max(left, 0)]
            left -= len(shown)
            out += ["", title, *shown]
            if len(shown) < len(lines):
                out.append(f"- ……另有 {len(lines) - len(shown)} 项")
        if keep < total:
            out += ["", "（内容过长，已截断；完整列表见站点的待办事项页。）"]
        return "\n".join(out + ([""] + footer if footer else []))

    keep = total
    text = build(keep)
    while keep > 0 and len(text.encode("utf-8")) > max_bytes:
        keep -= 1
        text = build(keep)
    return text


# ----------------------------------------------------------------- the request


def sign_feishu(secret: str, timestamp: str) -> str:
    key = f"{timestamp}\n{secret}".encode("utf-8")
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


def sign_dingtalk(secret: str, timestamp: str) -> str:
    """base64 of the HMAC (URL-encoding is done when it is put in the URL)."""
    msg = f"{timestamp}\n{secret}".encode("utf-8")
    return base64.b64encode(hmac.new(secret.encode("utf-8"), msg, hashlib.sha256).digest()).decode("ascii")


def payload(flavor: str, d: Digest, links: Links) -> dict:
    """The message body of `flavor` for the digest (unsigned)."""
    title = title_of(d)
    if flavor == "feishu":
        text = markdown(d, links, MAX_BYTES[flavor])
        return {"msg_type": "interactive", "card": {
            "config": {"wide_screen_mode": True},
            "header": {"title": {"tag": "plain_text", "content": title},
                       "template": "red" if d.overdue else "blue"},
            "elements": [{"tag": "markdown", "content": text}],
        }}
    if flavor == "dingtalk":
        text = markdown(d, links, MAX_BYTES[flavor], heading=f"#### {title}")
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    if flavor == "wecom":
        text = markdown(d, links, MAX_BYTES[flavor], heading=f"**{title}**")
        return {"msgtype": "markdown", "markdown": {"content": text}}
    raise ValueError(f"unknown flavor {flavor!r}")


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


_SECRET_QUERY = re.compile(r"([?&](?:sign|access_token|key)=)[^&#\s]*", re.I)
_FEISHU_HOOK = re.compile(r"(/bot/v2/hook/)[^/?#\s]+")


def redact(text: str, secret: str | None = None) -> str:
    """`text` without webhook credentials: sign, access_token and key values, the
    token of a Feishu hook path, and the secret itself, each replaced by ***."""
    if secret:
        text = text.replace(secret, "***")
    text = _SECRET_QUERY.sub(r"\1***", text)
    return _FEISHU_HOOK.sub(r"\1***", text)


def redacted_body(body: dict) -> dict:
    return {k: ("***" if k == "sign" else v) for k, v in body.items()}


# ----------------------------------------------------------------- sending


def _platform_error(flavor: str, data) -> str | None:
    """The platform's error in a 200 answer, or None when the message was accepted."""
    if not isinstance(data, dict):
        return f"unexpected answer: {str(data)[:200]}"
    if flavor == "feishu":
        code = data.get("code", data.get("StatusCode", 0))
        message = data.get("msg") or data.get("StatusMessage") or ""
    else:
        code, message = data.get("errcode", 0), data.get("errmsg") or ""
    return None if code in (0, None) else f"{code} {message}".strip()


def post(flavor: str, url: str, body: dict, timeout: float = 10.0, tries: int = 3,
         delay: float = 1.0, sleep=None) -> dict:
    """POST the JSON body; retry (`tries` in all, waiting `delay`, 2×`delay` …) on a
    5xx answer, a timeout or a network error; NotifyError on a 4xx answer, on a
    platform error code, or when the tries are used up. Messages are not redacted
    here: the caller redacts everything it prints."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    problem = ""
    for attempt in range(max(1, tries)):
        if attempt:
            (sleep or time.sleep)(delay * 2 ** (attempt - 1))
        request = urllib.request.Request(url, data=data, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read(1 << 16)
        except urllib.error.HTTPError as exc:
            detail = _answer_text(exc)
            if 500 <= exc.code < 600:
                problem = f"HTTP {exc.code}{detail}"
                continue
            raise NotifyError(f"the {flavor} webhook refused the request: HTTP {exc.code}{detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            problem = "timed out" if isinstance(reason, TimeoutError) else f"network error: {reason}"
            continue
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise NotifyError(f"the {flavor} webhook gave an answer that is not JSON: "
                              f"{raw[:200].decode('utf-8', 'replace')}") from None
        error = _platform_error(flavor, answer)
        if error:
            raise NotifyError(f"{flavor} refused the message: {error}")
        return answer
    raise NotifyError(f"the {flavor} webhook did not answer after {max(1, tries)} tries: {problem}")


def _answer_text(exc: urllib.error.HTTPError) -> str:
    """The platform's message from an error answer, when it has one."""
    try:
        raw = exc.read(1 << 16)
    except Exception:  # noqa: BLE001  (the status code is enough without it)
        return ""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        text = raw[:200].decode("utf-8", "replace").strip()
        return f": {text}" if text else ""
    for key in ("msg", "errmsg", "StatusMessage", "message"):
        if isinstance(data, dict) and data.get(key):
            return f": {data[key]}"
    return ""
