"""Every rule code of ``kpss validate``: title and a one-line example fix (docs/rules.md is checked against this)."""

from __future__ import annotations

# code -> (severity, title, example fix)
RULES: dict[str, tuple[str, str, str]] = {
    # The file itself (loader)
    "KP001": ("error", "YAML syntax error", "quote a text containing ': ' — title: \"Cíl: podpora\""),
    "KP002": ("error", "file is not UTF-8", "re-save the file as UTF-8 (Notepad: Save as → Encoding: UTF-8)"),
    "KP003": ("error", "file larger than 20 MB", "split the file or remove what does not belong in it"),
    "KP004": ("error", "nesting deeper than 100 levels", "flatten the data; plan files need fewer than 10 levels"),
    "KP005": ("error", "duplicate key", "delete one of the two `title:` lines of the same mapping"),
    "KP006": ("error", "tag not allowed", "remove `!!python/object:…` or `!Tag`; write plain values"),
    "KP007": ("error", "alias expansion too large", "write the values out instead of nesting `*alias` references"),
    "KP008": ("error", "tab used for indentation", "replace the tab at the start of the line with spaces"),
    "KP009": ("error", "misplaced YAML file under plans/", "move `plans/2024-2027/ap-2025.yaml` to `plans/2024-2027/action-plans/2025.yaml`"),
    "KP010": ("error", "file is empty or not a mapping", "start the file with its keys, e.g. `id: \"2024-2027\"`"),
    "KP011": ("error", "more than one YAML document", "delete the second `---` and merge the documents"),
    "KP012": ("error", "key that is a list or mapping", "write the key as plain text: `name: …`"),
    "KP013": ("error", "number not finite or too large", "write `1000000` instead of `.inf` or a 40-digit number"),
    # Entries of the repository that are not read at all (docs/security.md)
    "KP020": ("error", "not a regular file", "replace the FIFO, device, folder or dangling link by the YAML file itself"),
    "KP021": ("error", "symbolic link out of the repository", "copy the file into the repository instead of linking to it"),
    "KP022": ("error", "folder cannot be read", "`chmod u+rx plans/2024-2027` so its files are checked"),
    # The schema (docs/format.md, `kpss schema NAME`)
    "KP101": ("error", "unknown key", "fix the typo `measure:` → `measures:` (or prefix your own keys with `x-`)"),
    "KP102": ("error", "required key missing", "add `responsible: Město Židlochovice` to the measure"),
    "KP103": ("error", "wrong type of value", "quote an id read as a number: `id: \"1.10\"`"),
    "KP104": ("error", "unknown code", "use a code from docs/codes.md: `target_groups: [seniori]`"),
    "KP105": ("error", "value in the wrong format", "write dates as `2019-12-11`, IČO as `\"00283924\"`"),
    "KP106": ("error", "value out of range", "a year lies in 2000–2100; money is never negative"),
    "KP107": ("error", "empty value or list", "give at least one measure, or a non-empty text"),
    "KP108": ("error", "same value twice in a list", "list each target group once"),
    "KP109": ("error", "other schema violation", "compare the value with `kpss schema NAME`"),
    # Identity and references across files
    "KP201": ("error", "plan id does not match its folder", "in plans/2024-2027/plan.yaml write `id: \"2024-2027\"`"),
    "KP202": ("error", "plan period does not match its id", "`period: {start: 2024, end: 2027}` for plan 2024-2027"),
    "KP203": ("error", "action-plan year does not match its file name", "in action-plans/2025.yaml write `year: 2025`"),
    "KP204": ("error", "action-plan year outside the plan period", "move the file to the plan whose period holds the year"),
    "KP205": ("error", "action plan names another plan", "in plans/2024-2027/action-plans/2025.yaml write `plan: \"2024-2027\"`"),
    "KP206": ("error", "duplicate id", "renumber the second measure \"1.2\" to \"1.3\""),
    "KP207": ("error", "previous plan unknown or not earlier", "`previous: \"2020-2023\"` must name an earlier plan of the repository"),
    "KP208": ("error", "continues points nowhere", "`continues: \"2020-2023/1.2\"` must name a measure of an earlier plan"),
    "KP210": ("error", "unknown provider", "add the provider to services.yaml or fix the service's `provider:`"),
    "KP211": ("error", "unknown service", "use a service id of services.yaml in `services:`"),
    "KP212": ("error", "unknown working group", "use a group id of groups.yaml in `working_group:`"),
    "KP213": ("error", "unknown need", "use a need id of the plan's `needs:` in `addresses:`"),
    "KP214": ("error", "unknown measure in an action plan", "use a measure id of the plan in `measure:`"),
    "KP215": ("error", "unknown activity of the measure", "list only activity ids of that measure in `activities:`"),
    "KP216": ("error", "unknown indicator of the measure", "name only indicator ids of that measure in `targets:` / `actuals:`"),
    # Consistency
    "KP220": ("error", "measure years outside the plan period", "`years: {from: 2024, to: 2027}` inside the plan's 2024–2027"),
    "KP221": ("error", "activity years outside the measure years", "keep activity years inside the measure's years"),
    "KP222": ("error", "budget or target year outside the years", "budget only years in which the measure runs"),
    "KP223": ("error", "measure not active in the action-plan year", "drop the item or widen the measure's `years`"),
    "KP224": ("error", "indicator value does not match its kind", "a boolean indicator takes true/false; others take numbers"),
    "KP225": ("error", "invalid IČO check digit", "copy the IČO from the business register (ARES)"),
    "KP226": ("error", "carried_over not before the year", "`carried_over: 2024` in the action plan of 2025"),
    # The network of services and the money (docs/network.md, docs/finance.md)
    "KP240": ("error", "same year and level twice in a service's network", "keep one `{year: 2025, level: obec}` entry per year and level"),
    "KP241": ("error", "grants year does not match its file name", "in grants/2025.yaml write `year: 2025`"),
    "KP242": ("error", "grant amounts out of order", "settled ≤ paid ≤ granted ≤ requested: `granted: 80000` of `requested: 100000`"),
    "KP243": ("error", "more granted than the programme's budget", "lower the grants or raise `budget:` of the round"),
    "KP244": ("error", "co-financing shares do not add up to 100", "`shares: {\"583502\": 60, \"584282\": 40}`"),
    "KP245": ("error", "co-financing names a municipality outside the territory", "list the municipality in `territory.municipalities` or fix its code"),
    "KP246": ("error", "population missing for the per_capita key", "add `population: 3720` to the municipality"),
    # Participation: consultation.yaml and meetings/ (docs/participation.md)
    "KP250": ("error", "consultation of a plan that does not exist", "keep consultation.yaml beside its plan.yaml in plans/<plan-id>/"),
    "KP251": ("error", "comment about an unknown part of the plan", "`about: \"1.2\"` must name a priority, measure or need of the plan, or `plan`"),
    "KP252": ("error", "comment changed an unknown measure", "list only measure ids of the plan in `changed:`"),
    "KP253": ("error", "comment received outside the consultation", "`received` lies between `opened` and `closed`"),
    "KP254": ("error", "approved plan with an unsettled comment", "give every comment a `decision:` (and `response:`) before the plan is approved"),
    "KP255": ("error", "meeting of an unknown group", "use a group id of groups.yaml in `group:`"),
    "KP256": ("error", "meeting date or group differs from the file name", "meetings/2025-03-12-ps-seniori.yaml holds `date: 2025-03-12`, `group: ps-seniori`"),
    "KP257": ("error", "meeting decision names an unknown measure", "list measure ids of the plan of the meeting's year in `measures:`"),
    "KP258": ("error", "minutes file missing or outside the repository", "`minutes: zapisy/2025-03-12-ps-seniori.pdf`, a file inside the repository"),
    "KP259": ("error", "fewer present than members listed", "`present` counts at least the names in `members_present`"),
    # Warnings (exit 0 unless --strict)
    "KP401": ("warning", "measure without indicators", "add an indicator so the measure's fulfilment can be evaluated"),
    "KP402": ("warning", "need addressed by no measure", "list the need id in some measure's `addresses:`"),
    "KP403": ("warning", "evaluation missing after the year ended", "add a `result:` to each item of the approved action plan"),
    "KP404": ("warning", "service in no measure", "list the service in some measure's `services:` (or remove it)"),
    "KP405": ("warning", "document template not found", "fix `documents.template` in kpss.yaml"),
    "KP406": ("warning", "year judged against the end-of-period target", "give the item `targets:` for its year (a develop/new measure grows over several years)"),
    "KP407": ("warning", "document template outside the repository", "keep the reference DOCX in the repository: `documents.template: templates/styl.docx`"),
    "KP420": ("warning", "bidi control character in an id, title or key", "delete the invisible U+202E (right-to-left override) from the title"),
    "KP421": ("warning", "unquoted text cut off at ' #'", "quote a text with ' #' in it: `title: \"Služby pro rodiny #2\"`"),
    "KP440": ("warning", "granted service in no network that year", "add `{year: 2025, level: obec}` to the service's `network:`"),
    "KP441": ("warning", "granted service in no measure active that year", "name the service in a measure that runs that year"),
    "KP450": ("warning", "comment settled without a reasoning", "add `response:` saying why the comment was (not) accepted"),
}


# Where each rule's finding is written (module:function), so that a reader finds the check in one
# step. tests/test_rules.py reads the code and fails when this table and the code disagree.
CHECKED_IN: dict[str, tuple[str, ...]] = {
    "KP001": ("kpss_cli.loader:_build", "kpss_cli.loader:_reader_finding", "kpss_cli.loader:_syntax_finding"),
    "KP002": ("kpss_cli.loader:decode",),
    "KP003": ("kpss_cli.loader:too_large",),
    "KP004": ("kpss_cli.loader:_build", "kpss_cli.loader:_copy_under_budget", "kpss_cli.loader:_syntax_finding", "kpss_cli.loader:load_text"),
    "KP005": ("kpss_cli.loader:_build.attach",),
    "KP006": ("kpss_cli.loader:_build", "kpss_cli.loader:_build.check_tag"),
    "KP007": ("kpss_cli.loader:_copy_under_budget",),
    "KP008": ("kpss_cli.loader:_syntax_finding",),
    "KP009": ("kpss_cli.validate:_Checker.run",),
    "KP010": ("kpss_cli.validate:check_document",),
    "KP011": ("kpss_cli.loader:_build", "kpss_cli.loader:_syntax_finding"),
    "KP012": ("kpss_cli.loader:_build", "kpss_cli.loader:_build.attach"),
    "KP013": ("kpss_cli.loader:_build",),
    "KP020": ("kpss_cli.repo:WorkingTree._walk", "kpss_cli.repo:WorkingTree.problem_of"),
    "KP021": ("kpss_cli.repo:WorkingTree._list_grants", "kpss_cli.repo:WorkingTree._walk", "kpss_cli.repo:WorkingTree.problem_of"),
    "KP022": ("kpss_cli.repo:WorkingTree._list_grants", "kpss_cli.repo:WorkingTree._walk.unreadable"),
    "KP101": ("kpss_cli.schemas:_explain",),
    "KP102": ("kpss_cli.schemas:_explain",),
    "KP103": ("kpss_cli.schemas:_explain", "kpss_cli.schemas:_money_with_thousands_dot"),
    "KP104": ("kpss_cli.schemas:_explain",),
    "KP105": ("kpss_cli.schemas:_explain",),
    "KP106": ("kpss_cli.schemas:_explain",),
    "KP107": ("kpss_cli.schemas:_explain",),
    "KP108": ("kpss_cli.schemas:_explain",),
    "KP109": ("kpss_cli.schemas:_explain",),
    "KP201": ("kpss_cli.validate:_Checker.check_plans",),
    "KP202": ("kpss_cli.validate:_Checker.check_plans",),
    "KP203": ("kpss_cli.validate:_Checker.build",),
    "KP204": ("kpss_cli.validate:_Checker.build",),
    "KP205": ("kpss_cli.validate:_Checker.build",),
    "KP206": ("kpss_cli.validate:_Checker._unique",),
    "KP207": ("kpss_cli.validate:_Checker.check_plans",),
    "KP208": ("kpss_cli.validate:_Checker._check_continues",),
    "KP210": ("kpss_cli.validate:_Checker.check_services",),
    "KP211": ("kpss_cli.validate:_Checker._check_measure", "kpss_cli.validate:_Checker.check_grants"),
    "KP212": ("kpss_cli.validate:_Checker.check_plans",),
    "KP213": ("kpss_cli.validate:_Checker._check_measure",),
    "KP214": ("kpss_cli.validate:_Checker._check_action_plan",),
    "KP215": ("kpss_cli.validate:_Checker._check_action_plan",),
    "KP216": ("kpss_cli.validate:_Checker._item_value",),
    "KP220": ("kpss_cli.validate:_Checker._check_measure",),
    "KP221": ("kpss_cli.validate:_Checker._check_measure",),
    "KP222": ("kpss_cli.validate:_Checker._year_outside",),
    "KP223": ("kpss_cli.validate:_Checker._check_action_plan",),
    "KP224": ("kpss_cli.validate:_Checker._check_value",),
    "KP225": ("kpss_cli.validate:_Checker.check_services",),
    "KP226": ("kpss_cli.validate:_Checker._check_action_plan",),
    "KP240": ("kpss_cli.validate:_Checker.check_network",),
    "KP241": ("kpss_cli.validate:_Checker.check_grants",),
    "KP242": ("kpss_cli.validate:_Checker._grant_order",),
    "KP243": ("kpss_cli.validate:_Checker.check_grants",),
    "KP244": ("kpss_cli.validate:_Checker.check_cofinancing",),
    "KP245": ("kpss_cli.validate:_Checker.check_cofinancing",),
    "KP246": ("kpss_cli.validate:_Checker.check_cofinancing",),
    "KP250": ("kpss_cli.validate:_Checker.check_consultations",),
    "KP251": ("kpss_cli.validate:_Checker.check_consultations",),
    "KP252": ("kpss_cli.validate:_Checker.check_consultations",),
    "KP253": ("kpss_cli.validate:_Checker.check_consultations",),
    "KP254": ("kpss_cli.validate:_Checker.check_consultations",),
    "KP255": ("kpss_cli.validate:_Checker.check_meetings",),
    "KP256": ("kpss_cli.validate:_Checker.check_meetings",),
    "KP257": ("kpss_cli.validate:_Checker._meeting_measures",),
    "KP258": ("kpss_cli.validate:_Checker._minutes",),
    "KP259": ("kpss_cli.validate:_Checker.check_meetings",),
    "KP401": ("kpss_cli.validate:_Checker.warnings",),
    "KP402": ("kpss_cli.validate:_Checker.warnings",),
    "KP403": ("kpss_cli.validate:_Checker.warnings",),
    "KP404": ("kpss_cli.validate:_Checker.warnings",),
    "KP405": ("kpss_cli.validate:_Checker.check_manifest",),
    "KP406": ("kpss_cli.validate:_Checker._end_target_warnings",),
    "KP407": ("kpss_cli.validate:_Checker.check_manifest",),
    "KP420": ("kpss_cli.validate:_Checker.check_hidden_text",),
    "KP421": ("kpss_cli.loader:_cut_off_by_comment",),
    "KP440": ("kpss_cli.validate:_Checker.check_grants",),
    "KP441": ("kpss_cli.validate:_Checker.check_grants",),
    "KP450": ("kpss_cli.validate:_Checker.check_consultations",),
}


def severity(code: str) -> str:
    return RULES[code][0]


def help_uri(code: str) -> str:
    """The rule's section of docs/rules.md in the project's repository."""
    from kpss_cli import REPOSITORY_URL

    return f"{REPOSITORY_URL}/blob/main/docs/rules.md#{code.lower()}"


def description(code: str) -> str:
    """The rule in a sentence or two: what it checks and an example fix."""
    sev, title, fix = RULES[code]
    kind = "Error" if sev == "error" else "Warning (fails only with --strict)"
    return f"{kind}: {title}. Example fix: {fix}."


def pascal_name(code: str) -> str:
    """The rule's title as a PascalCase identifier (SARIF ``name``): 'unknown key' -> 'UnknownKey'."""
    import re
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", RULES[code][1]).encode("ascii", "ignore").decode()
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", ascii_title))


def sarif_rules() -> dict[str, dict[str, str]]:
    """code -> title, description, severity and help URI, for the SARIF driver."""
    return {
        code: {
            "name": pascal_name(code),
            "title": title,
            "description": description(code),
            "severity": sev,
            "help_uri": help_uri(code),
        }
        for code, (sev, title, _fix) in RULES.items()
    }


def markdown_table() -> str:
    """The rule table of docs/rules.md (each code links to its section)."""
    lines = ["| code | severity | rule | example fix |", "|---|---|---|---|"]
    for code, (sev, title, fix) in RULES.items():
        lines.append(f"| [{code}](#{code.lower()}) | {sev} | {title} | {fix} |")
    return "\n".join(lines) + "\n"


def markdown_sections() -> str:
    """One section per rule: the targets of the SARIF ``helpUri`` links (``#kp101``)."""
    out = ["## The rules one by one", ""]
    for code, (sev, title, fix) in RULES.items():
        out += [f"### {code}", "", f"**{title}** ({sev}).", "", f"Example fix: {fix}.", ""]
    return "\n".join(out)


DOC_HEAD = """# Rule codes of `kpss validate`

Every finding carries one of these codes. Errors make `kpss validate` exit 1; warnings only with
`--strict`. Generated from `kpss_cli/rules.py` by `python -m kpss_cli.schemagen`; a test keeps it in step.

- **KP0xx**: the file itself could not be read safely (syntax, encoding, size, nesting, tags).
- **KP1xx**: the file breaks its JSON Schema (`kpss schema NAME`).
- **KP20x–KP21x**: identities and references across files (ids, plans, measures, services …).
- **KP22x**: consistency of years, indicator values and IČO.
- **KP24x**: the network of services, co-financing and the grant programme (docs/network.md, docs/finance.md).
- **KP25x**: participation: comments on a draft (consultation.yaml) and meetings (meetings/).
- **KP4xx**: warnings (KP44x: eligibility of granted services; KP45x: participation).

"""


def markdown() -> str:
    """docs/rules.md."""
    return DOC_HEAD + markdown_table() + "\n" + markdown_sections()
