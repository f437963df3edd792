"""DOCX -> PDF/A-2b through LibreOffice, with the table of contents and the page fields updated.

A plain ``soffice --convert-to pdf`` leaves the contents list as the DOCX carries it: a field
that Word fills on opening, so the PDF's contents list has no page numbers. kpss therefore drives
LibreOffice through its UNO interface: it opens the document, updates every index (the table of
contents) and every field, twice (filling the contents can move the pages), and exports PDF/A-2b.
The UNO script (:data:`SCRIPT`) runs in a Python that has LibreOffice's ``uno`` module (Debian:
``python3-uno`` for /usr/bin/python3; Windows and macOS: the Python inside LibreOffice), never in
kpss's own environment.

LibreOffice is found as ``KPSS_SOFFICE``, else ``soffice`` or ``libreoffice`` on PATH; the Python
as ``KPSS_UNO_PYTHON``, else the one beside soffice, else the system's python3.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kpss_cli.errors import KpssError
from kpss_cli.i18n import N_, _

TIMEOUT = 300  # seconds for one conversion (a national catalogue has thousands of pages)

INSTALL = N_(
    "install LibreOffice to write PDF: on Debian or Ubuntu `apt-get install libreoffice-writer "
    "python3-uno`; on Windows or macOS the installer from libreoffice.org; or set KPSS_SOFFICE to "
    "the soffice program (and KPSS_UNO_PYTHON to a Python that can import uno)"
)

SCRIPT = r"""
import os, sys, time, subprocess
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p

soffice, source, target, profile, pipe = sys.argv[1:6]
office = subprocess.Popen(
    [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
     "--nolockcheck", "-env:UserInstallation=" + profile,
     "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    context = None
    for _ in range(600):
        try:
            context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            if office.poll() is not None:
                sys.exit("LibreOffice stopped before it accepted the connection")
            time.sleep(0.1)
    if context is None:
        sys.exit("LibreOffice did not start in time")
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                       (prop("Hidden", True), prop("ReadOnly", False)))
    if doc is None:
        sys.exit("LibreOffice could not open the document")
    for _ in range(2):  # filling the contents moves pages: update again with the final layout
        indexes = doc.getDocumentIndexes()
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        doc.getTextFields().refresh()
        doc.refresh()
    filters = uno.Any("[]com.sun.star.beans.PropertyValue", tuple([
        prop("SelectPdfVersion", 2),  # PDF/A-2b
        prop("UseTaggedPDF", True),
        prop("ExportBookmarks", True),
        prop("ExportLinksRelativeFsys", False),
    ]))
    doc.storeToURL(uno.systemPathToFileUrl(target),
                   (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filters)))
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass  # the bridge goes away as the office quits
finally:
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        office.kill()
"""


def find_soffice() -> str | None:
    """The LibreOffice program: KPSS_SOFFICE, else soffice or libreoffice on PATH."""
    configured = os.environ.get("KPSS_SOFFICE")
    if configured:
        return configured if Path(configured).exists() or shutil.which(configured) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _python_candidates(soffice: str) -> list[str]:
    configured = os.environ.get("KPSS_UNO_PYTHON")
    if configured:
        return [configured]
    program = Path(os.path.realpath(shutil.which(soffice) or soffice)).parent
    found = [str(program / name) for name in ("python", "python.exe", "python3") if (program / name).exists()]
    for name in ("/usr/bin/python3", "python3"):
        path = shutil.which(name)
        if path:
            found.append(path)
    return found


def find_uno_python(soffice: str) -> str | None:
    """A Python interpreter that can ``import uno`` for this LibreOffice, or None."""
    for python in _python_candidates(soffice):
        try:
            done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=60, env=_clean_env())
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return python
    return None


def _clean_env() -> dict[str, str]:
    """The environment without a virtual environment's Python settings (the UNO Python is the
    system's, not kpss's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV")}
    return env


def available() -> str | None:
    """None when PDF can be written, else why not (with how to install)."""
    soffice = find_soffice()
    if soffice is None:
        return _("LibreOffice (soffice) was not found; {install}").format(install=_(INSTALL))
    if find_uno_python(soffice) is None:
        return _("LibreOffice's Python module uno was not found; {install}").format(install=_(INSTALL))
    return None


def docx_to_pdf(content: bytes) -> bytes:
    """The PDF/A-2b of a DOCX, its contents list and page fields updated by LibreOffice."""
    soffice = find_soffice()
    if soffice is None:
        raise KpssError(_("LibreOffice (soffice) was not found; {install}").format(install=_(INSTALL)))
    python = find_uno_python(soffice)
    if python is None:
        raise KpssError(_("LibreOffice's Python module uno was not found; {install}").format(install=_(INSTALL)))
    with tempfile.TemporaryDirectory(prefix="kpss-pdf-") as folder:
        work = Path(folder)
        source, target = work / "document.docx", work / "document.pdf"
        source.write_bytes(content)
        (work / "convert.py").write_text(SCRIPT, encoding="utf-8")
        profile = (work / "profile").as_uri()  # a profile of its own: other LibreOffice runs do not interfere
        env = {**_clean_env(), "HOME": str(work)}
        try:
            done = subprocess.run(
                [python, str(work / "convert.py"), soffice, str(source), str(target), profile, f"kpss{os.getpid()}"],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                env=env,
            )
        except subprocess.TimeoutExpired:
            raise KpssError(
                _("LibreOffice did not finish the PDF within {seconds} s").format(seconds=TIMEOUT)
            ) from None
        except OSError as exc:
            raise KpssError(
                _("could not start LibreOffice's Python {python}: {strerror}").format(
                    python=python, strerror=exc.strerror or exc
                )
            ) from None
        if done.returncode != 0 or not target.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()
            reason = detail[-1] if detail else f"exit status {done.returncode}"
            raise KpssError(_("LibreOffice could not write the PDF: {reason}").format(reason=reason))
        return target.read_bytes()
