"""Participation in the documents: the settlement of comments (vypořádání připomínek) the council
receives with the plan, and the plan's chapter on how it was prepared (groups, meetings, the
consultation). Names of people appear only with ``--with-members``."""

from __future__ import annotations

from collections.abc import Sequence

from kpss_cli import codes, czech
from kpss_cli.model import Comment, Consultation, Plan
from kpss_cli.participation import UNSETTLED, preparation_years, summarise_consultation
from kpss_cli.render.builder import Cell, R, head, num, total
from kpss_cli.render.common import Context, bold
from kpss_cli.render.labels import pick

Row = Sequence[Cell | str | None]

# key -> (Czech, English); kept here so the participation documents are one module.
CAPTIONS: dict[str, tuple[str, str]] = {
    "doc": ("Vypořádání připomínek", "Settlement of comments"),
    "title": (
        "Vypořádání připomínek k návrhu {title}",
        "Settlement of the comments on the draft of {title}",
    ),
    "intro": (
        "Návrh komunitního plánu byl zveřejněn k připomínkám {span}. Tento dokument uvádí každou "
        "došlou připomínku, kdo ji podal, čeho se týká, jak byla vypořádána a s jakým odůvodněním; "
        "je podkladem pro projednání plánu v zastupitelstvu.",
        "The draft plan was published for comments {span}. This document lists every comment "
        "received, who made it, what it is about, how it was settled and why; it accompanies the "
        "plan to the council.",
    ),
    "span": ("od {opened} do {closed}", "from {opened} to {closed}"),
    "span_open": ("od {opened}", "from {opened}"),
    "consultation": ("Připomínkové řízení", "Consultation"),
    "channels": ("Způsoby podání připomínek", "How comments could be made"),
    "plan": ("Plán", "Plan"),
    "plan_status": ("Stav plánu", "Status of the plan"),
    "comments": ("Počet připomínek", "Comments"),
    "counts": ("Přehled vypořádání", "Summary of the settlement"),
    "decision": ("Způsob vypořádání", "Decision"),
    "count": ("Počet", "Number"),
    "unsettled": ("dosud nevypořádáno", "not settled yet"),
    "unsettled_warning": (
        "Pracovní verze: {n} z {total} připomínek dosud nemá vypořádání.",
        "Working version: {n} of {total} comments are not settled yet.",
    ),
    "table": ("Připomínky a jejich vypořádání", "The comments and their settlement"),
    "no": ("Č.", "No."),
    "who": ("Podatel", "Made by"),
    "about": ("Týká se", "About"),
    "text": ("Znění připomínky", "Comment"),
    "settlement": ("Vypořádání a odůvodnění", "Decision and reasoning"),
    "whole_plan": ("plán jako celek", "the plan as a whole"),
    "priority": ("priorita", "priority"),
    "measure": ("opatření", "measure"),
    "need": ("potřeba", "need"),
    "received": ("doručeno {date}", "received {date}"),
    "changed": ("Upraveno: {what}", "Changed: {what}"),
    "changed_list": ("Opatření upravená na základě připomínek", "Measures changed by the comments"),
    "changed_by": ("Připomínky", "Comments"),
    "no_comments": (
        "V připomínkovém řízení nebyla podána žádná připomínka.",
        "No comment was made in the consultation.",
    ),
    "prepared_by": ("Zpracoval(a): {who}", "Prepared by: {who}"),
    # the plan's chapter
    "ch_preparation": ("Jak byl plán připraven", "How the plan was prepared"),
    "prep_intro": (
        "Plán připravily řídicí a pracovní skupiny komunitního plánování, v nichž zasedají "
        "zadavatelé, poskytovatelé a uživatelé sociálních služeb spolu s veřejností.",
        "The plan was prepared by the steering and working groups of community planning, in which "
        "commissioners, providers and users of social services sit with the public.",
    ),
    "meetings_heading": ("Jednání skupin", "Meetings of the groups"),
    "meetings_intro": (
        "Jednání skupin v roce před začátkem plánovacího období a v jeho průběhu:",
        "Meetings of the groups in the year before the planning period and during it:",
    ),
    "group": ("Skupina", "Group"),
    "year": ("Rok", "Year"),
    "meetings": ("Jednání", "Meetings"),
    "attendance": ("Průměrná účast", "Mean attendance"),
    "decisions": ("Závěry", "Decisions"),
    "measures_discussed": ("Projednaná opatření", "Measures discussed"),
    "consultation_heading": ("Připomínkové řízení", "Consultation of the draft"),
    "consultation_text": (
        "Návrh plánu byl zveřejněn k připomínkám {span}; došlo {comments}. Jejich vypořádání:",
        "The draft was published for comments {span}; {comments} were received. Their settlement:",
    ),
    "no_consultation": (
        "Záznam o připomínkovém řízení k tomuto plánu není v repozitáři veden.",
        "The repository holds no record of a consultation of this plan.",
    ),
}

_COMMENT_FORMS = (("připomínka", "připomínky", "připomínek"), ("comment", "comments"))


def t(ctx: Context, key: str, **values: object) -> str:
    return pick(CAPTIONS, key, ctx.lang, **values)


def comments_count(n: int, lang: str) -> str:
    """``13 připomínek``, ``2 připomínky``, ``1 připomínka``."""
    cs, en = _COMMENT_FORMS
    if lang != "cs":
        return f"{n} {en[0] if n == 1 else en[1]}"
    word = cs[0] if n == 1 else cs[1] if 2 <= n <= 4 else cs[2]
    return f"{n}\u00a0{word}"


def span(ctx: Context, consultation: Consultation) -> str:
    if consultation.closed:
        return t(ctx, "span", opened=ctx.date(consultation.opened), closed=ctx.date(consultation.closed))
    return t(ctx, "span_open", opened=ctx.date(consultation.opened))


def decision_label(ctx: Context, decision: str | None) -> str:
    if decision is None or decision == UNSETTLED:
        return t(ctx, "unsettled")
    return codes.label(codes.COMMENT_DECISION, decision, ctx.lang)


def who(ctx: Context, comment: Comment) -> list[R]:
    """The organisation, else the role; the person's name only with --with-members."""
    kind = codes.label(codes.COMMENTER_KIND, comment.kind, ctx.lang)
    main = comment.organisation or _capital(kind)
    runs = [R(main)]
    if comment.organisation and comment.kind != "organisation":
        runs.append(R(f"\n{kind}", italic=True))
    if ctx.options.with_members and comment.name:
        runs.append(R(f"\n{comment.name}"))
    received = t(ctx, "received", date=ctx.date(comment.received))
    if comment.channel:
        received = f"{received}, {comment.channel}"
    runs.append(R(f"\n{received}", italic=True, size=16))
    return runs


def about(ctx: Context, plan: Plan, comment: Comment) -> list[R]:
    if comment.about is None or comment.about == "plan":
        return [R(t(ctx, "whole_plan"))]
    measure = plan.measure(comment.about)
    if measure is not None:
        return [R(f"{_capital(t(ctx, 'measure'))} {measure.id}", bold=True), R(f"\n{measure.title}", size=16)]
    priority = plan.priority(comment.about)
    if priority is not None:
        return [R(f"{_capital(t(ctx, 'priority'))} {priority.id}", bold=True), R(f"\n{priority.title}", size=16)]
    need = next((n for n in plan.needs if n.id == comment.about), None)
    if need is not None:
        return [R(f"{_capital(t(ctx, 'need'))} {need.id}", bold=True), R(f"\n{need.text}", size=16)]
    return [R(comment.about)]


def settlement(ctx: Context, comment: Comment) -> list[R]:
    label = decision_label(ctx, comment.decision)
    runs = [R(_capital(label), bold=comment.decision is not None, italic=comment.decision is None)]
    if comment.response:
        runs.append(R(f"\n{comment.response}"))
    if comment.changed:
        what = f"{t(ctx, 'measure')} {czech.join(list(comment.changed))}"
        runs.append(R(f"\n{t(ctx, 'changed', what=what)}", italic=True))
    return runs


def counts_table(ctx: Context, consultation: Consultation, plan: Plan | None) -> None:
    summary = summarise_consultation(consultation, plan)
    rows: list[Row] = [[head(t(ctx, "decision")), head(t(ctx, "count"), align="right")]]
    for code in codes.COMMENT_DECISION:
        rows.append([Cell(_capital(decision_label(ctx, code))), num(str(summary.counts[code]))])
    if summary.unsettled:
        rows.append([Cell(_capital(t(ctx, "unsettled"))), num(str(summary.unsettled))])
    rows.append([total(ctx.t("total")), num(str(summary.comments), kind="total")])
    ctx.b.table([3.2, 1.0], rows, header_rows=1, keep_together=True)


def render_consultation(ctx: Context, plan: Plan, consultation: Consultation) -> tuple[str, str]:
    """Write the settlement document into ctx; return (title, subject)."""
    b = ctx.b
    title = t(ctx, "title", title=_of_plan(plan.title, ctx.lang))
    summary = summarise_consultation(consultation, plan)
    # An attachment to the council's resolution: a plain first page, no cover or contents.
    b.para(ctx.territory, "kicker")
    b.heading(title, 1, toc=False)
    if summary.unsettled:
        b.para(bold(t(ctx, "unsettled_warning", n=summary.unsettled, total=summary.comments)))
    b.para(t(ctx, "intro", span=span(ctx, consultation)))
    ctx.facts(
        [
            (t(ctx, "plan"), plan.title),
            (
                t(ctx, "plan_status"),
                f"{ctx.code(codes.PLAN_STATUS, plan.status)}"
                + (f" ({ctx.approval(plan.approved)})" if plan.approved else ""),
            ),
            (t(ctx, "consultation"), span(ctx, consultation)),
            (t(ctx, "channels"), [R(c) for c in _lines(consultation.channels)] or None),
            (t(ctx, "comments"), str(summary.comments)),
        ]
    )
    b.heading(t(ctx, "counts"), 1, numbered=True, toc=False)
    counts_table(ctx, consultation, plan)

    b.heading(t(ctx, "table"), 1, numbered=True, toc=False)
    if not consultation.comments:
        b.para(t(ctx, "no_comments"))
    else:
        rows: list[Row] = [
            [
                head(t(ctx, "no")),
                head(t(ctx, "who")),
                head(t(ctx, "about")),
                head(t(ctx, "text")),
                head(t(ctx, "settlement")),
            ]
        ]
        for comment in consultation.comments:
            rows.append(
                [
                    Cell(comment.id),
                    Cell(who(ctx, comment)),
                    Cell(about(ctx, plan, comment)),
                    Cell(comment.text),
                    Cell(settlement(ctx, comment)),
                ]
            )
        b.table([0.6, 2.1, 2.0, 3.1, 3.5], rows, header_rows=1, font_size=17)
    if summary.changed:
        _changed(ctx, plan, consultation, summary.changed)
    coordinator = ctx.coordinator()
    if coordinator:
        b.para(t(ctx, "prepared_by", who=coordinator), space_before=240)
    name = t(ctx, "doc")
    return title, f"{name} {plan.title}"


def _changed(ctx: Context, plan: Plan, consultation: Consultation, changed: list[str]) -> None:
    b = ctx.b
    b.heading(t(ctx, "changed_list"), 1, numbered=True, toc=False)
    rows: list[Row] = [[head(_capital(t(ctx, "measure"))), head(t(ctx, "changed_by"))]]
    for mid in changed:
        measure = plan.measure(mid)
        name = f"{mid} {measure.title}" if measure is not None else mid
        by = [c.id for c in consultation.comments if mid in c.changed]
        rows.append([Cell(name), Cell(", ".join(by))])
    b.table([5.0, 1.4], rows, header_rows=1, keep_together=True)


# -- the plan's chapter ---------------------------------------------------------------------------


def preparation_chapter(ctx: Context, plan: Plan) -> None:
    """Groups, meetings held and the consultation with its counts (law 108/2006 Sb., § 3 h)."""
    b = ctx.b
    consultation = ctx.repo.consultations.get(plan.id)
    years = preparation_years(ctx.repo, plan)
    if consultation is None and not years:
        return
    b.heading(t(ctx, "ch_preparation"), 1, numbered=True)
    b.para(t(ctx, "prep_intro"))
    if years:
        b.heading(t(ctx, "meetings_heading"), 2, numbered=True)
        b.para(t(ctx, "meetings_intro"), keep_next=True)
        rows: list[Row] = [
            [
                head(t(ctx, "group")),
                head(t(ctx, "year")),
                head(t(ctx, "meetings"), align="right"),
                head(t(ctx, "attendance"), align="right"),
                head(t(ctx, "decisions"), align="right"),
                head(t(ctx, "measures_discussed")),
            ]
        ]
        for year in years:
            for g in year.groups:
                if not g.meetings:
                    continue
                mean = g.mean_attendance
                rows.append(
                    [
                        Cell(g.name),
                        Cell(str(year.year)),
                        num(str(g.meetings)),
                        num(czech.number(round(mean, 1), ctx.lang) if mean is not None else czech.EN_DASH),
                        num(str(g.decisions)),
                        Cell(", ".join(g.measures) or czech.EN_DASH),
                    ]
                )
            rows.append(
                [
                    total(f"{ctx.t('total')} {year.year}"),
                    total(""),
                    num(str(year.meetings), kind="total"),
                    num(
                        czech.number(round(year.mean_attendance, 1), ctx.lang)
                        if year.mean_attendance is not None
                        else czech.EN_DASH,
                        kind="total",
                    ),
                    num(str(year.decisions), kind="total"),
                    total(czech.count(len(year.measures), "measure", ctx.lang)),
                ]
            )
        b.table([2.8, 0.75, 1.05, 1.25, 0.95, 2.6], rows, header_rows=1)
    b.heading(t(ctx, "consultation_heading"), 2, numbered=True)
    if consultation is None:
        b.para(t(ctx, "no_consultation"))
        return
    summary = summarise_consultation(consultation, plan)
    b.para(
        t(ctx, "consultation_text", span=span(ctx, consultation), comments=comments_count(summary.comments, ctx.lang)),
        keep_next=True,
    )
    counts_table(ctx, consultation, plan)


def _lines(values: Sequence[str]) -> list[str]:
    return [f"{v}\n" if i < len(values) - 1 else v for i, v in enumerate(values)]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _of_plan(title: str, lang: str) -> str:
    """The plan's title after "k návrhu": ``komunitního plánu …`` (genitive) when it starts the
    usual way, else the title in quotation marks."""
    if lang == "cs":
        if title.startswith("Komunitní plán "):
            return "komunitního plánu " + title[len("Komunitní plán ") :]
        return f"plánu „{title}“"
    return title
