"""The network of services on the web site (docs/network.md): the services of the year's
network by law group and type, with their units, the totals and the changes against the year
before. The year is the current one when the network has services in it, else the latest year
of the network; a repository without network entries gets no page."""

from __future__ import annotations

from typing import Any

from kpss_cli import codes, czech
from kpss_cli.site import Page, Site, page_builder
from kpss_cli.site.pages import service_path

PATH = "sit/index.html"

WORDS = {
    "cs": {
        "nav": "Síť služeb",
        "title": "Síť sociálních služeb pro rok {year}",
        "intro": "Služby zařazené do sítě sociálních služeb v roce {year} a jejich kapacita schválená v síti.",
        "service": "Služba",
        "provider": "Poskytovatel",
        "units": "Jednotky v síti",
        "area": "Obce",
        "all": "celé území",
        "totals": "Souhrn podle druhu služby",
        "type": "Druh služby",
        "count": "Služeb",
        "total": "Celkem",
        "changes": "Změny proti roku {year}",
        "entered": "Nově v síti",
        "left": "Vyřazeno ze sítě",
        "changed": "Změna jednotek",
        "no_change": "Beze změn proti roku {year}.",
        "kraj": "kraj",
        "obec": "obec",
        "unspecified": "síť",
        "unregistered": "Služby mimo registr",
    },
    "en": {
        "nav": "Network",
        "title": "Network of social services for {year}",
        "intro": "The services in the network of social services in {year} and the capacity approved in it.",
        "service": "Service",
        "provider": "Provider",
        "units": "Units in the network",
        "area": "Municipalities",
        "all": "the whole territory",
        "totals": "Totals by service type",
        "type": "Service type",
        "count": "Services",
        "total": "Total",
        "changes": "Changes against {year}",
        "entered": "Entering the network",
        "left": "Leaving the network",
        "changed": "Units changed",
        "no_change": "No change against {year}.",
        "kraj": "region",
        "obec": "municipal",
        "unspecified": "network",
        "unregistered": "Services outside the registry",
    },
}


def _units(site: Site, level_units: dict[str, dict[str, Any]], words: dict[str, str]) -> list[str]:
    from kpss_cli.render.labels import caption

    lines = []
    for level, units in level_units.items():
        shown = "; ".join(f"{caption(f'cap_{k}', site.lang)} {czech.number(v, site.lang)}" for k, v in units.items())
        lines.append(f"{words[level]}: {shown or czech.EN_DASH}")
    return lines or [czech.EN_DASH]


def network_year(site: Site) -> int | None:
    """The current year when the network has a service in it, else the latest network year."""
    years = sorted({y for s in site.repo.services for y in s.network})
    if not years:
        return None
    return site.on.year if site.on.year in years else years[-1]


@page_builder(60, "network")
def build_network(site: Site) -> None:
    from kpss_cli.network import compute_network

    year = network_year(site)
    if year is None:
        return
    words = WORDS["cs" if site.lang == "cs" else "en"]
    report = compute_network(site.repo, year)
    groups = []
    for group, types in report.groups():
        label = codes.label(codes.SERVICE_GROUP, group, site.lang) if group else words["unregistered"]
        blocks = []
        for code, rows in types:
            heading = codes.label(codes.SERVICE_TYPE, code, site.lang) if code else words["unregistered"]
            entry = codes.SERVICE_TYPE.get(code)
            if entry is not None and entry.extra:
                heading = f"{czech.paragraph_sign(entry.extra)} {heading}"
            blocks.append(
                {
                    "heading": heading,
                    "rows": [
                        {
                            "name": r.service.name,
                            "path": service_path(r.service.id),
                            "provider": r.provider_name,
                            "units": _units(site, r.units, words),
                            "area": words["all"] if r.area_all else ", ".join(r.municipalities) or czech.EN_DASH,
                        }
                        for r in rows
                    ],
                }
            )
        groups.append({"label": label[:1].upper() + label[1:], "types": blocks})
    total = report.total()
    totals = [
        {
            "label": codes.label(codes.SERVICE_TYPE, t.code, site.lang) if t.code else words["unregistered"],
            "count": t.services,
            "units": _units(site, t.units, words),
        }
        for t in report.type_totals()
    ]
    changes = (
        [(words["entered"], [r.service.name for r in report.entered])]
        + [(words["left"], [r.service.name for r in report.left])]
        + [
            (
                words["changed"],
                [
                    f"{c.name}: {'; '.join(_units(site, {c.level: c.old}, words))} → "
                    f"{'; '.join(_units(site, {c.level: c.new}, words))}"
                    for c in report.units_changed
                ],
            )
        ]
    )
    site.add_nav(60, words["nav"], PATH)
    site.add_page(
        Page(
            PATH,
            words["title"].format(year=year),
            "network.html",
            {
                "w": words,
                "year": year,
                "intro": words["intro"].format(year=year),
                "groups": groups,
                "totals": totals,
                "total": {"count": total.services, "units": _units(site, total.units, words)},
                "changes": [(caption, items) for caption, items in changes if items],
                "changes_heading": words["changes"].format(year=report.previous_year),
                "no_change": words["no_change"].format(year=report.previous_year),
            },
            section=PATH,
            crumbs=[(site.t("home"), "index.html")],
        )
    )
