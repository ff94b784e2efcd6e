"""Commented YAML output: a spec written back by a program must load to the same spec and explain itself.

An officer edits what procdocs writes, so every field carries its Chinese title; and since the file
is the project's source of truth, writing and reading it back must never change a value.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO
from procdocs.spec.commented import COMMENT_COLUMN, dump_commented
from procdocs.spec.loader import load_spec
from procdocs.spec.model import ProjectSpec

EXAMPLES = sorted((REPO / "specs" / "examples").glob("*.yaml"))
VEHICLES = REPO / "specs" / "examples" / "open_tender-official-vehicles.yaml"


def _reload(text: str, tmp_path: Path) -> ProjectSpec:
    """Read text through the real spec loader, as `procdocs render` would."""
    path = tmp_path / "written.yaml"
    path.write_text(text, encoding="utf-8")
    return load_spec(path)


def _json_data(spec: ProjectSpec) -> dict[str, Any]:
    return spec.model_dump(mode="json", exclude_none=True)


def _line(text: str, start: str) -> str:
    """The first line that starts with `start` (indentation included)."""
    matches = [line for line in text.splitlines() if line.startswith(start)]
    assert matches, f"no line starts with {start!r}"
    return matches[0]


def _line_before(text: str, start: str) -> str:
    lines = text.splitlines()
    return lines[lines.index(next(line for line in lines if line.startswith(start))) - 1]


@pytest.fixture(scope="module")
def vehicles_text() -> str:
    return dump_commented(_json_data(load_spec(VEHICLES)), header=["示例：公务用车"])


# -- every example round-trips ---------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_json_dump_of_every_example_loads_back_equal(example: Path, tmp_path: Path) -> None:
    spec = load_spec(example)
    text = dump_commented(_json_data(spec), header=["由程序生成", "请核对后再生成文件"])
    assert _reload(text, tmp_path) == spec


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_python_dump_of_every_example_loads_back_equal(example: Path, tmp_path: Path) -> None:
    # Python mode gives Decimal, date and datetime objects instead of JSON strings and floats.
    spec = load_spec(example)
    data = spec.model_dump(exclude_none=True)
    text = dump_commented(data)
    assert _reload(text, tmp_path) == spec
    assert text == dump_commented(_json_data(spec)), "both dump modes are written the same way"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_every_top_level_section_has_a_heading_and_a_blank_line_before(example: Path) -> None:
    data = _json_data(load_spec(example))
    lines = dump_commented(data).splitlines()
    for key in data:
        index = lines.index(next(line for line in lines if line.startswith(f"{key}:")))
        # The heading, then the description on a comment line of its own when the field has one.
        heading = index - 1 if lines[index - 1].startswith("# —— ") else index - 2
        assert lines[heading].startswith("# —— ") and lines[heading].endswith(" ——"), key
        assert heading == 0 or lines[heading - 1] == "", key


# -- comments -------------------------------------------------------------------------------------

def test_header_lines_come_first_then_a_blank_line(vehicles_text: str) -> None:
    assert vehicles_text.splitlines()[:3] == ["# 示例：公务用车", "", "# —— 项目 ——"]
    assert "yaml-language-server" not in vehicles_text


def test_multi_line_header_with_yaml_characters_stays_a_comment(tmp_path: Path) -> None:
    spec = load_spec(VEHICLES)
    text = dump_commented(_json_data(spec), header=["第一行: a # b", "第二行\n第三行 - x", ""])
    assert text.splitlines()[:5] == ["# 第一行: a # b", "# 第二行", "# 第三行 - x", "#", ""]
    assert _reload(text, tmp_path) == spec


def test_scalar_fields_have_title_and_description(vehicles_text: str) -> None:
    assert "# 预算金额：不填时为各采购包预算之和" in _line(vehicles_text, "  budget:")
    assert _line(vehicles_text, "  budget:").startswith("  budget: 366万元 ")
    assert _line(vehicles_text, "  number: JCZC2026-GK-0318").endswith("# 项目编号")
    assert _line(vehicles_text, "  method: open_tender").split("# ", 1)[1].startswith("采购方式：")
    assert _line(vehicles_text, "  bid_deadline: 2026-12-22 09:30").endswith("# 投标（响应）截止时间")
    assert _line(vehicles_text, "        unit: 辆").endswith("# 单位，如：辆、台、套、项")


def test_comments_align_to_a_common_column_unless_the_value_is_long(vehicles_text: str) -> None:
    short = _line(vehicles_text, "  category: 货物")  # 货物 is four columns wide in an editor
    assert short == "  category: 货物" + " " * (COMMENT_COLUMN - 16) + "# 项目属性：货物、服务或工程"
    assert _line(vehicles_text, "  number: JCZC2026-GK-0318").index("#") == COMMENT_COLUMN
    long = _line(vehicles_text, "  contract_period:")
    assert long.endswith("完成验收  # 合同履行期限")


def test_mapping_and_list_fields_have_the_comment_on_the_key_line(vehicles_text: str) -> None:
    assert _line(vehicles_text, "    items:").endswith("# 标的清单")
    assert _line(vehicles_text, "        requirements:").endswith("# 技术要求：逐条列出；以★开头为实质性要求，▲为重要指标")
    assert _line(vehicles_text, "  purchaser:").endswith("# 采购人")
    assert _line(vehicles_text, "  project_contacts:").endswith("# 项目联系人")
    assert _line(vehicles_text, "  agency:").endswith("# 采购代理机构：采购人自行组织采购时不填")


def test_top_level_sections_have_a_heading_line_above(vehicles_text: str) -> None:
    assert _line(vehicles_text, "lots:") == "lots:"
    assert _line_before(vehicles_text, "lots:") == "# —— 采购包 ——"
    assert _line_before(vehicles_text, "project:") == "# —— 项目 ——"
    assert _line_before(vehicles_text, "qualification_mode:") == "# commitment（资格承诺函）或 documents（逐项提供证明材料）"


def test_list_items_of_models_comment_their_fields(vehicles_text: str) -> None:
    assert _line(vehicles_text, "  - number: 1").endswith("# 包号")
    assert _line(vehicles_text, "      - name: 纯电动轿车").endswith("# 标的名称")
    assert _line(vehicles_text, "    - name: 李华").endswith("# 联系人")
    assert _line(vehicles_text, "        - condition: 未作承诺").endswith("# 区间（情形），如：承诺24小时内到达现场")


def test_literal_fields_list_allowed_values_unless_the_description_does(vehicles_text: str) -> None:
    method = _line(vehicles_text, "  method: open_tender")
    assert "open_tender（公开招标）" in method
    assert "inquiry（询价）" in method
    assert "single_source（单一来源采购）" in method
    assert _line(vehicles_text, "  dispute_resolution: 诉讼").endswith("# 争议解决方式：诉讼、仲裁")
    assert _line(vehicles_text, "      category: 技术").endswith("# 类别：技术、商务、服务、其他")
    # The description of 项目属性 already names 货物、服务、工程: they are not listed twice.
    assert _line(vehicles_text, "  category: 货物").endswith("# 项目属性：货物、服务或工程")


# -- values written the way officers write them ---------------------------------------------------

def test_values_use_the_spec_forms(vehicles_text: str) -> None:
    assert _line(vehicles_text, "  accepts_consortium:").startswith("  accepts_consortium: 否 ")
    assert _line(vehicles_text, "  electronic:").startswith("  electronic: 是 ")
    assert _line(vehicles_text, "  price_deduction:").startswith("  price_deduction: 10% ")
    assert _line(vehicles_text, "  intention_date:").startswith("  intention_date: 2026-10-16 ")
    assert _line(vehicles_text, "        quantity:").startswith("        quantity: 12 ")
    assert _line(vehicles_text, "  bid_bond:").startswith("  bid_bond: 3万元 ")
    assert _line(vehicles_text, "  price:").startswith("  price: 0 ")
    lines = vehicles_text.splitlines()
    first = lines.index("          - ★单车成交价格（含车辆价款、运输、上牌等全部费用）不超过18万元")
    assert lines[first + 1] == "          - ▲CLTC工况纯电续驶里程不低于500公里"
    assert lines[first + 3] == "          - 座位数5座，轴距不小于2700mm"
    assert _line(vehicles_text, "qualifications:") == "qualifications: []"


def test_number_like_strings_stay_strings(tmp_path: Path) -> None:
    data = _json_data(load_spec(VEHICLES))
    data["project"]["number"] = "2026001"
    data["parties"]["purchaser"]["phone"] = "08710001"
    data["instructions"]["bid_bond_account"]["number"] = "0012"
    text = dump_commented(data)
    assert _line(text, "  number: '2026001'")
    spec = _reload(text, tmp_path)
    assert spec.project.number == "2026001"
    assert spec.parties.purchaser.phone == "08710001"
    assert spec.instructions.bid_bond_account is not None
    assert spec.instructions.bid_bond_account.number == "0012"
    assert yaml.safe_load(text)["project"]["number"] == "2026001"


def test_money_with_cents_and_small_amounts_round_trip(tmp_path: Path) -> None:
    data = _json_data(load_spec(VEHICLES))
    data["lots"][0]["budget"] = 2_159_999.99
    data["lots"][1]["budget"] = 1_500_000.01
    data["project"]["budget"] = 3_660_000.0
    data["lots"][0]["bid_bond"] = 4000.0
    data["lots"][1]["bid_bond"] = 12_345.5
    text = dump_commented(data)
    assert "    budget: 2159999.99" in text
    assert "    bid_bond: 4000" in text
    assert "    bid_bond: 12345.5" in text
    spec = _reload(text, tmp_path)
    assert spec == ProjectSpec.model_validate(data)
    assert str(spec.lots[1].budget) == "1500000.01"


def test_multi_line_and_tricky_text_fields_round_trip_through_the_loader(tmp_path: Path) -> None:
    data = _json_data(load_spec(VEHICLES))
    data["instructions"]["site_visit"] = "时间：2026年12月10日\n地点：江城市滨江大道88号 # 3楼"
    data["other_matters"] = ["第一行\n\n第三行", "是", "- 列表样的文字", "yes", "a: b", " ★前有空格", "2026-12-08"]
    data["contract"]["after_sales"] = "末尾有空格的行 \n下一行"
    data["parties"]["supervisor"]["phone"] = "0871-651"
    text = dump_commented(data)
    assert "  site_visit: |-" in text
    assert "    地点：江城市滨江大道88号 # 3楼" in text.splitlines()
    spec = _reload(text, tmp_path)
    assert spec == ProjectSpec.model_validate(data)
    assert spec.other_matters[1] == "是"
    assert spec.parties.supervisor is not None
    assert spec.parties.supervisor.phone == "0871-651"


def test_requirement_that_would_not_read_back_as_a_string_stays_a_mapping(tmp_path: Path) -> None:
    data = _json_data(load_spec(VEHICLES))
    data["lots"][0]["items"][0]["requirements"] = [
        {"text": "★ 是正文的一部分", "level": "general"},
        {"text": "续航不低于500公里", "level": "important"},
    ]
    text = dump_commented(data)
    assert "          - text: ★ 是正文的一部分" in text
    assert "          - ▲续航不低于500公里" in text.splitlines()
    spec = _reload(text, tmp_path)
    assert spec == ProjectSpec.model_validate(data)
    assert spec.lots[0].items[0].requirements[0].level == "general"


def test_fields_not_in_the_model_get_no_comment() -> None:
    text = dump_commented({"project": {"unknown_field": "x"}, "extra": {"a": 1}})
    assert _line(text, "  unknown_field:") == "  unknown_field: x"
    assert _line(text, "extra:") == "extra:"
    assert _line_before(text, "extra:") == ""


# -- YAML correctness for arbitrary data ------------------------------------------------------------

TRICKY: dict[str, Any] = {
    "colon": "key: value",
    "hash": "x # y",
    "leading_hash": "#不是注释",
    "star": "★处理器：4核",
    "triangle": "▲重要",
    "yes": "yes",
    "on": "on",
    "no_word": "No",
    "dash": "- x",
    "null_word": "null",
    "tilde": "~",
    "empty": "",
    "leading_space": " x",
    "trailing_space": "x ",
    "quotes": "'single' and \"double\"",
    "braces": "{a: 1}",
    "pipe": "| not a block",
    "percent_first": "%YAML",
    "number_text": "2026001",
    "zero_padded": "0012",
    "float_text": "1.5",
    "date_text": "2026-12-08",
    "document_marker": "---",
    "newline": "第一行\n第二行",
    "trailing_newline": "一行\n",
    "blank_lines": "a\n\n\nb\n\n",
    "indented_lines": "  缩进\n  两行",
    "tab": "a\tb",
    "line_separator": "a\u2028b",
    "next_line": "a\x85b",
    "carriage_return": "a\r\nb",
    "true_bool": True,
    "integer": 12,
    "float": 0.1,
    "nested": {
        "list": ["- x", "yes", {"k": "v: w", "multi": "x\ny"}, [1, ["deep"]], [], {}],
        "empty_list": [],
        "empty_map": {},
        "multi_in_list": ["行一\n行二"],
    },
    "on_key_needs_quotes": {"yes": 1, "a: b": 2, "#": 3},
}


def test_tricky_values_survive_a_plain_yaml_load() -> None:
    text = dump_commented(copy.deepcopy(TRICKY), header=["注释: #"])
    assert yaml.safe_load(text) == TRICKY
    # No line breaks other than "\n": an editor would show U+2028 as a new line of YAML.
    assert text.splitlines() == text.removesuffix("\n").split("\n")
    assert _line(text, "line_separator:") == 'line_separator: "a\\Lb"'  # YAML's escape for U+2028
    assert _line(text, "newline:") == "newline: |-"
    assert "    - |-" in text.splitlines()
    assert "      行一" in text.splitlines()


def test_tricky_values_in_spec_fields_survive_a_plain_yaml_load() -> None:
    # The same strings where the model knows the field: comments are added, values unchanged.
    strings = {key: value for key, value in TRICKY.items() if isinstance(value, str)}
    data = {"project": dict(strings), "other_matters": list(strings.values())}
    data["project"]["name"] = "a: b # c"
    text = dump_commented(data)
    assert "# 项目名称" in _line(text, "  name:")
    assert yaml.safe_load(text) == data
