"""``kpss render site``: the static web site of a plan repository, as files in memory.

Compute, then apply: :func:`build_site` returns every file of the site (relative path -> bytes);
the CLI writes them with :func:`write_site`. Pages come from *page builders* registered with
:func:`page_builder`: each takes the :class:`Site` being built and adds pages and files to it.
The core builders live in :mod:`kpss_cli.site.pages`; a new part of the site (the network of
services, the consultation record) is one module with one builder, imported in
:data:`BUILDER_MODULES` (docs/site.md says how).

Jinja2 is imported only here, inside :func:`build_site`, so ``kpss --help`` stays fast; every
template autoescapes (every text comes from the repository and is untrusted).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpss_cli import codes, czech
from kpss_cli.errors import KpssError, UsageError
from kpss_cli.i18n import _
from kpss_cli.model import Plan, Repository

LANGS = ("cs", "en")

# The modules whose import registers page builders, in the order their pages appear in the menu.
BUILDER_MODULES = [
    "kpss_cli.site.pages",
    "kpss_cli.site.participation",
    "kpss_cli.site.network",
    "kpss_cli.site.grants",
]


@dataclass
class NavEntry:
    """An entry of the main menu: its order, caption and the page it opens."""

    order: int
    caption: str
    path: str


@dataclass
class Page:
    """One HTML page: where it goes, its title, its template and what the template reads."""

    path: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    section: str | None = None  # the menu entry (its path) this page belongs to
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (caption, path) above this page


Builder = Callable[["Site"], None]
_BUILDERS: list[tuple[int, str, Builder]] = []


def page_builder(order: int, name: str) -> Callable[[Builder], Builder]:
    """Register a function that adds pages to the site; builders run by ``order``."""

    def register(function: Builder) -> Builder:
        if all(existing != name for _, existing, _ in _BUILDERS):
            _BUILDERS.append((order, name, function))
        return function

    return register


def builders() -> list[tuple[int, str, Builder]]:
    """The registered page builders in order (importing the builder modules first)."""
    for module in BUILDER_MODULES:
        importlib.import_module(module)
    return sorted(_BUILDERS, key=lambda entry: (entry[0], entry[1]))


class Site:
    """The site being built: the repository, the chosen plan, the words, and the output so far."""

    def __init__(self, repo: Repository, plan: Plan | None, lang: str, on: dt.date, base_url: str | None) -> None:
        from kpss_cli.site.labels import caption

        self.repo = repo
        self.plan = plan
        self.lang = lang
        self.on = on
        self.base_url = base_url
        self._caption = caption
        self.pages: list[Page] = []
        self.files: dict[str, bytes] = {}
        self.nav: list[NavEntry] = []
        self.services = {s.id: s for s in reversed(repo.services)}
        self.providers = {p.id: p for p in reversed(repo.providers)}
        self.public = False  # --public: no amount of a grant application not decided yet (site/grants.py)
        self.data_files: list[tuple[str, str, str]] = []  # (path, format, contents) for the open data page

    # -- adding output --------------------------------------------------------------------------

    def add_page(self, page: Page) -> None:
        self.pages.append(page)

    def add_file(self, path: str, content: bytes) -> None:
        self.files[path] = content

    def add_nav(self, order: int, caption: str, path: str) -> None:
        self.nav.append(NavEntry(order, caption, path))

    # -- words ----------------------------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return self._caption(key, self.lang, **values)

    def code(self, table: dict[str, codes.Code], code: str | None) -> str:
        return codes.label(table, code, self.lang) if code else czech.EN_DASH

    def codes(self, table: dict[str, codes.Code], values: list[str]) -> list[str]:
        return [codes.label(table, v, self.lang) for v in values]

    @property
    def territory(self) -> str:
        return self.repo.manifest.territory_name if self.repo.manifest else ""

    def municipality_names(self) -> dict[str, str]:
        manifest = self.repo.manifest
        if manifest is None:
            return {}
        return {str(m.get("code")): str(m.get("name", m.get("code"))) for m in manifest.municipalities}

    def approval(self, approved: dict[str, Any] | None) -> str:
        if not approved:
            return self.t("not_approved")
        return self.t(
            "approved_text",
            by=approved.get("by", ""),
            date=czech.date(approved.get("date"), self.lang),
            resolution=approved.get("resolution", ""),
        )


# -- paths ------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def slug(ident: str) -> str:
    """A file-name part for an id: the id lower-cased (so that a folder copied to a case-insensitive
    file system keeps every page; ids that differ only in case are refused when the pages are
    written); anything outside ``[a-z0-9._-]`` becomes ``-`` with a short hash of the id."""
    lowered = ident.lower()
    safe = _UNSAFE.sub("-", lowered).strip("-.") or "x"
    if safe != lowered:
        import hashlib

        safe += "-" + hashlib.sha1(ident.encode()).hexdigest()[:6]
    return safe


def relative(target: str, current: str) -> str:
    """The link from the page ``current`` to ``target`` (both site paths; ``#frag`` kept)."""
    path, _, fragment = target.partition("#")
    link = _relpath(path, posixpath.dirname(current)) if path else posixpath.basename(current)
    return link + ("#" + fragment if fragment else "")


@functools.lru_cache(maxsize=65536)
def _relpath(path: str, folder: str) -> str:
    # A site has a few folders and every page links to the menu, the assets and its neighbours:
    # the same (target, folder) pairs recur thousands of times (posixpath.relpath is slow).
    return posixpath.relpath(path, folder or ".")


# -- building -----------------------------------------------------------------------------------

_BASE_URL = re.compile(r"^https?://[^\s\"'<>]+$")


def check_base_url(base_url: str | None) -> str | None:
    """The base URL with one trailing slash, or a UsageError for anything but http(s)."""
    if base_url is None:
        return None
    if not _BASE_URL.match(base_url):
        raise UsageError(
            _("--base-url must be an http:// or https:// address, got '{base_url}'").format(base_url=base_url)
        )
    return base_url.rstrip("/") + "/"


def build_site(
    repo: Repository,
    plan_id: str | None = None,
    *,
    base_url: str | None = None,
    lang: str = "cs",
    on: dt.date | None = None,
    public: bool = False,
) -> dict[str, bytes]:
    """Every file of the web site: relative path -> bytes (the same input, the same bytes)."""
    from kpss_cli.validate import today

    if lang not in LANGS:
        raise UsageError(_("unknown language '{lang}'; use cs or en").format(lang=lang))
    base_url = check_base_url(base_url)
    on = on or today()
    plan = _plan(repo, plan_id, on)
    site = Site(repo, plan, lang, on, base_url)
    site.public = public
    for _order, _name, build in builders():
        build(site)
    return render_pages(site)


def _plan(repo: Repository, plan_id: str | None, on: dt.date) -> Plan | None:
    if plan_id is None:
        return repo.default_plan(on)
    plan = repo.plans.get(plan_id)
    if plan is None:
        known = ", ".join(p.id for p in repo.plans_in_order()) or "none"
        raise KpssError(_("no plan '{ident}' in the repository (plans: {known})").format(ident=plan_id, known=known))
    return plan


def environment() -> Any:
    """The Jinja2 environment: the package's templates, autoescaping on for every template."""
    import jinja2

    from kpss_cli.site import filters

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kpss_cli.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates are the package's: compiled once per run, never checked for changes (the
        # check stats every template file at each page).
        auto_reload=False,
        cache_size=-1,
    )
    env.filters.update(filters.FILTERS)
    return env


def render_pages(site: Site) -> dict[str, bytes]:
    """Render every page of ``site`` and return them with its other files."""
    env = environment()
    env.globals.update(template_globals(site))
    env.globals["service_item"] = _service_items(env)
    out: dict[str, bytes] = dict(_static())
    nav = sorted(site.nav, key=lambda n: (n.order, n.path))
    paths = {page.path for page in site.pages}
    if len(paths) != len(site.pages):
        seen: set[str] = set()
        clash = next(p.path for p in site.pages if p.path in seen or seen.add(p.path))  # type: ignore[func-returns-value]
        raise KpssError(
            _("two pages of the site would be written to {clash}: two ids differ only in upper and lower case").format(
                clash=clash
            )
        )
    templates: dict[str, Any] = {}
    for page in site.pages:
        template = templates.get(page.template)
        if template is None:
            template = templates[page.template] = env.get_template(page.template)

        def url(target: str, _current: str = page.path) -> str:
            return relative(target, _current)

        html = template.render(
            page=page,
            site=site,
            t=site.t,
            lang=site.lang,
            nav=nav,
            url=url,
            canonical=(site.base_url + page.path) if site.base_url else None,
            **page.context,
        )
        out[page.path] = html.encode("utf-8")
    out.update(site.files)
    if site.base_url:
        out["sitemap.xml"] = _sitemap(site.base_url, sorted(paths))
    return dict(sorted(out.items()))


def _service_items(env: Any) -> Any:
    """The template function ``service_item(card, heading="h3")``: one service of a list.

    A service appears in the catalogue, in each of its views and on its provider's page: its item
    is rendered once per folder (links are relative, so the same in every page of a folder) and
    the markup reused. This keeps the national-scale site within its time (docs/site.md).
    """
    import jinja2
    from markupsafe import Markup

    template = env.get_template("service_item.html")
    done: dict[tuple[int, str, str], tuple[Any, Any]] = {}

    @jinja2.pass_context
    def service_item(context: Any, card: dict[str, Any], heading: str = "h3") -> Any:
        key = (id(card), heading, posixpath.dirname(context["page"].path))
        found = done.get(key)
        if found is None:
            html = Markup(template.render(card=card, heading=heading, url=context["url"], t=context["t"]))
            found = done[key] = (card, html)  # the card kept, so its id is never reused
        return found[1]

    return service_item


def template_globals(site: Site) -> dict[str, Any]:
    """Functions every template may call: paths of pages, labels of codes, money totals."""
    from kpss_cli.fulfilment import money_total
    from kpss_cli.site import pages

    def code(name: str, value: str | None) -> str:
        return site.code(codes.CODE_LISTS[name], value)

    def labels(name: str, values: list[str]) -> list[str]:
        return site.codes(codes.CODE_LISTS[name], values)

    def status_label(value: str) -> str:
        return codes.label(codes.ALL_STATUSES, value, site.lang)

    def indicator_result(result: Any, ident: str) -> Any:
        if result is None:
            return None
        return next((i for i in result.indicators if i.id == ident), None)

    return {
        "slug": slug,
        "measure_path": pages.measure_path,
        "priority_path": pages.priority_path,
        "service_path": pages.service_path,
        "provider_path": pages.provider_path,
        "action_plan_path": pages.action_plan_path,
        "code": code,
        "labels": labels,
        "status_label": status_label,
        "indicator_result": indicator_result,
        "money_total": money_total,
    }


def _static() -> Iterator[tuple[str, bytes]]:
    from importlib import resources

    folder = resources.files("kpss_cli.site") / "static"
    for name in sorted(entry.name for entry in folder.iterdir()):
        if name.endswith((".css", ".js")):
            yield f"assets/{name}", (folder / name).read_bytes()


def _sitemap(base_url: str, paths: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(base_url + p)}</loc></url>" for p in paths]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


# -- writing ------------------------------------------------------------------------------------

MARKER = ".kpss-site"


def write_site(files: dict[str, bytes], target: Path) -> int:
    """Write the site into ``target`` as a whole: built beside it, then moved into place, so an
    interrupted run leaves the old site or the new one. ``target`` must be missing, empty, or a
    site kpss wrote before (it holds the marker file); return the number of files written."""
    import shutil
    import tempfile

    if target.exists() and not target.is_dir():
        raise KpssError(
            _("{target} is a file; give a folder for the site, e.g. -o {folder}-web").format(
                target=target, folder=target.with_suffix("")
            )
        )
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise KpssError(
            _(
                "the folder {target} is not empty and was not written by kpss render site; give a new or empty folder "
                "(kpss replaces the whole folder)"
            ).format(target=target)
        )
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise KpssError(
            _("the folder {folder} does not exist; create it first or write elsewhere").format(folder=parent)
        )
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        for folder in sorted({posixpath.dirname(path) for path in files} - {""}):
            (staging / folder).mkdir(parents=True, exist_ok=True)
        for path, content in files.items():
            with open(staging / path, "wb") as stream:
                stream.write(content)
        (staging / MARKER).write_text("Written by kpss render site; the whole folder is replaced.\n", encoding="utf-8")
        staging.chmod(0o755)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            old.rmdir()
            target.rename(old)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise KpssError(
            _("could not write the site into {target}: {strerror}").format(target=target, strerror=exc.strerror or exc)
        ) from None
    return len(files)
