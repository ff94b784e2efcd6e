"""WeasyPrint is loaded without the linker searches of ctypes.util.find_library, and the ordinary way when
that fails."""

from __future__ import annotations

import subprocess
import sys

import pytest

from procdocs.writers import layout


def test_loading_weasyprint_runs_no_linker_processes() -> None:
    # In a fresh interpreter: count the processes started while WeasyPrint loads (gcc, ld, ldconfig).
    script = (
        "import subprocess\n"
        "started = []\n"
        "original = subprocess.Popen.__init__\n"
        "def counting(self, *args, **kwargs):\n"
        "    started.append(args[0] if args else kwargs.get('args'))\n"
        "    return original(self, *args, **kwargs)\n"
        "subprocess.Popen.__init__ = counting\n"
        "from procdocs.writers.layout import import_weasyprint\n"
        "import_weasyprint()\n"
        "print(len(started))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0"


def test_a_failed_quick_load_falls_back_to_the_ordinary_import(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing() -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(layout, "_import_without_linker_searches", failing)
    module = layout.import_weasyprint()
    assert module.__name__ == "weasyprint" and hasattr(module, "HTML")
