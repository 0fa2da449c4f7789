import pytest
import typer
from typer.testing import CliRunner

from corpus.cli import app
from tests.conftest import SEEDS, write_rules

runner = CliRunner()


COMMANDS = sorted(typer.main.get_command(app).commands)


def test_the_commands():
    assert {"clean", "explain", "stats", "verify", "diff"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [[]] + [[name] for name in COMMANDS])
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "corpus " in result.output


def test_clean_prints_a_summary(tmp_path):
    result = runner.invoke(app, ["clean", str(SEEDS), "-o", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "inputs read:        5" in result.output
    assert "documents written:  5" in result.output
    assert "rudaw:comment-policy" in result.output
    assert (tmp_path / "out" / "manifest.json").exists()


def one_line_error(result, code, *fragments):
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("corpus: error: "), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]


def test_missing_input(tmp_path):
    result = runner.invoke(app, ["clean", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    one_line_error(result, 3, "nope", "no such file or folder")


def test_bad_rules_file(tmp_path):
    rules = write_rules(tmp_path / "rules", '[[rule]]\nid = "x"\nkind = "drop"\npatterns = ["(unclosed"]\n', "mine.toml")
    result = runner.invoke(app, ["clean", str(SEEDS), "-o", str(tmp_path / "out"), "--rules", str(rules)])
    one_line_error(result, 2, "mine.toml", "generic:x", "bad pattern")


def test_unwritable_output(tmp_path):
    (tmp_path / "file").write_text("x")
    result = runner.invoke(app, ["clean", str(SEEDS), "-o", str(tmp_path / "file" / "out")])
    one_line_error(result, 4, "file")


def test_explain_marks_every_line_and_shows_metadata():
    result = runner.invoke(app, ["explain", str(SEEDS / "004_2ad27b48800b5bbf.txt")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "site:       Rudaw" in out
    assert "published:  2023-11-21 (from generic:date-line)" in out
    assert "dateline:   ERBIL, Kurdistan Region" in out
    assert "- generic:font-size-widget" in out and "| A+ A-" in out
    assert "- rudaw:comment-policy" in out
    assert "  keep" in out


def test_explain_missing_file(tmp_path):
    one_line_error(runner.invoke(app, ["explain", str(tmp_path / "nope.txt")]), 3, "nope.txt")


def test_version():
    assert runner.invoke(app, ["--version"]).output.startswith("corpus ")


def test_a_text_run_does_not_import_what_it_does_not_use(tmp_path):
    # What a run imports is most of a small run's time: the HTML stack is for HTML pages,
    # pyarrow.compute for --drop-duplicates, rich for a terminal's progress bar.
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from corpus.cli import main\n"
        f"sys.argv = ['corpus', 'clean', {str(SEEDS)!r}, '-o', {str(tmp_path / 'out')!r}, '--workers', '1']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    modules = done.stderr.split()
    assert "corpus.release.writer" in modules  # (the run did run)
    unused = ("corpus.html.extract", "trafilatura", "lxml", "justext", "pyarrow.compute", "rich")
    assert [m for m in modules if m.split(".")[0] in unused or m in unused] == []


@pytest.mark.parametrize("setting, threads", [(None, "1"), ("3", "3")])
def test_the_cli_keeps_openblas_to_one_thread_unless_told(setting, threads):
    # corpus multiplies no matrices and runs a process a core: OpenBLAS's own threads
    # (started when numpy is imported) would only spin on the other cores.
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if setting is not None:
        env["OPENBLAS_NUM_THREADS"] = setting
    script = "import os, corpus.cli, numpy; print(os.environ['OPENBLAS_NUM_THREADS'])"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == threads
