"""Safe parsing of XML and HTML: no entity expansion, no DTD loaded, nothing fetched from the network,
no huge trees. A file that declares entities (an XML bomb, an external entity) is refused outright:
no published book needs them."""

from __future__ import annotations

import codecs
import re
from html.entities import html5

from lxml import etree, html

from ..records import AlignError
from .encoding import decode, decode_declared

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DECLARED = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)|<meta[^>]*charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HUGE_OPTION = re.compile(r",?\s*(?:use|try) XML_PARSE_HUGE.*", re.DOTALL)
# what HTML's "iso-8859-1" and "ascii" mean in practice (as browsers read them)
_WEB_CODECS = {"iso8859-1": "cp1252", "ascii": "cp1252"}


def refuse_entities(data: bytes, name: str) -> None:
    if _ENTITY_DECLARATION.search(data):
        raise AlignError(f"{name}: declares XML entities (a possible XML bomb or external entity); refused")


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element of an XML file, parsed without entities, DTD or network."""
    refuse_entities(data, name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:  # libxml2 names its option after a limit hit: no user can set it
        reason = " ".join(_HUGE_OPTION.sub("", str(error)).split())  # on one line: libxml2's may run over two
        raise AlignError(f"{name}: not well-formed XML ({reason})") from None
    if root is None:
        raise AlignError(f"{name}: empty XML")
    return root


def parse_markup(data: bytes, name: str) -> etree._Element:
    """The root of an XHTML or HTML document: XML where it is well-formed, else read as HTML (which
    forgives unclosed tags and knows &nbsp;)."""
    refuse_entities(data, name)
    try:
        return parse_xml(data, name)
    except AlignError:
        text = _XML_DECLARATION.sub("", html_text(data, name))
        parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, default_doctype=False)
        try:
            root = html.document_fromstring(text, parser=parser)
        except (etree.ParserError, ValueError) as error:
            raise AlignError(f"{name}: cannot be read as HTML ({error})") from None
        for error in parser.error_log:  # the parser forgives much, but stops where its limits are hit
            if error.type_name == "ERR_RESOURCE_LIMIT":
                limit = _HUGE_OPTION.sub("", error.message).strip()  # libxml2 names its option after the limit
                raise AlignError(f"{name}: cannot be read whole as HTML ({limit}); refused")
        return root


def html_text(data: bytes, name: str) -> str:
    """An HTML file's text in the charset it declares (a BOM first), else in the encoding detected."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    declared = _DECLARED.search(data[:4096])
    if declared:
        try:
            encoding = codecs.lookup((declared.group(1) or declared.group(2)).decode("ascii")).name
        except LookupError:
            encoding = None
        if encoding:
            return decode_declared(data, _WEB_CODECS.get(encoding, encoding), name)
    return decode(data, name)


def localname(element: etree._Element) -> str:
    """An element's name without its namespace ("p", "h2"); "" for comments and the like."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def attribute(element: etree._Element, name: str) -> str:
    """An attribute's value whatever its namespace (epub:type, xlink:href), or ""."""
    for key, value in element.attrib.items():
        if key == name or key.endswith("}" + name) or key.endswith(":" + name):
            return value
    return ""


def plain_text(element: etree._Element) -> str:
    """An element's text, entities left unresolved by an XHTML parse included."""
    parts = [element.text or ""]
    for child in element:
        parts += [entity_text(child) if isinstance(child, etree._Entity) else plain_text(child), child.tail or ""]
    return "".join(parts)


def entity_text(entity: etree._Entity) -> str:
    """The character an HTML entity left unresolved stands for (an XHTML file read without its DTD)."""
    return html5.get(entity.name + ";", " ")
