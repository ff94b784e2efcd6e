"""procdocs new: the interview end to end, the template specs, and terminal behaviour."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from procdocs.checks import run_checks
from procdocs.cli import app
from procdocs.interview.draft import Draft
from procdocs.interview.interview import _default_factors
from procdocs.interview.schedule import first_notice_date, propose
from procdocs.law.methods import method_names
from procdocs.law.workdays import WorkCalendar
from procdocs.spec.loader import load_spec

REPO = Path(__file__).resolve().parent.parent
CALENDAR = WorkCalendar()
TODAY = date.today()
NOTICE = first_notice_date(CALENDAR, TODAY)
INTENTION = (TODAY - timedelta(days=40)).isoformat()


@pytest.fixture(autouse=True)
def private_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test remembers its answers in its own configuration directory, never the user's."""
    directory = tmp_path / "config"
    monkeypatch.setenv("PROCDOCS_CONFIG_DIR", str(directory))
    return directory


def interview(args: list[str], answers: list[str], cwd: Path, interactive: bool = True):
    env = {"PROCDOCS_INTERACTIVE": "1"} if interactive else {"PROCDOCS_INTERACTIVE": ""}
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, ["new", *args], input="\n".join(answers) + "\n", env=env)
    finally:
        os.chdir(old)


# 委托代理机构 → its name, address, contact, phone → 代理服务费 → 项目联系人 (the agency's) → 监督部门 →
# 获取文件的地点、方式、售价 → 全流程电子化: the same in most interviews below.
AGENCY_TO_ACCESS = [
    "",
    "江城市政府采购中心", "江城市政务服务中心东楼5层", "陈静", "0871-65120588",
    "", "", "",
    "江城市财政局政府采购监督管理科", "0871-65120999",
    "江城市公共资源交易电子服务系统", "登录交易系统在线免费获取", "", "",
]

# The answers an officer gives for a small 询价 of office computers; "" takes the default.
INQUIRY_ANSWERS = [
    "1",  # 项目属性：货物
    "江城市教育局2027年办公设备采购项目", "JCJY2027-XJ-001", "计算机设备", "台式计算机",
    "",  # 所属行业：工业 (default)
    "合同签订后30日内交付",
    "80万元",
    "",  # 地区：national (default)
    "通用办公设备，规格标准统一，现货货源充足，价格变化幅度小",  # 询价的理由
    "",  # 一个采购包
    "",  # 采购包名称 = 采购标的
    "台式计算机", "100", "台", "4核处理器，16GB内存，512GB固态硬盘",
    "",  # 采购需求标准品目：台式计算机, offered from the name
    "★所投产品须具有有效的节能产品认证证书", "处理器4核以上，内存不低于16GB", "",
    "",  # 不再添加标的
    "",  # 专门面向中小企业 (default: yes, budget ≤ 200万)
    "", "",  # 联合体、进口产品：否
    "",  # 保证金 0
    "",  # 履约保证金：不收取
    INTENTION, "中国政府采购网江城市分网",
    "", "", "",  # 公告日期、获取文件截止、提交截止：as proposed
    "江城市公共资源交易电子服务系统", "江城市公共资源交易中心第二开标室", "",
    "", "",  # 资格承诺函；无特定资格要求
    "江城市教育局", "江城市人民路1号", "李华", "0871-65100001",
    "",  # 采购人类型：党政机关 (default)
    "",  # 委托代理机构
    "江城市政府采购中心", "江城市政务服务中心东楼5层", "陈静", "0871-65120588",
    "",  # 代理服务费：不收取
    "", "",  # 项目联系人 = 代理机构联系人
    "江城市财政局政府采购监督管理科", "0871-65120999",
    "江城市公共资源交易电子服务系统", "登录交易系统在线免费获取", "", "",
    "", "", "", "", "", "",  # 合同条款：defaults
    "",  # 保存为 JCJY2027-XJ-001.yaml
]


def test_inquiry_interview_writes_a_commented_spec_that_passes_check(tmp_path: Path) -> None:
    result = interview(["inquiry", "--no-render"], INQUIRY_ANSWERS, tmp_path)
    assert result.exit_code == 0, result.output
    path = tmp_path / "JCJY2027-XJ-001.yaml"
    spec = load_spec(path)
    assert spec.project.method == "inquiry"
    assert spec.project.name == "江城市教育局2027年办公设备采购项目"
    # The item's 采购需求标准 category was offered from its name, the buyer type asked with the purchaser.
    assert spec.project.purchaser_type == "党政机关"
    assert spec.lots[0].items[0].requirement_standard == "台式计算机"
    assert "台式计算机政府采购需求标准" in result.output
    assert spec.budget == 800_000
    assert [item.name for item in spec.lots[0].items] == ["台式计算机"]
    assert spec.lots[0].items[0].requirements[0].level == "substantive"
    assert spec.sme_policy.reserved is True
    assert spec.timeline.notice_date == NOTICE
    plan = propose(CALENDAR, "inquiry", NOTICE)
    assert spec.timeline.bid_deadline.date() == plan.deadline
    assert spec.timeline.bid_deadline.date() > plan.earliest.date  # one day of margin over the legal minimum
    assert spec.evaluation.method == "最低评标价法"
    assert [f for f in run_checks(spec, CALENDAR) if f.severity == "error"] == []
    text = path.read_text(encoding="utf-8")
    assert "# 项目名称" in text and "# 预算金额" in text
    assert "procdocs render JCJY2027-XJ-001.yaml" in text.splitlines()[3]
    assert "未发现不符合法定要求之处" in result.output
    # Nothing of the example the interview started from survives unasked.
    values = str(yaml.safe_load(text))
    assert "江城市市场监督管理局" not in values and "打印" not in values


def test_the_written_inquiry_spec_renders(tmp_path: Path) -> None:
    result = interview(["inquiry"], [*INQUIRY_ANSWERS, "", "out"], tmp_path)
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == ["JCJY2027-XJ-001_询价公告.docx", "JCJY2027-XJ-001_询价公告.pdf",
                       "JCJY2027-XJ-001_询价通知书.docx", "JCJY2027-XJ-001_询价通知书.pdf"]
    check = CliRunner().invoke(app, ["check", str(tmp_path / "JCJY2027-XJ-001.yaml")])
    assert check.exit_code == 0, check.output


# A 公开招标 of goods above the 200万 threshold, with wrong answers the law rejects on the way.
OPEN_TENDER_ANSWERS = [
    "1", "江城市公安局2027年警用执法记录仪采购项目", "JCZC2027-GK-0102", "执法记录仪", "执法记录仪",
    "", "合同签订后45日内交付",
    "二百六十万",  # not an amount: asked again
    "260万元",
    "",  # 地区
    "",  # 一个采购包
    "",
    "执法记录仪", "800", "台", "1080P录像，续航不少于10小时", "▲连续录像不少于10小时", "",
    "",
    # 中小企业: 260万 > 200万, not reserved, with no reason: the 30% share rule rejects it …
    "", "", "",
    # … asked again, now with the reason.
    "", "", "执法记录仪须接入公安视频专网，经市场调研，具备接入资质的中小企业不足以保证充分竞争",
    "", "",  # 联合体、进口产品
    "10万元",  # above 2% of 260万: asked again
    "5万元",
    "5%",
    INTENTION, "中国政府采购网江城市分网",
    "",  # 公告日期
    "",  # 获取招标文件截止
    f"{(NOTICE + timedelta(days=10)).isoformat()} 09:30",  # fewer than 20 days: asked again
    "",
    "江城市公共资源交易电子服务系统", "江城市公共资源交易中心第一开标室", "",
    "",  # 综合评分法
    "20%",  # below the 30% minimum for goods: asked again
    "",  # 50%
    "",  # default scoring factors
    "", "",
    "江城市公安局", "江城市北京路200号", "王强", "0871-63050000", "",  # 采购人类型
    *AGENCY_TO_ACCESS,
    # bid bond account (asked because a bond is taken) comes right after the bond; see below
    "", "", "", "", "", "",
    "",
]
BOND_ACCOUNT = ["江城市公共资源交易中心", "中国工商银行江城市分行营业部", "2504 0112 0900 0123 456"]


def open_tender_answers() -> list[str]:
    answers = list(OPEN_TENDER_ANSWERS)
    position = answers.index("5万元") + 1
    return [*answers[:position], *BOND_ACCOUNT, *answers[position:]]


def test_open_tender_interview_reasks_what_the_law_rejects(tmp_path: Path) -> None:
    result = interview(["open_tender", "--no-render"], open_tender_answers(), tmp_path)
    assert result.exit_code == 0, result.output
    output = result.output
    assert "二百六十万" in output or "无法识别" in output
    assert "30%" in output and "46号" in output  # the SME share rule, cited
    assert "不得超过采购项目预算金额的2%" in output and "第三十三条" in output
    assert "不得少于20日" in output
    assert "不得低于30%" in output
    assert output.count("请重新回答") >= 4
    spec = load_spec(tmp_path / "JCZC2027-GK-0102.yaml")
    assert spec.budget == 2_600_000
    assert spec.bonds.bid_bond == 50_000
    assert spec.instructions.bid_bond_account is not None
    assert spec.evaluation.price_weight == 50
    assert sum(f.points for f in spec.evaluation.factors) == 50
    assert spec.sme_policy.reserved is False and spec.sme_policy.price_deduction == 10
    assert (spec.timeline.bid_deadline.date() - NOTICE).days >= 20
    assert [f for f in run_checks(spec, CALENDAR) if f.severity == "error"] == []
    rendered = CliRunner().invoke(app, ["render", str(tmp_path / "JCZC2027-GK-0102.yaml"), "-o", str(tmp_path / "out")])
    assert rendered.exit_code == 0, rendered.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "JCZC2027-GK-0102_招标公告.docx", "JCZC2027-GK-0102_招标公告.pdf",
        "JCZC2027-GK-0102_招标文件.docx", "JCZC2027-GK-0102_招标文件.pdf"]


def test_answers_are_remembered_for_the_next_project(tmp_path: Path, private_profile: Path) -> None:
    assert interview(["inquiry", "--no-render"], INQUIRY_ANSWERS, tmp_path).exit_code == 0
    profile = yaml.safe_load((private_profile / "profile.yaml").read_text(encoding="utf-8"))
    assert profile["parties.purchaser"]["name"] == "江城市教育局"
    second = list(INQUIRY_ANSWERS)
    second[second.index("JCJY2027-XJ-001")] = "JCJY2027-XJ-002"
    # Purchaser, agency, supervisor, places: Enter takes the remembered value.
    for remembered in ("江城市教育局", "江城市人民路1号", "李华", "0871-65100001", "江城市政府采购中心",
                       "江城市政务服务中心东楼5层", "陈静", "0871-65120588", "江城市财政局政府采购监督管理科",
                       "0871-65120999", "江城市公共资源交易中心第二开标室", "登录交易系统在线免费获取"):
        second[second.index(remembered)] = ""
    second = ["" if answer == "江城市公共资源交易电子服务系统" else answer for answer in second]
    result = interview(["inquiry", "--no-render"], second, tmp_path)
    assert result.exit_code == 0, result.output
    spec = load_spec(tmp_path / "JCJY2027-XJ-002.yaml")
    assert spec.parties.purchaser.phone == "0871-65100001"
    assert spec.parties.agency is not None and spec.parties.agency.name == "江城市政府采购中心"
    assert spec.timeline.submission_place == "江城市公共资源交易电子服务系统"


def test_from_an_existing_project_keeps_its_answers_with_new_dates(tmp_path: Path) -> None:
    source = REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"
    answers = [""] * 200
    result = interview(["--from", str(source), "--no-render", "-o", "next.yaml"], answers, tmp_path)
    assert result.exit_code == 0, result.output
    old, new = load_spec(source), load_spec(tmp_path / "next.yaml")
    assert new.project.name == old.project.name and new.project.method == "inquiry"
    assert [lot.budget for lot in new.lots] == [lot.budget for lot in old.lots]
    assert [[item.name for item in lot.items] for lot in new.lots] == \
        [[item.name for item in lot.items] for lot in old.lots]
    assert new.lots[0].items[0].requirements == old.lots[0].items[0].requirements
    assert new.parties == old.parties
    assert new.other_matters == old.other_matters  # what no question asks is taken over as it was
    assert [lot.installation for lot in new.lots] == [lot.installation for lot in old.lots]
    assert new.lots[1].training == old.lots[1].training
    assert new.timeline.notice_date == NOTICE  # last year's dates are never reused
    assert [f for f in run_checks(new, CALENDAR) if f.severity == "error"] == []


@pytest.mark.parametrize("method", list(method_names()))
def test_no_input_writes_the_methods_template_passing_check(tmp_path: Path, method: str) -> None:
    target = tmp_path / f"{method}.yaml"
    result = CliRunner().invoke(app, ["new", method, "--no-input", "-o", str(target)])
    assert result.exit_code == 0, result.output
    spec = load_spec(target)
    assert spec.project.method == method
    assert spec.timeline.notice_date == NOTICE
    assert [f for f in run_checks(spec, CALENDAR) if f.severity == "error"] == []
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"# {method_names()[method]}项目文件")
    assert "请逐项改为本项目的实际情况" in text
    assert "# 采购方式" in text


def test_no_input_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "spec.yaml"
    target.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["new", "询价", "--no-input", "-o", str(target)])
    assert result.exit_code == 2
    assert "已存在" in result.output
    assert target.read_text(encoding="utf-8") == "mine"
    forced = CliRunner().invoke(app, ["new", "询价", "--no-input", "-o", str(target), "--force"])
    assert forced.exit_code == 0
    assert load_spec(target).project.method == "inquiry"


def test_interview_asks_before_replacing_an_existing_file(tmp_path: Path) -> None:
    existing = tmp_path / "JCJY2027-XJ-001.yaml"
    existing.write_text("mine", encoding="utf-8")
    answers = [*INQUIRY_ANSWERS, "", ""]  # 覆盖？否 → proposed another name, accepted
    result = interview(["inquiry", "--no-render"], answers, tmp_path)
    assert result.exit_code == 0, result.output
    assert existing.read_text(encoding="utf-8") == "mine"
    assert load_spec(tmp_path / "JCJY2027-XJ-001-新.yaml").project.number == "JCJY2027-XJ-001"


def test_piped_input_gets_a_message_instead_of_questions(tmp_path: Path) -> None:
    result = interview(["inquiry"], ["whatever"], tmp_path, interactive=False)
    assert result.exit_code == 2
    assert "标准输入不是终端" in result.output and "--no-input" in result.output
    assert list(tmp_path.iterdir()) == []


def test_input_ending_early_writes_nothing(tmp_path: Path) -> None:
    result = interview(["inquiry"], INQUIRY_ANSWERS[:12], tmp_path)
    assert result.exit_code == 2
    assert "没有写入任何文件" in result.output
    assert list(tmp_path.glob("*.yaml")) == []


def test_unknown_method_is_a_user_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new", "招投标", "--no-input"])
    assert result.exit_code == 2
    assert "未知的采购方式" in result.output


def test_ctrl_c_in_a_terminal_leaves_no_file(tmp_path: Path) -> None:
    """In a real pseudo-terminal: answer two questions, press Ctrl-C, nothing is written."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: procdocs new in the pseudo-terminal
        # Test runners (pytest-xdist workers) may ignore SIGINT, and an ignored signal stays ignored
        # or block it, and both stay so across exec; a terminal user's procdocs gets Ctrl-C with the
        # default disposition.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        os.chdir(tmp_path)
        os.execv(sys.executable, [sys.executable, "-m", "procdocs", "new", "inquiry"])
    seen = _read_until(fd, "项目属性")
    os.write(fd, b"1\r")
    seen += _read_until(fd, "项目名称")
    os.write(fd, "某某项目\r".encode())
    seen += _read_until(fd, "项目编号")
    seen += _interrupt(fd)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 130, seen
    assert [path.name for path in tmp_path.iterdir() if path.name != "config"] == []


def _interrupt(fd: int) -> str:
    """Press Ctrl-C until procdocs reacts.

    A SIGINT that arrives between Python's check for signals and the blocking read() of input()
    is only acted on after the next key (a race in CPython, more likely on a loaded machine), so
    like a user the test presses Ctrl-C again when nothing happens.
    """
    for _ in range(5):
        os.write(fd, b"\x03")
        try:
            return _read_until(fd, "已取消", timeout=3)
        except AssertionError:
            continue
    raise AssertionError("procdocs new did not react to Ctrl-C")


def _read_until(fd: int, wanted: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    received = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            received += chunk
            if wanted in received.decode("utf-8", "replace"):
                return received.decode("utf-8", "replace")
    raise AssertionError(f"did not see {wanted!r} in: {received.decode('utf-8', 'replace')}")


def test_default_factors_fill_the_points_left_by_the_price_weight() -> None:
    for remaining in (40, 50, 70, 90):
        factors = _default_factors(Decimal(remaining))
        assert sum(factor["points"] for factor in factors) == remaining
        assert all(factor["points"] > 0 for factor in factors)


def test_draft_reports_only_problems_at_the_answered_fields() -> None:
    data = yaml.safe_load((REPO / "specs/examples/inquiry-office-equipment.yaml").read_text(encoding="utf-8"))
    draft = Draft(data, CALENDAR)
    draft.set("lots[0].bid_bond", "5万元")  # more than 2% of 94万
    assert draft.verdict(["lots[0].bid_bond"]).errors
    assert draft.verdict(["project.name"]).errors == []
    draft.set("project.name", None)  # missing: reported at the field, not elsewhere
    assert draft.verdict(["project.name"]).errors
    assert draft.verdict(["timeline.notice_date"]).errors == []


def test_pty_environment_is_clean() -> None:
    # The child of the Ctrl-C test runs `python -m procdocs`; make sure that entry point exists.
    completed = subprocess.run([sys.executable, "-m", "procdocs", "--help"], capture_output=True, text=True,
                               check=False)
    assert completed.returncode == 0 and "new" in completed.stdout


# A 磋商 for a service, the method chosen in the interview (the suggestion for services below the threshold).
CONSULTATION_ANSWERS = [
    "2", "江城市民政局2027年养老服务热线运营服务采购项目", "JCZC2027-CS-0007", "其他社会服务", "养老服务热线运营服务",
    "", "自合同签订之日起12个月",
    "150万元",
    "",  # 地区
    "",  # 采购方式：the suggestion, 竞争性磋商
    "1", "属于政府购买服务项目",  # 214号3(1) and the reason
    "", "",
    "热线运营服务", "1", "项", "12349养老服务热线7×24小时接听、派单和回访", "",  # no requirements typed
    "",
    "", "",  # 服务类别：其他; its default cost components
    "", "",  # 中小企业：yes；联合体：no
    "", "",
    INTENTION, "中国政府采购网江城市分网",
    "", "", "",
    "江城市公共资源交易电子服务系统", "江城市公共资源交易中心第二开标室", "",
    "", "",  # price weight 30% (the services maximum of 214号), default factors
    "", "",
    "江城市民政局", "江城市人民路8号", "张敏", "0871-65100008", "",  # 采购人类型
    *AGENCY_TO_ACCESS,
    "", "", "", "", "", "",
    "",  # 供应商产生方式：公告
    "热线坐席数量和排班安排", "",  # what may change during the consultation
    "",
]


def test_consultation_chosen_in_the_interview(tmp_path: Path) -> None:
    result = interview(["--no-render"], CONSULTATION_ANSWERS, tmp_path)
    assert result.exit_code == 0, result.output
    assert "竞争性磋商" in result.output and "214号" in result.output
    spec = load_spec(tmp_path / "JCZC2027-CS-0007.yaml")
    assert spec.project.method == "competitive_consultation"
    assert spec.project.method_basis is not None and spec.project.method_basis.ground == "214号3(1)"
    assert spec.evaluation.method == "综合评分法" and spec.evaluation.price_weight == 30
    assert spec.negotiation is not None and spec.negotiation.changeable == ["热线坐席数量和排班安排"]
    assert spec.lots[0].items[0].requirements == []
    assert spec.lots[0].service_kind == "其他" and "人工费" in spec.lots[0].cost_components
    plan = propose(CALENDAR, "competitive_consultation", NOTICE)
    assert spec.timeline.document_end == plan.document_end
    assert (spec.timeline.bid_deadline.date() - NOTICE).days > 10
    assert [f for f in run_checks(spec, CALENDAR) if f.severity == "error"] == []
    # Nothing of the open-tender example the interview started from before the method was chosen.
    values = str(yaml.safe_load((tmp_path / "JCZC2027-CS-0007.yaml").read_text(encoding="utf-8")))
    assert "公务用车" not in values and "车辆" not in values


SINGLE_SOURCE_ANSWERS = [
    "2", "江城市政府采购电子交易平台新增功能运行维护服务项目", "JCZC2027-DY-0003", "运行维护服务", "平台运行维护服务",
    "", "自合同签订之日起12个月",
    "148万元",
    "",
    "3", "新增功能与原平台共用数据库和认证体系，须由原运维单位统一运维", "1500万元",  # 法31(3), 添购 within 10%
    "", "",
    "新增功能运行维护", "1", "项", "新增功能模块12个月运行维护", "",
    "",
    "5", "",  # 服务类别：信息系统运维; its default cost components
    "",  # 联合体
    "", "",  # no bond, no performance bond
    INTENTION, "中国政府采购网江城市分网",
    "", "", "", "",  # 公示日期、公示截止、提交截止、协商时间
    "江城市政府采购中心", "江城市政府采购中心协商室", "",
    "", "",
    "江城市公共资源交易中心", "江城市政务服务中心东楼3层", "刘洋", "0871-65120001", "",  # 采购人类型
    "",
    "江城市政府采购中心", "江城市政务服务中心东楼5层", "陈静", "0871-65120588",
    "", "", "",
    "江城市财政局政府采购监督管理科", "0871-65120999", "江城市人民路99号", "赵明",
    "江城市政府采购中心", "向拟定供应商直接送达", "", "",
    "", "", "", "", "", "",
    "江城智采信息技术有限公司", "江城市高新区科技路66号", "赵刚", "0871-65338866",
    "为平台新增功能提供12个月的运行维护服务",
    "陈立新", "江城大学", "教授", "新增功能与原平台共用数据库，同意向原供应商添购", "",
    "林雅琴", "江城市大数据中心", "高级工程师", "安全责任须落实到一个运维主体，同意", "",
    "周建华", "宁远县信息中心", "高级工程师", "服务为原合同的延伸，同意", "",
    "",  # 协商地点 = 开标（评审）地点
    "",
]


def test_single_source_interview_with_experts_and_publicity(tmp_path: Path) -> None:
    result = interview(["single_source", "--no-render"], SINGLE_SOURCE_ANSWERS, tmp_path)
    assert result.exit_code == 0, result.output
    spec = load_spec(tmp_path / "JCZC2027-DY-0003.yaml")
    assert spec.project.method_basis is not None
    assert spec.project.method_basis.ground == "法31(3)"
    assert spec.project.method_basis.original_contract_amount == 15_000_000
    assert spec.lots[0].service_kind == "信息系统运维" and "平台（软件）费" in spec.lots[0].cost_components
    assert spec.single_source is not None
    assert [expert.name for expert in spec.single_source.experts] == ["陈立新", "林雅琴", "周建华"]
    plan = propose(CALENDAR, "single_source", NOTICE)
    assert spec.single_source.publicity_start == NOTICE
    assert spec.single_source.publicity_end == plan.publicity_end
    assert spec.timeline.document_start > spec.single_source.publicity_end
    assert spec.single_source.negotiation_time == spec.opening_time
    assert spec.parties.supervisor is not None and spec.parties.supervisor.contact == "赵明"
    assert [f for f in run_checks(spec, CALENDAR) if f.severity == "error"] == []


def test_a_restrictive_qualification_is_refused_with_its_basis(tmp_path: Path) -> None:
    answers = list(INQUIRY_ANSWERS)
    position = answers.index("江城市教育局") - 2  # the two answers before the purchaser: 资格证明方式, 特定资格要求
    assert answers[position:position + 2] == ["", ""]
    answers[position + 1:position + 2] = [
        "是", "注册资本不低于500万元", "公司章程",  # refused: 注册资本 is not a lawful qualification
        "具有增值电信业务经营许可证", "《中华人民共和国电信条例》第七条",
        "",  # 不再添加
    ]
    result = interview(["inquiry", "--no-render"], answers, tmp_path)
    assert result.exit_code == 0, result.output
    # The lint rule's own basis (87号令第十七条 …) is the one cited, once.
    refusal = next(line for line in result.output.splitlines() if "[C07]" in line).split("✗", 1)[1]
    assert "第十七条" in refusal and refusal.count("依据") == 1 and "请重新回答" in result.output
    spec = load_spec(tmp_path / "JCJY2027-XJ-001.yaml")
    assert [q.requirement for q in spec.qualifications] == ["具有增值电信业务经营许可证"]


def test_two_lots_share_the_budget(tmp_path: Path) -> None:
    answers = list(INQUIRY_ANSWERS)
    start = answers.index("通用办公设备，规格标准统一，现货货源充足，价格变化幅度小") + 1
    end = answers.index("4核处理器，16GB内存，512GB固态硬盘") + 6  # through 不再添加标的
    answers[start:end] = [
        "2",
        "计算机", "一百万",  # not an amount: asked again
        "90万元",  # not less than the 80万 left: asked again
        "60万元",
        "台式计算机", "100", "台", "4核处理器，16GB内存", "", "处理器4核以上", "", "",
        "打印机",  # its budget is what is left: 20万
        "A4黑白激光打印机", "10", "台", "A4黑白激光，30页/分钟", "", "",
    ]
    result = interview(["inquiry", "--no-render"], answers, tmp_path)
    assert result.exit_code == 0, result.output
    assert "剩余金额 20万元" in result.output
    spec = load_spec(tmp_path / "JCJY2027-XJ-001.yaml")
    assert [(lot.number, lot.name, lot.budget) for lot in spec.lots] == [(1, "计算机", 600_000), (2, "打印机", 200_000)]
    assert spec.lots[1].items[0].requirements == []
    assert [f for f in run_checks(spec, CALENDAR) if f.severity == "error"] == []
