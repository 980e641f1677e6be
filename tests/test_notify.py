"""`minutebook notify` against a real HTTP server on 127.0.0.1, one per test: each
platform's message shape, its signature recomputed server-side, retries on 5xx and
timeouts, errors on 4xx and on a platform error code, --dry-run, and no secret in
any output. The server answers from a script, counts requests, and stops itself.

Failing safely: a malformed webhook URL is a usage error that shows the URL redacted,
a redirect is reported and not followed, --timeout bounds a whole try (a server
trickling its answer cannot hold the command), and credentials a server echoes back
are hidden in everything printed.

Mentions and long digests: with a registry giving chat ids, 300 open items go out as
several messages, each signed, each within its platform's documented limit as the
server receives it, at most --max-messages; every item due soon and every blocked item
is listed, the owners are @-mentioned in the platform's own form (a person without an
id by name), and what is left is counted with the open-items link. Malformed ids are
MB009 errors at their exact position; --department keeps one department's items."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from minutebook.cli import main as cli
from minutebook.reports import notify as N

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = "2026-11-20"
SECRET = "SEC-very-secret-0123456789"
TOKENS = {  # credentials in the webhook URLs: none may be printed either
    "feishu": "feishu-hook-token-abc",
    "dingtalk": "dingtalk-access-token-def",
    "wecom": "wecom-key-ghi",
}
PATHS = {
    "feishu": f"/open-apis/bot/v2/hook/{TOKENS['feishu']}",
    "dingtalk": f"/robot/send?access_token={TOKENS['dingtalk']}",
    "wecom": f"/cgi-bin/webhook/send?key={TOKENS['wecom']}",
}
OK = {"feishu": {"code": 0, "msg": "success", "data": {}},
      "dingtalk": {"errcode": 0, "errmsg": "ok"},
      "wecom": {"errcode": 0, "errmsg": "ok"}}
MAX_REQUESTS = 10  # the server refuses more: no test can loop on it


class Hook:
    """A webhook on 127.0.0.1 answering from `script`: (status, JSON body, delay)
    per request, the last entry repeated; an entry may also be a function
    `(handler, request)` that writes the whole answer itself. Every request is
    recorded, whatever its method (a followed redirect arrives as a GET)."""

    def __init__(self, script):
        self.script = list(script)
        self.requests: list[dict] = []
        self.stop = threading.Event()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.do_POST()

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                n = len(hook.requests)
                hook.requests.append({
                    "method": self.command, "path": self.path, "size": len(body),
                    "body": json.loads(body.decode("utf-8")) if body else None,
                    "content_type": self.headers.get("Content-Type"),
                })
                if n >= MAX_REQUESTS:
                    status, answer, delay = 500, {"error": "too many requests in one test"}, 0
                else:
                    entry = hook.script[min(n, len(hook.script) - 1)]
                    if callable(entry):
                        self.close_connection = True
                        try:
                            entry(self, hook.requests[n])
                        except OSError:
                            pass  # the client gave up
                        return
                    status, answer, delay = entry
                if delay:
                    hook.stop.wait(delay)  # a slow server; ends early when the test ends
                hook.requests[n]["answered"] = True
                data = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up waiting (the timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.stop = self.stop  # for answers written by a function
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def url(self, flavor: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{PATHS[flavor]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", root)
    shutil.copytree(FIXTURES / "exports" / "records", root / "records", dirs_exist_ok=True)
    for name in ("MINUTEBOOK_AUDIENCE", "MINUTEBOOK_SITE_URL", "MINUTEBOOK_TODAY",
                 "MINUTEBOOK_WEBHOOK_URL", "MINUTEBOOK_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # never through a proxy
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    return root


def notify(project, capsys, flavor, url, *args):
    code = cli.main(["notify", "--webhook", url, "--flavor", flavor, "--root", str(project),
                     "--as-of", AS_OF, "--retry-delay", "0.01", "--timeout", "2", *args])
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    for token in TOKENS.values():
        assert token not in out + err
    return code, out, err


def signed(flavor):
    return ["--secret", SECRET] if flavor != "wecom" else []


def text_of(flavor: str, body: dict) -> str:
    if flavor == "feishu":
        return body["card"]["elements"][0]["content"]
    if flavor == "dingtalk":
        return body["markdown"]["text"]
    return body["markdown"]["content"]


DIGEST = """数据截至 2026-11-20。

**已逾期（2 项）**
- [FX-01](http://127.0.0.1:8000/records/minutes/2026/2026-11-02-fixture-sync/#item-FX-01) 提交接口设计 ＜草案＞ · 张三 · 截止 2026-11-10 · 逾期 8 个工作日
- [FX-04](http://127.0.0.1:8000/records/minutes/2026/2026-11-16-fixture-followup/#item-FX-04) 补充市场数据 · 李四 · 截止 2026-11-18 · 逾期 2 个工作日

**2 个工作日内到期（2 项，至 2026-11-24）**
- [EX-01](http://127.0.0.1:8000/records/minutes/2026/2026-11-19-export-extra/#item-EX-01) 周一前交付导出接口 · 张三 · 截止 2026-11-23
- [未决事项](http://127.0.0.1:8000/records/minutes/2026/2026-11-19-export-extra/#item-pending-1) 是否需要第三方审计 · 市场部 · 截止 2026-11-24

**阻塞（1 项）**
- [FX-02](http://127.0.0.1:8000/records/minutes/2026/2026-11-02-fixture-sync/#item-FX-02) 成本 ＜ 预算 | 复核 · 李四 · 截止 2026-11-25

[查看全部待办事项](http://127.0.0.1:8000/open-items/)"""


# ----------------------------------------------------------------- each platform


def test_feishu_card_signed_in_the_body(project, capsys):
    with Hook([(200, OK["feishu"], 0)]) as hook:
        code, out, err = notify(project, capsys, "feishu", hook.url("feishu"), "--secret", SECRET)
    assert code == 0, err
    assert out == ("minutebook notify: posted the digest (2 overdue, 2 due within 2 working day(s), "
                   f"1 blocked) to {hook.url('feishu').replace(TOKENS['feishu'], '***')}\n")
    [request] = hook.requests
    assert request["path"] == PATHS["feishu"]
    assert request["content_type"] == "application/json; charset=utf-8"
    body = request["body"]
    assert set(body) == {"timestamp", "sign", "msg_type", "card"}
    assert body["msg_type"] == "interactive"
    assert body["card"]["header"] == {"title": {"tag": "plain_text", "content": "待办提醒 · 2026-11-20"},
                                      "template": "red"}
    assert body["card"]["elements"][0]["tag"] == "markdown"
    assert text_of("feishu", body) == DIGEST
    # the server's check: HMAC-SHA256 keyed by "timestamp\nsecret" over nothing, base64
    key = f"{body['timestamp']}\n{SECRET}".encode()
    assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert abs(int(body["timestamp"]) - time.time()) < 600  # seconds, not milliseconds


def test_dingtalk_markdown_signed_in_the_url(project, capsys):
    with Hook([(200, OK["dingtalk"], 0)]) as hook:
        code, out, err = notify(project, capsys, "dingtalk", hook.url("dingtalk"), "--secret", SECRET)
    assert code == 0, err
    [request] = hook.requests
    path, _, query = request["path"].partition("?")
    assert path == "/robot/send"
    params = urllib.parse.parse_qs(query, strict_parsing=True)
    assert sorted(params) == ["access_token", "sign", "timestamp"]
    assert params["access_token"] == [TOKENS["dingtalk"]]
    # the server's check: HMAC-SHA256 of "timestamp\nsecret" keyed by the secret, base64,
    # URL-encoded (parse_qs decodes it back)
    ts = params["timestamp"][0]
    expected = base64.b64encode(hmac.new(SECRET.encode(), f"{ts}\n{SECRET}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert params["sign"] == [expected]
    assert urllib.parse.quote_plus(expected) in query  # sent URL-encoded
    assert abs(int(ts) / 1000 - time.time()) < 600  # milliseconds
    body = request["body"]
    assert body == {"msgtype": "markdown", "markdown": {"title": "待办提醒 · 2026-11-20",
                                                        "text": "#### 待办提醒 · 2026-11-20\n\n" + DIGEST}}
    assert "sign=***" in out and "access_token=***" in out


def test_wecom_markdown_unsigned(project, capsys):
    with Hook([(200, OK["wecom"], 0)]) as hook:
        code, out, err = notify(project, capsys, "wecom", hook.url("wecom"), "--department", "市场部")
    assert code == 0, err
    [request] = hook.requests
    assert request["path"] == PATHS["wecom"]
    assert request["body"] == {"msgtype": "markdown", "markdown": {"content": (
        "**待办提醒 · 市场部 · 2026-11-20**\n\n数据截至 2026-11-20。\n\n"
        "**已逾期（1 项）**\n"
        "- [FX-04](http://127.0.0.1:8000/records/minutes/2026/2026-11-16-fixture-followup/#item-FX-04)"
        " 补充市场数据 · 李四 · 截止 2026-11-18 · 逾期 2 个工作日\n\n"
        "**2 个工作日内到期（1 项，至 2026-11-24）**\n"
        "- [未决事项](http://127.0.0.1:8000/records/minutes/2026/2026-11-19-export-extra/#item-pending-1)"
        " 是否需要第三方审计 · 市场部 · 截止 2026-11-24\n\n"
        "**阻塞（1 项）**\n"
        "- [FX-02](http://127.0.0.1:8000/records/minutes/2026/2026-11-02-fixture-sync/#item-FX-02)"
        " 成本 ＜ 预算 | 复核 · 李四 · 截止 2026-11-25\n\n"
        "[查看全部待办事项](http://127.0.0.1:8000/open-items/)")}}
    assert "key=***" in out


def test_wecom_with_a_secret_is_a_usage_error(project, capsys):
    with Hook([(200, OK["wecom"], 0)]) as hook:
        code, out, err = notify(project, capsys, "wecom", hook.url("wecom"), "--secret", SECRET)
    assert code == 2 and hook.requests == []
    assert err.startswith("minutebook notify: error: --secret: WeCom group robots have no signature")


# ----------------------------------------------------------------- retries and errors


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The backoff waits the command asks for (it still waits them)."""
    asked: list[float] = []
    real = time.sleep

    def sleep(seconds):
        asked.append(seconds)
        real(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    return asked


@pytest.mark.parametrize("flavor", N.FLAVORS)
def test_retries_on_5xx_then_succeeds(project, capsys, waits, flavor):
    script = [(500, {"msg": "busy"}, 0), (502, {}, 0), (200, OK[flavor], 0)]
    with Hook(script) as hook:
        code, out, err = notify(project, capsys, flavor, hook.url(flavor), *signed(flavor))
    assert code == 0, err
    assert len(hook.requests) == 3
    assert hook.requests[0]["body"] == hook.requests[2]["body"]  # the same signed message
    assert waits == [0.01, 0.02]  # exponential backoff from --retry-delay


@pytest.mark.parametrize("flavor", N.FLAVORS)
def test_gives_up_after_three_5xx(project, capsys, flavor):
    with Hook([(503, {"msg": "down"}, 0)]) as hook:
        code, out, err = notify(project, capsys, flavor, hook.url(flavor), *signed(flavor))
    assert code == 1 and len(hook.requests) == 3 and out == ""
    assert f"minutebook notify: error: the {flavor} webhook did not answer after 3 tries: HTTP 503: down" in err


@pytest.mark.parametrize("flavor", N.FLAVORS)
def test_4xx_is_an_error_without_retry(project, capsys, flavor):
    with Hook([(400, {"errmsg": "invalid json"}, 0)]) as hook:
        code, out, err = notify(project, capsys, flavor, hook.url(flavor), *signed(flavor))
    assert code == 1 and len(hook.requests) == 1 and out == ""
    assert err.startswith(f"minutebook notify: error: the {flavor} webhook refused the request: "
                          "HTTP 400: invalid json (http://127.0.0.1:")


PLATFORM_ERRORS = {
    "feishu": ({"code": 19021, "msg": "sign match fail or timestamp is not within one hour"},
               "feishu refused the message: 19021 sign match fail or timestamp is not within one hour"),
    "dingtalk": ({"errcode": 310000, "errmsg": "sign not match"},
                 "dingtalk refused the message: 310000 sign not match"),
    "wecom": ({"errcode": 93000, "errmsg": "invalid webhook url"},
              "wecom refused the message: 93000 invalid webhook url"),
}


@pytest.mark.parametrize("flavor", N.FLAVORS)
def test_platform_error_code_in_a_200_answer(project, capsys, flavor):
    answer, message = PLATFORM_ERRORS[flavor]
    with Hook([(200, answer, 0)]) as hook:
        code, out, err = notify(project, capsys, flavor, hook.url(flavor), *signed(flavor))
    assert code == 1 and len(hook.requests) == 1
    assert f"minutebook notify: error: {message} (" in err


@pytest.mark.parametrize("flavor", N.FLAVORS)
def test_timeout_is_retried(project, capsys, flavor):
    # the first answer is held back until the test ends; the client waits 0.3 s, then tries again
    with Hook([(200, OK[flavor], 60), (200, OK[flavor], 0)]) as hook:
        code = cli.main(["notify", "--webhook", hook.url(flavor), "--flavor", flavor, *signed(flavor),
                         "--root", str(project), "--as-of", AS_OF, "--timeout", "0.3", "--retry-delay", "0.01"])
        held_back = "answered" not in hook.requests[0]
    out, err = capsys.readouterr()
    assert code == 0, err
    assert len(hook.requests) == 2 and held_back  # done without the slow answer
    assert SECRET not in out + err


def test_every_try_timing_out_is_an_error(project, capsys):
    with Hook([(200, OK["wecom"], 60)]) as hook:
        code = cli.main(["notify", "--webhook", hook.url("wecom"), "--flavor", "wecom", "--root", str(project),
                         "--as-of", AS_OF, "--timeout", "0.2", "--retry-delay", "0.01", "--tries", "2"])
    out, err = capsys.readouterr()
    assert code == 1 and len(hook.requests) == 2
    assert "the wecom webhook did not answer after 2 tries: timed out" in err


def test_unreachable_webhook_is_an_error(project, capsys):
    with Hook([(200, OK["dingtalk"], 0)]) as hook:
        url = hook.url("dingtalk")
    # the server is closed now: the port refuses connections
    code, out, err = notify(project, capsys, "dingtalk", url, "--secret", SECRET, "--tries", "2")
    assert code == 1
    assert "the dingtalk webhook did not answer after 2 tries: network error" in err


# ----------------------------------------------------------------- dry run, secrets


@pytest.mark.parametrize("flavor", N.FLAVORS)
def test_dry_run_posts_nothing_and_hides_the_signature(project, capsys, flavor):
    with Hook([(200, OK[flavor], 0)]) as hook:
        code, out, err = notify(project, capsys, flavor, hook.url(flavor), *signed(flavor), "--dry-run")
    assert code == 0 and hook.requests == []
    body = json.loads(out)
    assert text_of(flavor, body).endswith(DIGEST)
    if flavor == "feishu":
        assert body["sign"] == "***" and body["timestamp"].isdigit()
    assert "dry run, nothing posted (2 overdue, 2 due within 2 working day(s), 1 blocked)" in err


def test_secret_and_webhook_from_the_environment(project, capsys, monkeypatch):
    with Hook([(200, OK["dingtalk"], 0)]) as hook:
        monkeypatch.setenv("MINUTEBOOK_WEBHOOK_URL", hook.url("dingtalk"))
        monkeypatch.setenv("MINUTEBOOK_WEBHOOK_SECRET", SECRET)
        code = cli.main(["notify", "--flavor", "dingtalk", "--root", str(project), "--as-of", AS_OF])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "sign" in hook.requests[0]["path"]
    assert SECRET not in out + err and TOKENS["dingtalk"] not in out + err


def test_restricted_items_stay_out_of_the_digest(project, capsys):
    for audience, present in ((None, False), ("研发部", True)):
        args = ["--dry-run", "--within", "5"] + (["--audience", audience] if audience else [])
        code, out, err = notify(project, capsys, "wecom", "http://127.0.0.1:9/x?key=k", *args)
        assert code == 0
        assert ("RX-01" in out) is present


@pytest.mark.parametrize("args, message", [
    (["--department", "研发"], "--department must be a department of records/org.yml: '研发'; did you mean '研发部'?"),
    (["--within", "-1"], "--within must be 0 or more: -1"),
])
def test_usage_errors(project, capsys, args, message):
    code, out, err = notify(project, capsys, "wecom", "http://127.0.0.1:9/x?key=k", *args)
    assert code == 2 and err == f"minutebook notify: error: {message}\n"


def test_non_http_webhook_is_refused(project, capsys):
    code, out, err = notify(project, capsys, "wecom", "file:///etc/passwd")
    assert code == 2 and err == ("minutebook notify: error: --webhook must be an http:// or https:// URL "
                                 "(the scheme is 'file'): file:///etc/passwd\n")


# ----------------------------------------------------------------- failing safely


def hidden(flavor: str, url: str) -> str:
    """`url` as the command may show it: its credentials replaced by ***."""
    return url.replace(TOKENS[flavor], "***")


@pytest.mark.parametrize("flavor, damage, message", [
    ("wecom", lambda u: u + "\n", "has a line break (\\n) at the end (refused, not trimmed: fix the stored value)"),
    ("feishu", lambda u: u + "\n", "has a line break (\\n) at the end (refused, not trimmed: fix the stored value)"),
    ("dingtalk", lambda u: u + "\r\n", "has a carriage return (\\r) at the end (refused, not trimmed"),
    ("wecom", lambda u: u.replace("/send?", "/send ?"), "has a space at character"),
    ("dingtalk", lambda u: u.replace("-token-", "-token "), "has a space at character"),
    ("feishu", lambda u: u + "\u3000", "has a whitespace character (U+3000 IDEOGRAPHIC SPACE) at the end"),
    ("wecom", lambda u: u.replace("/cgi-bin", "/cgi\tbin"), "has a tab (\\t) at character"),
    ("wecom", lambda u: u.replace("/cgi-bin", "/cgi\x1bbin"), "has a control character (U+001B) at character"),
    ("wecom", lambda u: u.replace("http://", "ftp://"), "must be an http:// or https:// URL (the scheme is 'ftp')"),
    ("dingtalk", lambda u: u.replace("http://", "javascript:"), "must be an http:// or https:// URL (the scheme is"),
    ("wecom", lambda u: "http:///cgi-bin/webhook/send?key=" + TOKENS["wecom"], "has no host"),
])
def test_malformed_webhook_is_a_usage_error_that_hides_its_token(project, capsys, flavor, damage, message):
    with Hook([(200, OK[flavor], 0)]) as hook:
        url = damage(hook.url(flavor))
        code, out, err = notify(project, capsys, flavor, url, *signed(flavor))
    assert code == 2 and out == "" and hook.requests == []
    assert err.startswith(f"minutebook notify: error: --webhook {message}"), err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "***" in err  # the URL is shown, redacted
    assert "token-def" not in err and "\x1b" not in err  # nor half a token, nor a raw escape


def test_trailing_newline_from_the_environment_names_the_variable(project, capsys, monkeypatch):
    with Hook([(200, OK["dingtalk"], 0)]) as hook:
        monkeypatch.setenv("MINUTEBOOK_WEBHOOK_URL", hook.url("dingtalk") + "\n")
        code = cli.main(["notify", "--flavor", "dingtalk", "--root", str(project), "--as-of", AS_OF])
    out, err = capsys.readouterr()
    assert code == 2 and hook.requests == []
    assert err == (f"minutebook notify: error: $MINUTEBOOK_WEBHOOK_URL has a line break (\\n) at the end "
                   f"(refused, not trimmed: fix the stored value): {hidden('dingtalk', hook.url('dingtalk'))}\n")


def test_secret_with_a_trailing_newline_is_a_usage_error(project, capsys):
    with Hook([(200, OK["feishu"], 0)]) as hook:
        code, out, err = notify(project, capsys, "feishu", hook.url("feishu"), "--secret", SECRET + "\n")
    assert code == 2 and hook.requests == []
    assert err == ("minutebook notify: error: --secret has a line break (\\n) at the end "
                   "(refused, not trimmed: fix the stored value)\n")


def test_the_console_command_prints_no_traceback(project):
    """The tester's report, end to end: the installed entry point in a process of its own."""
    with Hook([(200, OK["wecom"], 0)]) as hook:
        run = subprocess.run(
            [sys.executable, "-m", "minutebook.cli.main", "notify", "--webhook", hook.url("wecom") + "\n",
             "--flavor", "wecom", "--root", str(project), "--as-of", AS_OF],
            capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and run.stdout == "" and hook.requests == []
    assert run.stderr.startswith("minutebook notify: error: --webhook has a line break")
    assert "Traceback" not in run.stderr and TOKENS["wecom"] not in run.stderr


def redirect(status: int, location: str):
    def answer(handler, request):
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return answer


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_reported_and_not_followed(project, capsys, status):
    with Hook([(200, OK["wecom"], 0)]) as target, Hook([redirect(status, target.url("wecom"))]) as hook:
        code, out, err = notify(project, capsys, "wecom", hook.url("wecom"))
    assert code == 1 and out == ""
    assert len(hook.requests) == 1 and target.requests == []  # not followed, not retried
    assert err.startswith(f"minutebook notify: error: the wecom webhook answered with a redirect ({status}) "
                          f"to {hidden('wecom', target.url('wecom'))}; not followed (")


def trickle(part: str, answer: dict, every: float = 0.5):
    """An answer written one byte every `every` seconds: all of it (`headers`), or the
    headers at once and then the body (`body`). It ends when the test does."""
    data = json.dumps(answer).encode()
    head = f"HTTP/1.0 200 OK\r\nContent-Length: {len(data)}\r\n\r\n".encode()

    def write(handler, request):
        slow = head + data if part == "headers" else data
        if part == "body":
            handler.wfile.write(head)
        for i in range(len(slow)):
            if handler.server.stop.wait(every):
                return
            handler.wfile.write(slow[i:i + 1])
            handler.wfile.flush()
    return write


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_trickled_answer_cannot_outlast_the_timeout(project, capsys, part):
    # a byte every 0.5 s never lets one read wait 2 s, but each try ends at 2 s all the same
    with Hook([trickle(part, OK["wecom"])]) as hook:
        start = time.monotonic()
        code, out, err = notify(project, capsys, "wecom", hook.url("wecom"), "--tries", "2")
        elapsed = time.monotonic() - start
    assert code == 1 and out == "" and len(hook.requests) == 2
    assert "the wecom webhook did not answer after 2 tries: timed out" in err
    assert elapsed < 8, elapsed  # two tries of 2 s; a generous bound: it does not hang


def echo(flavor: str, shape: str):
    """An error answer quoting the request's signature and token back, as some servers
    do, with a terminal escape for good measure."""
    def answer(handler, request):
        path, _, query = request["path"].partition("?")
        params = urllib.parse.parse_qs(query)
        sign = (request["body"] or {}).get("sign") or params.get("sign", [""])[0]
        quoted = query.partition("sign=")[2]
        text = (f"sign {sign} ({quoted}) does not match; path {path}?{query}; "
                f"your token is {TOKENS[flavor]}, key={TOKENS[flavor]} \x1b[2J")
        status = 200 if shape == "json-200" else 500 if shape == "text-500" else 400
        if shape.startswith("json"):
            field = ("code", "msg") if flavor == "feishu" else ("errcode", "errmsg")
            data = json.dumps({field[0]: 19021, field[1]: text, "sign": sign}).encode()
        else:
            data = text.encode()
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
    return answer


@pytest.mark.parametrize("shape", ["json-400", "json-200", "text-400", "text-500"])
@pytest.mark.parametrize("flavor", N.FLAVORS)
def test_credentials_echoed_by_the_server_are_not_printed(project, capsys, flavor, shape):
    with Hook([echo(flavor, shape)]) as hook:
        code, out, err = notify(project, capsys, flavor, hook.url(flavor), *signed(flavor))
    assert code == 1 and out == ""
    assert "does not match" in err  # the server's message is still shown …
    assert "***" in err
    request = hook.requests[0]
    signs = [request["body"].get("sign"), *urllib.parse.parse_qs(request["path"].partition("?")[2]).get("sign", [])]
    for sign in filter(None, signs):  # … without the signature, raw or URL-encoded
        assert sign not in err and urllib.parse.quote_plus(sign) not in err
        assert urllib.parse.quote(sign, safe="") not in err
    assert "\x1b" not in err  # nor a terminal escape


# ----------------------------------------------------------------- the digest itself


def test_record_text_cannot_link_tag_or_mention():
    text = 'x <at id=all></at> <@all> [点我](http://evil.example) `code`\n第二行'
    assert N.chat_text(text, 200) == "x ＜at id=all＞＜/at＞ ＜@all＞ ［点我］(http://evil.example) 'code' 第二行"
    assert N.chat_text("长" * 80) == "长" * 59 + "…"


def test_digest_too_long_for_one_message_counts_what_is_left(project, monkeypatch):
    # replaces the single cut message ("内容过长，已截断"): what does not fit is counted, with the page
    from minutebook.reports.exports import Links
    from minutebook.views.view import View

    view = View.load(project, __import__("datetime").date(2026, 11, 20))
    d = N.digest(view, within=30)
    [full] = N.payloads("wecom", d, Links(None)).bodies
    monkeypatch.setitem(N.LIMITS, "wecom", N.size("wecom", full) - 1)
    batch = N.payloads("wecom", d, Links(None), max_messages=1)
    [cut] = batch.bodies
    assert N.size("wecom", cut) <= N.LIMITS["wecom"]
    assert batch.left == 1 and cut["markdown"]["content"].endswith("\n\n另有 1 项未列出，见站点的待办事项页。")


def test_redact():
    url = "https://oapi.dingtalk.com/robot/send?access_token=T1&timestamp=1&sign=S%2B1"
    assert N.redact(url) == "https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=***"
    assert N.redact("https://open.feishu.cn/open-apis/bot/v2/hook/abc-123?x=1") == (
        "https://open.feishu.cn/open-apis/bot/v2/hook/***?x=1")
    assert N.redact("wrong secret s3cr3t", "s3cr3t") == "wrong secret ***"


def test_redact_url_hides_every_credential_even_in_a_malformed_url():
    assert N.redact_url("https://u:pw@h.example/open-apis/bot/v2/hook/t-1\n?a=1&timestamp=9&sign=x%2B&bare#f") == (
        "https://***@h.example/open-apis/bot/v2/hook/***?a=***&timestamp=9&sign=***&***#***")
    assert N.redact_url("http://h/x?key=ab cd\x1b") == "http://h/x?key=***"
    assert N.redact_url("http://h/x y\x1b[2J") == "http://h/x y\\x1b[2J"  # escaped, not obeyed


def test_credentials_are_found_in_every_form_a_server_may_echo():
    url = "http://h/robot/send?access_token=tok-12345678&timestamp=1700000000000&sign=ab%2Bcd%2Fef%3D"
    values = N.credentials(url, {}, "SEC-xyz")
    for form in ("tok-12345678", "ab+cd/ef=", "ab%2Bcd%2Fef%3D", "ab%2bcd%2fef%3d", "SEC-xyz"):
        assert form in values
    assert "1700000000000" not in values  # the timestamp is shown: clock errors are about it
    assert N.credentials("http://h/x?key=k", {}, None) == ()  # too short to hunt for, hidden by shape
    text = 'sign ab+cd/ef= for tok-12345678 {"sign": "zz", "key": "kk"} \u202e'
    assert N.shown(text, *values) == 'sign *** for *** {"sign": "***", "key": "***"} \\u202e'
    assert N.shown("x" * 500 + "tok-12345678", *values, limit=20) == "x" * 19 + "…"


# ----------------------------------------------------------------- mentions, long digests, departments

OPEN_ID = "ou_0123456789abcdef0123456789abcdef"
OPEN_ID_2 = "ou_fedcba9876543210fedcba9876543210"
ORG_WITH_IDS = f"""\
settings:
  escalation_working_days: 3
departments:
  研发部: {{lead: 张三, contacts: [张三, 王五]}}
  市场部: {{lead: 李四, contacts: [李四]}}
people:
  张三: {{department: 研发部, email: zhangsan@example.com, feishu_id: {OPEN_ID}, dingtalk_id: zhangsan01,
        wecom_id: ZhangSan}}
  李四: {{department: 市场部, email: lisi@example.com, mobile: "+8613800000002"}}
  王五: {{department: 研发部, email: wangwu@example.com, feishu_id: {OPEN_ID_2}, wecom_id: wang.wu}}
"""
OWNERS = ["张三", "李四", "王五", "市场部"]
BULK = {"overdue": 260, "soon": 25, "blocked": 15}  # 300 items: the overdue ones would crowd out the rest


def bulk_project(project: Path) -> dict[str, list[str]]:
    """The fixture's records, a registry with chat ids, and one meeting with 300 open
    actions (ids by kind)."""
    (project / "records" / "org.yml").write_text(ORG_WITH_IDS, encoding="utf-8")
    ids: dict[str, list[str]] = {kind: [] for kind in BULK}
    lines = ["---", "type: minutes", "title: 批量事项会", "date: 2026-09-28", "departments: [研发部, 市场部]",
             "owner: 张三", 'start: "10:00"', 'end: "11:00"', "host: 张三", "recorder: 李四",
             "attendees: [张三, 李四]", "published: 2026-09-28 18:00", "actions:"]
    n = 0
    for kind, count in BULK.items():
        for k in range(count):
            n += 1
            due = {"overdue": f"2026-11-{1 + k % 19:02d}", "soon": f"2026-11-{(20, 23, 24)[k % 3]}",
                   "blocked": "2026-12-15"}[kind]
            ids[kind].append(f"BK-{n:03d}")
            lines += [f"  - id: BK-{n:03d}", f"    task: 整理并提交第 {n} 份跨部门协作材料", f"    owner: {OWNERS[n % 4]}",
                      f"    due: {due}"] + (["    status: blocked"] if kind == "blocked" else [])
    lines += ["---", "", "批量事项。", ""]
    (project / "records" / "minutes" / "2026" / "2026-09-28-bulk.md").write_text("\n".join(lines), encoding="utf-8")
    return ids


def item_ids(text: str) -> list[str]:
    import re
    return re.findall(r"^- \[([A-Z]+-\d+|[^\]]+)\]", text, re.M)


def headings_total(text: str) -> int:
    import re
    return sum(int(n) for n in re.findall(r"^\*\*[^*]*?（(\d+) 项", text, re.M))


def check_signature(flavor: str, request: dict) -> None:
    if flavor == "feishu":
        body = request["body"]
        key = f"{body['timestamp']}\n{SECRET}".encode()
        assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    elif flavor == "dingtalk":
        params = urllib.parse.parse_qs(request["path"].partition("?")[2])
        ts = params["timestamp"][0]
        assert params["sign"] == [base64.b64encode(hmac.new(SECRET.encode(), f"{ts}\n{SECRET}".encode(),
                                                            hashlib.sha256).digest()).decode()]


@pytest.mark.parametrize("flavor", N.FLAVORS)
def test_300_items_mention_the_owners_and_keep_every_urgent_item(project, capsys, flavor):
    ids = bulk_project(project)
    with Hook([(200, OK[flavor], 0)]) as hook:
        code, out, err = notify(project, capsys, flavor, hook.url(flavor), *signed(flavor), "--within", "2")
    assert code == 0, err
    requests = hook.requests
    assert 2 <= len(requests) <= N.DEFAULT_MESSAGES  # split, within the default --max-messages
    texts = [text_of(flavor, r["body"]) for r in requests]
    for n, (request, text) in enumerate(zip(requests, texts), 1):
        check_signature(flavor, request)  # every message signed like a single one
        # each within its platform's documented limit, as received
        if flavor == "wecom":
            assert len(text.encode("utf-8")) <= 4096
        else:
            assert request["size"] <= 20000
        title = f"待办提醒 · 2026-11-20（{n}/{len(requests)}）"
        assert (request["body"]["card"]["header"]["title"]["content"] == title if flavor == "feishu" else
                title in text)
        # the owners, by their ids in the platform's own form; 李四 has none there: named in plain text
        follow = [line for line in text.split("\n") if line.startswith("请负责人跟进：")]
        assert len(follow) == 1
        if flavor == "feishu":
            assert f"<at id={OPEN_ID}></at>" in follow[0] and f"<at id={OPEN_ID_2}></at>" in follow[0]
            assert "李四" in follow[0]
        elif flavor == "wecom":
            assert "<@ZhangSan>" in follow[0] and "<@wang.wu>" in follow[0] and "李四" in follow[0]
        else:
            at = request["body"]["at"]
            assert at == {"atUserIds": ["zhangsan01"], "atMobiles": ["13800000002"], "isAtAll": False}
            # DingTalk notifies only those also written as @… in the text
            for who in at["atUserIds"] + at["atMobiles"]:
                assert f"@{who}" in follow[0]
            assert "@zhangsan01" in follow[0] and "@13800000002" in follow[0] and "王五" in follow[0]
    listed = [i for text in texts for i in item_ids(text)]
    for kind in ("soon", "blocked"):  # every item due soon and every blocked item is there
        assert set(ids[kind]) <= set(listed), kind
    total = headings_total(texts[0])
    assert total == 300 + 5  # the fixture's own five entries besides
    left = total - len(listed)
    page = "[待办事项页](http://127.0.0.1:8000/open-items/)"
    if left:
        assert texts[-1].endswith(f"\n\n另有 {left} 项未列出，见 {page}。")
        assert f"{left} not listed, counted in the last message" in out
    for text in texts[:-1] if left else texts:
        assert text.endswith("\n\n[查看全部待办事项](http://127.0.0.1:8000/open-items/)")


def test_wecom_300_items_leave_the_oldest_overdue_out_first(project, capsys):
    ids = bulk_project(project)
    with Hook([(200, OK["wecom"], 0)]) as hook:
        code, out, err = notify(project, capsys, "wecom", hook.url("wecom"))
    assert code == 0, err
    assert len(hook.requests) == N.DEFAULT_MESSAGES  # 4096 bytes a message: the digest needs them all
    texts = [r["body"]["markdown"]["content"] for r in hook.requests]
    listed = [i for text in texts for i in item_ids(text)]
    assert set(ids["soon"]) | set(ids["blocked"]) <= set(listed)
    overdue = [i for i in listed if i in ids["overdue"]]
    assert 0 < len(overdue) < len(ids["overdue"])
    left = 305 - len(listed)
    assert texts[-1].endswith(f"另有 {left} 项未列出，见 [待办事项页](http://127.0.0.1:8000/open-items/)。")
    assert out.startswith(f"minutebook notify: posted the digest (262 overdue, 27 due within 2 working day(s), "
                          f"16 blocked; in 5 messages; {left} not listed, counted in the last message) to ")


def test_one_message_gives_each_section_its_share(project, capsys):
    ids = bulk_project(project)
    with Hook([(200, OK["wecom"], 0)]) as hook:
        code, out, err = notify(project, capsys, "wecom", hook.url("wecom"), "--max-messages", "1")
    assert code == 0, err
    [request] = hook.requests
    text = request["body"]["markdown"]["content"]
    assert len(text.encode("utf-8")) <= 4096
    assert "（1/1）" not in text and text.startswith("**待办提醒 · 2026-11-20**\n")
    kinds = {**{i: kind for kind, its in ids.items() for i in its},
             "FX-01": "overdue", "FX-04": "overdue", "EX-01": "soon", "未决事项": "soon", "FX-02": "blocked"}
    listed = item_ids(text)
    shares = [sum(kinds[i] == kind for i in listed) for kind in ("overdue", "soon", "blocked")]
    assert min(shares) >= 1 and max(shares) - min(shares) <= 2  # by rounds: about a third each
    assert "另有" in text.split("\n")[-1]


def test_max_messages_is_bounded_by_the_rate_limit(project, capsys):
    for value in ("0", "21"):
        code, out, err = notify(project, capsys, "wecom", "http://127.0.0.1:9/x?key=k", "--max-messages", value)
        assert code == 2 and err == ("minutebook notify: error: --max-messages must be from 1 to 20 (WeCom and "
                                     f"DingTalk robots take 20 messages a minute): {value}\n")


def test_feishu_messages_are_spaced(project, capsys, waits):
    bulk_project(project)
    with Hook([(200, OK["feishu"], 0)]) as hook:
        code, out, err = notify(project, capsys, "feishu", hook.url("feishu"), "--secret", SECRET)
    assert code == 0, err
    assert waits == [N.SPACING["feishu"]] * (len(hook.requests) - 1)  # 5 a second at most


def test_a_failed_message_stops_the_batch(project, capsys):
    bulk_project(project)
    with Hook([(200, OK["wecom"], 0), (400, {"errmsg": "invalid json"}, 0)]) as hook:
        code, out, err = notify(project, capsys, "wecom", hook.url("wecom"))
    assert code == 1 and out == "" and len(hook.requests) == 2
    assert err.startswith("minutebook notify: error: the wecom webhook refused the request: HTTP 400: invalid json (")
    assert err.endswith("; message 2 of 5, 1 posted before it\n")


def test_dry_run_prints_every_message(project, capsys):
    bulk_project(project)
    code, out, err = notify(project, capsys, "dingtalk", "http://127.0.0.1:9/robot/send?access_token=t",
                            "--secret", SECRET, "--dry-run", "--max-messages", "3")
    assert code == 0
    decoder, bodies, at = json.JSONDecoder(), [], 0
    while at < len(out):
        body, at = decoder.raw_decode(out, at)
        bodies.append(body)
        at += 1  # the newline after each document
    assert len(bodies) == 3 and all(b["msgtype"] == "markdown" for b in bodies)
    assert "dry run, nothing posted (262 overdue, 27 due within 2 working day(s), 16 blocked; in 3 messages)" in err


def test_department_digest_for_its_own_group(project, capsys):
    bulk_project(project)
    code, out, err = notify(project, capsys, "wecom", "http://127.0.0.1:9/x?key=k", "--dry-run",
                            "--department", "研发部", "--max-messages", "20")
    assert code == 0, err
    texts = []
    decoder, at = json.JSONDecoder(), 0
    while at < len(out):
        body, at = decoder.raw_decode(out, at)
        texts.append(body["markdown"]["content"])
        at += 1
    assert all(t.startswith("**待办提醒 · 研发部 · 2026-11-20") for t in texts)
    lines = [line for t in texts for line in t.split("\n") if line.startswith("- [")]
    assert lines and all(" · 张三 · " in line or " · 王五 · " in line for line in lines)
    assert not any("李四" in t or "市场部" in t.replace("研发部", "") for t in texts)
    assert all("<@ZhangSan>" in t or "<@wang.wu>" in t for t in texts)


@pytest.mark.parametrize("field, value, message", [
    ("feishu_id", "ou_abc", "`feishu_id` of 李四 is not a Feishu open_id (ou_ followed by 8 to 64 letters and "
                            "digits): 'ou_abc'"),
    ("feishu_id", "on_0123456789abcdef", "`feishu_id` of 李四 is not a Feishu open_id (ou_ followed by 8 to 64 "
                                         "letters and digits): 'on_0123456789abcdef'"),
    ("dingtalk_id", '"li si"', "`dingtalk_id` of 李四 is not a DingTalk userId (letters, digits, '-', '_', '.'; "
                               "at most 64): 'li si'"),
    ("wecom_id", '"<@all>"', "`wecom_id` of 李四 is not a WeCom userid (letters, digits, '-', '_', '.', '@', first "
                             "a letter or digit; at most 64): '<@all>'"),
    ("mobile", "1380000000", "`mobile` of 李四 is not a mainland mobile number (11 digits starting with 1, "
                             "optionally +86): '1380000000'"),
    ("mobile", '"+86 13800000002"', "`mobile` of 李四 is not a mainland mobile number (11 digits starting with 1, "
                                    "optionally +86): '+86 13800000002'"),
    ("mobile", '""', "`mobile` of 李四 must be a non-empty value"),
    ("wechat_id", "lisi", "unknown key `wechat_id` of 李四; a person has department, email, handle, feishu_id, "
                          "dingtalk_id, wecom_id and mobile"),
])
def test_malformed_chat_ids_are_registry_errors(project, capsys, field, value, message):
    org = project / "records" / "org.yml"
    text = org.read_text(encoding="utf-8").replace("email: lisi@example.com}", f"email: lisi@example.com, {field}: {value}}}")
    org.write_text(text, encoding="utf-8")
    col = text.split("\n")[7].index(f"{value}}}" if field != "wechat_id" else field) + 1
    code, out, err = notify(project, capsys, "wecom", "http://127.0.0.1:9/x?key=k", "--dry-run")
    assert (code, out) == (2, "")
    assert err == (f"records/org.yml:8:{col}: MB009 {message}\n"
                   "minutebook notify: error: the registry records/org.yml is invalid\n")


def test_chat_ids_are_read_from_the_registry(project):
    from checks.registry import load_registry

    bulk_project(project)
    people = load_registry(project).people
    assert (people["张三"].feishu_id, people["张三"].dingtalk_id, people["张三"].wecom_id) == (
        OPEN_ID, "zhangsan01", "ZhangSan")
    assert people["李四"].mobile == "13800000002"  # +86 dropped: DingTalk's atMobiles takes the 11 digits
    assert people["王五"].dingtalk_id == "" and people["王五"].mobile == ""
