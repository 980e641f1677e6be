"""Every test, and every command a test runs, uses a cache folder of its own session:
never the user's cache, and never one left by an earlier run."""

import atexit
import os
import shutil
import tempfile

_CACHE = tempfile.mkdtemp(prefix="minutebook-test-cache-")
os.environ["MINUTEBOOK_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
