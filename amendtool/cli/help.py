"""`amendtool help [TOPIC]`: the amendment file format (``help amendments``) for a delegate who has only
the tool, and every command's help (``help compile`` is ``compile --help``)."""

from __future__ import annotations

import click

AMENDMENTS = """\
AMENDMENT FILES

An amendment file is a plain UTF-8 text file that a delegation writes by hand (or that
`amendtool propose` writes from an edited copy of the draft) and sends to the facilitator.
`amendtool template DRAFT --by EU -o eu.amend` starts one for a draft, with an example of
every operation on that draft's own paragraphs. `amendtool check DRAFT eu.amend` checks it.

HEADER

The file starts with header lines:

    by: EU                                        required: the delegation's short code
    name: European Union and its member States    optional: its full name
    draft: wsis10-zero                            optional: the draft it is written for
    date: 2015-10-19                              optional: the date it was written

A line starting with # is a comment, and so is everything after a # outside quotes.

OPERATIONS

Then one operation per line:  PARAGRAPH: operation. PARAGRAPH is the paragraph's reference
as `amendtool show DRAFT` prints it: 12, 12 bis, Pp3, OP5, Article 4.2, 4.2(a), 8.4 Option 2;
common spellings such as 12bis, para 12, OP12, Art. 4.2 work too.

Text in quotes: straight "..." or typographic “...”; \\" is a quote inside the text. A long
text may go on over the following lines when they are indented:

    37: replace paragraph with "We acknowledge the role of the Internet Governance Forum
        and call for its continuation."

Words of the draft that an operation names (its anchor) must occur once in the paragraph;
if they occur more often, (2nd), (3rd) ... after the quotes picks one. Spaces, quote and
dash styles may differ from the draft's.

Words of a paragraph:

    12: replace "almost 10 per cent" with "nearly 10 per cent"
    12: replace "the" (2nd) with "a"                  the second "the" of paragraph 12
    12: delete "as compared to 3.4 per cent in 2005,"
    19: insert "and meaningful " before "access to the Internet"
    19: insert ", including persons with disabilities" after "to all by 2020"
    19: insert "We recognize that " at start
    19: insert " We will review progress annually." at end

Whole paragraphs:

    35: delete paragraph
    37: replace paragraph with "We acknowledge the role of the Internet Governance Forum."
    37: add paragraph after "We call on all stakeholders to support the IGF."
    1: add paragraph before "Mindful of the outcomes of the Geneva and Tunis phases,"
    40: move after 43
    54: move before 53

  In `add paragraph`, the quoted text is the NEW paragraph, not words of 37: the line adds a
  paragraph after 37 that reads "We call on all stakeholders to support the IGF.". It gets
  the next free label after its neighbour (37 bis, then 37 ter ...), and later lines of the
  same file may name it:

    37 bis: insert " with stable funding" before "."

Square brackets (text not agreed; [a] [b] are alternatives):

    7: bracket "unforeseen ten years ago"             put the words in brackets
    58: retain "World Summit"                         choose one alternative of a group
    58: remove brackets "World Summit"                agree to bracketed text
    58: add alternative "Summit-level Meeting" to "High Level Meeting"

Several paragraphs, a section, headings, a first sub-item:

    12-14: bracket                                    one bracket from the start of 12 to the end of 14
    12-14: bracket from "We are highly" to "social consequences"
    1.3: bracket                                      every paragraph of section 1.3
    15-16: delete paragraphs
    Article 5.2-5.4: remove brackets                  agree to the bracket that opens in 5.2 and closes in 5.4
    heading 2.2: replace "Human rights" with "Human rights online"
    heading 2.3: delete                               its paragraphs join the section before
    2.2: add heading before "We emphasise that no person" with "2.2 bis Privacy"
    3: add item (a) "on the digital divide;"          a first sub-item under paragraph 3

Option blocks (Option 1, Option 2 ... and the paragraphs each introduces):

    Article 2 Option 1: retain                        choose it; the other options go
    Article 2 Option 2: delete                        the option, with its paragraphs
    Article 2 Option 2: add option after with "No text."    a new option, labelled Option 2 bis

Comments, reservations and support:

    22: comment "Reserve pending consultations with capital."
    12: support G77-3                                 support another delegation's operation

IDS

Each operation gets the id CODE-N, N counting the operations of the file from 1: EU-1, EU-2 ...
Other delegations support it by that id; the facilitator accepts it with
`amendtool consolidate ... --accept EU-1,G77-*`.

A file with any error is applied not at all: `amendtool check` names every error with the
nearest fix (the closest paragraph, the closest words).

EXAMPLE

    by: EU
    name: European Union and its member States
    draft: wsis10-zero
    date: 2015-10-19

    # Merged with the US's identical proposal
    12: replace "almost 10 per cent" with "nearly 10 per cent"
    19: insert "and meaningful " before "access to the Internet"
    7: bracket "unforeseen ten years ago"
    37: add paragraph after "We call on all stakeholders to support the IGF with stable and
        predictable funding."
    58: retain "World Summit"
    40: move after 43
    22: comment "Reserve pending consultations with capital."
"""

TOPICS = {"amendments": AMENDMENTS}
"""Help topics beyond the commands."""


@click.command(name="help")
@click.argument("topic", required=False)
@click.pass_context
def help_(ctx: click.Context, topic: str | None) -> None:
    """Explain a TOPIC (amendments: the amendment file format, with an example of every operation)
    or a command (help compile is compile --help)."""
    parent = ctx.parent
    group = parent.command if parent is not None and isinstance(parent.command, click.Group) else None
    if topic is None:
        click.echo(group.get_help(parent) if group is not None and parent is not None else "")
        click.echo("\nTopics:\n  amendments  the amendment file format, with an example of every operation")
        return
    text = TOPICS.get(topic.lower())
    if text is not None:
        click.echo(text, nl=False)
        return
    command = group.get_command(ctx, topic) if group is not None else None
    if command is None:
        commands = group.list_commands(ctx) if group is not None else []
        known = ", ".join(sorted(TOPICS) + sorted(commands))
        raise click.BadParameter(f"no help on {topic!r}; there is help on {known}", param_hint="TOPIC")
    with click.Context(command, info_name=topic, parent=ctx.parent) as sub:
        click.echo(command.get_help(sub))
