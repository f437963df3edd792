"""What every document kind shares: options, the formatting context, the cover page, fact tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kpss_cli import codes, czech
from kpss_cli.model import Repository, Service
from kpss_cli.render.builder import Cell, Content, DocBuilder, R, label
from kpss_cli.render.labels import caption


@dataclass
class Options:
    """How to render: language, the reference template's bytes, whether to print members."""

    lang: str = "cs"
    template: bytes | None = None
    with_members: bool = False


class Context:
    """A document in progress with the repository and Czech/English formatting at hand."""

    def __init__(self, repo: Repository, options: Options) -> None:
        self.repo = repo
        self.options = options
        self.lang = options.lang
        self.b = DocBuilder(options.template, options.lang, (self.t("page"), self.t("of")))
        # Lookups by id (the model's own search lists; a national catalogue has thousands).
        self.services = {s.id: s for s in reversed(repo.services)}
        self.providers = {p.id: p for p in reversed(repo.providers)}
        self.groups = {g.id: g for g in reversed(repo.groups)}

    # -- words and figures --------------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return caption(key, self.lang, **values)

    def code(self, table: dict[str, codes.Code], code: str | None) -> str:
        return codes.label(table, code, self.lang) if code else czech.EN_DASH

    def codes(self, table: dict[str, codes.Code], values: Iterable[str]) -> str:
        return czech.join([codes.label(table, v, self.lang) for v in values])

    def money(self, value: float | None) -> str:
        return czech.money(value, self.lang)

    def amount(self, value: float | None) -> str:
        """Money in a table whose header says the currency: ``1 234 567``."""
        return czech.money(value, self.lang, unit=False)

    def number(self, value: float | int) -> str:
        return czech.number(value, self.lang)

    def percent(self, value: float | None) -> str:
        return czech.percent(value, self.lang)

    def date(self, value: Any) -> str:
        return czech.date(value, self.lang)

    def value(self, value: Any, unit: str | None = None) -> str:
        return czech.value(value, self.lang, unit)

    # -- repository facts ---------------------------------------------------------------------

    @property
    def territory(self) -> str:
        return self.repo.manifest.territory_name if self.repo.manifest else ""

    def territory_line(self) -> str:
        manifest = self.repo.manifest
        if manifest is None:
            return czech.EN_DASH
        kind = self.code(codes.TERRITORY_KIND, manifest.territory_kind)
        if manifest.municipalities:
            count = czech.count(len(manifest.municipalities), "municipality", self.lang)
            return self.t("territory_text", name=manifest.territory_name, kind=kind, count=count)
        return self.t("territory_text_plain", name=manifest.territory_name, kind=kind)

    def municipality_names(self) -> dict[str, str]:
        manifest = self.repo.manifest
        if manifest is None:
            return {}
        return {
            str(m.get("code")): str(m.get("name", m.get("code"))) for m in manifest.municipalities
        }

    def coordinator(self) -> str | None:
        manifest = self.repo.manifest
        if manifest is None or not manifest.coordinator:
            return None
        c = manifest.coordinator
        parts = [c.get("name"), c.get("organisation"), c.get("email"), c.get("phone")]
        return ", ".join(str(p) for p in parts if p)

    def plan_name(self, plan_id: str) -> str:
        """A plan by its period (``2020–2023``) when it has one, else by its id."""
        plan = self.repo.plans.get(plan_id)
        return czech.period(plan.start, plan.end) if plan is not None else plan_id

    def approval(self, approved: dict[str, Any] | None) -> str:
        if not approved:
            return self.t("not_approved")
        return self.t(
            "approved_text",
            by=approved.get("by", ""),
            date=self.date(approved.get("date")),
            resolution=approved.get("resolution", ""),
        )

    def service_type(self, code: str | None) -> str:
        """``pečovatelská služba (§ 40)``."""
        if not code:
            return czech.EN_DASH
        entry = codes.SERVICE_TYPE.get(code)
        name = codes.label(codes.SERVICE_TYPE, code, self.lang)
        if entry is not None and entry.extra:
            return f"{name} ({czech.paragraph_sign(entry.extra)})"
        return name

    def service_line(self, service_id: str) -> str:
        """A service with its provider: ``Name – Provider (identifikátor 1234567)``."""
        service = self.services.get(service_id)
        if service is None:
            return service_id
        provider = self.providers.get(service.provider)
        text = service.name
        if provider is not None and provider.name != service.name:
            text += f" \u2013 {provider.name}"
        if service.registered:
            text += f" ({self.t('id').lower()} {service.id})"
        return text

    def area(self, service: Service) -> str:
        if not service.area:
            return czech.EN_DASH
        if "all" in service.area:
            return self.t("all_municipalities")
        names = self.municipality_names()
        return ", ".join(names.get(code, code) for code in service.area)

    # -- blocks -------------------------------------------------------------------------------

    def facts(
        self,
        rows: Sequence[tuple[str, Content]],
        widths: tuple[float, float] = (1.0, 2.6),
        keep_with_next: bool = False,
    ) -> None:
        """A two-column table of labels and values (rows with an empty value are left out)."""
        body: list[list[Cell | str | None]] = [
            [label(name), Cell(value)] for name, value in rows if value not in (None, "", [])
        ]
        if body:
            self.b.table(list(widths), body, keep_with_next=keep_with_next)

    def cover(
        self, kicker: str, title: str, subtitle: str, facts: Sequence[tuple[str, Content]]
    ) -> None:
        """The title page: territory, title, subtitle, a table of facts, then a page break."""
        self.b.para(kicker, "kicker")
        self.b.para(title, "title")
        self.b.para(subtitle, "subtitle")
        self.b.spacer(600)
        self.facts(facts)
        self.b.spacer(1200)
        self.b.note(self.t("document_generated"))
        self.b.page_break()

    def contents(self) -> None:
        self.b.toc(self.t("toc"), self.t("toc_placeholder"))
        self.b.page_break()


def bold(text: str) -> R:
    return R(text, bold=True)
