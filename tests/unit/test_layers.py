"""The layers stay visible: the pure judging (sandbox.analysis) imports only the model and
itself, the model only itself; importing the judging loads no Docker, HTTP or terminal code."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SANDBOX = Path(__file__).resolve().parents[2] / "sandbox"
ALLOWED = {
    "model": ("sandbox.model",),
    "analysis": ("sandbox.model", "sandbox.analysis"),
}
FORBIDDEN_AT_RUNTIME = ("docker", "requests", "rich", "typer", "matplotlib", "psutil")


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_pure_layer_imports_only_what_it_may(layer):
    stdlib = sys.stdlib_module_names
    wrong = []
    for path in sorted((SANDBOX / layer).rglob("*.py")):
        for module in _imports(path):
            top = module.split(".")[0]
            allowed = module == "__future__" or top in stdlib or module.startswith(ALLOWED[layer])
            if not allowed:
                wrong.append(f"{path.relative_to(SANDBOX.parent)} imports {module}")
    assert wrong == []


def test_importing_the_judging_loads_no_docker_http_or_terminal_code():
    modules = [
        f"sandbox.analysis.{p.stem}" for p in (SANDBOX / "analysis").glob("*.py") if p.stem != "__init__"
    ]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r} + ['sandbox.analysis.claims']: importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in {FORBIDDEN_AT_RUNTIME!r} if m in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []
