"""Answers remembered between runs of `procdocs new`: who buys, who runs the procurement, where.

An officer works for the same purchaser or agency project after project; typing its address and
phone every time is how typos reach published notices. After a spec is written, the answers below
are saved to a small YAML file in the user's configuration directory and offered as defaults next
time. Only organisational facts are kept — never project data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import yaml

from procdocs.errors import UserError
from procdocs.output import atomic_write
from procdocs.yaml_input import read_yaml

PROFILE_NAME = "profile.yaml"

# Spec fields remembered, by dotted path.
REMEMBERED = (
    "project.region",
    "parties.purchaser",
    "project.purchaser_type",
    "parties.agency",
    "parties.project_contacts",
    "parties.supervisor",
    "document_access",
    "timeline.submission_place",
    "timeline.opening_place",
    "instructions.electronic",
    "instructions.agency_fee",
    "instructions.bid_bond_account",
)


def config_dir() -> Path:
    """PROCDOCS_CONFIG_DIR, else the platform's per-user configuration directory."""
    if configured := os.environ.get("PROCDOCS_CONFIG_DIR"):
        return Path(configured)
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "procdocs"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "procdocs"


def profile_path() -> Path:
    return config_dir() / PROFILE_NAME


def load_profile() -> tuple[dict[str, Any], str | None]:
    """The remembered answers (dotted path -> value), and a warning when the file cannot be read."""
    path = profile_path()
    if not path.is_file():
        return {}, None
    try:
        data, _ = read_yaml(path, "常用信息文件", dates=False)
    except UserError as exc:
        return {}, f"无法读取上次保存的常用信息（{exc}），本次不使用"
    if not isinstance(data, dict):
        return {}, f"上次保存的常用信息格式不正确（{path}），本次不使用"
    return {key: value for key, value in data.items() if key in REMEMBERED}, None


def save_profile(values: dict[str, Any]) -> Path:
    """Write the remembered answers (dotted path -> value) atomically; returns the file written.

    The file is procdocs' own and replaced every time, but by the same writer as every output:
    never through a link or onto anything but a regular file (OutputError otherwise).
    """
    path = profile_path()
    header = "# procdocs new 记住的常用信息（采购人、代理机构、联系人等），下次新建项目时作为默认值。可以编辑或删除。\n"
    kept = {key: values[key] for key in REMEMBERED if values.get(key) is not None}
    text = header + yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=1000)
    atomic_write(path, lambda stream: stream.write(text.encode("utf-8")), force=True)
    return path
