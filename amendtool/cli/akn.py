"""`amendtool akn DRAFT [AMENDMENTS...] -o OUT`: the draft (and amendment files) as Akoma Ntoso 3.0;
`amendtool akn --validate FILE...`: check AKN documents against the official schema."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import click

from amendtool.akn.write import amendment_xml, draft_xml
from amendtool.akn.xml import validate as validate_xml
from amendtool.amend import load_amendments
from amendtool.cli.app import (
    Output,
    ProblemsFound,
    handle_errors,
    lenient_option,
    load,
    plural,
    quiet_option,
    refuse_clashes,
    report,
    write_outputs,
)
from amendtool.fileio import read_bytes

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member of a zip gets this time: the same inputs give the same bytes."""


def _date(_ctx, _param, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date such as 2015-10-19") from None


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="DRAFT [AMENDMENTS]...")
@click.option("-o", "--output", type=click.Path(),
              help="OUT.xml for the draft alone; OUT.zip or a folder with amendment files.")
@click.option("--validate", is_flag=True, help="Validate FILES (AKN documents) against the Akoma Ntoso 3.0 schema.")
@click.option("--date", callback=_date, metavar="YYYY-MM-DD",
              help="The draft's date for its FRBR identification (default: a date in its title block or file name).")
@lenient_option
@quiet_option
@handle_errors
def akn(files, output, validate, date, lenient, quiet):
    """DRAFT and AMENDMENTS as Akoma Ntoso 3.0 (OASIS LegalDocML), or --validate AKN files.

    The draft becomes an AKN statement (meta with FRBR identification, preface, preamble, mainBody,
    eIds such as para_12, para_12bis, sec_2__para_3; brackets kept and marked); each amendment file
    becomes an AKN amendment whose textual modifications point at the draft's eIds. Every command
    reads these .xml files back: a draft where a draft is taken, amendments after it.
    """
    if validate:
        if output:
            raise click.UsageError("--validate checks files and writes nothing: leave out -o")
        _validate(files)
        return
    draft, amendments = files[0], files[1:]
    target = _target(output, bool(amendments))
    inputs = [("the draft", draft), *(("an amendment file", a) for a in amendments)]
    refuse_clashes([("-o", output)], inputs)
    doc = load(draft, lenient)
    loaded = load_amendments(doc, amendments)
    for f in loaded:
        report(f.warnings)
    documents = [(f"{Path(draft).stem}.xml", draft_xml(doc, loaded, date=date))]
    for path, f in zip(amendments, loaded, strict=True):
        documents.append((f"{Path(path).stem}.xml", amendment_xml(doc, f, files=loaded, date=date)))
    documents = _unique(documents)
    what = plural(len(documents), "Akoma Ntoso document")
    if target is None:
        click.echo(documents[0][1], nl=False)  # bytes: written as they are
    elif target.suffix.lower() == ".xml":
        write_outputs([Output("-o", str(target), documents[0][1], what)], inputs, quiet)
    elif target.suffix.lower() == ".zip":
        write_outputs([Output("-o", str(target), _zip(documents), what)], inputs, quiet)
    else:
        target.mkdir(parents=True, exist_ok=True)
        write_outputs([Output("-o", str(target / name), data, "") for name, data in documents], inputs, quiet=True)
        if not quiet:
            click.echo(f"wrote {target}: {what} ({', '.join(name for name, _ in documents)})")


def _target(output: str | None, several: bool) -> Path | None:
    if output is None:
        if several:
            raise click.UsageError("with amendment files there are several documents: give -o OUT.zip or -o FOLDER")
        return None
    path = Path(output)
    if path.suffix.lower() == ".xml" and several:
        raise click.BadParameter(
            f"{output!r} holds one document, and the draft with amendment files is several: use a .zip or a folder",
            param_hint="-o")
    if path.suffix.lower() not in (".xml", ".zip") and path.exists() and not path.is_dir():
        raise click.BadParameter(f"{output!r} is a file: give OUT.xml, OUT.zip or a folder", param_hint="-o")
    return path


def _unique(documents: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Member names made unique (a draft and an amendment file may share a stem)."""
    seen: set[str] = set()
    out = []
    for name, data in documents:
        stem, n, candidate = name[: -len(".xml")], 1, name
        while candidate in seen:
            n += 1
            candidate = f"{stem}-{n}.xml"
        seen.add(candidate)
        out.append((candidate, data))
    return out


def _zip(documents: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in documents:
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _validate(files) -> None:
    invalid = 0
    for path in files:
        problems = validate_xml(read_bytes(path), str(path))
        if problems:
            invalid += 1
            report(problems)
        else:
            click.echo(f"{path}: valid Akoma Ntoso 3.0")
    if invalid:
        raise ProblemsFound()
