"""The metrics page 指标看板: measures against targets, charts, and what each counts.

Every number comes from `checks.metrics.compute`, the computation `minutebook stats`
prints. Each value shown carries `data-metric` (its path in `stats --format json`:
`on_time_rate`, `by_month.2026-08.on_time_rate`, `by_department.研发部.open_items`,
`open_item_age.0-5`, with `.numerator` / `.denominator` for counts) and `data-value`
(the JSON value), so a test can hold the page and the JSON to the same numbers.
"""

from __future__ import annotations

import html
import json

from minutebook.model import labels
from minutebook.model.vocabulary import VISIBILITIES
from minutebook.render import svg
from minutebook.render.markup import as_of_note, esc, link, overdue_badge, table
from minutebook.render.site import page_path
from minutebook.reports import metrics
from minutebook.views.view import View

RATE_TICKS = [0.0, 0.25, 0.5, 0.75, 1.0]
AGE_LABELS = {"0-5": "0–5", "6-10": "6–10", "11-20": "11–20", ">20": "20以上"}


def render(view: View, here: str) -> str:
    """The page body for the site's view, with the targets of the repository's mkdocs.yml
    (read as `minutebook stats` reads them, so the page and the command agree)."""
    from minutebook.reports import targets

    return page(metrics.compute(view, targets.of_root(view.repo.root)), here)


# ---------------------------------------------------------------- values


def _data(key: str, value) -> str:
    return (f' data-metric="{html.escape(key)}" '
            f'data-value="{html.escape(json.dumps(metrics.rounded(value)))}"')


def value_span(key: str, value, unit: str) -> str:
    """A number as shown, tagged with its JSON path and value."""
    return f'<span class="mb-metric"{_data(key, value)}>{esc(metrics.number(value, unit))}</span>'


def count_span(key: str, value: int | None) -> str:
    return value_span(key, value, metrics.COUNT)


def _key(prefix: str, name: str) -> str:
    return f"{prefix}{name}"


def described(m: metrics.Measure, prefix: str = "") -> str:
    """A measure's value with what it was computed from."""
    key = _key(prefix, m.name)
    shown = value_span(key, m.value, m.metric.unit)
    unit = m.metric.unit
    if unit == metrics.RATE:
        extra = f"（{count_span(key + '.numerator', m.numerator)}/{count_span(key + '.denominator', m.denominator)}）"
        pending = m.detail.get("pending")
        if pending:
            extra += f"，另有 {value_span(key + '.pending', pending, metrics.COUNT)} 起处理中"
        return shown + extra
    if unit == metrics.WORKING_DAYS:
        return (f"{shown} 个工作日（{count_span(key + '.denominator', m.denominator)} 项逾期，"
                f"共延误 {count_span(key + '.numerator', m.numerator)} 个工作日）")
    if unit == metrics.MINUTES:
        return (f"{shown} 分钟（{count_span(key + '.denominator', m.denominator)} 次会议，"
                f"共 {count_span(key + '.numerator', m.numerator)} 分钟）")
    if unit == metrics.CHANGE:
        cur, prev = m.detail.get("current"), m.detail.get("previous")
        return (f"{shown}（本期 {value_span(key + '.current', cur, metrics.MINUTES)} 分钟，"
                f"上期 {value_span(key + '.previous', prev, metrics.MINUTES)} 分钟）")
    if "overdue" in m.detail:
        return f"{shown}（逾期 {count_span(key + '.overdue', m.detail['overdue'])}）"
    return shown


def badge(m: metrics.Measure) -> str:
    if m.target is None:
        return "—"
    if m.met is None:
        return '<span class="mb-status mb-status-open">无数据</span>'
    if m.met:
        return '<span class="mb-status mb-status-done">达标</span>'
    return '<span class="mb-status mb-overdue">未达标</span>'


def _anchor(m: metrics.Metric) -> str:
    return "metric-" + m.name.split(".")[0]


# ---------------------------------------------------------------- sections


def _summary(report: metrics.Report) -> str:
    rows = []
    for m in report.overall.measures.values():
        source = metrics.TARGET_SOURCES.get(m.target.source, "") if m.target else "—"
        rows.append([f"[{m.metric.label}](#{_anchor(m.metric)})", described(m),
                     metrics.target_text(m.target, m.metric.unit), source, badge(m)])
    return table(["指标", "当前值", "目标", "目标来源", "是否达标"], rows, cards=1)


def _rate_target(report: metrics.Report, name: str):
    t = metrics.target_for(name, report.targets)
    if t is None:
        return None, ""
    return float(t.value), f"目标 {metrics.target_text(t, metrics.RATE)}"


def _chart(svg_text: str, caption: str) -> str:
    # a raw HTML block: Markdown passes it through as written (no blank line inside)
    return (f'<div class="mb-chart-box" style="max-width:680px">\n{svg_text}\n'
            f'<p class="mb-as-of">{html.escape(caption)}</p>\n</div>\n')


def _month_points(report: metrics.Report, name: str, title) -> list:
    """One point a month of the measure `name`, titled by `title(month, measure)`; the
    page's figures carry their metric key and value for the tests and the stats command."""
    points = []
    for month, s in report.by_month.items():
        m = s.measures[name]
        data = (("data-metric", f"by_month.{month}.{name}"), ("data-value", json.dumps(metrics.rounded(m.value))))
        points.append(svg.Point(month, None if m.value is None else float(m.value), title(month, m), data))
    return points


def _month_charts(report: metrics.Report) -> str:
    points = _month_points(report, "on_time_rate", lambda month, m: (
        f"{month}：按时完成率 {metrics.number(m.value, metrics.RATE)}（{m.numerator}/{m.denominator}）"
        if m.value is not None else f"{month}：没有关闭的事项"))
    target, target_label = _rate_target(report, "on_time_rate")
    out = ["### 按月按时完成率\n\n"]
    out.append(_chart(svg.line_chart(
        "mb-chart-on-time", "按月按时完成率",
        "每月关闭的事项中按时完成的比例；没有关闭事项的月份没有数据点，折线在此断开。",
        points, top=1.0, ticks=RATE_TICKS, tick_format=lambda v: f"{v * 100:.0f}%",
        target=target, target_label=target_label,
    ), "横轴为关闭日期所在月份；虚线为目标值。"))
    bars = _month_points(report, "avg_meeting_minutes", lambda month, m: (
        f"{month}：平均会议时长 {metrics.number(m.value, metrics.MINUTES)} 分钟（{m.denominator} 次会议）"
        if m.value is not None else f"{month}：没有会议"))
    change = report.overall.measures.get("meeting_minutes_change")
    target = label = None
    if change and change.target and change.detail.get("previous"):
        target = float(change.detail["previous"] * (1 + change.target.value))
        label = (f"目标 {metrics.target_text(change.target, metrics.CHANGE)}：≤ {target:.1f} 分钟"
                 f"（上期 {metrics.number(change.detail['previous'], metrics.MINUTES)} 分钟）")
    top, ticks = svg.scale(max([p.value for p in bars if p.value is not None] + [target or 0]))
    out.append("\n### 按月平均会议时长\n\n")
    out.append(_chart(svg.bar_chart(
        "mb-chart-meetings", "按月平均会议时长（分钟）",
        "每月会议纪要记录的平均会议时长；没有会议的月份没有柱。",
        bars, top=top, ticks=ticks, tick_format=lambda v: f"{v:g}",
        value_format=lambda v: f"{v:.1f}", target=target, target_label=label or "",
    ), "按会议纪要的日期归月；虚线为相对上一区间缩短的目标。" if target else "按会议纪要的日期归月。"))
    return "".join(out)


def _department_section(report: metrics.Report) -> str:
    if not report.by_department:
        return ""
    rows = []
    bars = []
    for dept, s in report.by_department.items():
        ms = s.measures
        p = f"by_department.{dept}."
        on_time = ms["on_time_rate"]
        rows.append([
            esc(dept),
            count_span(p + "on_time_rate.denominator", on_time.denominator),
            value_span(p + "on_time_rate", on_time.value, metrics.RATE),
            value_span(p + "avg_slip_working_days", ms["avg_slip_working_days"].value, metrics.WORKING_DAYS),
            count_span(p + "avg_meeting_minutes.denominator", ms["avg_meeting_minutes"].denominator),
            value_span(p + "avg_meeting_minutes", ms["avg_meeting_minutes"].value, metrics.MINUTES),
            value_span(p + "conflicts_within_sla_rate", ms["conflicts_within_sla_rate"].value, metrics.RATE),
            f"{count_span(p + 'open_items', ms['open_items'].value)}"
            f"（{count_span(p + 'open_items.overdue', ms['open_items'].detail['overdue'])}）",
            count_span(p + "sop_stale_count", ms["sop_stale_count"].value),
        ])
        open_ = ms["open_items"]
        bars.append(svg.Point(dept, float(open_.value),
                              f"{dept}：未关闭事项 {open_.value} 项，其中逾期 {open_.detail['overdue']} 项",
                              (("data-metric", p + "open_items"), ("data-value", json.dumps(open_.value)))))
    out = ["## 按部门\n\n",
           "事项按当前责任人所属部门归属；会议、冲突按记录所列的部门计入每个部门，"
           "所以各部门的会议数相加会多于总数。\n\n"]
    out.append(table(["部门", "关闭事项", "按时完成率", "平均延误（工作日）", "会议", "平均会议时长（分钟）",
                      "冲突按时解决率", "未关闭（逾期）", "待评审SOP"], rows, cards=1))
    top, ticks = svg.scale(max(p.value for p in bars), integer=True)
    out.append("\n### 各部门未关闭事项\n\n")
    out.append(_chart(svg.bar_chart(
        "mb-chart-departments", "各部门未关闭事项",
        "参考日期时各部门仍未关闭的事项数（按当前责任人所属部门）。",
        bars, top=top, ticks=ticks, tick_format=lambda v: f"{v:g}", value_format=lambda v: f"{v:g}",
    ), f"截至参考日期 {report.as_of.isoformat()}。"))
    return "".join(out)


def _age_section(report: metrics.Report) -> str:
    age = report.overall.open_item_age
    bars = [svg.Point(AGE_LABELS.get(label, label), float(count), f"账龄 {AGE_LABELS.get(label, label)} 个工作日：{count} 项",
                      (("data-metric", f"open_item_age.{label}"), ("data-value", json.dumps(count))))
            for label, count in age.items()]
    top, ticks = svg.scale(max(age.values(), default=0), integer=True)
    out = ["## 未关闭事项账龄\n\n",
           "账龄为事项所在记录的日期到参考日期之间的工作日数。\n\n"]
    out.append(table(["账龄（工作日）", "事项数"], [
        [esc(AGE_LABELS.get(label, label)), count_span(f"open_item_age.{label}", count)]
        for label, count in age.items()
    ]))
    out.append("\n")
    out.append(_chart(svg.bar_chart(
        "mb-chart-age", "未关闭事项账龄分布（工作日）",
        "参考日期时仍未关闭的事项，按账龄分段计数。",
        bars, top=top, ticks=ticks, tick_format=lambda v: f"{v:g}", value_format=lambda v: f"{v:g}",
    ), "横轴为账龄（工作日），纵轴为事项数。"))
    return "".join(out)


def _month_table(report: metrics.Report) -> str:
    rows = []
    for month, s in report.by_month.items():
        ms = s.measures
        p = f"by_month.{month}."
        rows.append([
            esc(month),
            count_span(p + "on_time_rate.denominator", ms["on_time_rate"].denominator),
            value_span(p + "on_time_rate", ms["on_time_rate"].value, metrics.RATE),
            value_span(p + "avg_slip_working_days", ms["avg_slip_working_days"].value, metrics.WORKING_DAYS),
            count_span(p + "avg_meeting_minutes.denominator", ms["avg_meeting_minutes"].denominator),
            value_span(p + "avg_meeting_minutes", ms["avg_meeting_minutes"].value, metrics.MINUTES),
            value_span(p + "minutes_within_24h_rate", ms["minutes_within_24h_rate"].value, metrics.RATE),
            value_span(p + "notice_lead_ok_rate", ms["notice_lead_ok_rate"].value, metrics.RATE),
            value_span(p + "agenda_overrun_rate", ms["agenda_overrun_rate"].value, metrics.RATE),
            value_span(p + "conflicts_within_sla_rate", ms["conflicts_within_sla_rate"].value, metrics.RATE),
        ])
    return "## 按月明细\n\n" + "“—”表示该月没有可统计的记录。\n\n" + table(
        ["月份", "关闭事项", *(metrics.BY_NAME[n].label for n in ("on_time_rate", "avg_slip_working_days")), "会议",
         *(metrics.BY_NAME[n].label for n in ("avg_meeting_minutes", "minutes_within_24h_rate", "notice_lead_ok_rate",
                                         "agenda_overrun_rate", "conflicts_within_sla_rate"))], rows, cards=1)


def _closings(report: metrics.Report, here: str) -> str:
    facts = report.facts
    closings = sorted((c for c in facts.closings if c.date in report.period),
                      key=lambda c: (c.date, c.item.id or "", c.item.record.path))
    if not closings:
        return ""
    rows = []
    for c in closings:
        i = c.item
        rows.append([
            link(esc(i.id or "—"), page_path(i.record) + "#" + i.anchor, here), esc(i.text), esc(i.department),
            esc(c.due), esc(c.date),
            '<span class="mb-status mb-status-done">按时</span>' if c.on_time
            else overdue_badge(c.slip),
        ])
    return ("\n### 明细：统计区间内关闭的事项\n\n按时完成率与平均延误就是按下表计算的。\n\n"
            + table([labels.ID, labels.ITEM, labels.DEPARTMENT, labels.DUE, "关闭日期", "结果"], rows, cards=2))


def _definitions(report: metrics.Report) -> str:
    p, q = report.period, report.previous
    out = ["## 口径说明\n\n", "### 统计范围 {#metric-scope}\n\n",
           f"- **参考日期**：{report.as_of.isoformat()}（本站构建时设定的日期，未设定时为构建当天）。"
           "日期晚于参考日期的记录一律不计，所以换一个参考日期，看到的就是当时记录所反映的情况。\n",
           f"- **统计区间**：{p.since.isoformat()} 至 {p.until.isoformat()}，即参考日期所在月及之前"
           f"{metrics.PERIOD_MONTHS - 1}个月（共{metrics.PERIOD_MONTHS}个自然月，当月只算到参考日期）。"
           f"**上一区间**：{q.since.isoformat()} 至 {q.until.isoformat()}，紧邻统计区间之前、天数相同。\n",
           f"- **可见范围**：只统计本站读者（{esc(VISIBILITIES.get(report.audience, report.audience))}）可以阅读的记录，与站内其他页面一致。\n",
           "- **部门归属**：事项按当前责任人所属部门（计划任务按其责任部门）；会议通知、会议纪要和冲突"
           "按记录所列的部门计入每个部门；流程SOP按归口部门。\n",
           "- **工作日**：按中国法定节假日计算，调休上班的周末算工作日。\n",
           f"- **精度**：比率以百分数显示、保留一位小数，平均值保留一位小数（四舍六入五成双）；"
           f"计算时保留{metrics.PRECISION}位小数。\n",
           "- **局限**：事项的关闭日期取事项更新里写明的完成日期；没有写明的，取记录这次更新的"
           "记录日期。会前已经完成、在会上才报告却没有写完成日期的事项，按会议日期计算，可能显示为逾期。\n\n"]
    for metric in metrics.METRICS:
        if "." in metric.name:
            continue  # the levels are explained with the conflicts
        out.append(f"### {metric.label} {{#{_anchor(metric)}}}\n\n{metric.explain}\n\n")
        if metric.name == "conflicts_within_sla_rate":
            out.append("".join(f"- {level.label}：{level.explain}\n" for level in metrics.METRICS
                               if level.name.startswith(metric.name + ".")) + "\n")
        target = metrics.target_for(metric.name, report.targets)
        if target is not None:
            out.append(f"目标：{metrics.target_text(target, metric.unit)}（{esc(target.basis)}）。\n\n")
        elif metric.target is not None:
            out.append("目标：本站配置中已取消。\n\n")
        else:
            out.append("没有目标值，仅供参考。\n\n")
    return "".join(out)


def page(report: metrics.Report, here: str) -> str:
    p = report.period
    out = [as_of_note(report.as_of),
           f'<p class="mb-as-of">统计区间 {p.since.isoformat()} 至 {p.until.isoformat()}；'
           f'各指标的计算方法见<a href="#metric-scope">口径说明</a>。</p>\n\n',
           "## 指标与目标\n\n", _summary(report), "\n## 趋势\n\n", _month_charts(report), "\n",
           _department_section(report), "\n", _age_section(report), "\n",
           _month_table(report), _closings(report, here), "\n", _definitions(report)]
    return "".join(out)


__all__ = ["render", "page"]
