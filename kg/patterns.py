"""The conventions of the genre, as regular expressions over *folded* text (see kg.normalize).

Chinese official documents follow GB/T 9704 (党政机关公文格式): a red header ``XX文件``, a document
number ``X政办发〔2023〕16号``, a title ``关于……的通知``, the main recipients ending in ``：``,
numbered levels ``一、`` ``（一）`` ``1.`` ``（1）``, a signature and date, attachments ``附件``,
and a closing block ``抄送：`` … ``印发``. Folding makes full-width brackets half-width and
traditional characters simplified, so each pattern is written once.
"""

from __future__ import annotations

import re

CN_DIGITS = "〇零一二三四五六七八九十百两"
_CN = f"[{CN_DIGITS}]"
NUM = r"\d+"

# Brackets around the year of a document number: 〔〕 is the standard; [] 【】 ［］ ﹝﹞ () occur.
_YEAR_OPEN = r"[〔\[【﹝(]"
_YEAR_CLOSE = r"[〕\]】﹞)]"

#: A document number such as 莱政办发〔2023〕16号 (groups: prefix, year, number).
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,12}})\s*{_YEAR_OPEN}\s*(?P<year>(?:19|20)\d\d)\s*{_YEAR_CLOSE}\s*"
    rf"(?P<number>\d{{1,5}})\s*号"
)
#: A line that is nothing but a document number.
DOC_NUMBER_LINE = re.compile(rf"^\s*[(\[【〔]?\s*{DOC_NUMBER.pattern}\s*[)\]】〕]?\s*$")

#: A date written with digits (2023年8月28日) or Chinese numerals (二〇二三年八月二十八日).
DATE = re.compile(
    rf"(?P<year>(?:19|20)\d\d|[〇零一二三四五六七八九]{{4}})\s*年\s*"
    rf"(?P<month>\d{{1,2}}|{_CN}{{1,3}})\s*月\s*(?P<day>\d{{1,2}}|{_CN}{{1,4}})\s*日"
)
#: A line holding only a date, the signing date under the signature.
DATE_LINE = re.compile(rf"^\s*[(]?\s*{DATE.pattern}\s*[)]?\s*$")
#: The printing line of the closing block: 莱州市人民政府办公室 2023年8月28日印发, (2023年7月20日印发).
PRINTED_LINE = re.compile(rf"^\s*[(]?\s*(?P<office>[^\d(]*?)\s*{DATE.pattern}\s*印发\s*[)]?\s*$")

#: Section marker 一、 (also 一. and 一．, which folds to 一.).
SECTION = re.compile(rf"^\s*(?P<num>{_CN}{{1,4}})\s*[、.]\s*(?P<rest>.*)$", re.S)
#: Item marker （一） / (一).
ITEM = re.compile(rf"^\s*[(]\s*(?P<num>{_CN}{{1,4}})\s*[)]\s*[、.]?\s*(?P<rest>.*)$", re.S)
#: Point marker 1. / 1、 / （1） / ①.
POINT = re.compile(
    r"^\s*(?:(?P<num>\d{1,2})\s*[.、](?!\d)|[(]\s*(?P<pnum>\d{1,2})\s*[)]|(?P<circled>[①-⑳]))\s*(?P<rest>.*)$",
    re.S,
)

#: 附件 alone on a line (optionally numbered): the start of an annex.
ANNEX_START = re.compile(r"^\s*附\s*件\s*(?P<num>\d{1,2})?\s*[:]?\s*$")
#: 附件：1.xxx  — the attachment list at the end of a notice or main text.
ANNEX_LIST = re.compile(r"^\s*附\s*件\s*[:]\s*\S")
#: …its further entries, numbered (2．2023年…: a point marker would refuse it as a decimal).
ANNEX_LIST_ENTRY = re.compile(r"^\s*\d{1,2}\s*[.、]\s*\S")
#: 抄送：…
CC_START = re.compile(r"^\s*抄\s*送\s*[:]\s*(?P<rest>.*)$", re.S)

#: Status lines under the signature.
PUBLICATION = re.compile(
    r"^\s*[(]\s*(?P<status>此件[^()]{1,12}|[^()]{0,6}(?:主动公开|依申请公开|不予公开|公开发布))\s*[)]\s*$"
)
#: Contact line: (联系人：市政府办公厅政务公开办，51707748) or 联系人：张三，联系电话：0535-1234567
CONTACT = re.compile(
    r"^\s*[(]?\s*联\s*系\s*人\s*[:]\s*(?P<name>[^,，;；()]*?)\s*[,，;；\s]\s*(?:联系)?(?:电话)?\s*[:]?\s*"
    r"(?P<phone>[\d\-－ ]{5,})\s*[)]?\s*$"
)
#: A registration code printed on normative documents, e.g. LZDR-2023-0020004.
REGISTRATION = re.compile(r"\b(?P<code>[A-Z]{2,8}-\d{4}-\d{3,10})\b")
#: A government bulletin named in a running head: 济南市莱芜区人民政府公报（2023年第3期）.
BULLETIN = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,30}(?:公报|政报))\s*[(]?\s*(?:19|20)\d\d\s*年\s*第\s*\d{1,3}\s*期\s*[)]?"
)
#: A page number printed by the page: — 9 —, - 9 -, 第 9 页, 第9页 共25页, 9/25.
PAGE_NUMBER = re.compile(
    r"^\s*(?:[—\-–~－一]{1,2}\s*\d{1,4}\s*[—\-–~－一]{1,2}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)

#: Words that end the title of an official document (文种).
GENRE_WORDS = (
    "通知",
    "通报",
    "决定",
    "意见",
    "办法",
    "规定",
    "方案",
    "要点",
    "批复",
    "函",
    "报告",
    "公告",
    "通告",
    "细则",
    "规划",
    "计划",
    "目录",
    "清单",
    "纪要",
    "命令",
    "令",
    "议案",
    "请示",
    "决议",
    "公报",
    "条例",
    "规则",
)
TITLE_END = re.compile(
    "(?:" + "|".join(sorted(GENRE_WORDS, key=len, reverse=True)) + r")[》」”\"]?\s*(?:[(][^()]{1,16}[)])?\s*$"
)
#: Lines of web-page chrome around a document copied from a government site.
WEB_CHROME = re.compile(
    r"^\s*(?:发布时间|发布日期|信息来源|来源|字号|浏览次数|点击数|阅读次数|访问量|分享到|当前位置|您当前的位置|"
    r"你当前的位置|【\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部|字体)[^】]{0,8}】|关闭窗口|打印本页|"
    r"扫一扫在手机上?(?:打开|查看|浏览)|上一篇|下一篇|返回顶部|责任编辑)\s*[:：>]?"
)

#: Lines that must never be glued onto the line before them.
BLOCK_START = re.compile(
    rf"^\s*(?:{_CN}{{1,4}}\s*[、.]|[(]\s*{_CN}{{1,4}}\s*[)]|\d{{1,2}}\s*[.、](?!\d)|[(]\s*\d{{1,2}}\s*[)]|[①-⑳]"
    r"|附\s*件\s*(?:\d{1,2}\s*)?(?:[:]|$)|抄\s*送\s*[:]|第[一二三四五六七八九十百]+[章节条部分])"
)
