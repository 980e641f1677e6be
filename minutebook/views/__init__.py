"""One audience's view of a repository, and the queries every page and report shares."""
