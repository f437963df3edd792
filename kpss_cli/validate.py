"""``kpss validate``: schema checks and the cross-file rules (docs/rules.md) -> list[Finding]. Never prints.

Semantic rules run on files that passed their schema: a file with a schema error gets only its
schema findings, so one mistake is not reported again as ten broken references.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpss_cli import model
from kpss_cli.errors import KpssError
from kpss_cli.findings import ERROR, WARNING, Finding, sort_findings
from kpss_cli.i18n import N_, _, language, ngettext
from kpss_cli.loader import MAX_BYTES, Document, collector_paused, json_path, load_bytes, too_large
from kpss_cli.repo import (
    SCHEMA_OF_KIND,
    RepoFile,
    Source,
    Subset,
    WorkingTree,
    affected_by,
    classify,
    files_needed_for,
)
from kpss_cli.rules import severity


def today() -> dt.date:
    """The current date; ``KPSS_TODAY=YYYY-MM-DD`` fixes it (reproducible CI and tests)."""
    fixed = os.environ.get("KPSS_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise KpssError(_("KPSS_TODAY must be a date YYYY-MM-DD, got {value}").format(value=repr(fixed))) from None
    return dt.date.today()


@dataclass
class Validation:
    """What validate found, and the model of the valid files (for other commands)."""

    findings: list[Finding]
    repository: model.Repository
    documents: dict[str, Document] = field(default_factory=dict)
    files: list[RepoFile] = field(default_factory=list)
    invalid_files: set[str] = field(default_factory=set)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]


def load_documents(source: Source, files: Iterable[RepoFile], fast: bool = False) -> dict[str, Document]:
    """Read and parse every file (size checked before reading). With ``fast``, each file is read
    on the fast path when it can be (kpss_cli/fastload.py: a Document without positions)."""
    docs: dict[str, Document] = {}
    raws: list[tuple[str, bytes]] = []
    for f in files:
        try:
            size = source.size(f.path)
            if size > MAX_BYTES:
                docs[f.path] = too_large(f.path, size)
                continue
            raw = source.read(f.path)
        except OSError as exc:
            raise KpssError(_("cannot read {file}: {reason}").format(file=f.path, reason=exc.strerror or exc)) from None
        if fast:
            raws.append((f.path, raw))
            docs[f.path] = None  # type: ignore[assignment]  # (keeps the order of the files)
        else:
            docs[f.path] = load_bytes(raw, f.path)
    if raws:
        from kpss_cli import fastload

        for (path, raw), doc in zip(raws, fastload.load_many(raws).values(), strict=True):
            docs[path] = doc if doc is not None else load_bytes(raw, path)
    return docs


def _unreadable_findings(source: Source) -> list[Finding]:
    """Links out of the repository, FIFOs, folders named like files, unreadable folders."""
    return [
        Finding(p.path, 1, 1, p.code, severity(p.code), p.message, "$")
        for p in getattr(source, "problems", [])
    ]


def validate_repository(
    root: Path | None = None,
    paths: list[str] | None = None,
    source: Source | None = None,
    on: dt.date | None = None,
    *,
    unread: Iterable[str] = (),
) -> Validation:
    """Validate the whole repository; with ``paths`` (changed or deleted files), report the
    findings of those files and of the files their change can break (``repo.affected_by``).

    ``unread`` names files the caller deliberately left out of ``source`` (e.g. services.yaml
    or another plan's plan.yaml, for a report): references into them are not checked instead
    of reported as unresolved.
    """
    if source is None:
        if root is None:
            raise KpssError(_("no repository given"))
        source = WorkingTree(root)
    unread = set(unread)
    report: set[str] = set()
    if paths is not None:
        # Findings are wanted for the files a change of ``paths`` can affect (a pre-commit hook):
        # read just what those depend on.
        listed = [f for f in (classify(p) for p in source.list_files()) if f is not None]
        report = affected_by(listed, paths)
        needed = files_needed_for(listed, report)
        unread |= {f.path for f in listed if f.path not in needed}
        source = Subset(source, needed)
    files = [f for f in (classify(p) for p in source.list_files()) if f is not None]
    wanted = [f for f in files if f.kind != "misplaced"]
    with collector_paused():  # the data and the model are large and acyclic
        # Positions are needed only for findings: files are read without them where the fast
        # path can (kpss_cli/fastload.py); a finding in such a file reads it again on the exact
        # path for its positions (loader.Document.exact), so findings are those of the exact path.
        docs = load_documents(source, wanted, fast=_fast_path())
        checker = _Checker(files, docs, on or today(), getattr(source, "root", None))
        checker.unread = unread
        findings = checker.run() + _unreadable_findings(source)
    if paths is not None:
        findings = [f for f in findings if f.file in report]
    return Validation(sort_findings(findings), checker.repo, docs, files, checker.invalid)


def _fast_path() -> bool:
    """Whether to try the fast path (``KPSS_LOADER=exact`` turns it off; so does a missing ryml)."""
    from kpss_cli import fastload

    return fastload.enabled()


def require_valid(validation: Validation, what: str | None = None) -> model.Repository:
    """The model, or a KpssError listing the first errors when the repository is invalid."""
    errors = validation.errors
    if errors:
        shown = "\n".join(f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in errors[:5])
        left = len(errors) - 5
        more = "\n  " + ngettext("… and {n} more", "… and {n} more", left).format(n=left) if left > 0 else ""
        head = ngettext(
            "{what} has {n} error; fix it first (run `kpss validate`):",
            "{what} has {n} errors; fix them first (run `kpss validate`):",
            len(errors),
        ).format(what=what or _("the repository"), n=len(errors))
        raise KpssError(f"{head}\n{shown}{more}")
    return validation.repository


def meeting_plans(repository: model.Repository, year: int) -> list[model.Plan]:
    """The plans a meeting of ``year`` can discuss: the one holding the year and one that starts
    the year after (being prepared)."""
    return [p for p in repository.plans_in_order() if p.holds(year) or p.start == year + 1]


def ico_valid(ico: str) -> bool:
    """The IČO check digit: weights 8..2 on the first seven digits, (11 - s mod 11) mod 10."""
    if len(ico) != 8 or not ico.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(ico[:7], range(8, 1, -1), strict=False))
    return (11 - total % 11) % 10 == int(ico[7])


def _ids(values: Iterable[str]) -> str:
    listed = list(values)
    if not listed:
        return _("none")
    shown = ", ".join(listed[:12])
    return shown + (", " + _("… ({n} in all)").format(n=len(listed)) if len(listed) > 12 else "")


def _coded(table: str, code: str) -> str:
    """``approved = schváleno``: a code with its label (code list ``table``) in the language of the run."""
    from kpss_cli.codes import CODE_LISTS, label

    shown = label(CODE_LISTS[table], code, language())
    return f"{code} = {shown}" if shown != code else code


# What _unique names in "duplicate … id" (the Czech is a noun in the nominative).
UNIQUE_WHAT = {
    "provider": N_("provider"),
    "service": N_("service"),
    "group": N_("group"),
    "need": N_("need"),
    "comment": N_("consultation comment"),
    "application": N_("application"),
    "priority, measure or activity": N_("priority, measure or activity"),
    "measure in the action plan": N_("measure in the action plan"),
}

# The value of an indicator _check_value speaks of.
VALUE_WHAT = {"target": N_("target"), "baseline": N_("baseline"), "actual value": N_("actual value")}


def check_document(doc: Document, kind: str) -> tuple[list[Finding], bool]:
    """The per-document check, for ``validate`` and ``diff`` alike: the loader's findings, then
    the file must hold a mapping of keys (KP010), then its schema (KP1xx).

    Returns the findings and whether the document is valid (its data can be built into the
    model). An empty services.yaml or groups.yaml counts as ``{}`` (``doc.data`` is set so).
    """
    from kpss_cli.schemas import validate_document

    if not doc.ok:
        return list(doc.findings), False
    if doc.data is None and kind in ("services", "groups"):
        doc.data = {}
    if not isinstance(doc.data, dict):
        if doc.data is None:
            template = _("the file is empty; it must hold a mapping of keys (see `kpss schema {schema}`)")
        elif isinstance(doc.data, list):
            template = _("the file is a list; it must hold a mapping of keys (see `kpss schema {schema}`)")
        else:
            template = _("the file is a single value; it must hold a mapping of keys (see `kpss schema {schema}`)")
        kp010 = Finding(doc.file, 1, 1, "KP010", ERROR, template.format(schema=SCHEMA_OF_KIND[kind]), "$")
        return [*doc.findings, kp010], False
    schema_findings = validate_document(doc, SCHEMA_OF_KIND[kind])
    return [*doc.findings, *schema_findings], not schema_findings


class _Checker:
    def __init__(self, files: list[RepoFile], docs: dict[str, Document], on: dt.date, root: Path | None = None) -> None:
        self.root = root
        self.files = files
        self.docs = docs
        self.on = on
        self.findings: list[Finding] = []
        self.repo = model.Repository()
        self.invalid: set[str] = set()
        self.valid_docs: dict[str, Document] = {}
        self.unread: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------
    def add(self, file: str, path: tuple[Any, ...], code: str, message: str, key: bool = False) -> None:
        doc = self.docs.get(file)
        line, col = doc.locate(path, key=key) if doc is not None else (1, 1)
        self.findings.append(Finding(file, line, col, code, severity(code), message, json_path(path)))

    # -- phases ----------------------------------------------------------------------------
    def run(self) -> list[Finding]:
        for f in self.files:
            if f.kind == "misplaced":
                message = (
                    _(
                        "this YAML file fits no place of the repository layout; only "
                        "meetings/<YYYY-MM-DD>-<group-id>.yaml (e.g. meetings/2025-03-12-ps-seniori.yaml) is read "
                        "there, so this file would be ignored"
                    )
                    if f.path.startswith("meetings/")
                    else _(
                        "this YAML file fits no place of the repository layout; plans/<plan-id>/plan.yaml, "
                        "plans/<plan-id>/action-plans/<year>.yaml and plans/<plan-id>/consultation.yaml are read, "
                        "so this file would be ignored"
                    )
                )
                self.findings.append(Finding(f.path, 1, 1, "KP009", ERROR, message, "$"))
                continue
            doc = self.docs[f.path]
            found, valid = check_document(doc, f.kind)
            self.findings.extend(found)
            if not valid:
                self.invalid.add(f.path)
                continue
            self.valid_docs[f.path] = doc
        self.build()
        self.check_services()
        self.check_groups()
        self.check_plans()
        self.check_action_plans()
        self.check_consultations()
        self.check_meetings()
        self.check_manifest()
        self.check_network()
        self.check_cofinancing()
        self.check_grants()
        self.check_hidden_text()
        self.warnings()
        return self.findings

    def build(self) -> None:
        repo = self.repo
        for f in self.files:
            doc = self.valid_docs.get(f.path)
            if doc is None:
                continue
            if f.kind == "manifest":
                repo.manifest = model.build_manifest(doc.data)
            elif f.kind == "services":
                repo.providers, repo.services = model.build_services(doc.data)
            elif f.kind == "groups":
                repo.groups = model.build_groups(doc.data)
            elif f.kind == "plan":
                built = model.build_plan(doc.data, f.path)
                repo.plans[f.plan_id or built.id] = built
            elif f.kind == "grants":
                repo.grants[f.path] = model.build_grants(doc.data, f.path)
        for f in self.files:
            doc = self.valid_docs.get(f.path)
            if doc is None or f.kind != "action_plan":
                continue
            ap = model.build_action_plan(doc.data, f.path)
            plan = repo.plans.get(f.plan_id or "")
            if plan is None:
                if f"plans/{f.plan_id}/plan.yaml" not in self.docs:
                    self.add(
                        f.path,
                        ("plan",),
                        "KP205",
                        _(
                            "there is no plans/{plan}/plan.yaml for this action plan; "
                            "create the plan or move the file into the folder of its plan"
                        ).format(plan=f.plan_id),
                    )
                continue
            folder_id = f.plan_id or plan.id
            if ap.plan_id != folder_id:
                self.add(
                    f.path,
                    ("plan",),
                    "KP205",
                    _(
                        "the action plan says plan '{plan}' but lies in the folder of plan '{folder}'; "
                        'write plan: "{folder}"'
                    ).format(plan=ap.plan_id, folder=folder_id),
                )
            if str(ap.year) != f.year_text:
                self.add(
                    f.path,
                    ("year",),
                    "KP203",
                    _(
                        "year {year} does not match the file name {name}.yaml; "
                        "rename the file to {year}.yaml or fix the year"
                    ).format(year=ap.year, name=f.year_text),
                )
            if plan.start <= plan.end and not plan.holds(ap.year):
                self.add(
                    f.path,
                    ("year",),
                    "KP204",
                    _("year {year} lies outside the period {start}–{end} of plan {plan}").format(
                        year=ap.year, start=plan.start, end=plan.end, plan=plan.id
                    ),
                )
            if ap.year not in plan.action_plans:
                plan.action_plans[ap.year] = ap
        for f in self.files:
            doc = self.valid_docs.get(f.path)
            if doc is None:
                continue
            if f.kind == "consultation":
                repo.consultations[f.plan_id or ""] = model.build_consultation(doc.data, f.plan_id or "", f.path)
            elif f.kind == "meeting":
                repo.meetings.append(model.build_meeting(doc.data, f.path))
        repo.meetings.sort(key=lambda m: (m.date, m.group, m.file))

    # -- services.yaml -----------------------------------------------------------------------
    def check_services(self) -> None:
        file = "services.yaml"
        if file not in self.valid_docs:
            return
        repo = self.repo
        self._unique(file, [(p.id, p.path) for p in repo.providers], "provider")
        self._unique(file, [(s.id, s.path) for s in repo.services], "service")
        provider_ids = [p.id for p in repo.providers]
        known = set(provider_ids)
        for p in repo.providers:
            if p.ico and not ico_valid(p.ico):
                self.add(
                    file,
                    (*p.path, "ico"),
                    "KP225",
                    _(
                        "IČO {ico} of provider {provider} has a wrong check digit; "
                        "check it in the business register (ARES)"
                    ).format(ico=p.ico, provider=p.id),
                )
        for s in repo.services:
            if s.provider not in known:
                self.add(
                    file,
                    (*s.path, "provider"),
                    "KP210",
                    _(
                        "service {service} names provider '{provider}', which is not in providers; "
                        "known providers: {known}"
                    ).format(service=s.id, provider=s.provider, known=_ids(provider_ids)),
                )

    # -- groups.yaml ---------------------------------------------------------------------------
    def check_groups(self) -> None:
        if "groups.yaml" in self.valid_docs:
            self._unique("groups.yaml", [(g.id, g.path) for g in self.repo.groups], "group")

    # -- plans -------------------------------------------------------------------------------
    def check_plans(self) -> None:
        repo = self.repo
        services_known = "services.yaml" not in self.unread and (
            "services.yaml" in self.valid_docs or "services.yaml" not in self.docs
        )
        groups_known = "groups.yaml" not in self.unread and (
            "groups.yaml" in self.valid_docs or "groups.yaml" not in self.docs
        )
        service_ids = {s.id for s in repo.services}
        group_ids = [g.id for g in repo.groups]
        all_plan_files = {f.plan_id: f.path for f in self.files if f.kind == "plan"}
        for unread_file in (classify(u) for u in self.unread):
            if unread_file is not None and unread_file.kind == "plan":
                # A plan left unread exists: references to it are not checked (as for unread services).
                all_plan_files.setdefault(unread_file.plan_id, unread_file.path)
        for folder_id, plan in repo.plans.items():
            file = plan.file
            if plan.id != folder_id:
                self.add(
                    file,
                    ("id",),
                    "KP201",
                    _(
                        "the plan id '{plan}' differs from its folder plans/{folder}/; "
                        'write id: "{folder}" or rename the folder'
                    ).format(plan=plan.id, folder=folder_id),
                )
            expected_id = f"{plan.start}-{plan.end}"
            if plan.start > plan.end:
                self.add(
                    file,
                    ("period",),
                    "KP202",
                    _("the period starts in {start}, after its end {end}").format(start=plan.start, end=plan.end),
                )
            elif plan.id != expected_id and folder_id != expected_id:
                self.add(
                    file,
                    ("period",),
                    "KP202",
                    _(
                        'the period {start}–{end} does not match the plan id \'{plan}\' (expected id "{expected}")'
                    ).format(start=plan.start, end=plan.end, plan=plan.id, expected=expected_id),
                )
            if plan.previous is not None:
                prev = repo.plans.get(plan.previous)
                if prev is None and plan.previous not in all_plan_files:
                    self.add(
                        file,
                        ("previous",),
                        "KP207",
                        _("previous plan '{previous}' does not exist; known plans: {known}").format(
                            previous=plan.previous, known=_ids(sorted(repo.plans))
                        ),
                    )
                elif prev is not None and not prev.start < plan.start:
                    self.add(
                        file,
                        ("previous",),
                        "KP207",
                        _(
                            "previous plan '{previous}' ({previous_start}–{previous_end}) does not start before "
                            "this plan ({start}–{end})"
                        ).format(
                            previous=plan.previous,
                            previous_start=prev.start,
                            previous_end=prev.end,
                            start=plan.start,
                            end=plan.end,
                        ),
                    )
            self._check_plan_ids(plan)
            need_ids = [n.id for n in plan.needs]
            for priority in plan.priorities:
                if priority.working_group and groups_known and priority.working_group not in group_ids:
                    self.add(
                        file,
                        (*priority.path, "working_group"),
                        "KP212",
                        _(
                            "priority {priority} names working group '{group}', which is not in groups.yaml; "
                            "known groups: {known}"
                        ).format(priority=priority.id, group=priority.working_group, known=_ids(group_ids)),
                    )
                for m in priority.measures:
                    self._check_measure(plan, m, service_ids if services_known else None, need_ids, all_plan_files)

    def _check_plan_ids(self, plan: model.Plan) -> None:
        entries: list[tuple[str, tuple[Any, ...]]] = []
        for p in plan.priorities:
            entries.append((p.id, p.path))
            for m in p.measures:
                entries.append((m.id, m.path))
                entries.extend((a.id, a.path) for a in m.activities)
                self._unique(
                    plan.file,
                    [(i.id, i.path) for i in m.indicators],
                    _("indicator of measure {measure}").format(measure=m.id),
                )
        self._unique(plan.file, entries, "priority, measure or activity")
        self._unique(plan.file, [(n.id, n.path) for n in plan.needs], "need")

    def _check_measure(
        self,
        plan: model.Plan,
        m: model.Measure,
        service_ids: set[str] | None,
        need_ids: list[str],
        all_plan_files: dict[str | None, str],
    ) -> None:
        file = plan.file
        start, end = m.active_years
        # A reversed period or reversed years is reported once; the year checks that depend on it
        # would only repeat the same mistake.
        years_ok = plan.start <= plan.end and start <= end
        if m.years is not None:
            if m.years[0] > m.years[1]:
                self.add(
                    file,
                    (*m.path, "years"),
                    "KP220",
                    _("measure {measure} runs from {start} to {end}: 'from' is after 'to'").format(
                        measure=m.id, start=m.years[0], end=m.years[1]
                    ),
                )
            elif plan.start <= plan.end and (m.years[0] < plan.start or m.years[1] > plan.end):
                bound = "from" if m.years[0] < plan.start else "to"
                self.add(
                    file,
                    (*m.path, "years", bound),
                    "KP220",
                    _("measure {measure} runs {start}–{end}, outside the plan period {plan_start}–{plan_end}").format(
                        measure=m.id, start=m.years[0], end=m.years[1], plan_start=plan.start, plan_end=plan.end
                    ),
                )
        self._check_indicators(file, m, start, end, years_ok)
        if not years_ok:
            return
        for year in m.budget:
            if not start <= year <= end:
                path = (*m.path, "budget", str(year))
                message = _("measure {measure} has a budget for {year}, but it runs only {start}–{end}")
                self._year_outside(file, path, message.format(measure=m.id, year=year, start=start, end=end))
        if service_ids is not None:
            for i, sid in enumerate(m.services):
                if sid not in service_ids:
                    self.add(
                        file,
                        (*m.path, "services", i),
                        "KP211",
                        _("measure {measure} names service '{service}', which is not in services.yaml").format(
                            measure=m.id, service=sid
                        ),
                    )
        for i, nid in enumerate(m.addresses):
            if nid not in need_ids:
                self.add(
                    file,
                    (*m.path, "addresses", i),
                    "KP213",
                    _(
                        "measure {measure} addresses need '{need}', which is not in this plan's needs; "
                        "known needs: {known}"
                    ).format(measure=m.id, need=nid, known=_ids(need_ids)),
                )
        self._check_continues(file, m, plan, all_plan_files)
        for a in m.activities:
            if a.years is not None:
                if a.years[0] > a.years[1]:
                    self.add(
                        file,
                        (*a.path, "years"),
                        "KP221",
                        _("activity {activity} runs from {start} to {end}: 'from' is after 'to'").format(
                            activity=a.id, start=a.years[0], end=a.years[1]
                        ),
                    )
                    continue
                if a.years[0] < start or a.years[1] > end:
                    bound = "from" if a.years[0] < start else "to"
                    self.add(
                        file,
                        (*a.path, "years", bound),
                        "KP221",
                        _(
                            "activity {activity} runs {start}–{end}, "
                            "outside the years {measure_start}–{measure_end} of measure {measure}"
                        ).format(
                            activity=a.id,
                            start=a.years[0],
                            end=a.years[1],
                            measure_start=start,
                            measure_end=end,
                            measure=m.id,
                        ),
                    )
            a_start, a_end = a.years or (start, end)
            for year in a.budget:
                if not a_start <= year <= a_end:
                    path = (*a.path, "budget", str(year))
                    message = _("activity {activity} has a budget for {year}, but it runs only {start}–{end}")
                    self._year_outside(file, path, message.format(activity=a.id, year=year, start=a_start, end=a_end))

    def _check_continues(self, file: str, m: model.Measure, plan: model.Plan, all_plan_files: Any) -> None:
        """KP208: ``continues`` names a measure of an earlier plan of the repository."""
        if m.continues_ref is None:
            return
        plan_id, measure_id = m.continues_ref
        earlier = self.repo.plans.get(plan_id)
        if earlier is None:
            if plan_id not in all_plan_files:
                self.add(
                    file,
                    (*m.path, "continues"),
                    "KP208",
                    _(
                        "measure {measure} continues '{continues}', but there is no plan '{plan}'; "
                        "known plans: {known}"
                    ).format(measure=m.id, continues=m.continues, plan=plan_id, known=_ids(sorted(self.repo.plans))),
                )
        elif not earlier.start < plan.start:
            self.add(
                file,
                (*m.path, "continues"),
                "KP208",
                _(
                    "measure {measure} continues a measure of plan '{plan}', which does not start before this plan"
                ).format(measure=m.id, plan=plan_id),
            )
        elif earlier.measure(measure_id) is None:
            self.add(
                file,
                (*m.path, "continues"),
                "KP208",
                _(
                    "measure {measure} continues measure {earlier}, which does not exist in plan {plan}; "
                    "known measures: {known}"
                ).format(measure=m.id, earlier=measure_id, plan=plan_id, known=_ids(earlier.measures_by_id)),
            )

    def _year_outside(self, file: str, path: tuple[Any, ...], message: str) -> None:
        """KP222: a budget or target for a year in which its measure or activity does not run."""
        self.add(file, path, "KP222", message, key=True)

    def _check_indicators(self, file: str, m: model.Measure, start: int, end: int, years_ok: bool) -> None:
        for ind in m.indicators:
            self._check_value(file, ind, (*ind.path, "target"), ind.target, lambda: _(VALUE_WHAT["target"]))
            if ind.baseline is not None:
                self._check_value(
                    file, ind, (*ind.path, "baseline", "value"), ind.baseline.get("value"),
                    lambda: _(VALUE_WHAT["baseline"]),
                )
            for year, value in ind.targets.items():
                path = (*ind.path, "targets", str(year))
                if years_ok and not start <= year <= end:
                    message = _(
                        "indicator {indicator} has a target for {year}, but measure {measure} runs only {start}–{end}"
                    )
                    self._year_outside(
                        file, path, message.format(indicator=ind.id, year=year, measure=m.id, start=start, end=end)
                    )
                self._check_value(file, ind, path, value, lambda year=year: _("target for {year}").format(year=year))

    def _check_value(
        self, file: str, ind: model.Indicator, path: tuple[Any, ...], value: Any, what_of: Callable[[], str]
    ) -> None:
        """KP224 when a value does not fit the kind of its indicator. ``what_of`` names the value
        ("target for 2025"); it is called only for a finding (a translation for each of a
        hundred thousand values was a tenth of validate on 10,016 measures)."""
        if ind.kind == "boolean":
            if not isinstance(value, bool):
                self.add(
                    file,
                    path,
                    "KP224",
                    _(
                        "indicator {indicator} is a yes/no (boolean) indicator, "
                        "so its {what} must be true or false, not {value}"
                    ).format(indicator=ind.id, what=what_of(), value=value),
                )
        elif isinstance(value, bool):
            self.add(
                file,
                path,
                "KP224",
                _(
                    "indicator {indicator} is measured by a number ({kind}), so its {what} must be a number, "
                    "not {value} (or set kind: boolean)"
                ).format(
                    indicator=ind.id, kind=_coded("indicator_kind", ind.kind), what=what_of(), value=str(value).lower()
                ),
            )

    # -- action plans ------------------------------------------------------------------------
    def check_action_plans(self) -> None:
        for plan in self.repo.plans.values():
            for ap in plan.action_plans.values():
                self._check_action_plan(plan, ap)

    def _check_action_plan(self, plan: model.Plan, ap: model.ActionPlan) -> None:
        file = ap.file
        self._unique(file, [(it.measure, it.path) for it in ap.items], "measure in the action plan", id_key="measure")
        known = list(plan.measures_by_id)
        # An action plan outside its plan's period (KP204) or a reversed period (KP202) is reported
        # once; every item would otherwise repeat it as "measure not active".
        year_checks = plan.start <= plan.end and plan.holds(ap.year)
        for it in ap.items:
            m = plan.measure(it.measure)
            if m is None:
                self.add(
                    file,
                    (*it.path, "measure"),
                    "KP214",
                    _("measure {measure} does not exist in plan {plan}; known measures: {known}").format(
                        measure=it.measure, plan=plan.id, known=_ids(known)
                    ),
                )
                continue
            if year_checks and m.active_years[0] <= m.active_years[1] and not m.is_active(ap.year):
                start, end = m.active_years
                self.add(
                    file,
                    (*it.path, "measure"),
                    "KP223",
                    _("measure {measure} runs {start}–{end}, so it cannot be in the action plan of {year}").format(
                        measure=m.id, start=start, end=end, year=ap.year
                    ),
                )
            activity_ids = [a.id for a in m.activities]
            for i, aid in enumerate(it.activities):
                if aid not in activity_ids:
                    self.add(
                        file,
                        (*it.path, "activities", i),
                        "KP215",
                        _(
                            "activity '{activity}' is not an activity of measure {measure}; its activities: {known}"
                        ).format(activity=aid, measure=m.id, known=_ids(activity_ids)),
                    )
            indicator_ids = [ind.id for ind in m.indicators]
            for iid, value in it.targets.items():
                self._item_value(file, m, (*it.path, "targets", iid), iid, value, indicator_ids, "target")
            if it.carried_over is not None and it.carried_over >= ap.year:
                self.add(
                    file,
                    (*it.path, "carried_over"),
                    "KP226",
                    _("carried_over {carried} must be a year before {year}").format(
                        carried=it.carried_over, year=ap.year
                    ),
                )
            if it.result is not None:
                for iid, actual in it.result.actuals.items():
                    self._item_value(
                        file, m, (*it.path, "result", "actuals", iid), iid, actual, indicator_ids, "actual value"
                    )

    def _item_value(
        self,
        file: str,
        m: model.Measure,
        path: tuple[Any, ...],
        iid: str,
        value: Any,
        indicator_ids: list[str],
        what: str,
    ) -> None:
        ind = m.indicator(iid)
        if ind is None:
            self.add(
                file,
                path,
                "KP216",
                _("'{indicator}' is not an indicator of measure {measure}; its indicators: {known}").format(
                    indicator=iid, measure=m.id, known=_ids(indicator_ids)
                ),
                key=True,
            )
            return
        if value is None and what == "actual value":
            return  # null: asked for, not reported yet (pending)
        self._check_value(file, ind, path, value, lambda: _(VALUE_WHAT[what]))

    # -- participation: consultation.yaml and meetings/ -----------------------------------------
    def check_consultations(self) -> None:
        for plan_id, consultation in self.repo.consultations.items():
            file = consultation.file
            plan = self.repo.plans.get(plan_id)
            if plan is None:
                plan_file = f"plans/{plan_id}/plan.yaml"
                if plan_file not in self.docs and plan_file not in self.unread:
                    self.add(
                        file,
                        ("opened",),
                        "KP250",
                        _(
                            "there is no {plan_file} for this consultation; keep consultation.yaml in the folder "
                            "of the plan it is about"
                        ).format(plan_file=plan_file),
                        key=True,
                    )
                # Without a valid plan its parts cannot be resolved (its own findings say why).
                continue
            self._unique(file, [(c.id, c.path) for c in consultation.comments], "comment")
            parts = {"plan": "the plan"}
            parts.update({n.id: "need" for n in plan.needs})
            for p in plan.priorities:
                parts[p.id] = "priority"
                parts.update({m.id: "measure" for m in p.measures})
            measure_ids = list(plan.measures_by_id)
            opened, closed = consultation.opened, consultation.closed
            if closed is not None and closed < opened:
                self.add(
                    file,
                    ("closed",),
                    "KP253",
                    _("the consultation closes on {closed}, before it opened on {opened}").format(
                        closed=closed, opened=opened
                    ),
                )
                closed = None
            unsettled = [c for c in consultation.comments if c.decision is None]
            for c in consultation.comments:
                if c.about is not None and c.about not in parts:
                    self.add(
                        file,
                        (*c.path, "about"),
                        "KP251",
                        _(
                            "comment {comment} is about '{about}', which is no priority, measure or need of plan "
                            "{plan}; write plan for the whole plan, or one of: {known}"
                        ).format(comment=c.id, about=c.about, plan=plan.id, known=_ids(sorted(set(parts) - {"plan"}))),
                    )
                for i, mid in enumerate(c.changed):
                    if mid not in plan.measures_by_id:
                        self.add(
                            file,
                            (*c.path, "changed", i),
                            "KP252",
                            _(
                                "comment {comment} changed measure '{measure}', which is not a measure of plan "
                                "{plan}; known measures: {known}"
                            ).format(comment=c.id, measure=mid, plan=plan.id, known=_ids(measure_ids)),
                        )
                if c.received < opened or (closed is not None and c.received > closed):
                    span = f"{opened}–{closed}" if closed is not None else _("from {opened}").format(opened=opened)
                    self.add(
                        file,
                        (*c.path, "received"),
                        "KP253",
                        _(
                            "comment {comment} was received on {received}, outside the consultation ({span}); "
                            "fix the date, or the consultation's opened/closed"
                        ).format(comment=c.id, received=c.received, span=span),
                    )
                if plan.status == "approved" and c.decision is None:
                    self.add(
                        file,
                        (*c.path, "id"),
                        "KP254",
                        _(
                            "plan {plan} is approved, but comment {comment} has no decision "
                            "({unsettled} of {total} unsettled); the settlement must be complete before approval: "
                            "add decision (accepted, partly_accepted, rejected, noted) and response"
                        ).format(
                            plan=plan.id, comment=c.id, unsettled=len(unsettled), total=len(consultation.comments)
                        ),
                    )
                elif c.decision is not None and c.response is None:
                    self.add(
                        file,
                        (*c.path, "decision"),
                        "KP450",
                        _("comment {comment} is settled ({decision}) without a reasoning; add response: saying why").format(
                            comment=c.id, decision=c.decision
                        ),
                    )

    def check_meetings(self) -> None:
        groups_known = "groups.yaml" not in self.unread and (
            "groups.yaml" in self.valid_docs or "groups.yaml" not in self.docs
        )
        group_ids = [g.id for g in self.repo.groups]
        by_path = {f.path: f for f in self.files}
        plans_ok = all(f.path in self.valid_docs for f in self.files if f.kind == "plan") and not any(
            (classify(u) or RepoFile(u, "")).kind == "plan" for u in self.unread
        )
        for meeting in self.repo.meetings:
            file = meeting.file
            f = by_path[file]
            if meeting.date != f.date_text:
                self.add(
                    file,
                    ("date",),
                    "KP256",
                    _(
                        "the date {date} differs from the file name {name}; "
                        "rename the file to meetings/{date}-{group}.yaml or fix the date"
                    ).format(date=meeting.date, name=file.rsplit("/", 1)[-1], group=meeting.group),
                )
            if meeting.group != f.group_id:
                self.add(
                    file,
                    ("group",),
                    "KP256",
                    _(
                        "the group {group} differs from the file name {name}; "
                        "rename the file to meetings/{date}-{group}.yaml or fix the group"
                    ).format(date=meeting.date, name=file.rsplit("/", 1)[-1], group=meeting.group),
                )
            if groups_known and meeting.group not in group_ids:
                self.add(
                    file,
                    ("group",),
                    "KP255",
                    _("the group '{group}' is not in groups.yaml; known groups: {known}").format(
                        group=meeting.group, known=_ids(group_ids)
                    ),
                )
            if len(meeting.members_present) > meeting.present:
                self.add(
                    file,
                    ("present",),
                    "KP259",
                    ngettext(
                        "present is {present}, but members_present names {named}",
                        "present is {present}, but members_present names {named}",
                        len(meeting.members_present),
                    ).format(present=meeting.present, named=len(meeting.members_present)),
                )
            if plans_ok:
                self._meeting_measures(meeting)
            if meeting.minutes is not None:
                self._minutes(meeting)

    def _meeting_measures(self, meeting: model.Meeting) -> None:
        plans = meeting_plans(self.repo, meeting.year)
        known: dict[str, None] = {}
        for plan in plans:
            known.update(dict.fromkeys(plan.measures_by_id))
        where = _(" or ").join(p.id for p in plans) or _("none (no plan holds {year})").format(year=meeting.year)
        for di, decision in enumerate(meeting.decisions):
            for mi, mid in enumerate(decision.measures):
                if mid not in known:
                    self.add(
                        meeting.file,
                        ("decisions", di, "measures", mi),
                        "KP257",
                        _(
                            "measure '{measure}' is not a measure of the plan of {year} ({where}); known measures: {known}"
                        ).format(measure=mid, year=meeting.year, where=where, known=_ids(known)),
                    )

    def _minutes(self, meeting: model.Meeting) -> None:
        minutes = str(meeting.minutes)
        path = ("minutes",)
        pure = minutes.replace("\\", "/")
        parts = [p for p in pure.split("/") if p not in ("", ".")]
        outside = pure.startswith("/") or (len(pure) > 1 and pure[1] == ":") or pure.startswith("~")
        depth = 0
        for part in parts:
            depth += -1 if part == ".." else 1
            outside = outside or depth < 0
        if outside:
            self.add(
                meeting.file,
                path,
                "KP258",
                _(
                    "the minutes {minutes} lie outside the repository; keep the file in the repository "
                    "and give its path relative to the folder holding kpss.yaml, e.g. zapisy/2025-03-12.pdf"
                ).format(minutes=minutes),
            )
            return
        if self.root is None:
            return
        target = self.root.joinpath(*parts)
        try:
            resolved = target.resolve()
            inside = resolved.is_relative_to(self.root.resolve())
        except OSError:
            resolved, inside = target, False
        if not inside:
            self.add(
                meeting.file,
                path,
                "KP258",
                _(
                    "the minutes {minutes} lead outside the repository (a link?); keep the file itself in the repository"
                ).format(minutes=minutes),
            )
        elif not resolved.is_file():
            self.add(
                meeting.file,
                path,
                "KP258",
                _(
                    "the minutes file {minutes} does not exist (paths are relative to the folder holding kpss.yaml)"
                ).format(minutes=minutes),
            )

    # -- manifest ----------------------------------------------------------------------------
    def check_manifest(self) -> None:
        manifest = self.repo.manifest
        if manifest is None or not manifest.template:
            return
        if self.root is None:
            return
        from kpss_cli.repo import inside

        real_root = os.path.realpath(self.root)
        # A path out of the repository is not looked at: whether it exists is none of the
        # repository's business (a pull request must not probe the CI machine).
        if not inside(os.path.realpath(self.root / manifest.template), real_root):
            self.add(
                "kpss.yaml",
                ("documents", "template"),
                "KP407",
                _(
                    "the template {template} lies outside the repository; kpss reads only files "
                    "inside it, so `kpss render` will refuse it (give --template PATH to use a file elsewhere)"
                ).format(template=manifest.template),
            )
        elif not (self.root / manifest.template).is_file():
            self.add(
                "kpss.yaml",
                ("documents", "template"),
                "KP405",
                _("the template {template} does not exist").format(template=manifest.template),
            )

    # -- the network, co-financing, grants (docs/network.md, docs/finance.md) -----------------
    def check_network(self) -> None:
        if "services.yaml" not in self.valid_docs:
            return
        for s in self.repo.services:
            entries = s.network_entries
            if len(entries) < 2:
                continue
            levelled = [(e.year, e.level) for e in entries if e.level is not None]
            if len(set(levelled)) == len(levelled):
                continue  # no year and level twice (most services): nothing to look for
            first: dict[tuple[int, str | None], int] = {}
            for e in entries:
                key = (e.year, e.level)
                if e.level is None:
                    continue  # a plain year twice is the schema's "same value twice"
                if key in first:
                    line = self.docs["services.yaml"].locate((*s.path, "network", first[key]))[0]
                    self.add(
                        "services.yaml",
                        (*s.path, "network", e.index),
                        "KP240",
                        (
                            _("service {service} is in the regional network of {year} twice (first on line "
                              "{line}); keep one entry per year and level")
                            if e.level == "kraj"
                            else _("service {service} is in the municipal network of {year} twice (first on line "
                                   "{line}); keep one entry per year and level")
                        ).format(service=s.id, year=e.year, line=line),
                    )
                else:
                    first[key] = e.index

    def check_cofinancing(self) -> None:
        from decimal import Decimal

        from kpss_cli.money import dec

        manifest = self.repo.manifest
        if manifest is None or not manifest.cofinancing or "kpss.yaml" not in self.valid_docs:
            return
        file = "kpss.yaml"
        cof = manifest.cofinancing
        key = cof.get("key")
        municipalities = manifest.municipalities
        codes_listed = [str(m.get("code")) for m in municipalities]
        if not municipalities:
            self.add(
                file,
                ("cofinancing", "key"),
                "KP245",
                _("co-financing splits the money among the municipalities of the territory, but "
                  "territory.municipalities lists none; list them with their codes"),
            )
            return
        if key == "per_capita":
            missing = [(i, m) for i, m in enumerate(municipalities) if m.get("population") is None]
            for i, m in missing:
                self.add(
                    file,
                    ("territory", "municipalities", i),
                    "KP246",
                    _("municipality {name} ({code}) has no population, which the per_capita co-financing key "
                      "needs; add population: <inhabitants>").format(name=m.get("name"), code=m.get("code")),
                )
            if not missing and sum(int(m["population"]) for m in municipalities) == 0:
                self.add(
                    file,
                    ("cofinancing", "key"),
                    "KP246",
                    _("every municipality has population 0, so nothing can be split per capita"),
                )
        shares = cof.get("shares")
        if key == "shares" and not shares:
            self.add(
                file,
                ("cofinancing", "key"),
                "KP244",
                _("the shares key needs `shares:` (municipality code → percent, adding up to 100)"),
            )
            return
        if shares:
            for code in shares:
                if code not in codes_listed:
                    self.add(
                        file,
                        ("cofinancing", "shares", code),
                        "KP245",
                        _("municipality {code} has a share but is not in territory.municipalities; the "
                          "territory's municipalities: {codes}").format(code=code, codes=_ids(codes_listed)),
                        key=True,
                    )
            summed = sum((dec(v) for v in shares.values()), Decimal(0))
            if key == "shares" and summed != 100:
                self.add(
                    file,
                    ("cofinancing", "shares"),
                    "KP244",
                    _("the co-financing shares add up to {sum} %, not 100 %").format(sum=f"{summed.normalize():f}"),
                    key=True,
                )

    def check_grants(self) -> None:
        from kpss_cli.money import ZERO, dec

        repo = self.repo
        services_known = "services.yaml" not in self.unread and (
            "services.yaml" in self.valid_docs or "services.yaml" not in self.docs
        )
        services = {s.id: s for s in repo.services}
        plans_known = all(f.path in self.valid_docs for f in self.files if f.kind == "plan") and not any(
            (classify(u) or RepoFile(u, "")).kind == "plan" for u in self.unread
        )
        year_of_file = {f.path: f.year_text for f in self.files if f.kind == "grants"}
        for path, grants in repo.grants.items():
            stem = year_of_file.get(path) or ""
            if not (stem[:4].isdigit() and stem[:4] == str(grants.year) and stem[4:5] in ("", "-")):
                self.add(
                    path,
                    ("year",),
                    "KP241",
                    _("year {year} does not match the file name {stem}.yaml; name the file grants/{year}.yaml "
                      "(or grants/{year}-<round>.yaml) or fix the year").format(year=grants.year, stem=stem),
                )
            self._unique(path, [(a.id, a.path) for a in grants.applications], "application")
            granted_sum = ZERO
            year = grants.year
            active = [m for plan in repo.plans.values() if plan.holds(year) for m in plan.measures_active_in(year)]
            named = {sid for m in active for sid in m.services}
            for a in grants.applications:
                service = services.get(a.service)
                if services_known and service is None:
                    self.add(
                        path,
                        (*a.path, "service"),
                        "KP211",
                        _("application {application} names service '{service}', which is not in "
                          "services.yaml").format(application=a.id, service=a.service),
                    )
                self._grant_order(path, a)
                if a.granted is not None:
                    granted_sum += dec(a.granted)
                if a.granted is None or dec(a.granted) == 0 or service is None:
                    continue
                if not service.network_in(grants.year):
                    self.add(
                        path,
                        (*a.path, "granted"),
                        "KP440",
                        _("application {application} grants money to service {service} ({name}), which is in no "
                          "network of services in {year}").format(
                            application=a.id, service=service.id, name=service.name, year=grants.year
                        ),
                        key=True,
                    )
                if plans_known and repo.plans and service.id not in named:
                    self.add(
                        path,
                        (*a.path, "granted"),
                        "KP441",
                        _("application {application} grants money to service {service} ({name}), which no measure "
                          "active in {year} names").format(
                            application=a.id, service=service.id, name=service.name, year=grants.year
                        ),
                        key=True,
                    )
            if granted_sum > dec(grants.budget):
                from kpss_cli import czech

                self.add(
                    path,
                    ("budget",),
                    "KP243",
                    _("the applications are granted {granted} in all, more than the budget {budget} of the "
                      "programme").format(granted=czech.money(granted_sum), budget=czech.money(dec(grants.budget))),
                )

    def _grant_order(self, path: str, a: model.Application) -> None:
        from kpss_cli import czech
        from kpss_cli.money import dec

        steps = [("granted", a.granted), ("paid", a.paid), ("settled", a.settled)]
        bound_name, bound = "requested", dec(a.requested)
        for name, value in steps:
            if value is None:
                continue
            amount = dec(value)
            if a.granted is None:
                self.add(
                    path,
                    (*a.path, name),
                    "KP242",
                    _("application {application} has {name} {amount} but no granted amount; write granted: "
                      "first").format(application=a.id, name=name, amount=czech.money(amount)),
                )
                return
            if amount > bound:
                self.add(
                    path,
                    (*a.path, name),
                    "KP242",
                    _("application {application}: {name} {amount} is more than {bound_name} {bound}; settled ≤ "
                      "paid ≤ granted ≤ requested").format(
                        application=a.id,
                        name=name,
                        amount=czech.money(amount),
                        bound_name=bound_name,
                        bound=czech.money(bound),
                    ),
                )
            bound_name, bound = name, amount

    # -- text that reads differently from what it is (docs/security.md) --------------------
    def check_hidden_text(self) -> None:
        """A warning for bidi controls (U+202E …) in an id, a title or a name, or in a key:
        they show a reviewer text in another order than the one kpss reads (Trojan Source)."""
        from kpss_cli.textsafe import BIDI_CONTROLS, visible

        clean_keys: set[Any] = set()
        for file, doc in self.docs.items():
            if not doc.ok or not doc.may_hide:
                continue  # (may_hide: the loader's search of the text found no bidi control)
            stack: list[tuple[tuple[Any, ...], Any]] = [((), doc.data)]
            while stack:
                path, node = stack.pop()
                if isinstance(node, dict):
                    # (path, key) is made a tuple only when needed: a tuple per key was most of
                    # this check's time on a big repository (bench/bench_resources.py)
                    for key, value in node.items():
                        if key in clean_keys:
                            pass
                        elif isinstance(key, str) and BIDI_CONTROLS.search(key):
                            here = (*path, key)
                            message = _("the key {key} holds a bidi control").format(key=visible(key))
                            self.add(file, here, "KP420", message, key=True)
                        else:
                            clean_keys.add(key)  # the same few key names repeat all over a file
                        if isinstance(value, str):
                            if key in ("id", "title", "name") and BIDI_CONTROLS.search(value):
                                self.add(
                                    file, (*path, key), "KP420",
                                    _(
                                        "the {key} {value} holds a bidi control character (shown escaped); "
                                        "it makes the text read in another order than the one kpss uses"
                                    ).format(key=key, value=visible(value)),
                                )
                        elif isinstance(value, (dict, list)):
                            stack.append(((*path, key), value))
                elif isinstance(node, list):
                    stack.extend(((*path, i), item) for i, item in enumerate(node) if isinstance(item, (dict, list)))

    # -- warnings ----------------------------------------------------------------------------
    def warnings(self) -> None:
        repo = self.repo
        used_services: set[str] = set()
        for plan in repo.plans.values():
            addressed: set[str] = set()
            for m in plan.measures:
                used_services.update(m.services)
                addressed.update(m.addresses)
                if not m.indicators:
                    self.add(
                        plan.file,
                        (*m.path, "id"),
                        "KP401",
                        _("measure {measure} has no indicator, so its fulfilment cannot be evaluated").format(
                            measure=m.id
                        ),
                    )
            for need in plan.needs:
                if need.id not in addressed:
                    self.add(
                        plan.file,
                        (*need.path, "id"),
                        "KP402",
                        _("need {need} is addressed by no measure of plan {plan}").format(need=need.id, plan=plan.id),
                    )
            for ap in plan.action_plans.values():
                if ap.status != "approved" or ap.year >= self.on.year:
                    continue
                for it in ap.items:
                    if it.result is None:
                        self.add(
                            ap.file,
                            (*it.path, "measure"),
                            "KP403",
                            _(
                                "the year {year} has ended but item {measure} of the approved action plan "
                                "has no result (evaluation)"
                            ).format(year=ap.year, measure=it.measure),
                        )
            self._end_target_warnings(plan)
        if repo.plans and all(f.path in self.valid_docs for f in self.files if f.kind == "plan"):
            for s in repo.services:
                if s.id not in used_services:
                    self.add(
                        "services.yaml",
                        (*s.path, "id"),
                        "KP404",
                        _("service {service} ({name}) is in no measure of any plan").format(service=s.id, name=s.name),
                    )

    def _end_target_warnings(self, plan: model.Plan) -> None:
        """KP406: a year of a multi-year develop/new measure judged against the end-of-period target.

        Rollover writes yearly targets; an action plan written by hand (or by an older kpss) may
        lack them, and then the first year of a four-year growth is judged against the fourth.
        """
        for ap in plan.action_plans.values():
            for it in ap.items:
                m = plan.measure(it.measure)
                if it.result is None or m is None or m.kind not in ("develop", "new"):
                    continue
                first, last = m.active_years
                if first == last or ap.year >= last:
                    continue
                judged = [
                    ind
                    for ind in m.indicators
                    if ind.kind == "at_least"
                    and ind.id not in it.targets
                    and ap.year not in ind.targets
                    and it.result.actuals.get(ind.id) is not None
                ]
                if not judged:
                    continue
                listed = ", ".join(
                    _("{indicator} (target {target} for {year})").format(indicator=ind.id, target=ind.target, year=last)
                    for ind in judged
                )
                self.add(
                    ap.file,
                    (*it.path, "measure"),
                    "KP406",
                    _(
                        "item {measure} of {year} is judged against the end-of-period target of {listed}, "
                        "because no target for {year} exists; give the item `targets:` for {year} "
                        "(kpss rollover writes them)"
                    ).format(measure=it.measure, year=ap.year, listed=listed),
                )

    def _unique(self, file: str, entries: list[tuple[str, tuple[Any, ...]]], what: str, id_key: str = "id") -> None:
        first: dict[str, tuple[Any, ...]] = {}
        doc = self.docs.get(file)
        for ident, path in entries:
            if ident in first:
                line = doc.locate((*first[ident], id_key))[0] if doc is not None else 0
                self.add(
                    file,
                    (*path, id_key),
                    "KP206",
                    _("duplicate {what} id '{ident}' (first used on line {line}); ids must be unique").format(
                        what=_(UNIQUE_WHAT[what]) if what in UNIQUE_WHAT else what, ident=ident, line=line
                    ),
                )
            else:
                first[ident] = path
