"""The tests read English messages (the source strings) unless a test chooses a language:
$MINUTEBOOK_LANG decides before the registry and the locale, so a developer whose LANG is
zh_CN.UTF-8 (or a repository with `settings.language: zh`) sees the same results. Commands
run as subprocesses inherit it; tests/test_i18n.py removes or overrides it where it
tests the choice itself."""

import os

os.environ["MINUTEBOOK_LANG"] = "en"
