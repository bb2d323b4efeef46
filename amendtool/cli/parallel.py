"""`amendtool parallel`: language versions of one document side by side (``parallel/``)."""

from __future__ import annotations

import click

from amendtool.cli.app import (
    Output,
    ProblemsFound,
    handle_errors,
    lenient_option,
    load,
    output_format,
    quiet_option,
    refuse_clashes,
    write_outputs,
)
from amendtool.parallel import FORMATS, compare_versions, render
from amendtool.parallel.render import summary


@click.command()
@click.argument("versions", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report to this file (format by its extension: .txt, .json, .html).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Report format (default: by the extension of -o, else txt).")
@lenient_option
@quiet_option
@handle_errors
def parallel(versions, output, fmt, lenient, quiet):
    """Language versions of one document side by side: EN FR ES RU ZH AR ...

    The versions (two or more, in any of the six UN languages) are aligned by structure with the
    first: headings, numbered paragraphs and sub-items, numbers read in every language's style
    (Article premier, Статья 1, 第一条 and المادة ١ are Article 1; 2-бис, 2之二 and ٢ مكررا are 2 bis;
    (b), б), (ب) and （二） the second sub-item). The report names every place where they disagree:
    a heading, paragraph or sub-item missing in a version, a different number, a different number
    of bracket groups or of alternatives in a group, and dates and numbers that differ (25 September
    2015 = 2015年9月25日, USD 100 billion = 1000亿美元 = 100.000 millones).

    -o report.html puts the versions in columns, each in its language and direction, with the
    disagreements marked; .json gives the whole alignment. Exits 0 when the versions agree, 1 when
    they disagree (the report is written either way).
    """
    if len(versions) < 2:
        raise click.UsageError("parallel needs at least two versions: EN.txt FR.txt [MORE...]")
    fmt = output_format(output, fmt, FORMATS)
    inputs = [("a version compared", path) for path in versions]
    refuse_clashes([("-o", output)], inputs)
    docs = [load(path, lenient) for path in versions]
    result = compare_versions(docs)
    text = render(result, fmt)
    if output:
        write_outputs([Output("-o", output, text, f"{len(result.versions)} versions side by side ({fmt}), "
                                                   f"{summary(result)}")], inputs, quiet)
    else:
        click.echo(text, nl=False)
    if result.findings:
        raise ProblemsFound()
