"""The wheel a user installs works on its own, and light commands stay light.

The wheel test builds pmtui, installs it non-editable into a fresh venv whose
dependencies come from the running environment (no network), and runs the
installed ``pmtui``, from a directory where the source tree is not importable.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


@pytest.mark.skipif(
    importlib.util.find_spec("hatchling") is None or importlib.util.find_spec("build") is None,
    reason="the build backend (hatchling) or build is not installed",
)
def test_wheel_installs_non_editable_with_its_styles(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run(
        sys.executable,
        "-m",
        "build",
        "--wheel",
        "--no-isolation",
        "--outdir",
        dist,
        ROOT,
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("pmtui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("pmtui/styles/") and n.endswith(".tcss") for n in names)
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)
    coach = {f"pmtui/data/coach/en-{name}.txt" for name in ("lexicon", "model")}
    assert coach <= set(names), "the coach's word lists and model ship in the wheel"

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    py = venv / "bin" / "python"
    site = Path(
        _run(
            py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).strip()
    )
    # Dependencies come from the running environment; pmtui itself from the wheel.
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_pmtui_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    _run(
        sys.executable, "-m", "pip", "--python", py, "install",
        "--no-deps", "--no-index", "--no-compile", wheel,
        cwd=tmp_path, env=_clean_env(),
    )  # fmt: skip
    where = _run(
        py, "-c", "import pmtui, pathlib; print(pathlib.Path(pmtui.__file__).parent)",
        cwd=tmp_path, env=_clean_env(),
    ).strip()  # fmt: skip
    installed = Path(where)
    assert installed == site / "pmtui", "pmtui was not imported from the installed wheel"
    assert sorted(p.name for p in (installed / "styles").glob("*.tcss"))
    assert {p.name for p in (ROOT / "styles").glob("*.tcss")} <= {
        p.name for p in (installed / "styles").glob("*.tcss")
    }
    out = _run(venv / "bin" / "pmtui", "--help", cwd=tmp_path, env=_clean_env())
    assert "usage: pmtui" in out and "restore" in out and "locate" in out
    out = _run(
        venv / "bin" / "pmtui", "locate", "--store", tmp_path / "s", cwd=tmp_path, env=_clean_env()
    )
    assert str(tmp_path / "s.backups") in out


LIGHT = textwrap.dedent(
    """
    import sys
    import pmtui.cli
    parser = pmtui.cli.build_parser()
    from pmtui.commands import locate, restore
    import pmtui.store.repository, pmtui.domain.followup
    ui = ("textual", "questionary", "prompt_toolkit", "rich")
    heavy = sorted(m for m in ui if m in sys.modules)
    print(",".join(heavy))
    """
)


def test_cli_and_light_commands_do_not_import_the_ui(tmp_path: Path) -> None:
    out = _run(sys.executable, "-c", LIGHT, cwd=ROOT)
    assert out.strip() == "", f"imported at start-up: {out.strip()}"


def test_locate_restore_and_due_run_without_importing_the_ui(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from pmtui.cli import main
        assert main(["locate", "--store", {str(tmp_path / "s")!r}]) == 0
        assert main(["restore", "--list", "--store", {str(tmp_path / "s")!r}]) == 0
        assert main(["due", "--store", {str(tmp_path / "s")!r}]) in (0, 1)
        print("textual" in sys.modules, "questionary" in sys.modules)
        """
    )
    out = _run(sys.executable, "-c", code, cwd=ROOT)
    assert out.strip().splitlines()[-1] == "False False"
