"""``kpss render KIND [ID] -o FILE.docx``: the documents the council approves, as DOCX."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from kpss_cli.cli import options
from kpss_cli.i18n import _


class Kind(str, Enum):
    plan = "plan"
    action_plan = "action-plan"
    report = "report"
    catalogue = "catalogue"
    consultation = "consultation"
    site = "site"
    network = "network"
    template = "template"


def render(
    kind: Kind = typer.Argument(
        ...,
        metavar="KIND",
        help="plan, action-plan, report, catalogue, consultation, network; site (the web site, -o is a "
        "folder); or template (the bundled reference DOCX).",
        show_default=False,
    ),
    ident: Optional[str] = typer.Argument(
        None,
        metavar="ID",
        help="plan: the plan id (default: the current plan); action-plan: the year; "
        "report, consultation: the plan id (default: the current plan); network: the year.",
        show_default=False,
    ),
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        help="The DOCX file to write (its folder must exist); for site, the folder of the web site.",
        show_default=False,
    ),
    template: Optional[Path] = typer.Option(
        None,
        "--template",
        "-t",
        help="Reference DOCX whose styles, page setup, header and footer the document takes "
        "(default: documents.template of kpss.yaml, else the bundled one).",
        show_default=False,
    ),
    pdf: bool = typer.Option(
        False,
        "--pdf",
        help="Also write the PDF/A-2b beside the DOCX (FILE.pdf), through LibreOffice. "
        "-o FILE.pdf writes the PDF alone.",
    ),
    with_members: bool = typer.Option(
        False, "--with-members", help="Print the members of the planning groups (personal data)."
    ),
    year: Optional[int] = typer.Option(
        None,
        "--year",
        help="report: the year to evaluate (default: as `kpss report fulfilment`).",
        show_default=False,
    ),
    plan: Optional[str] = typer.Option(
        None,
        "--plan",
        help="site: the plan to publish (default: the current plan).",
        show_default=False,
    ),
    base_url: Optional[str] = typer.Option(
        None,
        "--base-url",
        help="site: the address the site will live at (for canonical links and sitemap.xml; "
        "links between pages stay relative).",
        show_default=False,
    ),
    public: bool = typer.Option(
        False,
        "--public",
        help="site: publish no amount of a grant application that is not decided yet (docs/site.md).",
    ),
    force: bool = options.ForceOutputOption,
    repo: Optional[Path] = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Render the community plan, an action plan, the fulfilment report, the catalogue of
    services or the settlement of comments on a draft (consultation) as a DOCX document
    (Czech by default), ready for the council and the web site.

    The document has a title page, a table of contents (Word fills it when the file is opened),
    numbered headings, one table per measure, budget summaries and page numbers; the same
    data always gives the same bytes. Exit status: 0 written, 2 could not render (nothing written).

    `kpss render site -o DIR` writes the static web site for citizens (docs/site.md).

    Example: kpss render plan 2024-2027 -o komunitni-plan.docx
    """
    from kpss_cli.cli.output import info, warn
    from kpss_cli.i18n import language
    from kpss_cli.textsafe import visible

    if kind is Kind.site:
        if ident is not None or template is not None or year is not None or with_members or pdf:
            from kpss_cli.errors import UsageError

            raise UsageError(
                _(
                    "`kpss render site` takes no ID, --template, --year, --pdf or --with-members (the site never shows "
                    "personal data); choose the plan with --plan"
                )
            )
        _render_site(output, repo, plan, base_url, language(), quiet, public)
        return
    if plan is not None or base_url is not None or public:
        from kpss_cli.errors import UsageError

        raise UsageError(_("--plan, --base-url and --public apply to `kpss render site`; give a plan as ID"))
    from kpss_cli.render import check_output, resolve_template, template_document
    from kpss_cli.render import render as render_document
    from kpss_cli.repo import refuse_data_file

    check_output(output)
    refuse_data_file(output, force)
    as_pdf = pdf or output.suffix.lower() == ".pdf"
    pdf_path = output if output.suffix.lower() == ".pdf" else output.with_suffix(".pdf")
    if as_pdf:
        from kpss_cli.errors import KpssError
        from kpss_cli.pdf import available

        if kind in (Kind.template, Kind.site):
            from kpss_cli.errors import UsageError

            raise UsageError(
                _("`kpss render {value}` has no PDF form; give a .docx or a folder").format(value=kind.value)
            )
        missing = available()
        if missing:
            raise KpssError(missing)
    if kind is Kind.template:
        from kpss_cli.errors import UsageError

        if ident is not None or template is not None or year is not None:
            raise UsageError(_("`kpss render template` takes no ID, --template or --year"))
        _write(output, template_document(language()))
        info(
            _("wrote {output}: the bundled reference document; edit it, pass it with --template").format(
                output=visible(str(output))
            ),
            quiet,
        )
        return
    from kpss_cli.validate import require_valid, validate_repository

    root = options.repo_root(repo)
    refuse_data_file(output, force, root)
    validation = validate_repository(root)
    repository = require_valid(validation)
    reference = resolve_template(root, repository, template)
    result = render_document(
        kind.value,
        repository,
        ident,
        documents={path: doc.data for path, doc in validation.documents.items()},
        year=year,
        lang=language(),
        template=reference,
        with_members=with_members,
    )
    for message in result.warnings:
        warn(message)
    if as_pdf:
        from kpss_cli.pdf import docx_to_pdf

        pdf = docx_to_pdf(result.content)
        if output.suffix.lower() != ".pdf":
            _write(output, result.content)
            info(_("wrote {output}: {title}").format(output=visible(str(output)), title=visible(result.title)), quiet)
        _write(pdf_path, pdf)
        wrote = _("wrote {pdf_path}: {title} (PDF/A-2b)")
        info(wrote.format(pdf_path=visible(str(pdf_path)), title=visible(result.title)), quiet)
        return
    _write(output, result.content)
    info(_("wrote {output}: {title}").format(output=visible(str(output)), title=visible(result.title)), quiet)


def _render_site(
    output: Path,
    repo: Optional[Path],
    plan: Optional[str],
    base_url: Optional[str],
    lang: str,
    quiet: bool = False,
    public: bool = False,
) -> None:
    from kpss_cli.cli.output import info
    from kpss_cli.site import build_site, check_base_url, write_site
    from kpss_cli.textsafe import visible
    from kpss_cli.validate import require_valid, validate_repository

    check_base_url(base_url)
    root = options.repo_root(repo)
    repository = require_valid(validate_repository(root))
    files = build_site(repository, plan, base_url=base_url, lang=lang, public=public)
    count = write_site(files, output)
    pages = sum(1 for path in files if path.endswith(".html"))
    info(
        _("wrote {output}: the web site, {pages} pages and {count} other files (open {index})").format(
            output=visible(str(output)), pages=pages, count=count - pages, index=visible(str(output / "index.html"))
        ),
        quiet,
    )


def _write(output: Path, content: bytes) -> None:
    """The document written atomically; a full disk or a read-only folder is a clear exit 2."""
    from kpss_cli.errors import KpssError
    from kpss_cli.yamledit import atomic_write

    try:
        atomic_write(output, content)
    except OSError as exc:
        raise KpssError(
            _("cannot write {output}: {strerror}; nothing was written").format(
                output=output, strerror=exc.strerror or exc
            )
        ) from None


def register(app: typer.Typer) -> None:
    app.command("render")(render)
