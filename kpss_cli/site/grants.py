"""The grant programme on the web site (docs/site.md, docs/finance.md): per year the programme, its
budget and approval, and every application with its service, provider and the money requested,
granted and paid, in Czech money format; the same as open data (data/dotace.json, .csv).

``kpss render site --public`` publishes no amount of an application that is still pending (no
``granted`` yet: the council has not decided), neither on the page nor in the open data, and
no total from which it could be worked out. Never shown: the applications' notes (they are the
coordinator's working remarks). A repository without grants/ gets no page.
"""

from __future__ import annotations

from typing import Any

from kpss_cli import czech
from kpss_cli.site import Page, Site, page_builder
from kpss_cli.site.pages import _csv, _json, provider_path, service_path

PATH = "dotace/index.html"
DATA_JSON = "data/dotace.json"
DATA_CSV = "data/dotace.csv"

WORDS = {
    "cs": {
        "nav": "Dotace",
        "title": "Dotační program pro sociální služby",
        "intro": "Žádosti poskytovatelů sociálních služeb o dotaci a o čem se rozhodlo, po letech.",
        "year": "Rok {year}",
        "budget": "Alokace programu",
        "approved": "Schváleno",
        "application": "Žádost",
        "service": "Služba",
        "provider": "Poskytovatel",
        "requested": "Požadováno",
        "granted": "Přiděleno",
        "paid": "Vyplaceno",
        "total": "Celkem",
        "pending": "čeká na rozhodnutí",
        "withheld": "nezveřejněno",
        "remaining": "Nepřiděleno z alokace",
        "count": "Žádostí: {count}, z toho čeká na rozhodnutí: {pending}.",
        "public_note": (
            "Částky žádostí, o kterých se ještě nerozhodlo, se zveřejní po rozhodnutí; "
            "součet požadovaných částek je jen za rozhodnuté žádosti."
        ),
        "data": "Otevřená data",
        "caption": "Žádosti o dotaci v roce {year}: {programme}",
        "unknown": "služba není v katalogu",
    },
    "en": {
        "nav": "Grants",
        "title": "Grant programme for social services",
        "intro": "The applications of the providers of social services for a grant and what was decided, by year.",
        "year": "Year {year}",
        "budget": "Budget of the programme",
        "approved": "Approved",
        "application": "Application",
        "service": "Service",
        "provider": "Provider",
        "requested": "Requested",
        "granted": "Granted",
        "paid": "Paid",
        "total": "Total",
        "pending": "awaiting a decision",
        "withheld": "not published",
        "remaining": "Budget not granted",
        "count": "Applications: {count}, awaiting a decision: {pending}.",
        "public_note": (
            "The amounts of applications not decided yet are published once they are decided; the "
            "requested total counts the decided applications only."
        ),
        "data": "Open data",
        "caption": "Grant applications in {year}: {programme}",
        "unknown": "service not in the catalogue",
    },
}

CSV_HEADER = [
    "year", "file", "programme", "application", "service", "service_name", "provider", "provider_name",
    "requested", "granted", "paid", "pending",
]  # fmt: skip


def _amount(value: Any) -> Any:
    from kpss_cli.money import opt, to_json

    return to_json(opt(value))


@page_builder(65, "grants")
def build_grants(site: Site) -> None:
    from kpss_cli.grants import compute_grants, grant_years
    from kpss_cli.money import ZERO, dec, opt

    years = grant_years(site.repo)
    if not years:
        return
    public = site.public
    words = WORDS["cs" if site.lang == "cs" else "en"]

    def money(value: Any) -> str:
        return czech.money(value, site.lang)

    sections: list[dict[str, Any]] = []
    data_years: list[dict[str, Any]] = []
    csv_rows: list[list[Any]] = []
    for year in sorted(years, reverse=True):
        report = compute_grants(site.repo, year)
        tables = []
        for r in report.rounds:
            rows = [row for row in report.rows if row.round is r]
            shown = []
            requested = granted = paid = ZERO
            for row in rows:
                a = row.application
                hidden = public and row.pending
                known = row.service_name is not None
                if not hidden:
                    requested += dec(a.requested)
                granted += opt(a.granted) or ZERO
                paid += opt(a.paid) or ZERO
                shown.append(
                    {
                        "id": a.id,
                        "service": row.service_name if known else f"{a.service} ({words['unknown']})",
                        "service_path": service_path(a.service) if known else None,
                        "provider": row.provider_name or czech.EN_DASH,
                        "provider_path": provider_path(row.provider) if row.provider in site.providers else None,
                        "requested": words["withheld"] if hidden else money(dec(a.requested)),
                        "granted": words["pending"] if row.pending else money(dec(a.granted)),
                        "paid": money(opt(a.paid)) if a.paid is not None else czech.EN_DASH,
                        "pending": row.pending,
                    }
                )
                csv_rows.append(
                    [
                        year, r.file, r.programme, a.id, a.service, row.service_name, row.provider,
                        row.provider_name, None if hidden else _amount(a.requested), _amount(a.granted),
                        _amount(a.paid), row.pending,
                    ]
                )  # fmt: skip
            pending = sum(1 for row in rows if row.pending)
            budget = dec(r.budget)
            tables.append(
                {
                    "programme": r.programme,
                    "caption": words["caption"].format(year=year, programme=r.programme),
                    "budget": money(budget),
                    "approved": site.approval(r.approved) if r.approved else None,
                    "rows": shown,
                    "total": {"requested": money(requested), "granted": money(granted), "paid": money(paid)},
                    "remaining": money(budget - granted),
                    "count": words["count"].format(count=len(rows), pending=pending),
                    "note": words["public_note"] if public and pending else None,
                }
            )
        sections.append({"heading": words["year"].format(year=year), "id": f"rok-{year}", "tables": tables})
        data_years.append(_year_data(report, public))
    site.add_file(DATA_JSON, _json({"territory": site.territory, "public": public, "years": data_years}))
    site.add_file(DATA_CSV, _csv(CSV_HEADER, csv_rows))
    site.data_files += [(DATA_JSON, "JSON", words["title"]), (DATA_CSV, "CSV", words["title"])]
    site.add_nav(65, words["nav"], PATH)
    site.add_page(
        Page(
            PATH,
            words["title"],
            "grants.html",
            {
                "w": words,
                "intro": words["intro"],
                "sections": sections,
                "data_json": DATA_JSON,
                "data_csv": DATA_CSV,
            },
            section=PATH,
            crumbs=[(site.t("home"), "index.html")],
        )
    )


def _year_data(report: Any, public: bool) -> dict[str, Any]:
    """One year for data/dotace.json: the report's own figures, without the notes and, with
    ``public``, without the amounts of pending applications (and the sums that would show them)."""
    from kpss_cli.money import ZERO, dec, to_json

    rounds = []
    for r in report.rounds:
        applications = []
        requested = ZERO
        for row in report.rows:
            if row.round is not r:
                continue
            a = row.application
            hidden = public and row.pending
            if not hidden:
                requested += dec(a.requested)
            applications.append(
                {
                    "id": a.id,
                    "service": a.service,
                    "service_name": row.service_name,
                    "type": row.service_type,
                    "provider": row.provider,
                    "provider_name": row.provider_name,
                    "pending": row.pending,
                    "requested": None if hidden else _amount(a.requested),
                    "granted": _amount(a.granted),
                    "paid": _amount(a.paid),
                }
            )
        rounds.append(
            {
                "file": r.file,
                "programme": r.programme,
                "budget": to_json(dec(r.budget)),
                "approved": r.approved,
                "requested": to_json(requested),
                "applications": applications,
            }
        )
    total = report.total()
    return {
        "year": report.year,
        "budget": to_json(report.budget),
        "granted": to_json(total.granted),
        "paid": to_json(total.paid),
        "remaining": to_json(report.remaining),
        "rounds": rounds,
    }
