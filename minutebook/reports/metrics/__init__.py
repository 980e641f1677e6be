"""Collaboration metrics: the optimisation plan's targets measured from the records.

Pure computation over one View (so visibility holds): `compute(view, targets)`
returns a Report that `minutebook stats` prints (text or JSON) and the metrics page
renders; both read the same Report, so they cannot disagree.

Definitions (the page's 口径说明 says the same in Chinese, from `Metric.explain`):

- Reference date: the View's `as_of`. Records dated after it are ignored, so an
  earlier `--as-of` measures the repository as its records stood on that day.
- Period: `since` .. reference date, both included. `since` defaults to the first day
  of the month eleven months before the reference date's month: twelve calendar
  months, the current one up to the reference date. The previous period is the span
  of as many days that ends the day before `since`.
- Items: every tracked item (actions, pending questions, request problems, plan tasks,
  lesson improvements) with its updates applied in record order (minutebook/model/items.py).
- Closing: an item counts in the on-time rate when its latest status is `done` and it
  was closed within the period. Its closing date is the `done_on` of the update that
  last moved it to `done` (the day the work was finished), else that record's date, or
  its own record's date when it was declared done
  there. It is on time when the closing date is on or before the due date in force
  just before it closed (re-dates by earlier updates count; a new `due` written in the
  closing update itself does not). Cancelled items are left out; so is an item closed
  and then reopened, while it is open again (it is an open item again; closed again
  later, its last closing counts). Items without a due date cannot be judged and are
  left out.
- Slip: working days after the due date up to the closing date (`Calendar.between`).
- Meetings are minutes (what was held, not what was announced), in the period by
  their `date`; a meeting's length is `end - start` in minutes. Minutes are in time
  when `published` is between the meeting's end and the publishing deadline after it
  (`policy.published_in_time`, as MB302).
- Notices, in the period by their meeting `date`: the lead is the working days from
  `issued` to the meeting (as MB303); topics over the policy's limit are overruns
  (as MB305).
- Conflicts, in the period by `raised`: within SLA when resolved no more than the
  level's working days after being raised (`policy.conflict_outcome`); an open one already
  past its limit counts as not within; an open one still inside its limit is pending
  and left out of the rate (its outcome is not known yet). A `resolved` date after the
  reference date counts as not yet resolved.
- Open items and stale SOPs are a snapshot on the reference date, not bound to the
  period. An open item's age is the working days from its record's date to the
  reference date.
- Departments: an item belongs to the department of its current owner (a plan task
  to its `department`); a meeting, notice or conflict to every department it lists
  in `departments`; an SOP to its `owner_department`.

Rates and averages are exact Fractions; `rounded()` gives them to PRECISION decimals
(round half to even) for the JSON and the page's data attributes.

One module a concern: `declarations` (the metrics, their units and default
targets), `target_settings` (targets set in mkdocs.yml), `period`, `facts` (what is
counted), `measures` (one window measured), `report` (`compute`), `numbers`
(rounding and the text of a value).
"""

from minutebook.reports.metrics.declarations import (
    AT_LEAST,
    AT_MOST,
    BY_NAME,
    CHANGE,
    CONFIG,
    COUNT,
    LEVEL_PREFIX,
    METRICS,
    MINUTES,
    OURS,
    PLAN,
    RATE,
    TARGET_SOURCES,
    WORKING_DAYS,
    Metric,
    Target,
    default_targets,
    target_for,
)
from minutebook.reports.metrics.facts import (
    Closing,
    Conflict,
    Facts,
    Meeting,
    Notice,
    OpenItem,
    closing_of,
)
from minutebook.reports.metrics.measures import AGE_BUCKETS, Measure, Section, age_distribution
from minutebook.reports.metrics.numbers import PRECISION, number, rounded, target_text
from minutebook.reports.metrics.period import PERIOD_MONTHS, Period, default_since
from minutebook.reports.metrics.report import Report, compute
from minutebook.reports.metrics.target_settings import TargetError, parse_targets, targets_from_extra

__all__ = [
    "AGE_BUCKETS", "AT_LEAST", "AT_MOST", "BY_NAME", "CHANGE", "COUNT", "CONFIG", "LEVEL_PREFIX", "METRICS",
    "MINUTES", "OURS", "PERIOD_MONTHS", "PLAN", "PRECISION", "RATE", "TARGET_SOURCES", "WORKING_DAYS",
    "Closing", "Conflict", "Facts", "Meeting", "Measure", "Metric", "Notice", "OpenItem", "Period", "Report",
    "Section", "Target", "TargetError",
    "age_distribution", "closing_of", "compute", "default_since", "default_targets", "number",
    "parse_targets", "rounded", "target_for", "target_text", "targets_from_extra",
]
