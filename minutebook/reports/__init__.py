"""Reports over a View: metrics, the weekly snapshot, exports, digests, diffs, CODEOWNERS."""
