"""The core pages of the site: home, the plan (priorities, measures, needs, SWOT), the action
plans, the fulfilment report with its charts, the catalogue of services for citizens, the
providers, and the open data. Each ``build_*`` is a page builder (see kpss_cli.site)."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections import defaultdict
from typing import Any

from kpss_cli import codes, czech
from kpss_cli.model import Measure, Service
from kpss_cli.site import Page, Site, page_builder, slug
from kpss_cli.site.svg import bar_chart

CAPACITY_KEYS = ("clients", "beds", "fte", "contacts", "interventions", "calls")


def measure_path(measure_id: str) -> str:
    return f"plan/opatreni-{slug(measure_id)}.html"


def priority_path(priority_id: str) -> str:
    return f"plan/priorita-{slug(priority_id)}.html"


def service_path(service_id: str) -> str:
    return f"katalog/sluzba-{slug(service_id)}.html"


def provider_path(provider_id: str) -> str:
    return f"katalog/poskytovatel-{slug(provider_id)}.html"


def action_plan_path(year: int) -> str:
    return f"akcni-plany/{year}.html"


# -- home ---------------------------------------------------------------------------------------


@page_builder(10, "home")
def build_home(site: Site) -> None:
    manifest = site.repo.manifest
    plan = site.plan
    current_ap = plan.action_plans.get(site.on.year) if plan else None
    coordinator = dict(manifest.coordinator) if manifest and manifest.coordinator else {}
    site.add_nav(10, site.t("home"), "index.html")
    site.add_page(
        Page(
            "index.html",
            site.territory or site.t("plan"),
            "home.html",
            {
                "manifest": manifest,
                "plan": plan,
                "current_ap": current_ap,
                "coordinator": coordinator,
                "kind": site.code(codes.TERRITORY_KIND, manifest.territory_kind) if manifest else "",
                "municipalities": [str(m.get("name")) for m in (manifest.municipalities if manifest else [])],
                "service_count": len(site.repo.services),
                "provider_count": len({s.provider for s in site.repo.services}),
            },
            section="index.html",
        )
    )


# -- the plan -----------------------------------------------------------------------------------


@page_builder(20, "plan")
def build_plan(site: Site) -> None:
    plan = site.plan
    if plan is None:
        return
    report = _report(site)
    results = {m.id: m for m in report.measures} if report else {}
    site.add_nav(20, site.t("plan"), "plan/index.html")
    groups = {g.id: g.name for g in site.repo.groups}  # names only: members are personal data
    needs = {n.id: n for n in plan.needs}
    crumbs = [(site.t("home"), "index.html"), (site.t("plan"), "plan/index.html")]
    site.add_page(
        Page(
            "plan/index.html",
            f"{site.t('plan')} {czech.period(plan.start, plan.end)}",
            "plan.html",
            {"plan": plan, "groups": groups, "results": results},
            section="plan/index.html",
            crumbs=crumbs[:1],
        )
    )
    for priority in plan.priorities:
        site.add_page(
            Page(
                priority_path(priority.id),
                site.t("priority", id=priority.id, title=priority.title),
                "priority.html",
                {"plan": plan, "priority": priority, "groups": groups, "results": results},
                section="plan/index.html",
                crumbs=crumbs,
            )
        )
        for measure in priority.measures:
            site.add_page(
                Page(
                    measure_path(measure.id),
                    site.t("measure", id=measure.id, title=measure.title),
                    "measure.html",
                    {
                        "plan": plan,
                        "priority": priority,
                        "measure": measure,
                        "needs": needs,
                        "budget": _budget_table(measure),
                        "result": results.get(measure.id),
                        "services": [site.services[s] for s in measure.services if s in site.services],
                    },
                    section="plan/index.html",
                    crumbs=[*crumbs, (site.t("priority_short", id=priority.id), priority_path(priority.id))],
                )
            )


def _budget_table(measure: Measure) -> dict[str, Any] | None:
    """Years × funding sources of a measure's budget, with totals; None without a budget."""
    if not measure.budget:
        return None
    years = sorted(measure.budget)
    used = {s for year in years for s in measure.budget[year]}
    sources = [s for s in codes.FUNDING_SOURCE if s in used] + sorted(used - set(codes.FUNDING_SOURCE))
    rows = []
    for source in sources:
        cells = [measure.budget[y].get(source) for y in years]
        known = [c for c in cells if c is not None]
        rows.append({"source": source, "cells": cells, "total": sum(known) if known else None})
    totals = []
    for y in years:
        known = [v for v in measure.budget[y].values() if v is not None]
        totals.append(sum(known) if known else None)
    known_totals = [t for t in totals if t is not None]
    return {
        "years": years,
        "rows": rows,
        "totals": totals,
        "total": sum(known_totals) if known_totals else None,
    }


# -- action plans -------------------------------------------------------------------------------


@page_builder(30, "action-plans")
def build_action_plans(site: Site) -> None:
    plan = site.plan
    if plan is None or not plan.action_plans:
        return
    from kpss_cli.fulfilment import compute_fulfilment

    site.add_nav(30, site.t("action_plans"), "akcni-plany/index.html")
    years = sorted(plan.action_plans)
    crumbs = [(site.t("home"), "index.html"), (site.t("action_plans"), "akcni-plany/index.html")]
    site.add_page(
        Page(
            "akcni-plany/index.html",
            f"{site.t('action_plans')} {czech.period(plan.start, plan.end)}",
            "action_plans.html",
            {"plan": plan, "years": years},
            section="akcni-plany/index.html",
            crumbs=crumbs[:1],
        )
    )
    for year in years:
        action_plan = plan.action_plans[year]
        report = compute_fulfilment(site.repo, plan.id, year, site.on)
        results = {m.id: m for m in report.measures}
        rows = []
        for item in action_plan.items:
            measure = plan.measure(item.measure)
            if measure is None:
                continue
            rows.append({"item": item, "measure": measure, "result": results.get(item.measure)})
        site.add_page(
            Page(
                action_plan_path(year),
                site.t("action_plan", year=year),
                "action_plan.html",
                {
                    "plan": plan,
                    "action_plan": action_plan,
                    "rows": rows,
                    "report": report if action_plan.evaluated else None,
                },
                section="akcni-plany/index.html",
                crumbs=crumbs,
            )
        )


# -- the fulfilment report ------------------------------------------------------------------------


def _report(site: Site) -> Any:
    """The fulfilment report of the plan (as ``kpss report fulfilment`` chooses its year)."""
    if site.plan is None:
        return None
    cached = site.__dict__.get("_report")
    if cached is None:
        from kpss_cli.fulfilment import compute_fulfilment

        cached = site.__dict__["_report"] = compute_fulfilment(site.repo, site.plan.id, None, site.on)
    return cached


@page_builder(40, "report")
def build_report(site: Site) -> None:
    report = _report(site)
    if report is None:
        return
    site.add_nav(40, site.t("report"), "vyhodnoceni.html")
    statuses = [(code, n) for code, n in report.counts.items() if n]
    shares = czech.shares([n for _, n in statuses])
    status_rows = [
        {"status": code, "label": codes.label(codes.ALL_STATUSES, code, site.lang), "count": n, "share": share}
        for (code, n), share in zip(statuses, shares, strict=True)
    ]
    priority_rows = [
        {"id": p.id, "title": p.title, "achievement": p.achievement, "counts": p.counts} for p in report.priorities
    ]
    charts = {
        "priorities": bar_chart(
            "chart-priorities",
            site.t("chart_priorities"),
            [
                (
                    f"{site.t('priority_short', id=r['id'])}",
                    r["achievement"],
                    czech.percent(r["achievement"], site.lang),
                )
                for r in priority_rows
            ],
            maximum=100.0,
        ),
        "statuses": bar_chart(
            "chart-statuses",
            site.t("chart_statuses"),
            [(r["label"], float(r["count"]), str(r["count"])) for r in status_rows],
        ),
    }
    site.add_page(
        Page(
            "vyhodnoceni.html",
            site.t("report_title", period=czech.period(*report.period)),
            "report.html",
            {
                "report": report,
                "status_rows": status_rows,
                "priority_rows": priority_rows,
                "charts": charts,
                "evaluated": bool(report.evaluated_years),
            },
            section="vyhodnoceni.html",
            crumbs=[(site.t("home"), "index.html")],
        )
    )


# -- the catalogue ------------------------------------------------------------------------------


def service_municipalities(service: Service) -> list[str]:
    """The municipality codes where a service serves or has a place; ``all`` (first) for a
    service of the whole territory, which is not repeated under every municipality (a national
    catalogue would list thousands of services thousands of times)."""
    found: list[str] = ["all"] if "all" in service.area else list(service.area)
    for place in service.places:
        code = str(place.get("municipality", ""))
        if code and code not in found:
            found.append(code)
    return found


def _service_card(site: Site, service: Service, names: dict[str, str]) -> dict[str, Any]:
    provider = site.providers.get(service.provider)
    municipalities = service_municipalities(service)
    capacity = [
        (site.t("cap_" + key), service.capacity[key])
        for key in CAPACITY_KEYS
        if isinstance(service.capacity.get(key), (int, float)) and not isinstance(service.capacity.get(key), bool)
    ]
    contact = dict(service.contact) or (provider.contact() if provider else {})
    if "all" in service.area:
        area = site.t("all_municipalities")
    else:
        area = ", ".join(names.get(c, c) for c in service.area) if service.area else None
    return {
        "service": service,
        "provider": provider,
        "type": _service_type(site, service.type),
        "forms": site.codes(codes.SERVICE_FORM, service.forms),
        "target_groups": site.codes(codes.TARGET_GROUP, service.target_groups),
        "situations": site.codes(codes.LIFE_SITUATION, service.life_situations),
        "payment": site.code(codes.PAYMENT, service.payment) if service.payment else None,
        "capacity": capacity,
        "capacity_note": service.capacity.get("note"),
        "contact": contact,
        "area": area,
        "municipalities": municipalities,
        "search": " ".join(
            [service.name, service.description or "", provider.name if provider else ""]
        ).casefold(),
    }


def _service_type(site: Site, code: str | None) -> str | None:
    if not code:
        return None
    entry = codes.SERVICE_TYPE.get(code)
    name = codes.label(codes.SERVICE_TYPE, code, site.lang)
    return f"{name} ({czech.paragraph_sign(entry.extra)})" if entry is not None and entry.extra else name


@page_builder(50, "catalogue")
def build_catalogue(site: Site) -> None:
    names = site.municipality_names()
    services = sorted(site.repo.services, key=lambda s: czech.czech_key(s.name))
    cards = [_service_card(site, s, names) for s in services]
    site.add_nav(50, site.t("catalogue"), "katalog/index.html")
    crumbs = [(site.t("home"), "index.html"), (site.t("catalogue"), "katalog/index.html")]
    measures_of: dict[str, list[Measure]] = defaultdict(list)
    if site.plan is not None:
        for m in site.plan.measures:
            for sid in m.services:
                measures_of[sid].append(m)

    def facet(table: dict[str, codes.Code], key: str) -> list[tuple[str, str]]:
        used = {v for c in cards for v in getattr(c["service"], key)}
        return [(code, codes.label(table, code, site.lang)) for code in table if code in used]

    types_used = {c["service"].type for c in cards if c["service"].type}
    filters = {
        "situations": facet(codes.LIFE_SITUATION, "life_situations"),
        "groups": facet(codes.TARGET_GROUP, "target_groups"),
        "types": [
            (code, codes.label(codes.SERVICE_TYPE, code, site.lang))
            for code in codes.SERVICE_TYPE
            if code in types_used
        ],
        "municipalities": sorted(
            (
                (code, name)
                for code, name in names.items()
                if any(code in c["municipalities"] or "all" in c["municipalities"] for c in cards)
            ),
            key=lambda pair: czech.czech_key(pair[1]),
        ),
    }
    site.add_page(
        Page(
            "katalog/index.html",
            site.t("catalogue"),
            "catalogue.html",
            {"cards": cards, "filters": filters},
            section="katalog/index.html",
            crumbs=crumbs[:1],
        )
    )
    # The same services grouped four ways: plain lists a reader can scan without a script.
    views = [
        (
            "katalog/situace.html",
            site.t("by_situation"),
            _grouped(cards, filters["situations"], lambda c: c["service"].life_situations),
        ),
        (
            "katalog/skupiny.html",
            site.t("by_group"),
            _grouped(cards, filters["groups"], lambda c: c["service"].target_groups),
        ),
        (
            "katalog/druhy.html",
            site.t("by_type"),
            _grouped(cards, filters["types"], lambda c: [c["service"].type] if c["service"].type else []),
        ),
        (
            "katalog/obce.html",
            site.t("by_municipality"),
            _grouped(
                cards,
                [("all", site.t("whole_territory"))] + filters["municipalities"],
                lambda c: c["municipalities"],
            ),
        ),
    ]
    for path, title, groups in views:
        site.add_page(
            Page(
                path,
                title,
                "catalogue_view.html",
                {"groups": groups, "views": views},
                section="katalog/index.html",
                crumbs=crumbs,
            )
        )
    for card in cards:
        service = card["service"]
        site.add_page(
            Page(
                service_path(service.id),
                service.name,
                "service.html",
                {**card, "measures": measures_of.get(service.id, [])},
                section="katalog/index.html",
                crumbs=crumbs,
            )
        )
    by_provider: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for card in cards:
        by_provider[card["service"].provider].append(card)
    providers = sorted((p for p in site.repo.providers if p.id in by_provider), key=lambda p: czech.czech_key(p.name))
    site.add_page(
        Page(
            "katalog/poskytovatele.html",
            site.t("providers"),
            "providers.html",
            {"providers": providers, "by_provider": by_provider},
            section="katalog/index.html",
            crumbs=crumbs,
        )
    )
    for provider in providers:
        site.add_page(
            Page(
                provider_path(provider.id),
                provider.name,
                "provider.html",
                {
                    "provider": provider,
                    "legal_form": site.code(codes.LEGAL_FORM, provider.legal_form) if provider.legal_form else None,
                    "cards": by_provider[provider.id],
                },
                section="katalog/index.html",
                crumbs=[*crumbs, (site.t("providers"), "katalog/poskytovatele.html")],
            )
        )


def _grouped(
    cards: list[dict[str, Any]], order: list[tuple[str, str]], keys: Any
) -> list[tuple[str, str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for card in cards:
        for key in keys(card):
            groups[key].append(card)
    return [(code, label, groups[code]) for code, label in order if groups.get(code)]


# -- open data ----------------------------------------------------------------------------------


def _json(data: dict[str, Any]) -> bytes:
    """An object as JSON with each record (an object in a list) on a line of its own.

    Compact separators keep json's C encoder (``indent`` falls back to the pure-Python one, seconds
    for a national catalogue) and a quarter off the file; a record per line keeps a site in git
    diffing line by line.
    """
    dumps = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    lines = ["{"]
    for n, (key, value) in enumerate(data.items()):
        comma = "," if n < len(data) - 1 else ""
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            lines.append(f"{dumps(key)}:[")
            lines += [dumps(item) + ("," if i < len(value) - 1 else "") for i, item in enumerate(value)]
            lines.append("]" + comma)
        else:
            lines.append(f"{dumps(key)}:{dumps(value)}{comma}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    from kpss_cli.textsafe import csv_text

    return csv_text(str(value))  # the same rule as the reports' CSV (docs/security.md)


def catalogue_data(site: Site) -> dict[str, Any]:
    """The catalogue as open data: services and providers, no personal data."""
    services = []
    for s in sorted(site.repo.services, key=lambda s: s.id):
        services.append(
            {
                "id": s.id,
                "name": s.name,
                "provider": s.provider,
                "registered": s.registered,
                "type": s.type,
                "forms": s.forms,
                "target_groups": s.target_groups,
                "life_situations": s.life_situations,
                "description": s.description,
                "hours": s.hours,
                "payment": s.payment,
                "payment_note": s.payment_note,
                "places": s.places,
                "area": s.area,
                "capacity": s.capacity,
                "contact": s.contact,
            }
        )
    providers = [
        {
            "id": p.id,
            "name": p.name,
            "ico": p.ico,
            "legal_form": p.legal_form,
            "address": p.address,
            "web": p.web,
            "email": p.email,
            "phone": p.phone,
        }
        for p in sorted(site.repo.providers, key=lambda p: p.id)
    ]
    return {"territory": site.territory, "providers": providers, "services": services}


CATALOGUE_CSV = [
    "id", "name", "provider", "provider_name", "ico", "registered", "type", "forms", "target_groups",
    "life_situations", "payment", "hours", "municipalities", "address", "phone", "email", "web",
]  # fmt: skip


@page_builder(90, "open-data")
def build_open_data(site: Site) -> None:
    site.add_file("data/katalog.json", _json(catalogue_data(site)))
    rows = []
    for s in sorted(site.repo.services, key=lambda s: s.id):
        p = site.providers.get(s.provider)
        rows.append(
            [
                s.id, s.name, s.provider, p.name if p else None, p.ico if p else None, s.registered, s.type,
                "|".join(s.forms), "|".join(s.target_groups), "|".join(s.life_situations), s.payment, s.hours,
                "|".join(service_municipalities(s)), s.contact.get("address"), s.contact.get("phone"),
                s.contact.get("email"), s.contact.get("web"),
            ]
        )  # fmt: skip
    site.add_file("data/katalog.csv", _csv(CATALOGUE_CSV, rows))
    files = [
        ("data/katalog.json", "JSON", site.t("data_catalogue")),
        ("data/katalog.csv", "CSV", site.t("data_catalogue_csv")),
    ]
    report = _report(site)
    if report is not None:
        data = report.to_json()
        site.add_file("data/plneni.json", _json(data))
        header = ["plan", "year", "priority", "measure", "measure_title", "status", "measure_achievement",
                  "indicator", "indicator_name", "unit", "kind", "target", "actual", "achievement"]  # fmt: skip
        report_rows = []
        for m in report.measures:
            head = [report.plan, report.year, m.priority, m.id, m.title, m.status,
                    None if m.achievement is None else round(m.achievement, 2)]  # fmt: skip
            if not m.indicators:
                report_rows.append(head + [None] * 7)
            for i in m.indicators:
                report_rows.append(head + [i.id, i.name, i.unit, i.kind, i.target, i.actual,
                                           None if i.achievement is None else round(i.achievement, 2)])  # fmt: skip
        site.add_file("data/plneni.csv", _csv(header, report_rows))
        files += [
            ("data/plneni.json", "JSON", site.t("data_report")),
            ("data/plneni.csv", "CSV", site.t("data_report_csv")),
        ]
    files += site.data_files  # the open data of other builders (site/grants.py)
    sizes = {path: len(site.files[path]) for path, _, _ in files}
    site.add_nav(90, site.t("open_data"), "data/index.html")
    site.add_page(
        Page(
            "data/index.html",
            site.t("open_data"),
            "open_data.html",
            {"files": files, "sizes": sizes},
            section="data/index.html",
            crumbs=[(site.t("home"), "index.html")],
        )
    )
