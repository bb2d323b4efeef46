"""Outputs are safe (issue 9, finding 0): never written over an input, all of a command's outputs or
none, read-only files respected, symbolic links written through; and every command says what it
wrote, on one line per file (finding 9), unless -q."""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from click.testing import CliRunner
from conftest import DRAFTS, WSIS

from amendtool import fileio
from amendtool.cli import cli

EU = DRAFTS / "eu.amend"
USAGE = {
    "compile": "Usage: amendtool compile [OPTIONS] DRAFT [AMENDMENTS]...\nTry 'amendtool compile --help' for help.\n\n",
    "consolidate": "Usage: amendtool consolidate [OPTIONS] DRAFT AMENDMENTS...\n"
                   "Try 'amendtool consolidate --help' for help.\n\n",
    "propose": "Usage: amendtool propose [OPTIONS] [DRAFT] EDITED\nTry 'amendtool propose --help' for help.\n\n",
    "diff": "Usage: amendtool diff [OPTIONS] DRAFTS...\nTry 'amendtool diff --help' for help.\n\n",
}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="amendtool")


@pytest.fixture
def d(tmp_path):
    """A copy of the sample draft and the EU's file, in a folder of their own (the cwd)."""
    shutil.copy(WSIS, tmp_path / "d.txt")
    shutil.copy(EU, tmp_path / "eu.amend")
    old = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def clash(command: str, message: str) -> str:
    return USAGE[command] + f"Error: Invalid value for {message}\n"


DESTROYS = "an input of this command: writing it would destroy it; nothing was written, choose another file name"


# ---------------------------------------------------------------------------------------------------
# Finding 0: an output that is an input


def test_compile_over_its_draft_is_refused(d):
    result = run("compile", "d.txt", "eu.amend", "-o", "d.txt")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == clash("compile", f"-o: d.txt is the draft, {DESTROYS}")
    assert (d / "d.txt").read_bytes() == WSIS.read_bytes()


def test_compile_over_an_amendment_file_is_refused(d):
    result = run("compile", "d.txt", "eu.amend", "-o", "eu.amend", "--format", "txt")
    assert result.exit_code == 2
    assert result.stderr == clash("compile", f"-o: eu.amend is an amendment file, {DESTROYS}")
    assert (d / "eu.amend").read_bytes() == EU.read_bytes()


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_the_same_file_through_a_link_is_refused(d, link):
    (os.symlink if link == "symbolic" else os.link)("d.txt", "other.txt")
    result = run("compile", "d.txt", "eu.amend", "-o", "other.txt")
    assert result.exit_code == 2
    assert result.stderr == clash(
        "compile", f"-o: other.txt is the draft d.txt (the same file through a link), {DESTROYS}")
    assert (d / "d.txt").read_bytes() == WSIS.read_bytes()


def test_propose_over_its_draft_is_refused(d):
    (d / "e.txt").write_text(WSIS.read_text(encoding="utf-8").replace("refuges", "refugees"), encoding="utf-8")
    result = run("propose", "--by", "X", "d.txt", "e.txt", "-o", "d.txt")
    assert result.exit_code == 2
    assert result.stderr == clash("propose", f"-o: d.txt is the draft, {DESTROYS}")
    result = run("propose", "--by", "X", "d.txt", "e.txt", "-o", "e.txt")
    assert result.stderr == clash("propose", f"-o: e.txt is the edited copy, {DESTROYS}")
    assert (d / "d.txt").read_bytes() == WSIS.read_bytes()


def test_consolidate_concordance_over_the_draft_is_refused(d):
    result = run("consolidate", "d.txt", "eu.amend", "--accept", "EU-*", "--concordance", "d.txt", "-o", "n.txt")
    assert result.exit_code == 2
    assert result.stderr == clash("consolidate", f"--concordance: d.txt is the draft, {DESTROYS}")
    assert (d / "d.txt").read_bytes() == WSIS.read_bytes()
    assert not (d / "n.txt").exists()


def test_consolidate_two_outputs_in_one_file_is_refused(d):
    result = run("consolidate", "d.txt", "eu.amend", "--accept", "EU-*", "--concordance", "n.txt", "-o", "n.txt")
    assert result.exit_code == 2
    assert result.stderr == clash(
        "consolidate", "--concordance: n.txt is also the -o file: one would overwrite the other; nothing was written")
    assert not (d / "n.txt").exists()


def test_diff_over_a_draft_is_refused(d):
    shutil.copy("d.txt", "e.txt")
    result = run("diff", "d.txt", "e.txt", "-o", "e.txt", "--format", "txt")
    assert result.exit_code == 2
    assert result.stderr == clash("diff", f"-o: e.txt is a draft compared, {DESTROYS}")


# ---------------------------------------------------------------------------------------------------
# All outputs or none; read-only files; symbolic links


def test_consolidate_writes_both_outputs_or_neither(d):
    (d / "n.txt").write_text("the previous revision\n", encoding="utf-8")
    result = run("consolidate", "d.txt", "eu.amend", "--accept", "EU-*", "--concordance", "missing/c.csv",
                 "-o", "n.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith("missing/c.csv: cannot write: No such file or directory; nothing was written\n")
    assert (d / "n.txt").read_text(encoding="utf-8") == "the previous revision\n"  # was replaced before


def test_a_read_only_output_is_refused_and_left_as_it_was(d):
    out = d / "r.txt"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o444)
    result = run("compile", "d.txt", "eu.amend", "-o", "r.txt")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith("r.txt: cannot write: the file is read-only; nothing was written\n")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o444


def test_a_read_only_concordance_leaves_the_revision_untouched(d):
    (d / "n.txt").write_text("previous\n", encoding="utf-8")
    (d / "c.csv").write_text("old table\n", encoding="utf-8")
    (d / "c.csv").chmod(0o400)
    result = run("consolidate", "d.txt", "eu.amend", "--accept", "EU-*", "--concordance", "c.csv", "-o", "n.txt")
    assert result.exit_code == 1
    assert result.stderr.endswith("c.csv: cannot write: the file is read-only; nothing was written\n")
    assert (d / "n.txt").read_text(encoding="utf-8") == "previous\n"


def test_a_symbolic_link_is_written_through(d):
    (d / "real").mkdir()
    (d / "real" / "c.html").write_text("old", encoding="utf-8")
    os.symlink("real/c.html", "c.html")
    result = run("compile", "d.txt", "eu.amend", "-o", "c.html")
    assert result.exit_code == 0, result.output
    assert os.path.islink("c.html") and os.readlink("c.html") == "real/c.html"
    assert (d / "real" / "c.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in (d / "real").iterdir()) == ["c.html"]


def test_a_dangling_symbolic_link_creates_its_target(d):
    os.symlink("target.txt", "link.txt")
    result = run("compile", "d.txt", "eu.amend", "-o", "link.txt")
    assert result.exit_code == 0, result.output
    assert os.path.islink("link.txt") and (d / "target.txt").read_text(encoding="utf-8").startswith("Type of")


def test_write_all_is_all_or_none(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("a0")
    with pytest.raises(OSError) as err:
        fileio.write_all([(first, "a1"), (tmp_path / "no" / "b.txt", "b1")])
    assert err.value.filename == str(tmp_path / "no" / "b.txt")
    assert first.read_text() == "a0" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    fileio.write_all([(first, "a1"), (second, "b1")])
    assert (first.read_text(), second.read_text()) == ("a1", "b1")


def test_a_device_is_written_to_not_replaced(tmp_path):
    fileio.write_atomic("/dev/null", "nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_same_file():
    assert fileio.same_file(WSIS, str(WSIS).replace("/drafts/", "/drafts/../drafts/"))
    assert not fileio.same_file(WSIS, EU)
    assert not fileio.same_file("-", "-")


# ---------------------------------------------------------------------------------------------------
# Finding 9: every command that writes a file says what it wrote, on one line per file; -q is quiet


def test_each_command_says_what_it_wrote(d):
    shutil.copy("d.txt", "e.txt")
    with open("e.txt", "a", encoding="utf-8") as fh:
        fh.write("\n59. A new paragraph.\n")
    lines = {
        ("compile", "d.txt", "eu.amend", "-o", "c.html"): "wrote c.html: compilation (html) of 1 amendment file, "
                                                          "7 proposals\n",
        ("consolidate", "d.txt", "eu.amend", "--accept", "EU-1", "--concordance", "c.csv", "-o", "n.txt"):
            "wrote n.txt: 59 paragraphs, 1 operation applied, 5 places in brackets, 1 proposal left out\n"
            "wrote c.csv: concordance, 59 rows\n",
        ("propose", "--by", "EU", "d.txt", "e.txt", "-o", "p.amend"): "wrote p.amend: 1 operation by EU\n",
        ("diff", "d.txt", "e.txt", "-o", "x.md"): "wrote x.md: comparison (md), 58 -> 59 paragraphs: 0 changed, "
                                                  "1 added, 0 deleted\n",
        ("akn", "d.txt", "-o", "d.xml"): "wrote d.xml: 1 Akoma Ntoso document\n",
    }
    for args, line in lines.items():
        result = run(*args)
        assert (result.exit_code, result.stdout) == (0, line), args
        quiet = run(*args, "-q")
        assert (quiet.exit_code, quiet.stdout) == (0, ""), args
