"""``amendtool --help`` loads the command line, not the library: a command's module is imported when the
command runs, and ``COMMANDS`` lists them (start-up time is measured in bench/, never here)."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from conftest import ROOT

from amendtool.cli import COMMANDS, cli

HEAVY = ("amendtool.draft", "amendtool.amend", "amendtool.compile", "amendtool.consolidate", "amendtool.diff",
         "amendtool.render", "amendtool.akn", "amendtool.docx", "amendtool.server", "amendtool.cli.",
         "jinja2", "lxml", "django")


def _run_listing_modules(*argv: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """``amendtool ARGV`` run in a fresh interpreter: the run, and the modules it had loaded at the end."""
    code = ("import sys\nfrom amendtool.cli import main\n"
            f"sys.argv = ['amendtool', *{list(argv)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    return done, done.stderr.split()


def test_help_imports_no_stage_of_the_library():
    done, modules = _run_listing_modules("--help")
    assert "Commands:" in done.stdout
    assert [m for m in modules if m.startswith(HEAVY)] == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listed_summary_is_the_commands_own(name):
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.name == name
    listed = click.Command(name, help=COMMANDS[name].summary)
    assert listed.get_short_help_str(1000) == command.get_short_help_str(1000)


def test_an_unknown_command_is_a_usage_error():
    assert cli.get_command(click.Context(cli), "compil") is None


def test_diff_imports_neither_the_compilation_nor_the_amendments(tmp_path):
    """``amendtool diff`` to JSON loads the comparison and its renderer alone."""
    done, modules = _run_listing_modules("diff", str(ROOT / "drafts" / "wsis10_zero_draft.txt"),
                                         str(ROOT / "tests" / "golden" / "diff" / "wsis_rev1.txt"),
                                         "-q", "-o", str(tmp_path / "d.json"))
    assert (tmp_path / "d.json").exists(), done.stderr
    loaded = [m for m in modules
              if m.startswith(("amendtool.compile", "amendtool.amend", "amendtool.diff.proposal", "jinja2",
                               "amendtool.render.compilation", "amendtool.render.diff.html",
                               # JSON: neither the text renderers (nor their markupsafe), nor the HTML's stamp
                               "amendtool.render.diff.text", "markupsafe", "hashlib", "json"))]
    assert loaded == []


def test_check_of_text_amendments_imports_no_xml():
    """``amendtool check`` of amendment files in text loads neither the Akoma Ntoso modules nor lxml (an
    ``.xml`` amendment does: tests/test_akn_amend.py)."""
    done, modules = _run_listing_modules("check", str(ROOT / "drafts" / "wsis10_zero_draft.txt"),
                                         str(ROOT / "drafts" / "eu.amend"))
    assert "all apply" in done.stdout, done.stdout + done.stderr
    assert [m for m in modules if m.startswith(("amendtool.akn", "lxml"))] == []
