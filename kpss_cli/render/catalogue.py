"""The catalogue of services (katalog poskytovatelů a služeb): services by the three groups of law
108/2006 Sb. and by type, each with provider, IČO, forms, target groups, capacity, area and
contacts; an index by target group; the providers with their contacts."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from kpss_cli import codes, czech
from kpss_cli.model import Provider, Service
from kpss_cli.render.builder import Cell, R, head, label
from kpss_cli.render.common import Context

Row = Sequence[Cell | str | None]
Cells = list[Cell | str | None]  # a row being built

CAPACITY_KEYS = ("clients", "beds", "fte", "contacts", "interventions", "calls")


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_catalogue(ctx: Context) -> tuple[str, str]:
    """Write the catalogue into ctx; return (title, subject)."""
    b = ctx.b
    repo = ctx.repo
    title = ctx.t("cat_doc")
    services = sorted(repo.services, key=lambda s: czech.czech_key(s.name))
    used_providers = {s.provider for s in services}
    ctx.cover(
        ctx.territory,
        title,
        ctx.t("cat_subtitle"),
        [
            (ctx.t("territory"), ctx.territory_line()),
            (ctx.t("count_services"), str(len(services))),
            (ctx.t("count_providers"), str(len(used_providers))),
            (ctx.t("coordinator"), ctx.coordinator()),
        ],
    )
    ctx.contents()

    b.heading(ctx.t("ch_cat_intro"), 1, numbered=True)
    b.para(ctx.t("cat_intro", territory=ctx.territory))
    names = [str(m.get("name")) for m in (repo.manifest.municipalities if repo.manifest else [])]
    ctx.facts(
        [
            (ctx.t("territory"), ctx.territory_line()),
            (ctx.t("municipalities"), ", ".join(names)),
            (ctx.t("count_services"), str(len(services))),
            (ctx.t("count_providers"), str(len(used_providers))),
            (ctx.t("coordinator"), ctx.coordinator()),
        ]
    )
    if not services:
        b.para(ctx.t("no_services"))

    by_group: dict[str, dict[str, list[Service]]] = defaultdict(lambda: defaultdict(list))
    related: list[Service] = []
    for s in services:
        if s.type and s.type in codes.SERVICE_TYPE:
            by_group[codes.service_group(s.type)][s.type].append(s)
        else:
            related.append(s)
    for group_code, group in codes.SERVICE_GROUP.items():
        types = by_group.get(group_code)
        if not types:
            continue
        group_name = capitalised(codes.label(codes.SERVICE_GROUP, group_code, ctx.lang))
        b.heading(
            f"{group_name} ({czech.paragraph_sign(group.extra)})", 1, numbered=True, new_page=True
        )
        for type_code in codes.SERVICE_TYPE:
            if type_code not in types:
                continue
            b.heading(capitalised(ctx.service_type(type_code)), 2, numbered=True)
            for service in types[type_code]:
                _service(ctx, service)
    if related:
        b.heading(ctx.t("cat_related"), 1, numbered=True, new_page=True)
        b.para(ctx.t("cat_related_intro"))
        for service in related:
            _service(ctx, service)
    if services:
        _index(ctx, services)
        _providers(ctx, services)
    return title, f"{title} {ctx.territory}".strip()


_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
_WEB = re.compile(r"^(https?://)?([A-Za-z0-9-]+\.)+[A-Za-z]{2,}(:[0-9]+)?(/[^\s<>\"']*)?$")


def web_href(address: str) -> str | None:
    """The link of a web address (http/https only; ``www.x.cz`` gets https://), else None."""
    text = address.strip()
    if not _WEB.match(text):
        return None
    return text if text.startswith(("http://", "https://")) else "https://" + text


def mail_href(address: str) -> str | None:
    text = address.strip()
    return "mailto:" + text if _EMAIL.match(text) else None


def _contact_lines(ctx: Context, contact: dict[str, str]) -> list[list[R]]:
    """One paragraph per contact; web and e-mail addresses are working links."""
    lines: list[list[R]] = []
    if contact.get("address"):
        lines.append([R(str(contact["address"]))])
    if contact.get("phone"):
        lines.append([R(f"{ctx.t('phone')} {contact['phone']}")])
    for key, href in (("email", mail_href), ("web", web_href)):
        value = contact.get(key)
        if value:
            target = href(str(value))
            lines.append([R(f"{ctx.t(key)} "), R(str(value), link=target) if target else R(str(value))])
    return lines


def provider_contact(provider: Provider | None) -> dict[str, str]:
    return provider.contact() if provider else {}


def _capacity(ctx: Context, service: Service) -> list[list[R]] | None:
    capacity = service.capacity or {}
    figures = [
        f"{ctx.t('cap_' + key)}: {ctx.number(capacity[key])}"
        for key in CAPACITY_KEYS
        if isinstance(capacity.get(key), (int, float))
    ]
    paragraphs: list[list[R]] = []
    if figures:
        paragraphs.append([R("; ".join(figures))])
    if capacity.get("note"):
        paragraphs.append([R(str(capacity["note"]), italic=True)])
    return paragraphs or None


def _service(ctx: Context, service: Service) -> None:
    b = ctx.b
    b.heading(service.name, 3)
    provider = ctx.providers.get(service.provider)
    provider_text: list[R] = [R(provider.name if provider else service.provider)]
    if provider is not None and provider.legal_form:
        provider_text.append(
            R(f" ({ctx.code(codes.LEGAL_FORM, provider.legal_form)})", italic=True)
        )
    contact = _contact_lines(ctx, service.contact) or _contact_lines(
        ctx, provider_contact(provider)
    )
    rows: list[Row] = []
    if service.description:
        rows.append([label(ctx.t("svc_description")), Cell(service.description)])
    rows.append([label(ctx.t("provider")), Cell(provider_text)])
    if provider is not None and provider.ico:
        rows.append([label(ctx.t("ico")), Cell(provider.ico)])
    if service.registered:
        rows.append([label(ctx.t("registry_id")), Cell(service.id)])
    if service.type:
        rows.append([label(ctx.t("service_type")), Cell(ctx.service_type(service.type))])
    if service.forms:
        rows.append([label(ctx.t("forms")), Cell(ctx.codes(codes.SERVICE_FORM, service.forms))])
    if service.target_groups:
        rows.append(
            [
                label(ctx.t("target_groups")),
                Cell(ctx.codes(codes.TARGET_GROUP, service.target_groups)),
            ]
        )
    rows.extend(citizen_rows(ctx, service))
    capacity = _capacity(ctx, service)
    if capacity:
        rows.append([label(ctx.t("capacity")), Cell(capacity)])  # type: ignore[arg-type]
    if service.area:
        rows.append([label(ctx.t("area")), Cell(ctx.area(service))])
    if contact:
        rows.append([label(ctx.t("contact")), Cell(contact)])
    if service.network:
        rows.append(
            [
                label(ctx.t("network")),
                Cell(ctx.t("network_text", years=czech.year_ranges(service.network))),
            ]
        )
    # No keep-with-next on the card rows: chained keeps stranded the next chapter heading alone
    # at the foot of a page; the rows never split and the heading keeps with the first row.
    b.table([1.0, 2.9], rows)


def payment_text(ctx: Context, service: Service) -> str | None:
    """``za úhradu (dle ceníku)``: the payment code's label and its note, or None."""
    parts = []
    if service.payment:
        parts.append(ctx.code(codes.PAYMENT, service.payment))
    if service.payment_note:
        parts.append(f"({service.payment_note})" if parts else service.payment_note)
    return " ".join(parts) or None


def place_lines(ctx: Context, service: Service) -> list[str]:
    """One line per place: ``name, address (note)``."""
    lines = []
    for place in service.places:
        text = ", ".join(str(place[k]) for k in ("name", "address") if place.get(k))
        if place.get("note"):
            text += f" ({place['note']})"
        lines.append(text)
    return lines


def citizen_rows(ctx: Context, service: Service) -> list[Row]:
    """The rows a citizen looks for: life situations, where, when, whether it is paid."""
    rows: list[Row] = []
    if service.life_situations:
        rows.append(
            [label(ctx.t("svc_life_situations")), Cell(ctx.codes(codes.LIFE_SITUATION, service.life_situations))]
        )
    places = place_lines(ctx, service)
    if places:
        rows.append([label(ctx.t("svc_places")), Cell(places)])
    if service.hours:
        rows.append([label(ctx.t("svc_hours")), Cell(service.hours)])
    payment = payment_text(ctx, service)
    if payment:
        rows.append([label(ctx.t("svc_payment")), Cell(payment)])
    return rows


def _index(ctx: Context, services: list[Service]) -> None:
    b = ctx.b
    by_target: dict[str, list[Service]] = defaultdict(list)
    for s in services:
        for tg in s.target_groups:
            by_target[tg].append(s)
    if not by_target:
        return
    b.heading(ctx.t("ch_index"), 1, numbered=True, new_page=True)
    order = list(codes.TARGET_GROUP) + sorted(set(by_target) - set(codes.TARGET_GROUP))
    rows: list[Row] = [[head(ctx.t("target_group")), head(ctx.t("services"))]]
    for tg in order:
        if tg not in by_target:
            continue
        lines = []
        for s in by_target[tg]:
            kind = (
                codes.label(codes.SERVICE_TYPE, s.type, ctx.lang)
                if s.type
                else ctx.t("not_registered")
            )
            lines.append([R(s.name), R(f" \u2013 {kind}", italic=True)])
        rows.append([label(capitalised(ctx.code(codes.TARGET_GROUP, tg))), Cell(lines)])  # type: ignore[arg-type]
    b.table([1.3, 2.7], rows, header_rows=1)


def _providers(ctx: Context, services: list[Service]) -> None:
    b = ctx.b
    by_provider: dict[str, list[Service]] = defaultdict(list)
    for s in services:
        by_provider[s.provider].append(s)
    providers = sorted(
        (p for p in ctx.repo.providers if p.id in by_provider),
        key=lambda p: czech.czech_key(p.name),
    )
    if not providers:
        return
    b.heading(ctx.t("ch_providers"), 1, numbered=True, new_page=True)
    rows: list[Row] = [[head(ctx.t("provider")), head(ctx.t("contact")), head(ctx.t("services"))]]
    for p in providers:
        name: list[list[R]] = [[R(p.name, bold=True)]]
        facts = []
        if p.ico:
            facts.append(f"{ctx.t('ico')} {p.ico}")
        if p.legal_form:
            facts.append(ctx.code(codes.LEGAL_FORM, p.legal_form))
        if facts:
            name.append([R(", ".join(facts), italic=True)])
        rows.append(
            [
                Cell(name),  # type: ignore[arg-type]
                Cell(_contact_lines(ctx, provider_contact(p)) or czech.EN_DASH),
                Cell([s.name for s in by_provider[p.id]]),
            ]
        )
    b.table([1.5, 1.5, 1.5], rows, header_rows=1)
