"""Open items as feeds: iCalendar (ICS), CSV for Excel, and JSON.

Pure functions over a View (so visibility holds): `rows` picks and orders the open
items, `to_ics` / `to_csv` / `to_json` turn them into bytes. `minutebook export`
prints or writes one feed; the records plugin calls `write_feeds` after a build to
publish all of them under the site's exports/ folder.

Every feed is reproducible byte for byte from the same records and reference date:
nothing reads the clock (DTSTAMP is the reference date), and the order is fixed.

One module a concern: `links` (where a record's page is), `rows` (which items, in
which order), `ics`, `csv_table` and `json_doc` (the three formats), `feeds` (one
feed by format name, and the site's set of feeds).
"""

from minutebook.reports.exports.csv_table import CSV_HEADER, to_csv
from minutebook.reports.exports.feeds import EXPORTS_DIR, FORMATS, feed_paths, render, write_feeds
from minutebook.reports.exports.ics import alarm_at, timezone_of, to_ics
from minutebook.reports.exports.json_doc import as_json, to_json
from minutebook.reports.exports.links import SITE_URL_ENV, Links, site_links
from minutebook.reports.exports.rows import Row, check_filters, feed_name, rows, uid_base

__all__ = [
    "CSV_HEADER", "EXPORTS_DIR", "FORMATS", "SITE_URL_ENV",
    "Links", "Row",
    "alarm_at", "as_json", "check_filters", "feed_name", "feed_paths", "render", "rows", "site_links",
    "timezone_of", "to_csv", "to_ics", "to_json", "uid_base", "write_feeds",
]
