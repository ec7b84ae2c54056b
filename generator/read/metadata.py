"""Lines of a criticism-opinion document that are not criticism: recognised and kept out of the model.

Each rule is one whole-line pattern with the reason shown to the user (`critique categories` lists what
was skipped). A rule marked `anywhere` applies even in the middle of a sentence (a page number left by a
Word/PDF export splits one); the others only where a sentence has ended, so that a line broken by a
page break ("组织生活会上开展批评不够") is never taken for a title. Lines are normalised before matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    reason: str  # shown to the user, in Chinese
    pattern: re.Pattern[str]
    anywhere: bool  # also inside an unfinished sentence


def _rule(reason: str, pattern: str, *, anywhere: bool = False) -> Rule:
    return Rule(reason, re.compile(pattern), anywhere)


# Digits as typed in either width (２０２４年１月１５日), months as written (元月, 正月), and a day without its year
# (１月１５日): the fault hunt of stop 26 found each of these pasted into paragraphs as a sentence.
_D = "[0-9０-９]"
_MONTH = rf"(?:{_D}{{1,2}}|[一二三四五六七八九十]{{1,3}}|元|正)"
_DAY = rf"(?:{_D}{{1,2}}|[一二三四五六七八九十]{{1,3}})"
_DATE = (
    rf"(?:{_D}{{4}}|[〇零一二三四五六七八九]{{4}}) ?年 ?{_MONTH} ?月(?: ?{_DAY} ?[日号])?"
    rf"|{_MONTH} ?月 ?{_DAY} ?[日号]"
    rf"|{_D}{{4}}[.．/\-－]{_D}{{1,2}}[.．/\-－]{_D}{{1,2}}"
)
_UNIT = r"(?:党支部|党总支|党委|党组|支部委员会|委员会|党工委|办公室|机关|支部)"
_NO_SENTENCE = r"[^。，；！？,;!?]"  # a title, a unit or a name is a phrase, not a sentence
_CLOSING = (r"(?:(?:以上(?:意见|批评意见|内容|几点)?[，,]?)?(?:仅供参考|供参考)"
            r"|(?:以上(?:意见|批评意见|内容|几点)[，,]?)?(?:敬|恳)?请(?:各位|同志们|大家)?(?:批评)?指正"
            r"|(?:不妥|不当|不对)之处[，,]?(?:敬|恳)?请(?:批评)?指正|谢谢)")

RULES: tuple[Rule, ...] = (
    # - 2 -, — 3 —, 第 4 页 共 10 页, 5/12, a bare number: page numbers of an exported document.
    _rule("页码", r"[-—–－\s]*[0-9]{1,4}[-—–－\s]*|第\s*[0-9]{1,4}\s*页(?:\s*[,，/]?\s*共\s*[0-9]{1,4}\s*页)?"
                  r"|[0-9]{1,4}\s*/\s*[0-9]{1,4}", anywhere=True),
    # ---, ***, ``` and > quotes: Markdown rules, fences, and the 类别/草稿码 notes of this tool's output.
    _rule("Markdown 分隔线或引用", r"(?:[-*_] ?){3,}|`{3}.*|>.*", anywhere=True),
    # 2024年1月10日, 二〇二四年一月, 2024.1.10: the date under the signature.
    _rule("日期", rf"(?:{_DATE})[。.]?"),
    # XX党支部, 中共XX委员会 2024年1月10日: the unit that signs the document.
    _rule("署名单位", rf"{_NO_SENTENCE}{{0,30}}{_UNIT}(?: ?(?:{_DATE})[。.]?)?"),
    # 批评人：张三, 提出人：李四（签名）: who wrote the opinions.
    # 批评人签字：________  2024年1月10日: a line to sign on, and the date beside it.
    _rule("署名", rf"[（(]?(?:批评人|提出人|发言人|署名|签名|提意见人|意见人|填表人)(?:签字|签名)?[：:]"
                 rf"{_NO_SENTENCE}{{0,40}}?[)）]?|{_NO_SENTENCE}{{1,20}}[（(]签名[)）]"),

    # 张三 2024年1月15日: a name and the date beside it.
    _rule("署名（姓名和日期）", rf"[\u4e00-\u9fff]{{2,4}}[ 　]*(?:{_DATE})[。.]?"),
    # 附件：整改清单, （此页无正文）, 打印：李四 校对：王五, 抄送：…: the furniture of an official document.
    _rule("附件或版记", r"附件[0-9０-９一二三四五六七八九十]*(?:[：:].*)?|[（(]此页无正文[)）]"
                      r"|(?:打印|校对|印发|抄送|主送|报送|联系人|联系电话)[：:].*"),
    # 注：以上问题均为会前征求意见汇总, 备注：…: a note on the document, not an opinion.
    _rule("注释", r"[（(]?(?:注|备注|附注|说明)[：:].*"),
    # 对张三同志的批评意见, 张三同志：, 致李四同志: to whom the opinions are addressed.
    _rule("称呼", rf"(?:对|给|致|向)?{_NO_SENTENCE}{{1,20}}同志(?:的)?(?:相互)?(?:批评意见|意见|批评)?[：:]?"),
    # 以上意见仅供参考, 不妥之处请批评指正, 谢谢！: the closing formula, not an opinion.
    # Also several in one line: 以上意见仅供参考，不妥之处，请批评指正。
    _rule("结束语", rf"{_CLOSING}(?:[，,；;] ?{_CLOSING})*[。.！!]?|如有不妥[^。]*[。.！!]?"),
    # 2023 年主题教育民主生活会, 组织生活会相互批评意见参考: the document's title (a phrase with one of these).
    _rule("文件标题", rf"{_NO_SENTENCE}{{0,30}}(?:民主生活会|组织生活会|批评意见|对照检查|发言提纲|征求意见|相互批评)"
                     rf"{_NO_SENTENCE}{{0,20}}"),
    # 草稿码：…: a code line pasted from this tool's output.
    _rule("草稿码", r"草稿码[：:].*|种子[：:] ?[0-9]+"),
)


# 张三: a name alone on its line (see classify's `last`).
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
NAME = "署名（姓名）"


def classify(line: str, *, mid_sentence: bool, last: bool = False) -> str | None:
    """The reason a normalised, non-empty line is not criticism, or None when it may be. `last`: the line is a
    plain line after the file's last opinion, where two to four characters alone are a name, not a heading."""
    for rule in RULES:
        if (rule.anywhere or not mid_sentence) and rule.pattern.fullmatch(line):
            return rule.reason
    if last and not mid_sentence and _NAME.fullmatch(line):
        return NAME
    return None
