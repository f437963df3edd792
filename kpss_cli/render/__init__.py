"""``kpss render``: the DOCX documents (plan, action plan, report, catalogue) as bytes.

Compute, then apply: :func:`render` returns the finished document and the warnings; the CLI
writes it (atomically). python-docx is imported only here, inside functions, so
``kpss --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpss_cli.errors import KpssError, UsageError
from kpss_cli.i18n import _
from kpss_cli.model import Repository

KINDS = ("plan", "action-plan", "report", "catalogue", "consultation", "network")
LANGS = ("cs", "en")


@dataclass
class Rendered:
    """A finished document: its bytes, title, and what was cleaned on the way."""

    kind: str
    content: bytes
    title: str
    warnings: list[str] = field(default_factory=list)


def check_output(path: Path) -> None:
    """Refuse an output path whose folder is missing or that names a folder (before any work)."""
    if path.is_dir():
        raise KpssError(
            _("{path} is a folder; give the DOCX file to write, e.g. -o {example}").format(
                path=path, example=path / "plan.docx"
            )
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise KpssError(
            _("the folder {folder} does not exist; create it first or write elsewhere").format(folder=folder)
        )
    if not folder.is_dir():
        raise KpssError(_("{folder} is not a folder").format(folder=folder))


def resolve_template(root: Path, repository: Repository, option: Path | None) -> bytes | None:
    """The reference DOCX: ``--template`` (as given), else ``documents.template`` of kpss.yaml
    (relative to the repository), else None for the bundled default."""
    from kpss_cli.render.builder import read_template

    if option is not None:
        return read_template(option)
    configured = repository.manifest.template if repository.manifest else None
    if configured:
        import os

        from kpss_cli.repo import inside

        path = Path(configured)
        if not path.is_absolute():
            path = root / path
        if not inside(os.path.realpath(path), os.path.realpath(root)):
            raise KpssError(
                _(
                    "documents.template in kpss.yaml ({configured}) lies outside the repository; kpss reads only files "
                    "inside the repository. Move the template into it, or give --template PATH"
                ).format(configured=configured)
            )
        try:
            return read_template(path)
        except KpssError as exc:
            raise KpssError(_("{exc} (documents.template in kpss.yaml)").format(exc=exc)) from None
    return None


def _scan(documents: Mapping[str, Any], files: list[str]) -> list[str]:
    from kpss_cli.render.text import scan

    warnings: list[str] = []
    for file in files:
        if file in documents:
            warnings.extend(scan(documents[file], file))
    return warnings


def render(
    kind: str,
    repository: Repository,
    ident: str | None = None,
    *,
    documents: Mapping[str, Any] | None = None,
    year: int | None = None,
    lang: str = "cs",
    template: bytes | None = None,
    with_members: bool = False,
    on: dt.date | None = None,
) -> Rendered:
    """Render one document kind from a valid repository.

    ``documents`` maps repository paths to their loaded data; it is only used to report where
    characters that a DOCX cannot hold were removed. ``on`` is today (for default plans/years).
    """
    from kpss_cli.render.builder import Properties
    from kpss_cli.render.common import Context, Options
    from kpss_cli.validate import today

    if kind not in KINDS:
        raise UsageError(
            _("unknown document kind '{kind}'; use one of: {items}").format(kind=kind, items=", ".join(KINDS))
        )
    if lang not in LANGS:
        raise UsageError(_("unknown language '{lang}'; use cs or en").format(lang=lang))
    on = on or today()
    if year is not None and kind != "report":
        raise UsageError(_("--year applies to `kpss render report` only"))
    ctx = Context(repository, Options(lang=lang, template=template, with_members=with_members))
    try:
        base_files = ["kpss.yaml", "services.yaml"] + (["groups.yaml"] if with_members or kind == "plan" else [])
        doc_date: dt.date | None = None
        if kind == "plan":
            from kpss_cli.render.plan import render_plan

            plan = _plan(repository, ident, on)
            title, subject = render_plan(ctx, plan)
            files = [*base_files, plan.file]
            doc_date = _approval_date(plan.approved)
        elif kind == "action-plan":
            from kpss_cli.render.action_plan import render_action_plan

            plan, action_plan = _action_plan(repository, ident)
            title, subject = render_action_plan(ctx, plan, action_plan)
            files = [*base_files, plan.file, action_plan.file]
            doc_date = _approval_date(action_plan.approved)
        elif kind == "report":
            from kpss_cli.render.report import render_report

            plan = _plan(repository, ident, on)
            title, subject = render_report(ctx, plan, year, on)
            files = [*base_files, plan.file] + [ap.file for ap in plan.action_plans.values()]
        elif kind == "consultation":
            from kpss_cli.render.participation import render_consultation

            plan, consultation = _consultation(repository, ident, on)
            title, subject = render_consultation(ctx, plan, consultation)
            files = [*base_files, plan.file, consultation.file]
            doc_date = _approval_date(plan.approved)
        elif kind == "network":
            from kpss_cli.network import compute_network
            from kpss_cli.render.network import render_network

            network_year = _year(ident, "network")
            title, subject = render_network(ctx, compute_network(repository, network_year))
            files = [*base_files] + [p.file for p in repository.plans_in_order() if p.holds(network_year)]
        else:
            from kpss_cli.render.catalogue import render_catalogue

            if ident is not None:
                raise UsageError(_("`kpss render catalogue` takes no ID"))
            title, subject = render_catalogue(ctx)
            files = base_files
        warnings = _scan(documents or {}, files)
        properties = Properties(
            title=title,
            subject=subject,
            author=_author(repository),
            keywords=_keywords(lang),
            category=_category(ctx, kind),
            language="cs-CZ" if lang == "cs" else "en-GB",
            date=doc_date,
        )
        territory = ctx.territory
        footer = title if not territory or territory in title else f"{title} \u2013 {territory}"
        content = ctx.b.save(properties, footer_title=footer if len(footer) <= 100 else title)
    finally:
        ctx.b.close()  # the temporary file of a streamed body, also when rendering fails
    return Rendered(kind, content, title, warnings)


def _plan(repository: Repository, ident: str | None, on: dt.date) -> Any:
    if ident is None:
        plan = repository.default_plan(on)
        if plan is None:
            raise KpssError(_("the repository has no plan (plans/<id>/plan.yaml)"))
        return plan
    plan = repository.plans.get(ident)
    if plan is None:
        known = ", ".join(p.id for p in repository.plans_in_order()) or "none"
        raise KpssError(_("no plan '{ident}' in the repository (plans: {known})").format(ident=ident, known=known))
    return plan


def _category(ctx: Any, kind: str) -> str:
    if kind == "consultation":
        from kpss_cli.render.participation import t

        return t(ctx, "doc")
    keys = {
        "plan": "plan_doc",
        "action-plan": "ap_doc",
        "report": "report_doc",
        "catalogue": "cat_doc",
        "network": "net_doc",
    }
    return str(ctx.t(keys[kind]))


def _consultation(repository: Repository, ident: str | None, on: dt.date) -> tuple[Any, Any]:
    """The plan (default: the current one) and its consultation.yaml, or a clear error."""
    plan = _plan(repository, ident, on)
    consultation = repository.consultations.get(plan.id)
    if consultation is None:
        having = ", ".join(sorted(repository.consultations)) or "none"
        raise KpssError(
            _(
                "plan {id} has no consultation (plans/{id}/consultation.yaml); plans with one: {having}. See "
                "docs/participation.md"
            ).format(id=plan.id, having=having)
        )
    return plan, consultation


def _action_plan(repository: Repository, ident: str | None) -> tuple[Any, Any]:
    if ident is None:
        raise UsageError(_("say which year: kpss render action-plan YEAR -o FILE.docx"))
    try:
        year = int(ident)
    except ValueError:
        raise UsageError(_("the action plan is named by its year, got '{ident}'").format(ident=ident)) from None
    plan = repository.plan_holding(year)
    if plan is None:
        raise KpssError(_("no plan holds the year {year}, so there is no action plan for it").format(year=year))
    action_plan = plan.action_plans.get(year)
    if action_plan is None:
        held = ", ".join(str(y) for y in sorted(plan.action_plans)) or "none"
        raise KpssError(
            _(
                "plan {id} has no action plan for {year} (plans/{id}/action-plans/{year}.yaml; action plans: {held}); "
                "create it with `kpss rollover {year}`"
            ).format(id=plan.id, year=year, held=held)
        )
    return plan, action_plan


def _year(ident: str | None, kind: str) -> int:
    if ident is None:
        raise UsageError(_("say which year: kpss render {kind} YEAR -o FILE.docx").format(kind=kind))
    try:
        return int(ident)
    except ValueError:
        raise UsageError(
            _("the {kind} document is named by its year, got '{ident}'").format(kind=kind, ident=ident)
        ) from None


def _approval_date(approved: dict[str, Any] | None) -> dt.date | None:
    from kpss_cli.czech import as_date

    return as_date(approved.get("date")) if approved else None


def _author(repository: Repository) -> str:
    manifest = repository.manifest
    if manifest is None:
        return ""
    return str(manifest.coordinator.get("organisation") or manifest.territory_name)


def _keywords(lang: str) -> str:
    if lang == "cs":
        return "komunitní plánování; sociální služby; KPSS"
    return "community planning; social services"


def template_document(lang: str = "cs") -> bytes:
    """The bundled reference DOCX, for a town to start its own template from."""
    from kpss_cli.render.builder import template_bytes

    if lang not in LANGS:
        raise UsageError(_("unknown language '{lang}'; use cs or en").format(lang=lang))
    return template_bytes(lang)
