"""C32: the time a document gives to obtain the procurement documents and to prepare a response, judged
against the law's minimum for its method across the whole document (procdocs/lint/periods.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from procdocs.law.deadlines import compute
from procdocs.law.limits import limit
from procdocs.law.workdays import WorkCalendar
from procdocs.lint.engine import lint_blocks, prepare
from procdocs.lint.model import Block, Finding, Location
from procdocs.lint.periods import procedure_periods
from procdocs.lint.readers.text import read_markdown


def notice(method_line: str, window: str, deadline: str, title: str = "江城市第一中学校服采购项目") -> str:
    """A notice in the layout of the 50号 format: the method, then 获取采购文件 and the deadline under
    headings of their own."""
    return f"""# {title}公告

## 一、项目基本情况

{method_line}

## 三、获取采购文件

1.时间：{window}，每天上午9:00至12:00，下午14:00至17:00（北京时间，法定节假日除外）

2.地点：政府采购云平台

## 四、提交投标文件截止时间、开标时间和地点

1.截止时间：{deadline}（北京时间）
"""


def c32(text: str) -> list[Finding]:
    blocks = read_markdown(text.splitlines())
    prepare(blocks)
    return [finding for finding in lint_blocks(blocks) if finding.rule == "C32"]


def test_an_open_tender_with_four_working_days_to_obtain_and_three_days_to_bid() -> None:
    found = c32(notice("采购方式：公开招标", "2026年1月18日至2026年1月21日", "2026年1月21日17:00"))
    assert [finding.match for finding in found] == ["2026年1月21日", "2026年1月21日"]
    window, deadline = found
    assert "获取采购文件的期限（2026年1月18日至2026年1月21日）" in window.message
    assert limit("open_tender.document_period").rule in window.message
    assert "财政部令第87号第十八条" in window.message
    assert "不得少于20日" in deadline.message and "《政府采购法》第三十五条" in deadline.message
    assert window.block.location.describe() != deadline.block.location.describe()


def test_monday_to_friday_is_five_working_days_as_notices_count_them() -> None:
    assert c32(notice("采购方式：公开招标", "2025年3月3日至2025年3月7日", "2025年3月24日9:30")) == []


def test_twenty_days_from_the_first_day_of_issue() -> None:
    assert c32(notice("采购方式：公开招标", "2025年3月3日至2025年3月7日", "2025年3月23日9:30")) == []
    assert [f.match for f in c32(notice("采购方式：公开招标", "2025年3月3日至2025年3月7日", "2025年3月22日9:30"))] \
        == ["2025年3月22日"]


def test_a_consultation_needs_ten_days_and_five_working_days() -> None:
    lawful = notice("采购方式：竞争性磋商", "2021年12月6日至2021年12月10日", "2021年12月16日13:30")
    assert c32(lawful) == []
    short = notice("本项目采用竞争性磋商方式采购。", "2025年6月23日至2025年6月25日", "2025年6月26日9:00")
    assert len(c32(short)) == 2


def test_negotiation_and_inquiry_have_only_a_response_period() -> None:
    # 74号令: three working days from issue to the deadline — the third working day after the day of issue,
    # as the tool's own deadlines count it (Monday's documents, Thursday's deadline at the earliest).
    assert c32(notice("采购方式：竞争性谈判", "2021年12月27日至2021年12月27日", "2021年12月30日9:30")) == []
    assert len(c32(notice("采购方式：竞争性谈判", "2021年12月27日至2021年12月27日", "2021年12月29日9:30"))) == 1
    assert len(c32(notice("采购方式：询价", "2021年12月27日至2021年12月27日", "2021年12月28日9:30"))) == 1


def test_the_response_period_agrees_with_the_earliest_deadline_the_tool_computes() -> None:
    # The linter must not pass a deadline that `procdocs check` would call too early, nor the reverse.
    calendar = WorkCalendar()
    for method, line in (("competitive_negotiation", "采购方式：竞争性谈判"), ("inquiry", "采购方式：询价")):
        issued = date(2025, 6, 27)  # a Friday: the weekend is not counted
        [earliest] = [m.date for m in compute(calendar, method, issued) if m.key == "earliest_deadline"]
        window = f"{issued.year}年{issued.month}月{issued.day}日至{issued.year}年{issued.month}月{issued.day}日"
        on_time = f"{earliest.year}年{earliest.month}月{earliest.day}日9:30"
        before = earliest - timedelta(days=1)
        too_early = f"{before.year}年{before.month}月{before.day}日9:30"
        assert c32(notice(line, window, on_time)) == []
        assert len(c32(notice(line, window, too_early))) == 1


def test_the_method_from_the_title_when_no_line_states_it() -> None:
    text = notice("采购内容：校服。", "2026年1月18日至2026年1月21日", "2026年2月20日9:00",
                  title="江城市第一中学校服采购项目竞争性磋商")
    assert [f.match for f in c32(text)] == ["2026年1月21日"]


def test_the_method_from_its_short_names_or_in_brackets() -> None:
    # 磋商文件 names a 竞争性磋商 (no other method consults under that name), and so does a ruling's title that
    # gives the method in brackets after the project.
    short = notice("磋商文件发售期限见下。", "2026年10月27日至2026年10月29日", "2026年11月20日9:00", title="江城市第一中学校服采购")
    bracketed = notice("采购内容：校服。", "2026年10月27日至2026年10月29日", "2026年11月20日9:00",
                       title="江城市第一中学校服采购项目（竞争性磋商）质疑答复")
    assert [f.match for f in c32(short)] == ["2026年10月29日"]
    assert [f.match for f in c32(bracketed)] == ["2026年10月29日"]
    # 谈判文件 names a 竞争性谈判, which the law gives no window to obtain the documents in
    negotiation = notice("谈判文件发售期限见下。", "2026年10月27日至2026年10月28日", "2026年11月20日9:00", title="江城市第一中学校服采购")
    assert c32(negotiation) == []


def test_no_statutory_method_no_judgement() -> None:
    # A 竞价 or a 遴选 is no statutory method: the law sets it no minimum.
    text = notice("采购内容：校服。", "2026年1月6日至2026年1月7日", "2026年1月8日12:00", title="江城市第一中学校服竞价")
    assert c32(text) == []


def test_a_short_window_of_a_year_whose_holidays_are_not_published_is_not_judged() -> None:
    # Thursday to Monday in 2031, a year procdocs knows only provisionally: three weekdays, but its arrangement
    # may still make the weekend working days (调休). The same window in a known year is short.
    assert WorkCalendar().is_provisional(2031)
    assert c32(notice("采购方式：公开招标", "2031年3月6日至2031年3月10日", "2031年4月30日9:30")) == []
    assert len(c32(notice("采购方式：公开招标", "2025年3月6日至2025年3月10日", "2025年4月30日9:30"))) == 1


def test_a_window_of_fewer_days_than_the_working_days_asked_is_short_in_any_year() -> None:
    # Monday to Wednesday: three days in all, whatever the calendar of 2031 turns out to be
    assert len(c32(notice("采购方式：公开招标", "2031年3月3日至2031年3月5日", "2031年4月30日9:30"))) == 1


def test_a_registration_deadline_is_no_response_deadline() -> None:
    text = notice("采购方式：公开招标", "2025年3月3日至2025年3月7日", "2025年3月24日9:30").replace(
        "2.地点：政府采购云平台", "2.报名截止时间：2025年3月7日17:00")
    assert c32(text) == []


def test_only_documents_with_dates_are_read() -> None:
    blocks = [Block(text="投标人须具有独立承担民事责任的能力。", location=Location(paragraph=1), headings=("资格要求",))]
    assert procedure_periods(blocks) == []


def stated(line: str, method_line: str = "采购方式：公开招标") -> list[Finding]:
    return c32(f"# 江城市第一中学校服采购项目招标公告\n\n## 一、项目基本情况\n\n{method_line}\n\n## 二、其他\n\n{line}\n")


def test_a_notice_period_stated_by_its_length() -> None:
    found = stated("（二）招标公告期限：自采购公告发布之日（2026年3月2日）起三天。")
    assert [finding.match for finding in found] == ["期限：自采购公告发布之日（2026年3月2日）起三天"]
    assert "公告期限（3天）" in found[0].message and limit("open_tender.notice_period").rule in found[0].message
    assert stated("公告期限为5个工作日。") == []
    # a consultation's notice needs three working days only
    assert stated("公告期限为3个工作日。", "采购方式：竞争性磋商") == []
    # the length stated, with the dates it runs between after it
    assert [f.match for f in stated("公告期限：本招标公告自发布之日起公告3个工作日，即2026年8月10日至2026年8月13日。")] == [
        "期限：本招标公告自发布之日起公告3个工作日"]
    assert stated("公告期限：本招标公告自发布之日起公告5个工作日，即2026年8月10日至2026年8月14日。") == []


def test_a_window_stated_by_its_length() -> None:
    found = stated("磋商文件发售期限：3个工作日。", "采购方式：竞争性磋商")
    assert [finding.match for finding in found] == ["期限：3个工作日"]
    assert "获取采购文件的期限（3个工作日）" in found[0].message


def test_lengths_the_law_sets_otherwise_are_not_judged() -> None:
    # the result notice lasts one working day by law; a limit in days is not judged from working days
    assert stated("中标结果公告期限为1个工作日。") == []
    # the result notice named just before the period whose length it states
    assert stated("中标人确定之日起2个工作日内在指定媒体公告中标结果，公告期限为1个工作日。") == []
    assert stated("招标文件提供期限为五日。") == []  # five calendar days may or may not hold five working days
    assert stated("公告期限自发布之日起至2026年3月9日止。") == []  # a period by its dates is judged by them


def test_the_day_the_documents_are_issued_stated_in_the_title_or_a_line() -> None:
    # Without a window for obtaining them, the day the documents are stated to be issued starts the
    # response period, whether the title above says it or a line of the notice does.
    titled = """# 江城市第一中学食堂食材配送服务竞争性磋商公告（磋商文件自2026年5月11日开始发出）

## 四、响应文件提交

截止时间：2026年5月18日9时30分（北京时间）
"""
    found = c32(titled)
    assert [finding.match for finding in found] == ["2026年5月18日"]
    assert "文件自2026年5月11日起发出" in found[0].message
    assert c32(titled.replace("5月18日", "5月22日")) == []  # ten days from the day of issue
    stated = """# 江城市第一中学教学楼维修项目招标公告

## 四、提交投标文件截止时间、开标时间和地点

招标文件发出时间：2026年10月26日。提交投标文件截止时间、开标时间：2026年11月13日10点00分（北京时间）
"""
    assert [finding.match for finding in c32(stated)] == ["2026年11月13日"]


def test_dates_in_chinese_numerals_are_read() -> None:
    found = c32(notice("采购方式：公开招标", "二〇二五年六月九日至二〇二五年六月十日", "2025年7月30日9:30"))
    assert [finding.match for finding in found] == ["二〇二五年六月十日"]


def test_the_issue_day_and_a_bare_deadline_under_its_heading_are_read() -> None:
    issued = "# 江城市公开招标公告\n\n## 四、提交投标文件截止时间、开标时间和地点\n\n{}\n"
    # both words of the start (起开始发出), the deadline in the same sentence
    assert [f.match for f in c32(issued.format("本项目招标文件自2026年7月6日起开始发出，投标截止时间为2026年7月20日9时30分。"))] \
        == ["2026年7月20日"]
    # the date the block opens with, under the deadline's heading
    assert [f.match for f in c32(issued.format("2026年6月15日9时00分（北京时间）；招标文件自2026年6月1日起发出。"))] \
        == ["2026年6月15日"]
    assert c32(issued.format("2026年6月30日9时00分（北京时间）；招标文件自2026年6月1日起发出。")) == []
    negotiation = ("# 竞争性谈判公告\n\n## 四、响应文件提交\n\n"
                   "谈判文件发出之日为2026年11月9日，首次响应文件提交截止时间为2026年11月10日上午9时00分。\n")
    assert [f.match for f in c32(negotiation)] == ["2026年11月10日"]


def test_the_issue_day_and_the_deadline_in_the_cells_of_a_table_row() -> None:
    # a label cell, then the date's cell; the issue day after a label and a colon
    table = "# 竞争性磋商文件\n\n## 磋商须知前附表\n\n| 6 | 首次响应文件提交截止时间 | {} |\n"
    assert [f.match for f in c32(table.format("2026年4月14日14时30分（磋商文件发出之日为2026年4月7日）"))] \
        == ["2026年4月14日"]
    assert c32(table.format("2026年4月20日14时30分（磋商文件发出之日为2026年4月7日）")) == []
    row = ("# 竞争性谈判文件\n\n## 须知前附表\n\n| 8 | 时间安排 | 谈判文件发出：2026年3月6日（周五）；"
           "首次响应文件截止：2026年3月{}日上午9:00 |\n")
    assert [f.match for f in c32(row.format(9))] == ["2026年3月9日"]
    assert c32(row.format(11)) == []


def test_a_notice_period_named_only_by_its_heading() -> None:
    text = "# 江城市公开招标公告\n\n## 五、公告期限\n\n自本公告发布之日起{}个工作日。\n"
    assert [f.match for f in c32(text.format(3))] == ["自本公告发布之日起3个工作日"]
    assert c32(text.format(5)) == []


def test_a_single_source_publicity_shorter_than_five_working_days() -> None:
    text = "# 江城市平台运维服务单一来源采购公示\n\n## 三、公示期限\n\n{}\n"
    found = c32(text.format("公示期限：2026年3月9日至2026年3月11日（共3个工作日）。"))
    assert [f.match for f in found] == ["2026年3月11日"]
    assert "公示期" in found[0].message and "第三十八条" in found[0].message
    assert c32(text.format("公示期限：2026年3月9日至2026年3月13日。")) == []
    # a correction is judged by its new wording, not the one it replaces
    corrected = "原公告“公示期限：2026年9月21日至2026年9月24日”更正为“公示期限：2026年9月21日至2026年9月29日”。"
    assert c32(text.format(corrected)) == []


def test_a_prequalification_application_period_of_under_five_working_days() -> None:
    text = ("# 江城市某项目资格预审公告\n\n## 四、资格预审申请文件的提交\n\n"
            "提交截止时间：{}10时00分（北京时间）；本公告发布日期：2026年9月7日。\n")
    found = c32(text.format("2026年9月9日"))
    assert [f.match for f in found] == ["2026年9月9日"]
    assert "第二十一条" in found[0].message
    assert c32(text.format("2026年9月15日")) == []
    # the days are counted after the day of publication (民法典第二百零一条): Monday 7th to Friday 11th holds four
    assert [f.match for f in c32(text.format("2026年9月11日"))] == ["2026年9月11日"]
    assert c32(text.format("2026年9月14日")) == []


def codes_of(text: str, *codes: str) -> list[Finding]:
    """The findings of the given rules in a Markdown document."""
    blocks = read_markdown(text.splitlines())
    prepare(blocks)
    return [finding for finding in lint_blocks(blocks) if finding.rule in codes]


def c32d(text: str) -> list[Finding]:
    return codes_of(text, "C32d")


CORRECTION = """# 江城市第一中学校服采购项目{kind}更正公告

## 一、原公告的采购方式：{method}

## 二、更正信息

更正内容：采购需求第4项“面料克重≥200g/㎡”修改为“面料克重≥180g/㎡”。

{deadline}

更正日期：{corrected}
"""


def test_a_correction_of_the_content_that_keeps_a_deadline_too_close() -> None:
    # 87号令第二十七条: fifteen days before a tender's deadline, or the deadline moves; the date and the kept
    # deadline are in blocks of their own.
    text = CORRECTION.format(kind="公开招标", method="公开招标", corrected="2026年6月10日",
                             deadline="投标截止时间及开标时间不变，仍为2026年6月18日9时30分。")
    [finding] = c32d(text)
    assert finding.match == "2026年6月18日"
    assert "2026年6月10日发出" in finding.message and "财政部令第87号第二十七条" in finding.message


def test_a_consultations_five_days_and_a_postponed_deadline() -> None:
    consultation = dict(kind="竞争性磋商", method="竞争性磋商", corrected="2026年6月10日")
    assert c32d(CORRECTION.format(**consultation, deadline="响应文件提交截止时间不变，仍为2026年6月16日9时30分。")) == []
    assert len(c32d(CORRECTION.format(**consultation, deadline="响应文件提交截止时间不变，仍为2026年6月14日9时30分。"))) == 1
    assert c32d(CORRECTION.format(**consultation, deadline="响应文件提交截止时间顺延至2026年6月20日9时30分。")) == []


def test_a_correction_that_says_it_made_changes_without_quoting_them() -> None:
    # 作出修改 changes the content as 修改为 does; a change of a time alone moves nothing of the bids
    notice = ("# 江城市第一医院家具采购项目澄清公告\n\n## 一、更正内容\n\n"
              "{change}，本澄清于2026年4月20日发布，投标截止时间仍为2026年4月24日9时整，不予顺延。\n")
    assert len(c32d(notice.format(change="对招标文件第五章技术参数第5.2项及分项报价表作出修改"))) == 1
    assert c32d(notice.format(change="对开标时间作出修改")) == []


def test_the_day_of_issue_with_its_weekday_hour_or_platform_between() -> None:
    inquiry = ("# 某镇2026年办公设备采购项目询价通知书\n\n## 五、时间安排\n\n"
               "询价通知书于2026年3月6日（星期五）17时发出；响应文件递交截止时间及开启时间：2026年3月9日（星期一）9时30分。\n")
    assert [f.rule for f in c32(inquiry)] == ["C32"]  # three calendar days hold one working day
    consultation = ("# 某县2026年农田管护服务项目竞争性磋商文件\n\n## 四、获取磋商文件及提交响应文件\n\n"
                    "磋商文件于2026年3月9日起在阜阳市公共资源交易平台发布，首次响应文件提交截止时间为{deadline}上午9时30分。\n")
    assert [f.rule for f in c32(consultation.format(deadline="2026年3月16日"))] == ["C32"]  # seven days, not ten
    assert not c32(consultation.format(deadline="2026年3月20日"))
    negotiation = ("# 某县机关食堂食材配送服务竞争性谈判公告\n\n## 四、响应文件提交\n\n"
                   "谈判文件于2026年11月23日（星期一）上午发出，供应商须于{deadline}15时00分前提交首次响应文件。\n")
    assert [f.rule for f in c32(negotiation.format(deadline="2026年11月24日"))] == ["C32"]  # one day, not three working days
    assert not c32(negotiation.format(deadline="2026年11月26日"))


def test_a_deadline_with_the_documents_named_before_it_and_their_issue_day_after() -> None:
    negotiation = ("# 某医院负压救护车采购项目竞争性谈判文件\n\n## 四、时间安排\n\n"
                   "首次响应文件须于{deadline}14:30（北京时间）前提交，谈判文件发出日期为2026年12月2日（星期三）。\n")
    assert [f.match for f in c32(negotiation.format(deadline="2026年12月4日（星期五）"))] == ["2026年12月4日"]
    assert not c32(negotiation.format(deadline="2026年12月7日（星期一）"))  # three working days after the issue


def test_an_intention_published_fewer_than_thirty_days_before_the_notice() -> None:
    late = "# 某区2026年保洁服务竞争性磋商公告（发布日期2026年8月3日）\n\n## 七、其他补充事宜\n\n本项目采购意向已于{day}公开。\n"
    findings = [finding for finding in lint_blocks(_prepared(late.format(day="2026年7月20日"))) if finding.rule == "C32i"]
    assert [finding.match for finding in findings] == ["2026年7月20日"]
    assert "相隔14日" in findings[0].message
    assert not [finding for finding in lint_blocks(_prepared(late.format(day="2026年6月20日"))) if finding.rule == "C32i"]


def _prepared(text: str) -> list[Block]:
    blocks = read_markdown(text.splitlines())
    prepare(blocks)
    return blocks


def test_a_reply_that_keeps_the_deadline_after_a_clarification_of_content() -> None:
    reply = ("# 某区河道保洁服务项目竞争性磋商文件质疑答复\n\n## 三、质疑答复\n\n"
             "本项目澄清公告于2026年8月24日发布，首次响应文件提交截止时间为2026年8月27日；"
             "澄清内容仅为评分标准第5项分值由6分调整为10分，不影响响应文件编制，故不予顺延。\n")
    blocks = _prepared(reply)
    assert [finding.match for finding in lint_blocks(blocks) if finding.rule == "C32d"] == ["2026年8月27日"]
    # a clarification of a date alone changes no content
    dates_only = reply.replace("评分标准第5项分值由6分调整为10分", "开标时间调整为2026年8月27日")
    assert not [finding for finding in lint_blocks(_prepared(dates_only)) if finding.rule == "C32d"]


def test_a_deadline_stated_as_a_day_counted_from_the_issue_is_judged_by_that_count() -> None:
    # 第十五日 is at most fifteen days, short of a tender's twenty whatever the day of issue; 第二十一日 is not
    short = notice("采购方式：公开招标", "2026年3月2日至2026年3月6日", "自招标文件开始发出之日起第十五日上午9:30")
    [finding] = c32(short)
    assert finding.match == "十五日" and "（15日）" in finding.message
    assert "不得少于20日" in finding.message
    assert c32(notice("采购方式：公开招标", "2026年3月2日至2026年3月6日", "自招标文件开始发出之日起第二十一日上午9:30")) == []
    # a consultation's ten days, stated as 第十日, are not certainly short
    assert c32(notice("采购方式：竞争性磋商", "2026年3月2日至2026年3月6日", "自磋商文件开始发出之日起第十日上午9:30")) == []


def test_a_windows_short_end_and_a_title_in_traditional_characters() -> None:
    # 三月六日 after 二〇二六年三月二日 is the same year's; 招標文件 names a tender as 招标文件 does
    notice_text = ("# 江城市第一中學校服採購項目招標文件\n\n## 四、提交投標文件截止時間、開標時間和地點\n\n"
                   "招標公告發布日期：二〇二六年三月二日；招標文件獲取時間：二〇二六年三月二日至{end}；"
                   "投標截止及開標時間：二〇二六年三月十三日上午九時三十分。\n")
    found = c32(notice_text.format(end="三月六日"))
    assert [f.match for f in found] == ["二〇二六年三月十三日"]
    assert "文件自2026年3月2日起发出" in found[0].message
    assert [f.match for f in c32(notice_text.format(end="三月四日"))] == ["三月四日", "二〇二六年三月十三日"]


def test_a_negotiation_held_at_the_deadline() -> None:
    text = ("# 江城市档案馆数字化加工项目竞争性磋商文件\n\n## 供应商须知前附表\n\n"
            "磋商文件发出时间为2026年3月9日；提交首次响应文件截止时间及磋商时间为2026年3月{day}日9时30分。\n")
    assert [f.match for f in c32(text.format(day=16))] == ["2026年3月16日"]
    assert c32(text.format(day=19)) == []


def test_a_clarification_dated_before_its_notice_and_a_deadline_that_is_still_its_date() -> None:
    # a reply quoting what the agency did: the day first (于……发布澄清公告), a change of the technical
    # parameters, the deadline 仍为 its date without any words that keep it
    reply = ("# 江城市政务云扩容服务项目质疑的答复函\n\n## 质疑事项九\n\n"
             "采购人于2026年6月18日发布澄清公告，{change}，但投标截止时间仍为2026年6月25日。\n")
    assert [f.match for f in c32d(reply.format(change="修改云主机vCPU与内存配比等技术参数"))] == ["2026年6月25日"]
    assert c32d(reply.format(change="变更开标地点")) == []


def test_a_kept_deadline_written_without_its_year_is_the_corrections_year() -> None:
    ruling = ("# 江城市绿地养护服务项目政府采购投诉处理决定书\n\n## 二、调查认定\n\n"
              "另查明，采购人于2026年3月20日发布澄清公告，将养护面积由18万平方米调整为26万平方米，"
              "但投标截止时间仍为{deadline}，未予顺延。\n")
    [finding] = c32d(ruling.format(deadline="3月30日"))
    assert finding.match == "3月30日" and "仍为2026年3月30日" in finding.message
    assert c32d(ruling.format(deadline="4月10日")) == []


def test_the_documents_start_named_with_its_beginning_and_a_short_period() -> None:
    from procdocs.lint.engine import lint_clause

    text = "公告发布及招标文件开始提供时间为2026年7月1日；投标截止时间及开标时间为2026年7月17日9时30分。"
    found = lint_clause(text, "某项目公开招标公告 > 六、提交投标文件截止时间、开标时间和地点")
    assert [finding.rule for finding in found] == ["C32"]  # 16 days where the law gives a tender 20


def test_an_intention_too_late_is_judged_where_the_urgency_is_denied() -> None:
    from procdocs.lint.engine import lint_clause

    late = "本项目采购意向已于2026年5月20日公开，招标公告发布日期为2026年6月2日，采购人未说明属于不可预见的紧急采购。"
    assert [finding.rule for finding in lint_clause(late, "典型案例 > 案例七")] == ["C32i"]
    urgent = "因防汛紧急需要，本项目采购意向已于2026年5月20日公开，本公告发布日期：2026年6月2日。"
    assert lint_clause(urgent, "采购公告") == []


def test_a_period_of_at_least_the_law_is_no_shortfall() -> None:
    from procdocs.lint.engine import lint_clause

    section = "第二章 供应商须知 > 二、磋商文件 > 2.磋商文件的获取"
    assert lint_clause("本磋商文件的发售期限自开始之日起不少于5个工作日。", section) == []  # 不少于, not 少于
    assert [finding.rule for finding in lint_clause("招标文件提供期限不足五个工作日。", section)] == ["C32r"]


def test_a_ruling_names_the_tender_its_window_and_the_notice_day_before_its_verb() -> None:
    from procdocs.lint.engine import lint_clause

    section = "某市财政局政府采购投诉处理决定书 > 三、处理意见"
    ruling = "投诉事项四：本项目招标公告于2026年3月16日发布，获取招标文件时间为2026年3月17日至2026年3月{end}日。"
    assert [finding.rule for finding in lint_clause(ruling.format(end=19), section)] == ["C32"]  # three working days
    assert lint_clause(ruling.format(end=23), section) == []  # Tuesday to Monday: five
    late = ("另查明，本项目采购意向于2026年2月24日公开，招标公告于2026年3月16日发布，"
            "采购人亦未说明属于因预算单位不可预见的原因急需开展的采购项目。")
    assert [finding.rule for finding in lint_clause(late, "投诉处理决定书 > 二、调查情况")] == ["C32i"]  # 20 days


def test_the_day_of_issue_as_a_label_in_brackets() -> None:
    from procdocs.lint.engine import lint_clause

    text = "首次响应文件须于2026年6月{day}日9时30分前提交（磋商文件发出日为2026年6月8日）。"
    section = "某中心会议服务项目 > 竞争性磋商公告 > 四、响应文件提交"
    assert [finding.rule for finding in lint_clause(text.format(day=16), section)] == ["C32"]  # eight days, not ten
    assert lint_clause(text.format(day=18), section) == []


def test_an_intention_reported_late_with_the_notice_day_before_its_verb() -> None:
    from procdocs.lint.engine import lint_clause

    section = "某市财政局整改通知 > 一、发现的主要问题"
    late = "某项目于2025年8月4日发布招标公告，其采购意向迟至2025年{day}才在省政府采购网公开。"
    assert [finding.rule for finding in lint_clause(late.format(day="7月28日"), section)] == ["C32i"]  # seven days
    assert lint_clause(late.format(day="6月28日"), section) == []  # 37 days


def test_a_deadline_set_with_its_verb_and_a_clarification_dated_as_its_attribute() -> None:
    from procdocs.lint.engine import lint_clause

    issued = "磋商文件于2025年4月28日发出，首次响应文件提交截止时间定为2025年5月{day}日。"
    section = "某市城管局检测服务项目 > 竞争性磋商公告 > 四、响应文件提交"
    assert [finding.rule for finding in lint_clause(issued.format(day=6), section)] == ["C32"]  # eight days, not ten
    assert lint_clause(issued.format(day=9), section) == []
    clarified = ("2026年8月14日发出的第1号澄清文件将“绩效评价方案”评分分值由20分调整为30分，"
                 "投标截止时间仍为2026年8月{day}日9时30分不变。")
    section = "某财政局绩效评价服务项目招标文件 > 招标文件澄清 > 第1号澄清"
    assert [finding.rule for finding in lint_clause(clarified.format(day=24), section)] == ["C32d"]  # ten days, not 15
    assert lint_clause(clarified.format(day=31), section) == []


@pytest.mark.parametrize("clarified", [
    # the clarification numbered in brackets before its day
    "谈判文件澄清（第1号）于2026年2月12日发布，有效样本量由3000份调整为5000份，首次响应文件提交截止时间仍为2026年2月{day}日9时30分。",
    # the day first, then the documents it changed
    "2026年2月12日对谈判文件第三章作出修改，将施药方式由片剂调整为发生器施药，首次响应文件提交截止时间仍为2026年2月{day}日9:30。",
    # the change named after what it changed, the deadline kept in brackets
    "更正日期：2026年2月12日。本次更正涉及采购需求技术参数修改，首次响应文件提交截止时间（2026年2月{day}日9时30分）保持不变。",
])
def test_a_clarification_dated_in_other_words_keeps_a_deadline_too_close(clarified: str) -> None:
    from procdocs.lint.engine import lint_clause

    section = "某中心熏蒸杀虫服务项目竞争性谈判文件 > 修改通知"
    assert [finding.rule for finding in lint_clause(clarified.format(day=14), section)] == ["C32d"]  # 2 days, not 3 working days
    assert lint_clause(clarified.format(day=27), section) == []


def test_a_ruling_finds_the_deadline_was_not_moved() -> None:
    from procdocs.lint.engine import lint_clause

    found = "经查，采购人于2025年7月22日发出澄清文件，修改了终端功放额定功率参数，投标截止时间为2025年8月{day}日，未相应顺延。"
    section = "某市财政局投诉处理决定书 > 二、调查情况"
    assert [finding.rule for finding in lint_clause(found.format(day=1), section)] == ["C32d"]  # ten days, not 15
    assert lint_clause(found.format(day=15), section) == []


def test_the_days_samples_are_shown_are_no_window_to_obtain_the_documents() -> None:
    from procdocs.lint.engine import lint_clause

    section = "某局服装采购项目招标文件 > 第二章 投标人须知 > 5 样品"
    shown = "标准样衣于2026年6月2日至6月5日在装备处陈列，所有获取招标文件的潜在投标人均可现场查看。"
    assert lint_clause(shown, section) == []
    section = "某局服装采购项目招标公告 > 三、获取招标文件"
    obtained = "获取招标文件的时间为2026年6月2日至6月5日，每天上午9:00至12:00。"
    assert [finding.rule for finding in lint_clause(obtained, section)] == ["C32"]  # four days, not five working days


def test_the_method_named_by_a_later_notice_of_the_procedure() -> None:
    from procdocs.lint.engine import lint_clause

    # 竞争性磋商澄清公告 names the method: five days, not the three working days every method allows
    clarified = "本澄清于二〇二六年八月十日发出，设计范围增加三个小区的改造内容；首次响应文件提交截止时间仍为二〇二六年八月{day}日九时。"
    section = "某局老旧小区改造设计服务竞争性磋商澄清公告 > 一、澄清内容"
    assert [finding.rule for finding in lint_clause(clarified.format(day="十三"), section)] == ["C32d"]
    assert lint_clause(clarified.format(day="十七"), section) == []


def test_the_first_day_of_issue_and_a_deadline_without_its_year() -> None:
    from procdocs.lint.engine import lint_clause

    provided = "招标文件提供时间自2026年4月28日开始，投标截止及开标时间定于同年5月{day}日上午九时三十分。"
    section = "某局建模服务项目 > 招标公告 > 四、提交投标文件截止时间、开标时间和地点"
    assert [finding.rule for finding in lint_clause(provided.format(day=15), section)] == ["C32"]  # 17 days, not 20
    assert lint_clause(provided.format(day=25), section) == []
    section = "某中心食材配送服务竞争性谈判公告 > 四、响应文件提交"
    next_day = "谈判文件于2026年11月23日（星期一）上午发出，供应商须于次日即11月24日15时00分前提交首次响应文件。"
    assert [finding.match for finding in lint_clause(next_day, section)] == ["11月24日"]  # not three working days
    # the day the documents went out is not the deadline named after it
    assert lint_clause(next_day.replace("次日即11月24日", "11月30日"), section) == []


def test_the_day_of_issue_written_without_its_year_after_the_deadline() -> None:
    from procdocs.lint.engine import lint_clause

    section = "某村委会选票印制项目询价公告 > 四、响应文件提交"
    stated = "响应文件提交截止时间为2026年3月{day}日上午9:00，询价通知书发出日为3月9日（星期一）。"
    assert [finding.match for finding in lint_clause(stated.format(day=11), section)] == ["2026年3月11日"]  # not 3 working days
    assert lint_clause(stated.format(day=13), section) == []


def test_a_notice_period_counted_after_the_publication() -> None:
    from procdocs.lint.engine import lint_clause

    section = "某单位办公耗材采购项目询价公告 > 六、公告期限"
    stated = "公告期限：本包询价公告发布后{count}个工作日即截止报名，逾期不再接受。"
    assert [finding.rule for finding in lint_clause(stated.format(count=1), section)] == ["C32"]  # not 3 working days
    assert lint_clause(stated.format(count=3), section) == []


@pytest.mark.parametrize("corrected", [
    # the correction notice's own day, stated as any notice's
    "将第三章技术参数第十二项“探头数量≥3把”更正为“≥4把”，投标截止时间不变，仍为2026年8月{day}日9时30分；本公告发布日期为2026年8月20日。",
    # the day in brackets after the notice's name
    "第一次澄清公告（2026年8月20日发布）：对第三章技术参数第八、九项作出修改，投标截止时间不作调整，仍为2026年8月{day}日上午9时。",
])
def test_the_day_of_a_correction_in_other_words(corrected: str) -> None:
    from procdocs.lint.engine import lint_clause

    section = "某医院彩超采购项目招标文件 > 更正公告 > 二、更正信息"
    assert [finding.rule for finding in lint_clause(corrected.format(day=28), section)] == ["C32d"]  # 8 days, not 15
    assert lint_clause(corrected.format(day="31").replace("8月31", "9月28"), section) == []


def test_a_deadline_moved_but_not_far_enough() -> None:
    from procdocs.lint.engine import lint_clause

    section = "某医院灭菌器采购项目招标文件 > 澄清公告 > 澄清内容"
    moved = ("因招标文件第四章技术要求第2.4条灭菌监测频次修改，投标截止时间由2026年11月9日9时30分顺延至2026年11月{day}日9时30分。"
             "澄清日期：2026年11月5日。")
    found = lint_clause(moved.format(day=16), section)
    assert [finding.rule for finding in found] == ["C32d"]  # eleven days, not 15
    assert "截止时间顺延至2026年11月16日" in found[0].message
    assert lint_clause(moved.format(day=23), section) == []


def test_a_kept_deadline_without_its_day_is_the_one_the_document_states() -> None:
    # the correction says only 截止时间不变; the notice it corrects, in the same file, gives the day
    document = ("# 江城市第一中学校服采购项目公开招标公告\n\n## 四、提交投标文件截止时间、开标时间和地点\n\n"
                "2026年{deadline}9时30分（北京时间），地点：江城市公共资源交易中心。\n\n## 更正公告\n\n"
                "更正内容：采购需求第4项“面料克重≥200g/㎡”修改为“面料克重≥180g/㎡”，投标截止时间不变。"
                "更正日期：2026年6月10日。\n")
    [finding] = codes_of(document.format(deadline="6月18日"), "C32d", "C32u")
    assert finding.rule == "C32d" and "仍为2026年6月18日" in finding.message
    assert codes_of(document.format(deadline="6月30日"), "C32d", "C32u") == []


def test_a_kept_deadline_the_document_never_states_is_to_be_verified() -> None:
    text = CORRECTION.format(kind="公开招标", method="公开招标", corrected="2026年6月10日",
                             deadline="投标截止时间及开标时间不变。")
    [finding] = codes_of(text, "C32d", "C32u")
    assert finding.rule == "C32u" and finding.severity == "warning"
    assert finding.match == "截止时间及开标时间不变" and "无法核实" in finding.message
    # moved, or only a contact changed: nothing to verify
    moved = CORRECTION.format(kind="公开招标", method="公开招标", corrected="2026年6月10日",
                              deadline="投标截止时间顺延至2026年7月1日9时30分。")
    assert codes_of(moved, "C32d", "C32u") == []


def front_table(*rows: tuple[str, str]) -> str:
    """A 竞争性磋商文件's 供应商须知前附表 as a real table: each value is read under the label in the cell to its left."""
    lines = "\n".join(f"| {number} | {label} | {value} |" for number, (label, value) in enumerate(rows, start=1))
    return ("# 江城市第一中学校服采购项目竞争性磋商文件\n\n## 第二章 供应商须知前附表\n\n"
            f"| 序号 | 条款名称 | 内容 |\n|---|---|---|\n{lines}\n")


def test_the_window_and_the_deadline_in_the_cells_of_a_table_row() -> None:
    found = c32(front_table(("磋商文件发售期限", "2026年4月7日至2026年4月9日（每日9:00—17:00）"),
                            ("首次响应文件提交截止时间", "2026年4月14日14时30分")))
    assert [finding.match for finding in found] == ["2026年4月9日", "2026年4月14日"]
    assert c32(front_table(("磋商文件发售期限", "2026年4月7日至2026年4月13日（每日9:00—17:00）"),
                           ("首次响应文件提交截止时间", "2026年4月24日14时30分"))) == []


def test_a_period_stated_by_its_length_under_the_label_of_its_row() -> None:
    assert [finding.match for finding in c32(front_table(("获取磋商文件时间", "自本公告发布之日起3个工作日")))] == [
        "自本公告发布之日起3个工作日"]
    assert c32(front_table(("获取磋商文件时间", "自本公告发布之日起5个工作日"))) == []


def test_a_kept_deadline_without_its_day_is_read_from_a_table_row() -> None:
    # the deadline the correction keeps is stated in the 前附表, a real table: read under its row's label
    document = front_table(("磋商文件发售期限", "2026年6月1日至2026年6月5日"),
                           ("首次响应文件提交截止时间", "2026年6月{day}日9时30分")) + (
        "\n## 更正公告\n\n更正内容：采购需求第4项“面料克重≥200g/㎡”修改为“面料克重≥180g/㎡”，响应文件提交截止时间不变。"
        "更正日期：2026年6月10日。\n")
    [finding] = codes_of(document.format(day=12), "C32d", "C32u")
    assert finding.rule == "C32d" and "仍为2026年6月12日" in finding.message


def _holds_one_of(parsed: list[tuple[object, object]], characters: set[str]) -> bool:
    """Whether every text the parsed pattern matches holds one of the characters."""
    import re._constants as constants

    def element(op: object, value: object) -> bool:
        if op == constants.LITERAL:
            return chr(value) in characters  # type: ignore[arg-type]
        if op == constants.IN:
            return all(kind == constants.LITERAL and chr(item) in characters for kind, item in value)  # type: ignore[union-attr]
        if op == constants.SUBPATTERN:
            return _holds_one_of(list(value[-1]), characters)  # type: ignore[index]
        if op == constants.BRANCH:
            return all(_holds_one_of(list(branch), characters) for branch in value[1])  # type: ignore[index]
        if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
            return value[0] >= 1 and _holds_one_of(list(value[2]), characters)  # type: ignore[index]
        return False

    return any(element(op, value) for op, value in parsed)


def test_a_text_that_changes_content_holds_a_character_the_quick_look_finds() -> None:
    # The correction detectors pass over a block without one of the change verbs' first characters before
    # searching the whole pattern: every match of the pattern must hold one.
    import re._parser as parser

    from procdocs.lint import periods

    characters = set(periods._CHANGE_CHARACTERS.pattern.strip("[]"))
    assert _holds_one_of(list(parser.parse(periods._CHANGES_CONTENT.pattern)), characters)
    assert not _holds_one_of(list(parser.parse("修改|说明")), characters)
