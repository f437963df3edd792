"""Semantic diff as data: two plan periods (``kpss diff A B``) or two git revisions (``--rev``).

Entities are compared, not lines: a change is "measure 1.2: target of indicator 1.2.a 120 → 140",
with the entity's id, how it was matched with its earlier self (``continues``, equal ``id``, or a
similar ``title`` — the last one a probable match) and its changed fields as paths relative to the
entity (``indicators[1.2.a].target``, ``budget.2024.obce``). The JSON and markdown forms are made
here too (pure functions of the result); the coloured text form lives in the CLI.

Revision diffs cost no more than the changed part of the repository: files whose blob ids are
equal at both revisions are not read, and inside a changed file the entries of a top-level list
(services, providers, groups, needs, priorities, items) whose text is the same at both revisions
are cut out before parsing (see :func:`reduce_pair`), so a one-line change in a 2 MB services.yaml
parses two small documents, not two big ones.
"""

from __future__ import annotations

from collections.abc import Callable

from kpss_cli.diff.compare import (
    compare_action_plans,
    compare_groups,
    compare_manifests,
    compare_measures,
    compare_plans,
    compare_services,
)
from kpss_cli.diff.fields import (
    HIDDEN,
    Fields,
    action_plan_fields,
    activity_fields,
    compare_fields,
    group_fields,
    hide_people,
    indicator_fields,
    item_fields,
    manifest_fields,
    measure_all_fields,
    measure_fields,
    need_fields,
    plan_fields,
    priority_fields,
    provider_fields,
    result_fields,
    same,
    service_fields,
)
from kpss_cli.diff.markdown import MARKDOWN_LIMIT, money_delta, show_money, to_markdown
from kpss_cli.diff.matching import CONTAINED_MIN, MAX_TITLE_PAIRS, PROBABLE, SIMILAR, Pair, match_entities, similarity
from kpss_cli.diff.periods import compare_periods, diff_plans, load_plan
from kpss_cli.diff.reduce import Segments, load_pair
from kpss_cli.diff.result import ADDED, CHANGED, KINDS, REMOVED, BudgetLine, Change, Diff, InvalidFile
from kpss_cli.diff.revisions import diff_revisions, parse_range
from kpss_cli.diff.words import (
    describe_change,
    describe_field,
    entity_label,
    field_label,
    invalid_message,
    is_money,
    match_note,
    shorten,
    show_value,
)
from kpss_cli.formats import json_text

# The text formats of a diff; ``text`` (coloured, grouped by file) is drawn by the CLI.
FORMATS: dict[str, Callable[[Diff], str]] = {
    "json": lambda diff: json_text(diff.to_json()),
    "markdown": to_markdown,
}

__all__ = [
    "ADDED",
    "REMOVED",
    "CHANGED",
    "KINDS",
    "Change",
    "InvalidFile",
    "BudgetLine",
    "Diff",
    "FORMATS",
    "Fields",
    "same",
    "indicator_fields",
    "activity_fields",
    "measure_fields",
    "measure_all_fields",
    "priority_fields",
    "need_fields",
    "plan_fields",
    "action_plan_fields",
    "item_fields",
    "result_fields",
    "provider_fields",
    "service_fields",
    "HIDDEN",
    "group_fields",
    "hide_people",
    "manifest_fields",
    "compare_fields",
    "SIMILAR",
    "PROBABLE",
    "CONTAINED_MIN",
    "MAX_TITLE_PAIRS",
    "Pair",
    "similarity",
    "match_entities",
    "compare_measures",
    "compare_plans",
    "compare_action_plans",
    "compare_services",
    "compare_groups",
    "compare_manifests",
    "Segments",
    "load_pair",
    "parse_range",
    "diff_revisions",
    "load_plan",
    "diff_plans",
    "compare_periods",
    "shorten",
    "is_money",
    "show_value",
    "field_label",
    "describe_field",
    "entity_label",
    "match_note",
    "describe_change",
    "invalid_message",
    "MARKDOWN_LIMIT",
    "to_markdown",
    "show_money",
    "money_delta",
]
