"""Every command has help text and is documented in the README; the README starts with the two
newcomer commands, and .ci/run runs exactly the second."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT

from amendtool.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = cli.list_commands(click.Context(cli))


def test_all_commands_are_registered():
    assert COMMANDS == [
        "add-facilitator", "akn", "brackets", "check", "compile", "consolidate", "diff", "help", "parallel", "propose",
        "serve", "show", "template", "uptake"]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_in_the_readme(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.help and len(command.help) > 20
    assert f"amendtool {name} " in README


def test_readme_starts_with_the_two_newcomer_commands():
    lines = README.splitlines()
    assert lines[3] == "pip install . && amendtool compile drafts/wsis10_zero_draft.txt drafts/*.amend -o compilation.html"
    assert lines[4] == "pip install '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == lines[4]
