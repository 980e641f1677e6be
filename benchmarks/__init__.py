"""Benchmarks of minutebook at scale: a generator of synthetic repositories and a
runner that measures the checks and the site build against floors measured in the
same run. They print ratios; they never gate CI on an absolute time."""
