"""The tests read English messages (the source strings) unless a test chooses a language:
$MINUTEBOOK_LANG decides before the registry and the locale, so a developer whose LANG is
zh_CN.UTF-8 (or a repository with `settings.language: zh`) sees the same results. Commands
run as subprocesses inherit it; tests/test_i18n.py removes or overrides it where it
tests the choice itself.

Every test, and every command a test runs, uses a cache folder of its own session:
never the user's cache, and never one left by an earlier run."""

import atexit
import os
import shutil
import tempfile

os.environ["MINUTEBOOK_LANG"] = "en"

_CACHE = tempfile.mkdtemp(prefix="minutebook-test-cache-")
os.environ["MINUTEBOOK_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
