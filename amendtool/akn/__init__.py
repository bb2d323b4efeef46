"""Akoma Ntoso 3.0 (OASIS LegalDocML), the XML standard of the UN and of parliaments: drafts and
amendment files written as AKN documents, read back, and validated against the official schema.

Modules, imported by name (this package deliberately imports none of them, because the draft and
amendment loaders import the readers while the writer imports those stages):

- ``xml``: the AKN namespace, safe parsing (no DTD, entities or network; bounded size), validation
  against ``akomantoso30.xsd``;
- ``ids``: eIds after the AKN naming convention and FRBR URIs;
- ``write``: a draft as an AKN ``statement``, an amendment file as an AKN ``amendment``;
- ``draft_text``: an AKN draft as the draft text the parser reads (``load_draft`` takes .xml);
- ``amendment_text``: an AKN amendment as an amendment file (``check_amendments`` takes .xml).

docs/akn.md describes the conventions (brackets, bis labels, options, the amendment mapping).
"""
