"""Computing the rollover (:func:`plan_rollover`): the target plan, last year's action plan, the new file's findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kpss_cli.errors import KpssError, UsageError
from kpss_cli.findings import Finding
from kpss_cli.i18n import _, ngettext
from kpss_cli.model import ActionPlan, Plan, Repository
from kpss_cli.rollover.builder import Builder
from kpss_cli.rollover.result import Rollover, RolloverSummary
from kpss_cli.yamledit.comments import push_tail


def plan_rollover(root: Path, year: int, plan_id: str | None = None) -> Rollover:
    """Compute the action plan of ``year`` from that of ``year - 1`` (or from the plan alone)."""
    from kpss_cli.validate import validate_repository

    if not 2000 <= year <= 2100:
        raise UsageError(_("the year must lie between 2000 and 2100, got {year}").format(year=year))
    validation = validate_repository(root)
    repo = validation.repository
    _require_readable(validation.errors, {"kpss.yaml"}, plan_files=True)
    plan = _target_plan(repo, year, plan_id)
    old_plan, old_ap = _previous(repo, plan, year - 1)
    if old_ap is not None:
        _require_readable(validation.errors, {old_ap.file}, plan_files=False)
    elif old_plan is not None:
        # A last-year file with errors is not in the model; it must not pass for a missing one
        # (the new plan would be made from the plan alone and everything in it lost).
        candidate = f"plans/{old_plan.id}/action-plans/{year - 1}.yaml"
        if _exists(root, candidate):
            _require_readable(validation.errors, {candidate}, plan_files=False)
            raise KpssError(
                _("{file} could not be read; run `kpss validate`; nothing was written").format(file=candidate)
            )

    relpath = f"plans/{plan.id}/action-plans/{year}.yaml"
    summary = RolloverSummary(
        year=year,
        plan_id=plan.id,
        plan_title=plan.title,
        file=relpath,
        previous_year=year - 1,
        previous_plan_id=old_plan.id if old_ap is not None and old_plan is not None else None,
        previous_file=old_ap.file if old_ap is not None else None,
        overwrites=_exists(root, relpath),
        lang=repository_language(repo),
    )
    if old_ap is not None and old_plan is not None:
        data, style = _read_old(root, old_ap)
        Builder(repo, plan, year, summary).from_action_plan(data, old_plan, old_ap)
    else:
        from kpss_cli.yamledit import FileStyle

        data, style = _fresh_document(plan, year, summary.lang), FileStyle()
        Builder(repo, plan, year, summary).from_plan(data)

    from kpss_cli.yamledit import dump_roundtrip

    text = dump_roundtrip(data, style)
    return Rollover(root=root, summary=summary, text=text, findings=check_text(root, relpath, text))


def check_text(root: Path, relpath: str, text: str) -> list[Finding]:
    """The findings of ``text`` as the file ``relpath``, validated with the rest of the repository."""
    from kpss_cli.repo import WorkingTree
    from kpss_cli.validate import validate_repository

    checked = validate_repository(
        source=WorkingTree(root, overrides={relpath: text.encode("utf-8")})
    )
    return [f for f in checked.findings if f.file == relpath]


def _exists(root: Path, relpath: str) -> bool:
    """Whether the file is there; a folder that cannot be read (chmod 000 as a user other than
    root) is a clear refusal, not an internal error: what is in it is unknown."""
    try:
        return (root / relpath).exists()
    except OSError as exc:
        folder = relpath.rsplit("/", 1)[0]
        raise KpssError(
            f"{folder} could not be read ({exc.strerror or exc}), so kpss cannot tell whether "
            f"{relpath} exists; nothing was written"
        ) from None


def _require_readable(errors: list[Finding], files: set[str], plan_files: bool) -> None:
    """Refuse to roll over from files that have errors: the result would rest on a guess."""
    blocking = [
        f
        for f in errors
        if f.file in files
        or (plan_files and f.file.startswith("plans/") and f.file.endswith("/plan.yaml"))
    ]
    if not blocking:
        return
    shown = "\n".join(f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in blocking[:8])
    left = len(blocking) - 8
    more = "\n  " + ngettext("… and {n} more", "… and {n} more", left).format(n=left) if left > 0 else ""
    raise KpssError(
        _("the files rollover reads have errors; fix them first (run `kpss validate`), nothing was written:")
        + f"\n{shown}{more}"
    )


def _target_plan(repo: Repository, year: int, plan_id: str | None) -> Plan:
    """The plan the new action plan belongs to: ``--plan``, else the plan whose period holds the year."""
    plans = repo.plans_in_order()
    known = ", ".join(p.id for p in plans) or _("none")
    if plan_id is not None:
        plan = repo.plans.get(plan_id)
        if plan is None:
            raise UsageError(
                _("there is no plan '{plan}' (plans/{plan}/plan.yaml); known plans: {plans}").format(
                    plan=plan_id, plans=known
                )
            )
        if not plan.holds(year):
            raise UsageError(
                _("plan {plan} covers {start}–{end}, so it cannot have an action plan for {year}").format(
                    plan=plan.id, start=plan.start, end=plan.end, year=year
                )
            )
        return plan
    plan = repo.plan_holding(year)
    if plan is not None:
        return plan
    if not plans:
        raise KpssError(
            _(
                "the repository has no plan yet; create one whose period holds {year} first: "
                "plans/<start>-<end>/plan.yaml (for example plans/{year}-{end}/plan.yaml with "
                "period start {year}, end {end}), then run `kpss rollover {year}` again"
            ).format(year=year, end=year + 3)
        )
    latest = plans[-1]
    if year > latest.end:
        length = latest.end - latest.start + 1
        start = latest.end + 1
        while start + length - 1 < year:
            start += length
        end = start + length - 1
        raise KpssError(
            _(
                "no plan covers {year}: the latest plan {latest} ends in {latest_end}. Create the next "
                'community plan first: plans/{start}-{end}/plan.yaml with id "{start}-{end}", '
                'period {start}–{end} and previous: "{latest}"; give each measure that goes on '
                'continues: "{latest}/<measure id>" so rollover can carry its items. '
                "Then run `kpss rollover {year}` again."
            ).format(year=year, latest=latest.id, latest_end=latest.end, start=start, end=end)
        )
    periods = ", ".join(f"{p.id}" for p in plans)
    raise KpssError(
        _(
            "no plan covers {year} (plans: {plans}); create the plan first: "
            "plans/<start>-<end>/plan.yaml with a period that holds {year}, then run `kpss rollover {year}` again"
        ).format(year=year, plans=periods)
    )


def _previous(
    repo: Repository, plan: Plan, prev_year: int
) -> tuple[Plan | None, ActionPlan | None]:
    """The plan holding last year (this one, else its ``previous``, else any) and its action plan."""
    if plan.holds(prev_year):
        old_plan: Plan | None = plan
    else:
        old_plan = None
        if (
            plan.previous
            and plan.previous in repo.plans
            and repo.plans[plan.previous].holds(prev_year)
        ):
            old_plan = repo.plans[plan.previous]
        else:
            holding = [p for p in repo.plans_in_order() if p.holds(prev_year) and p is not plan]
            old_plan = holding[-1] if holding else None
    if old_plan is None:
        return None, None
    return old_plan, old_plan.action_plans.get(prev_year)


def _read_old(root: Path, old_ap: ActionPlan) -> tuple[Any, Any]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from kpss_cli.yamledit import read_roundtrip

    data, style = read_roundtrip(root / old_ap.file)
    items = data.get("items") if isinstance(data, CommentedMap) else None
    if (
        not isinstance(items, CommentedSeq)
        or len(items) != len(old_ap.items)
        or any(
            not isinstance(cm, CommentedMap) or str(cm.get("measure")) != it.measure
            for cm, it in zip(items, old_ap.items, strict=True)
        )
    ):
        raise KpssError(_("{file} changed while it was read; run the command again").format(file=old_ap.file))
    return data, style


def repository_language(repo: Repository) -> str:
    """``language`` of kpss.yaml (cs or en): what rollover writes into the repository is in it."""
    manifest = repo.manifest
    return "en" if manifest is not None and manifest.data.get("language") == "en" else "cs"


def _fresh_document(plan: Plan, year: int, lang: str = "cs") -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    data = CommentedMap()
    data["plan"] = DoubleQuotedScalarString(plan.id)
    data["year"] = year
    data["status"] = "draft"
    data["items"] = CommentedSeq()
    head = "Action plan" if lang == "en" else "Akční plán"
    data.yaml_set_start_comment(f"{head} {year} – {plan.title}")
    push_tail(data, "status", "\n")
    return data
