"""The shared base of every Word template: package parts, styles, page set-up and headers.

Every template is this base plus a document body (see build_templates.py); no template restates a
margin, a font or a size. Built from scratch rather than from python-docx's default template, which
is US Letter, tags text ar-SA and maps the theme's Thai font to Angsana/Cordia.
"""

from __future__ import annotations

from ita_docs.render import house_style as hs
from ita_docs.render.ooxml import Tab, page_field_runs, paragraph, ppr, rpr, run

NAMESPACES = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'mc:Ignorable="w14 wp14"'
)
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    XML_DECL
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Default Extension="jpeg" ContentType="image/jpeg"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    XML_DECL
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

HEADER_DEFAULT_RID = "rIdHeaderDefault"
HEADER_FIRST_RID = "rIdHeaderFirst"

DOCUMENT_RELS = (
    XML_DECL
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdFontTable" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>'
    f'<Relationship Id="{HEADER_DEFAULT_RID}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
    f'<Relationship Id="{HEADER_FIRST_RID}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>'
    "</Relationships>"
)


def core_properties(title: str) -> str:
    # Fixed dates keep the build reproducible; rendering leaves them as they are.
    return (
        XML_DECL
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>ita-docs</dc:creator>"
        "<dc:language>th-TH</dc:language>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP_PROPERTIES = (
    XML_DECL
    + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>ita-docs</Application></Properties>"
)


def font_table(font: str) -> str:
    return (
        XML_DECL
        + f'<w:fonts {NAMESPACES}>'
        f'<w:font w:name="{font}"><w:charset w:val="DE"/><w:family w:val="swiss"/>'
        '<w:pitch w:val="variable"/></w:font>'
        "</w:fonts>"
    )


def theme_xml(font: str) -> str:
    """A minimal theme (Word requires one) whose Thai script font is the house font, not Angsana."""
    fonts = (
        f'<a:latin typeface="{font}"/><a:ea typeface=""/><a:cs typeface="{font}"/>'
        f'<a:font script="Thai" typeface="{font}"/>'
    )
    colours = "".join(
        f"<a:{name}><a:srgbClr val=\"{value}\"/></a:{name}>"
        for name, value in (("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "44546A"), ("lt2", "E7E6E6"),
                            ("accent1", "4472C4"), ("accent2", "ED7D31"), ("accent3", "A5A5A5"),
                            ("accent4", "FFC000"), ("accent5", "5B9BD5"), ("accent6", "70AD47"),
                            ("hlink", "0563C1"), ("folHlink", "954F72"))
    )
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = '<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    return (
        XML_DECL
        + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="ITA">'
        f'<a:themeElements><a:clrScheme name="ITA">{colours}</a:clrScheme>'
        f'<a:fontScheme name="ITA"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont></a:fontScheme>'
        f'<a:fmtScheme name="ITA"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst><a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>"
        "</a:theme>"
    )


SETTINGS = (
    XML_DECL
    + f"<w:settings {NAMESPACES}>"
    '<w:zoom w:percent="100"/>'
    f'<w:defaultTabStop w:val="{hs.twips(hs.DEFAULT_TAB_CM)}"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-US" w:bidi="th-TH"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
    "</w:settings>"
)


# --- styles --------------------------------------------------------------------------------------

def _paragraph_style(style_id: str, name: str, p: str = "", r: str = "", based_on: str = "Normal",
                     next_style: str | None = None) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>{based}{nxt}<w:qFormat/>{p}{r}</w:style>'
    )


def _character_style(style_id: str, name: str, r: str) -> str:
    return (
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:qFormat/>{r}</w:style>'
    )


def memo_header_tabs(dotted: bool) -> tuple[Tab, ...]:
    leader = "dot" if dotted else "none"
    return (Tab(hs.TEXT_WIDTH_CM, "right", leader),)


def memo_number_date_tabs(dotted: bool) -> tuple[Tab, ...]:
    leader = "dot" if dotted else "none"
    return (Tab(hs.MEMO_DATE_TAB_CM, "left", leader), Tab(hs.TEXT_WIDTH_CM, "right", leader))


SIGNATURE_LEFT_CM = 2 * hs.SIGNATURE_CENTRE_CM - hs.TEXT_WIDTH_CM  # centred about SIGNATURE_CENTRE_CM


def list_level_style(level: int) -> str:
    return f"ListLevel{level}"


LIST_LEVELS = 5


def styles_xml(style: hs.HouseStyle) -> str:
    font = style.font
    body_hp = hs.half_points(hs.BODY_SIZE_PT)
    rule_side = (hs.TEXT_WIDTH_CM - hs.TITLE_RULE_CM) / 2
    list_styles = "".join(
        _paragraph_style(
            list_level_style(level), f"ITA List Level {level}",
            ppr(first_line_cm=hs.LIST_FIRST_LEVEL_CM + (level - 1) * hs.LIST_LEVEL_STEP_CM,
                jc=hs.BODY_JUSTIFICATION),
        )
        for level in range(1, LIST_LEVELS + 1)
    )
    styles = [
        # Normal: everything Thai comes from docDefaults below.
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/></w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="table" w:customStyle="1" w:styleId="ItaTable"><w:name w:val="ITA Table"/>'
        '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
        '<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        "</w:tblBorders></w:tblPr></w:style>",
        _paragraph_style("BodyText", "ITA Body Text",
                         ppr(before_pt=hs.PART_SPACING_BEFORE_PT,
                             first_line_cm=hs.BODY_FIRST_LINE_CM, jc=hs.BODY_JUSTIFICATION)),
        _paragraph_style("PlainText", "ITA Plain Text", ppr(jc=hs.BODY_JUSTIFICATION)),
        list_styles,
        _paragraph_style("Heading", "ITA Heading", ppr(keep_next=True, before_pt=hs.PART_SPACING_BEFORE_PT),
                         rpr(bold=True)),
        _paragraph_style("MemoTitle", "ITA Memo Title",
                         ppr(tabs=(Tab(hs.URGENCY_TAB_CM), Tab(hs.TEXT_WIDTH_CM / 2, "center")),
                             line_exact_pt=hs.MEMO_TITLE_LINE_PT),
                         rpr(bold=True, size_pt=hs.MEMO_TITLE_SIZE_PT)),
        _paragraph_style("MemoHeader", "ITA Memo Header Line",
                         ppr(tabs=memo_header_tabs(style.dotted_lines))),
        _paragraph_style("MemoNumberDate", "ITA Memo Number and Date",
                         ppr(tabs=memo_number_date_tabs(style.dotted_lines))),
        _paragraph_style("MemoSubject", "ITA Memo Subject",
                         ppr(tabs=memo_header_tabs(style.dotted_lines), before_pt=hs.PART_SPACING_BEFORE_PT)),
        _paragraph_style("Salutation", "ITA Salutation", ppr(before_pt=hs.PART_SPACING_BEFORE_PT)),
        _paragraph_style("DocTitle", "ITA Document Title", ppr(keep_next=True, jc="center"),
                         rpr(bold=True, size_pt=hs.TITLE_SIZE_PT)),
        _paragraph_style("ReportTitle", "ITA Report Title", ppr(keep_next=True, jc="center"),
                         rpr(bold=True, size_pt=hs.REPORT_TITLE_SIZE_PT)),
        _paragraph_style("TitleRule", "ITA Title Rule",
                         ppr(border_bottom=True, left_cm=rule_side, right_cm=rule_side),
                         rpr(size_pt=8)),
        _paragraph_style("ClosingDate", "ITA Closing Date",
                         ppr(keep_next=True, before_pt=2 * hs.PART_SPACING_BEFORE_PT,
                             left_cm=hs.CLOSING_DATE_INDENT_CM)),
        _paragraph_style("Signature", "ITA Signature",
                         ppr(keep_lines=True, left_cm=SIGNATURE_LEFT_CM, jc="center")),
        _paragraph_style("CommentLine", "ITA Comment Line",
                         ppr(keep_next=True, before_pt=hs.PART_SPACING_BEFORE_PT,
                             tabs=(Tab(hs.TEXT_WIDTH_CM, "right", "dot"),))),
        _paragraph_style("TableText", "ITA Table Text", "", rpr(size_pt=hs.TABLE_SIZE_PT)),
        _paragraph_style("TableHeading", "ITA Table Heading", ppr(keep_next=True, jc="center"),
                         rpr(bold=True, size_pt=hs.TABLE_SIZE_PT)),
        _paragraph_style("Picture", "ITA Picture", ppr(keep_next=True, before_pt=hs.PART_SPACING_BEFORE_PT, jc="center")),
        _paragraph_style("Caption", "ITA Caption", ppr(jc="center"), rpr(size_pt=hs.CAPTION_SIZE_PT)),
        _paragraph_style("Header", "header", ppr(jc="center")),
        _character_style("Label", "ITA Label", rpr(bold=True, size_pt=hs.MEMO_LABEL_SIZE_PT)),
        _character_style("Strong", "Strong", rpr(bold=True)),
        # Latin words inside Thai text: broken by English rules, Thai stays the complex script
        _character_style("Latin", "ITA Latin", f'<w:rPr><w:lang w:val="en-US" w:eastAsia="{hs.LANGUAGE}" '
                                                f'w:bidi="{hs.LANGUAGE}"/></w:rPr>'),
        # URLs, e-mail addresses and text marked verbatim: digits kept as typed.
        _character_style("Verbatim", "ITA Verbatim", ""),
        _character_style("Urgent", "ITA Urgency", rpr(bold=True, color=hs.URGENCY_COLOR,
                                                      size_pt=hs.URGENCY_SIZE_PT)),
    ]
    return (
        XML_DECL
        + f"<w:styles {NAMESPACES}>"
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        f'<w:sz w:val="{body_hp}"/><w:szCs w:val="{body_hp}"/>'
        f'<w:lang w:val="{hs.LANGUAGE}" w:eastAsia="{hs.LANGUAGE}" w:bidi="{hs.LANGUAGE}"/>'
        "</w:rPr></w:rPrDefault>"
        # widow and orphan control everywhere: no paragraph leaves a single line on either page
        '<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
        + "".join(styles)
        + "</w:styles>"
    )


# --- headers and section -------------------------------------------------------------------------

def header_xml(with_page_number: bool) -> str:
    """Pages 2+ carry "- ๒ -" top centre; the first page's header is empty."""
    body = ""
    if with_page_number:
        body = run("- ") + page_field_runs("๒") + run(" -")
    return (
        XML_DECL
        + f"<w:hdr {NAMESPACES}>"
        + paragraph(body, ppr(style="Header"))
        + "</w:hdr>"
    )


def section_properties() -> str:
    return (
        "<w:sectPr>"
        f'<w:headerReference w:type="default" r:id="{HEADER_DEFAULT_RID}"/>'
        f'<w:headerReference w:type="first" r:id="{HEADER_FIRST_RID}"/>'
        f'<w:pgSz w:w="{hs.PAGE_WIDTH_TWIPS}" w:h="{hs.PAGE_HEIGHT_TWIPS}"/>'
        f'<w:pgMar w:top="{hs.twips(hs.MARGIN_TOP_CM)}" w:right="{hs.twips(hs.MARGIN_RIGHT_CM)}" '
        f'w:bottom="{hs.twips(hs.MARGIN_BOTTOM_CM)}" w:left="{hs.twips(hs.MARGIN_LEFT_CM)}" '
        f'w:header="{hs.twips(hs.HEADER_DISTANCE_CM)}" w:footer="{hs.twips(hs.FOOTER_DISTANCE_CM)}" w:gutter="0"/>'
        # Word prints "๒"; LibreOffice ignores the format (the PDF converter's profile handles it).
        '<w:pgNumType w:fmt="thaiNumbers"/>'
        '<w:cols w:space="708"/>'
        "<w:titlePg/>"
        "</w:sectPr>"
    )


def document_xml(body: str) -> str:
    return XML_DECL + f"<w:document {NAMESPACES}><w:body>{body}{section_properties()}</w:body></w:document>"


def package_parts(title: str, body: str, style: hs.HouseStyle = hs.HouseStyle()) -> dict[str, str]:  # noqa: B008 - immutable
    """All parts of one template, in the order they are written to the zip."""
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": core_properties(title),
        "docProps/app.xml": APP_PROPERTIES,
        "word/document.xml": document_xml(body),
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": styles_xml(style),
        "word/settings.xml": SETTINGS,
        "word/fontTable.xml": font_table(style.font),
        "word/theme/theme1.xml": theme_xml(style.font),
        "word/header1.xml": header_xml(with_page_number=True),
        "word/header2.xml": header_xml(with_page_number=False),
    }
