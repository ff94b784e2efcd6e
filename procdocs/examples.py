"""The bundled example specs (one per method), which `procdocs new --no-input` starts from.

They live in ``specs/examples/`` at the top of the repository, where officers browse them; the
wheel carries them inside the package (see pyproject.toml), like the templates.
"""

from __future__ import annotations

from pathlib import Path

from procdocs.errors import UserError


def bundled_examples_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "examples"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "specs" / "examples"


def example_for(method: str) -> Path:
    """The example spec of a method: the first file named ``<method>-*.yaml``."""
    matches = sorted(bundled_examples_dir().glob(f"{method}-*.yaml"))
    if not matches:
        raise UserError(f"找不到采购方式 {method} 的示例项目文件（{bundled_examples_dir()}），安装可能不完整")
    return matches[0]
