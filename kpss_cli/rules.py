"""Every rule code of ``kpss validate``: title and a one-line example fix (docs/rules.md is checked against this)."""

from __future__ import annotations

from kpss_cli.i18n import N_, _

# code -> (severity, title, example fix)
RULES: dict[str, tuple[str, str, str]] = {
    # The file itself (loader)
    "KP001": ("error", N_("YAML syntax error"), N_("quote a text containing ': ' — title: \"Cíl: podpora\"")),
    "KP002": ("error", N_("file is not UTF-8"), N_("re-save the file as UTF-8 (Notepad: Save as → Encoding: UTF-8)")),
    "KP003": ("error", N_("file larger than 20 MB"), N_("split the file or remove what does not belong in it")),
    "KP004": ("error", N_("nesting deeper than 100 levels"), N_("flatten the data; plan files need fewer than 10 levels")),
    "KP005": ("error", N_("duplicate key"), N_("delete one of the two `title:` lines of the same mapping")),
    "KP006": ("error", N_("tag not allowed"), N_("remove `!!python/object:…` or `!Tag`; write plain values")),
    "KP007": ("error", N_("alias expansion too large"), N_("write the values out instead of nesting `*alias` references")),
    "KP008": ("error", N_("tab used for indentation"), N_("replace the tab at the start of the line with spaces")),
    "KP009": ("error", N_("misplaced YAML file under plans/"), N_("move `plans/2024-2027/ap-2025.yaml` to `plans/2024-2027/action-plans/2025.yaml`")),
    "KP010": ("error", N_("file is empty or not a mapping"), N_("start the file with its keys, e.g. `id: \"2024-2027\"`")),
    "KP011": ("error", N_("more than one YAML document"), N_("delete the second `---` and merge the documents")),
    "KP012": ("error", N_("key that is a list or mapping"), N_("write the key as plain text: `name: …`")),
    "KP013": ("error", N_("number not finite or too large"), N_("write `1000000` instead of `.inf` or a 40-digit number")),
    # Entries of the repository that are not read at all (docs/security.md)
    "KP020": ("error", N_("not a regular file"), N_("replace the FIFO, device, folder or dangling link by the YAML file itself")),
    "KP021": ("error", N_("symbolic link out of the repository"), N_("copy the file into the repository instead of linking to it")),
    "KP022": ("error", N_("folder cannot be read"), N_("`chmod u+rx plans/2024-2027` so its files are checked")),
    # The schema (docs/format.md, `kpss schema NAME`)
    "KP101": ("error", N_("unknown key"), N_("fix the typo `measure:` → `measures:` (or prefix your own keys with `x-`)")),
    "KP102": ("error", N_("required key missing"), N_("add `responsible: Město Židlochovice` to the measure")),
    "KP103": ("error", N_("wrong type of value"), N_("quote an id read as a number: `id: \"1.10\"`")),
    "KP104": ("error", N_("unknown code"), N_("use a code from docs/codes.md: `target_groups: [seniori]`")),
    "KP105": ("error", N_("value in the wrong format"), N_("write dates as `2019-12-11`, IČO as `\"00283924\"`")),
    "KP106": ("error", N_("value out of range"), N_("a year lies in 2000–2100; money is never negative")),
    "KP107": ("error", N_("empty value or list"), N_("give at least one measure, or a non-empty text")),
    "KP108": ("error", N_("same value twice in a list"), N_("list each target group once")),
    "KP109": ("error", N_("other schema violation"), N_("compare the value with `kpss schema NAME`")),
    # Identity and references across files
    "KP201": ("error", N_("plan id does not match its folder"), N_("in plans/2024-2027/plan.yaml write `id: \"2024-2027\"`")),
    "KP202": ("error", N_("plan period does not match its id"), N_("`period: {start: 2024, end: 2027}` for plan 2024-2027")),
    "KP203": ("error", N_("action-plan year does not match its file name"), N_("in action-plans/2025.yaml write `year: 2025`")),
    "KP204": ("error", N_("action-plan year outside the plan period"), N_("move the file to the plan whose period holds the year")),
    "KP205": ("error", N_("action plan names another plan"), N_("in plans/2024-2027/action-plans/2025.yaml write `plan: \"2024-2027\"`")),
    "KP206": ("error", N_("duplicate id"), N_("renumber the second measure \"1.2\" to \"1.3\"")),
    "KP207": ("error", N_("previous plan unknown or not earlier"), N_("`previous: \"2020-2023\"` must name an earlier plan of the repository")),
    "KP208": ("error", N_("continues points nowhere"), N_("`continues: \"2020-2023/1.2\"` must name a measure of an earlier plan")),
    "KP210": ("error", N_("unknown provider"), N_("add the provider to services.yaml or fix the service's `provider:`")),
    "KP211": ("error", N_("unknown service"), N_("use a service id of services.yaml in `services:`")),
    "KP212": ("error", N_("unknown working group"), N_("use a group id of groups.yaml in `working_group:`")),
    "KP213": ("error", N_("unknown need"), N_("use a need id of the plan's `needs:` in `addresses:`")),
    "KP214": ("error", N_("unknown measure in an action plan"), N_("use a measure id of the plan in `measure:`")),
    "KP215": ("error", N_("unknown activity of the measure"), N_("list only activity ids of that measure in `activities:`")),
    "KP216": ("error", N_("unknown indicator of the measure"), N_("name only indicator ids of that measure in `targets:` / `actuals:`")),
    # Consistency
    "KP220": ("error", N_("measure years outside the plan period"), N_("`years: {from: 2024, to: 2027}` inside the plan's 2024–2027")),
    "KP221": ("error", N_("activity years outside the measure years"), N_("keep activity years inside the measure's years")),
    "KP222": ("error", N_("budget or target year outside the years"), N_("budget only years in which the measure runs")),
    "KP223": ("error", N_("measure not active in the action-plan year"), N_("drop the item or widen the measure's `years`")),
    "KP224": ("error", N_("indicator value does not match its kind"), N_("a boolean indicator takes true/false; others take numbers")),
    "KP225": ("error", N_("invalid IČO check digit"), N_("copy the IČO from the business register (ARES)")),
    "KP226": ("error", N_("carried_over not before the year"), N_("`carried_over: 2024` in the action plan of 2025")),
    # The network of services and the money (docs/network.md, docs/finance.md)
    "KP240": ("error", N_("same year and level twice in a service's network"), N_("keep one `{year: 2025, level: obec}` entry per year and level")),
    "KP241": ("error", N_("grants year does not match its file name"), N_("in grants/2025.yaml write `year: 2025`")),
    "KP242": ("error", N_("grant amounts out of order"), N_("settled ≤ paid ≤ granted ≤ requested: `granted: 80000` of `requested: 100000`")),
    "KP243": ("error", N_("more granted than the programme's budget"), N_("lower the grants or raise `budget:` of the round")),
    "KP244": ("error", N_("co-financing shares do not add up to 100"), N_("`shares: {\"583502\": 60, \"584282\": 40}`")),
    "KP245": ("error", N_("co-financing names a municipality outside the territory"), N_("list the municipality in `territory.municipalities` or fix its code")),
    "KP246": ("error", N_("population missing for the per_capita key"), N_("add `population: 3720` to the municipality")),
    # Participation: consultation.yaml and meetings/ (docs/participation.md)
    "KP250": ("error", N_("consultation of a plan that does not exist"), N_("keep consultation.yaml beside its plan.yaml in plans/<plan-id>/")),
    "KP251": ("error", N_("comment about an unknown part of the plan"), N_("`about: \"1.2\"` must name a priority, measure or need of the plan, or `plan`")),
    "KP252": ("error", N_("comment changed an unknown measure"), N_("list only measure ids of the plan in `changed:`")),
    "KP253": ("error", N_("comment received outside the consultation"), N_("`received` lies between `opened` and `closed`")),
    "KP254": ("error", N_("approved plan with an unsettled comment"), N_("give every comment a `decision:` (and `response:`) before the plan is approved")),
    "KP255": ("error", N_("meeting of an unknown group"), N_("use a group id of groups.yaml in `group:`")),
    "KP256": ("error", N_("meeting date or group differs from the file name"), N_("meetings/2025-03-12-ps-seniori.yaml holds `date: 2025-03-12`, `group: ps-seniori`")),
    "KP257": ("error", N_("meeting decision names an unknown measure"), N_("list measure ids of the plan of the meeting's year in `measures:`")),
    "KP258": ("error", N_("minutes file missing or outside the repository"), N_("`minutes: zapisy/2025-03-12-ps-seniori.pdf`, a file inside the repository")),
    "KP259": ("error", N_("fewer present than members listed"), N_("`present` counts at least the names in `members_present`")),
    # Warnings (exit 0 unless --strict)
    "KP401": ("warning", N_("measure without indicators"), N_("add an indicator so the measure's fulfilment can be evaluated")),
    "KP402": ("warning", N_("need addressed by no measure"), N_("list the need id in some measure's `addresses:`")),
    "KP403": ("warning", N_("evaluation missing after the year ended"), N_("add a `result:` to each item of the approved action plan")),
    "KP404": ("warning", N_("service in no measure"), N_("list the service in some measure's `services:` (or remove it)")),
    "KP405": ("warning", N_("document template not found"), N_("fix `documents.template` in kpss.yaml")),
    "KP406": ("warning", N_("year judged against the end-of-period target"), N_("give the item `targets:` for its year (a develop/new measure grows over several years)")),
    "KP407": ("warning", N_("document template outside the repository"), N_("keep the reference DOCX in the repository: `documents.template: templates/styl.docx`")),
    "KP420": ("warning", N_("bidi control character in an id, title or key"), N_("delete the invisible U+202E (right-to-left override) from the title")),
    "KP421": ("warning", N_("unquoted text cut off at ' #'"), N_("quote a text with ' #' in it: `title: \"Služby pro rodiny #2\"`")),
    "KP440": ("warning", N_("granted service in no network that year"), N_("add `{year: 2025, level: obec}` to the service's `network:`")),
    "KP441": ("warning", N_("granted service in no measure active that year"), N_("name the service in a measure that runs that year")),
    "KP450": ("warning", N_("comment settled without a reasoning"), N_("add `response:` saying why the comment was (not) accepted")),
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


def title(code: str) -> str:
    """The rule's title in the language of the run (docs/rules.md keeps the English of RULES)."""
    return _(RULES[code][1])


def fix(code: str) -> str:
    """The rule's example fix in the language of the run."""
    return _(RULES[code][2])


def description(code: str) -> str:
    """The rule in a sentence or two, in the language of the run: what it checks and an example fix."""
    sev = RULES[code][0]
    kind = _("Error") if sev == "error" else _("Warning (fails only with --strict)")
    return _("{kind}: {title}. Example fix: {fix}.").format(kind=kind, title=title(code), fix=fix(code))


def pascal_name(code: str) -> str:
    """The rule's title as a PascalCase identifier (SARIF ``name``): 'unknown key' -> 'UnknownKey'."""
    import re
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", RULES[code][1]).encode("ascii", "ignore").decode()
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", ascii_title))


def sarif_rules() -> dict[str, dict[str, str]]:
    """code -> name, title, description, severity and help URI, for the SARIF driver.

    The title and the description are texts for people, in the language of the run; the name
    (PascalCase of the English title), the severity and the help URI are machine fields and the
    same in every language.
    """
    return {
        code: {
            "name": pascal_name(code),
            "title": title(code),
            "description": description(code),
            "severity": sev,
            "help_uri": help_uri(code),
        }
        for code, (sev, _title, _fix) in RULES.items()
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
