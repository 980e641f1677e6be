"""Open items as a CSV table that Excel opens as it is.

Named csv_table, not csv, so that `import csv` here is the standard library's."""

from __future__ import annotations

import csv
import io
import re

from minutebook.model import labels
from minutebook.reports.exports.rows import Row

CSV_HEADER = [labels.ID, labels.ITEM, labels.KIND, labels.OWNER, labels.DEPARTMENT, labels.DUE, labels.STATUS,
              "是否逾期", "逾期工作日", labels.SOURCE, "链接"]

_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(value) -> str:
    """Text as Excel will not evaluate it: a leading = + - @ would start a formula
    (CSV injection), so such a cell gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def to_csv(rows_: list[Row]) -> bytes:
    """UTF-8 with a BOM and CRLF line ends, so Excel opens the Chinese text as such."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows_:
        i = row.item
        writer.writerow([
            _cell(i.id or ""), _cell(i.text), _cell(i.noun), _cell(i.owner), _cell(i.department),
            i.due.isoformat() if i.due else "", _cell(row.status_label),
            "是" if row.overdue else "否", str(row.days_late), _cell(i.record.title), _cell(row.url),
        ])
    return buf.getvalue().encode("utf-8-sig")
