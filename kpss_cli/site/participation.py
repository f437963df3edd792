"""The site's participation pages: how the plan's draft was consulted (what was asked, how each
comment was settled) and the working groups' meetings per year. Never a person's name: the
context of these pages holds organisations, roles and figures only."""

from __future__ import annotations

from typing import Any

from kpss_cli import codes, czech
from kpss_cli.participation import UNSETTLED, Year, preparation_years, summarise_consultation
from kpss_cli.render.labels import pick
from kpss_cli.site import Page, Site, page_builder

INDEX = "zapojeni/index.html"
CONSULTATION = "zapojeni/pripominky.html"

# key -> (Czech, English): the words of these two pages.
WORDS: dict[str, tuple[str, str]] = {
    "nav": ("Zapojení", "Participation"),
    "title": ("Jak se plán připravuje", "How the plan is prepared"),
    "intro": (
        "Komunitní plán připravují řídicí a pracovní skupiny, v nichž zasedají zadavatelé, "
        "poskytovatelé a uživatelé sociálních služeb spolu s veřejností. Návrh plánu se zveřejňuje "
        "k připomínkám a každá připomínka dostane odpověď.",
        "The community plan is prepared by steering and working groups in which commissioners, "
        "providers and users of social services sit with the public. The draft is published for "
        "comments and every comment gets an answer.",
    ),
    "groups": ("Skupiny", "Groups"),
    "group": ("Skupina", "Group"),
    "kind": ("Druh", "Kind"),
    "year": ("Jednání v roce {year}", "Meetings in {year}"),
    "meetings": ("Jednání", "Meetings"),
    "attendance": ("Průměrná účast", "Mean attendance"),
    "decisions": ("Závěry", "Decisions"),
    "measures": ("Projednaná opatření", "Measures discussed"),
    "total": ("Celkem", "Total"),
    "undiscussed": (
        "Opatření, která v roce {year} žádná skupina neprojednala:",
        "Measures no group discussed in {year}:",
    ),
    "all_discussed": (
        "V roce {year} skupiny projednaly všechna opatření plánu.",
        "In {year} the groups discussed every measure of the plan.",
    ),
    "no_meetings": (
        "Záznamy o jednáních skupin zatím nejsou zveřejněny.",
        "No records of the groups' meetings are published yet.",
    ),
    "consultation_link": (
        "Připomínky k návrhu plánu a jejich vypořádání",
        "Comments on the draft and their settlement",
    ),
    "c_title": ("Připomínky k návrhu plánu a jejich vypořádání", "Comments on the draft plan and their settlement"),
    "c_intro": (
        "Návrh plánu byl zveřejněn k připomínkám {span}. Na této stránce je každá došlá připomínka "
        "a to, jak byla vypořádána. Jména lidí, kteří připomínky poslali, se nezveřejňují.",
        "The draft plan was published for comments {span}. This page shows every comment received "
        "and how it was settled. The names of the people who sent comments are not published.",
    ),
    "span": ("od {opened} do {closed}", "from {opened} to {closed}"),
    "span_open": ("od {opened}", "from {opened}"),
    "channels": ("Jak bylo možné připomínkovat", "How comments could be made"),
    "counts": ("Přehled vypořádání", "Summary of the settlement"),
    "decision": ("Způsob vypořádání", "Decision"),
    "count": ("Počet", "Number"),
    "unsettled": ("dosud nevypořádáno", "not settled yet"),
    "comments": ("Připomínky", "Comments"),
    "no": ("Č.", "No."),
    "who": ("Podatel", "Made by"),
    "about": ("Týká se", "About"),
    "text": ("Připomínka", "Comment"),
    "settlement": ("Vypořádání", "Settlement"),
    "whole_plan": ("plán jako celek", "the plan as a whole"),
    "changed": ("Upravená opatření", "Measures changed"),
    "no_comments": ("K návrhu nepřišla žádná připomínka.", "No comment was made on the draft."),
}


def word(site: Site, key: str, **values: object) -> str:
    return pick(WORDS, key, site.lang, **values)


def _span(site: Site, opened: str, closed: str | None) -> str:
    if closed:
        return word(site, "span", opened=czech.date(opened, site.lang), closed=czech.date(closed, site.lang))
    return word(site, "span_open", opened=czech.date(opened, site.lang))


@page_builder(70, "participation")
def build_participation(site: Site) -> None:
    plan = site.plan
    if plan is None:
        return
    consultation = site.repo.consultations.get(plan.id)
    years = preparation_years(site.repo, plan)
    if consultation is None and not years and not site.repo.groups:
        return
    measures = set(plan.measures_by_id)
    site.add_nav(70, word(site, "nav"), INDEX)
    crumbs = [(site.t("home"), "index.html")]
    words = {key: word(site, key) for key in WORDS if "{" not in WORDS[key][0]}
    site.add_page(
        Page(
            INDEX,
            word(site, "title"),
            "participation.html",
            {
                "w": words,
                # Names and kinds of the groups only: members and leads are personal data.
                "groups": [(g.name, site.code(codes.GROUP_KIND, g.kind)) for g in site.repo.groups],
                "years": [_year(site, y, measures, plan.start, plan.end) for y in years],
                "consultation": consultation is not None,
                "consultation_path": CONSULTATION,
            },
            section=INDEX,
            crumbs=crumbs,
        )
    )
    if consultation is None:
        return
    summary = summarise_consultation(consultation, plan)
    counts = [
        (_capital(codes.label(codes.COMMENT_DECISION, code, site.lang)), n)
        for code, n in summary.counts.items()
        if code != UNSETTLED
    ]
    if summary.unsettled:
        counts.append((_capital(word(site, "unsettled")), summary.unsettled))
    site.add_page(
        Page(
            CONSULTATION,
            word(site, "c_title"),
            "consultation.html",
            {
                "w": words,
                "intro": word(site, "c_intro", span=_span(site, consultation.opened, consultation.closed)),
                "channels": list(consultation.channels),
                "counts": counts,
                "total": summary.comments,
                "comments": [_comment(site, plan, c, measures) for c in consultation.comments],
            },
            section=INDEX,
            crumbs=[*crumbs, (word(site, "nav"), INDEX)],
        )
    )


def _year(site: Site, year: Year, measures: set[str], start: int, end: int) -> dict[str, Any]:
    rows = [
        {
            "name": g.name,
            "meetings": g.meetings,
            "attendance": None if g.mean_attendance is None else round(g.mean_attendance, 1),
            "decisions": g.decisions,
            "measures": [(m, m in measures) for m in g.measures],
        }
        for g in year.groups
        if g.meetings
    ]
    in_period = start <= year.year <= end
    return {
        "year": year.year,
        "caption": word(site, "year", year=year.year),
        "rows": rows,
        "meetings": year.meetings,
        "attendance": None if year.mean_attendance is None else round(year.mean_attendance, 1),
        "decisions": year.decisions,
        "measure_count": czech.count(len(year.measures), "measure", site.lang),
        # The measures nobody discussed make sense only for a year of this plan's period.
        "undiscussed": year.undiscussed if in_period else None,
        "undiscussed_text": word(site, "undiscussed", year=year.year),
        "all_discussed_text": word(site, "all_discussed", year=year.year),
    }


def _comment(site: Site, plan: Any, c: Any, measures: set[str]) -> dict[str, Any]:
    kind = codes.label(codes.COMMENTER_KIND, c.kind, site.lang)
    if c.about is None or c.about == "plan":
        about, about_link = word(site, "whole_plan"), None
    else:
        about = c.about
        measure = plan.measure(c.about)
        priority = plan.priority(c.about)
        need = next((n for n in plan.needs if n.id == c.about), None)
        if measure is not None:
            about = f"{measure.id} {measure.title}"
        elif priority is not None:
            about = f"{priority.id} {priority.title}"
        elif need is not None:
            about = f"{need.id} {need.text}"
        about_link = c.about if c.about in measures else None
    return {
        "id": c.id,
        # An organisation by its name; a person only by the role (never the name).
        "who": c.organisation or _capital(kind),
        "role": kind if c.organisation and c.kind != "organisation" else None,
        "received": c.received,
        "about": about,
        "about_link": about_link,
        "text": c.text,
        "decision": _capital(
            codes.label(codes.COMMENT_DECISION, c.decision, site.lang) if c.decision else word(site, "unsettled")
        ),
        "response": c.response,
        "changed": [(m, m in measures) for m in c.changed],
    }


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
