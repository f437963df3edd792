"""The bundled default reference document, generated here (no binary in the repository).

A small, clean DOCX package: A4 with 2.5 cm margins, Calibri, navy headings with numbered-free
styles that ``kpss render`` fills, table and cover styles, Czech (or English) proofing language.
A town's own template (``--template``) replaces it; the styles it lacks are copied from here
(``STYLE_NAMES``), so any template works.
"""

from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

NAVY = "1F3864"
BLUE = "2E5C8A"
GREY = "595959"

# A4, 2.5 cm margins: the text is 9070 twips (16 cm) wide.
PAGE_W, PAGE_H, MARGIN = 11906, 16838, 1418
TEXT_WIDTH = PAGE_W - 2 * MARGIN

# The paragraph styles the renderers use: key -> (style name as Word stores it, our style id).
STYLE_NAMES: dict[str, tuple[str, str]] = {
    "normal": ("Normal", "Normal"),
    "h1": ("heading 1", "Heading1"),
    "h2": ("heading 2", "Heading2"),
    "h3": ("heading 3", "Heading3"),
    "title": ("Title", "Title"),
    "subtitle": ("Subtitle", "Subtitle"),
    "toc_heading": ("TOC Heading", "TOCHeading"),
    "toc1": ("toc 1", "TOC1"),
    "toc2": ("toc 2", "TOC2"),
    "toc3": ("toc 3", "TOC3"),
    "header": ("header", "Header"),
    "footer": ("footer", "Footer"),
    "caption": ("caption", "Caption"),
    "table_text": ("KPSS Table Text", "KPSSTableText"),
    "table_heading": ("KPSS Table Heading", "KPSSTableHeading"),
    "bullet": ("KPSS Bullet", "KPSSBullet"),
    "kicker": ("KPSS Cover Kicker", "KPSSCoverKicker"),
    "note": ("KPSS Note", "KPSSNote"),
}


def _style(
    style_id: str,
    name: str,
    ppr: str = "",
    rpr: str = "",
    based_on: str | None = "Normal",
    next_id: str | None = None,
    priority: int | None = None,
    extra: str = "",
) -> str:
    parts = [f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_id:
        parts.append(f'<w:next w:val="{next_id}"/>')
    if priority is not None:
        parts.append(f'<w:uiPriority w:val="{priority}"/>')
    parts.append(extra or "<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def _color(value: str) -> str:
    return f'<w:color w:val="{value}"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def styles_xml(lang: str = "cs") -> str:
    """The styles part of the default template."""
    locale = "cs-CZ" if lang == "cs" else "en-GB"
    right_tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    footer_tabs = (
        f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/>'
        f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    )
    styles = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/></w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
        '<w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        _style(
            "Heading1",
            "heading 1",
            next_id="Normal",
            priority=9,
            ppr='<w:keepNext/><w:keepLines/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="3" '
            f'w:color="{NAVY}"/></w:pBdr><w:spacing w:before="360" w:after="160" w:line="240" '
            'w:lineRule="auto"/><w:outlineLvl w:val="0"/>',
            rpr=f"<w:b/><w:bCs/>{_color(NAVY)}{_size(32)}",
        ),
        _style(
            "Heading2",
            "heading 2",
            next_id="Normal",
            priority=9,
            ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="300" w:after="120" w:line="240" '
            'w:lineRule="auto"/><w:outlineLvl w:val="1"/>',
            rpr=f"<w:b/><w:bCs/>{_color(BLUE)}{_size(27)}",
        ),
        _style(
            "Heading3",
            "heading 3",
            next_id="Normal",
            priority=9,
            ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="260" w:after="100" w:line="240" '
            'w:lineRule="auto"/><w:outlineLvl w:val="2"/>',
            rpr=f"<w:b/><w:bCs/>{_color(NAVY)}{_size(23)}",
        ),
        _style(
            "Title",
            "Title",
            next_id="Normal",
            priority=10,
            ppr='<w:spacing w:before="120" w:after="240" w:line="240" w:lineRule="auto"/>',
            rpr=f'<w:b/><w:bCs/>{_color(NAVY)}<w:kern w:val="28"/>{_size(52)}',
        ),
        _style(
            "Subtitle",
            "Subtitle",
            next_id="Normal",
            priority=11,
            ppr='<w:spacing w:before="0" w:after="240" w:line="264" w:lineRule="auto"/>',
            rpr=f"{_color(BLUE)}{_size(30)}",
        ),
        _style(
            "TOCHeading",
            "TOC Heading",
            based_on="Heading1",
            next_id="Normal",
            priority=39,
            ppr='<w:pBdr><w:bottom w:val="nil"/></w:pBdr><w:spacing w:before="0" w:after="240"/>'
            '<w:outlineLvl w:val="9"/>',
        ),
        _style(
            "TOC1",
            "toc 1",
            next_id="Normal",
            priority=39,
            extra="<w:unhideWhenUsed/>",
            ppr=f'{right_tab}<w:spacing w:before="120" w:after="40"/>',
            rpr="<w:b/><w:bCs/>",
        ),
        _style(
            "TOC2",
            "toc 2",
            next_id="Normal",
            priority=39,
            extra="<w:unhideWhenUsed/>",
            ppr=f'{right_tab}<w:spacing w:before="0" w:after="30"/><w:ind w:left="284"/>',
        ),
        _style(
            "TOC3",
            "toc 3",
            next_id="Normal",
            priority=39,
            extra="<w:unhideWhenUsed/>",
            ppr=f'{right_tab}<w:spacing w:before="0" w:after="0"/><w:ind w:left="567"/>',
            rpr=_size(20),
        ),
        _style(
            "Header",
            "header",
            priority=99,
            extra="<w:unhideWhenUsed/>",
            ppr=f'{footer_tabs}<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=f"{_color(GREY)}{_size(17)}",
        ),
        _style(
            "Footer",
            "footer",
            priority=99,
            extra="<w:unhideWhenUsed/>",
            ppr=f'<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="A6B8CC"/></w:pBdr>'
            f'{footer_tabs}<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=f"{_color(GREY)}{_size(17)}",
        ),
        _style(
            "Caption",
            "caption",
            next_id="Normal",
            priority=35,
            ppr='<w:spacing w:before="60" w:after="240"/>',
            rpr=f"<w:i/><w:iCs/>{_color(GREY)}{_size(18)}",
        ),
        _style(
            "KPSSTableText",
            "KPSS Table Text",
            priority=50,
            ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr=_size(19),
        ),
        _style(
            "KPSSTableHeading",
            "KPSS Table Heading",
            based_on="KPSSTableText",
            priority=50,
            # No keep-with-next in the style: it is the style of every row label, and LibreOffice
            # keeps a table whose rows all keep with the next as one block: a table longer than
            # a page then moved whole to the next page, leaving its chapter heading alone. Header
            # rows and cards that should stay together get the keep as direct formatting.
            rpr="<w:b/><w:bCs/>",
        ),
        _style(
            "KPSSBullet",
            "KPSS Bullet",
            priority=50,
            ppr='<w:tabs><w:tab w:val="left" w:pos="357"/></w:tabs><w:spacing w:after="60"/>'
            '<w:ind w:left="357" w:hanging="357"/>',
        ),
        _style(
            "KPSSCoverKicker",
            "KPSS Cover Kicker",
            next_id="Title",
            priority=50,
            ppr='<w:spacing w:before="2400" w:after="120"/>',
            rpr=f'<w:b/><w:bCs/><w:caps/>{_color(BLUE)}<w:spacing w:val="20"/>{_size(24)}',
        ),
        _style(
            "KPSSNote",
            "KPSS Note",
            priority=50,
            ppr='<w:spacing w:before="60" w:after="120"/>',
            rpr=f"<w:i/><w:iCs/>{_color(GREY)}{_size(19)}",
        ),
    ]
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>'
        '<w:sz w:val="22"/><w:szCs w:val="22"/>'
        f'<w:lang w:val="{locale}" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">{defaults}{"".join(styles)}</w:styles>'
    )


def _document_xml() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body><w:p/>'
        f'<w:sectPr><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
        'w:header="709" w:footer="709" w:gutter="0"/><w:cols w:space="708"/>'
        '<w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>'
    )


def _settings_xml(lang: str) -> str:
    decimal, separator = (",", ";") if lang == "cs" else (".", ",")
    locale = "cs-CZ" if lang == "cs" else "en-GB"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="708"/><w:hyphenationZone w:val="425"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="{locale}"/>'
        f'<w:decimalSymbol w:val="{decimal}"/><w:listSeparator w:val="{separator}"/></w:settings>'
    )


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/settings" Target="settings.xml"/>'
    "</Relationships>"
)

_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    "<cp:coreProperties "
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title/><dc:creator/>'
    "<cp:revision>1</cp:revision></cp:coreProperties>"
)

_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>kpss</Application></Properties>"
)

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def default_template(lang: str = "cs") -> bytes:
    """The bytes of the bundled reference DOCX (the same bytes on every call)."""
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "docProps/core.xml": _CORE,
        "docProps/app.xml": _APP,
        "word/document.xml": _document_xml(),
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/styles.xml": styles_xml(lang),
        "word/settings.xml": _settings_xml(lang),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
