"""Clause-level rewrites that keep the meaning: the same criticism said with another construction.

Rules as data: each row is a pattern over a whole filled clause, its replacement, and why it keeps the
meaning. They are general usage of the genre, not phrases of one corpus, so every corpus gains from them.
A rule never applies where a group would cut through a quotation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

HEDGE = "(?:有时候|有的时候|有些时候|有时|往往|一定程度上|某种程度上)?"


class Rewrite(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    replacement: str  # a match template (\1, \g<name>); \g<p> is the group `p` looked up in `table`
    why: str
    examples: tuple[tuple[str, str], ...] = ()  # (piece, rewritten): tests/test_rewrites.py checks each
    unchanged: tuple[str, ...] = ()  # pieces the rule must leave alone (tested too)
    table: tuple[tuple[str, str], ...] = ()  # for \g<p>: what each matched word becomes
    # A rule that moves words without changing one (a list in another order) also applies after the first
    # rule that fits the piece: 对A、B、C等环节检查不细 becomes 对A、C、B等环节检查不够细致.
    composes: bool = False

    def apply(self, m: re.Match[str]) -> str:
        template = self.replacement
        if self.table:
            template = template.replace(r"\g<p>", dict(self.table)[m.group("p")])
        return m.expand(template)


def _rule(name: str, pattern: str, replacement: str, why: str, examples: tuple[tuple[str, str], ...] = (),
          unchanged: tuple[str, ...] = (), table: tuple[tuple[str, str], ...] = (), composes: bool = False) -> Rewrite:
    return Rewrite(name, re.compile(pattern), replacement, why, examples, unchanged, table, composes)


# Quality adjectives said after 不 as a clause's predicate; 不X and 不够X say the same shortfall.
QUALITIES = ("及时|积极|主动|明显|全面|深入|扎实|规范|严格|充分|具体|耐心|畅通|完善|健全|紧密|深刻|牢固|准确|透彻"
             "|有力|突出")
# One-character predicates and the two-character word the genre uses after 不够 (研究不深 = 研究不够深入).
SHORT_QUALITIES = (("不深", "不够深入"), ("不细", "不够细致"), ("不严", "不够严格"), ("不周", "不够周全"),
                   ("不紧", "不够紧"), ("不熟", "不够熟练"), ("不全", "不够全面"), ("不实", "不够扎实"))
# What a pair of things is said to fall short in, at the end of a clause (……的针对性和实效性不强).
SHORTFALL_END = f"(?:还|仍)?(?:不够|不太|不)(?:{QUALITIES}|强|高|够|足|到位|好|大)|(?:还|仍)?(?:不足|缺乏|欠缺)"
# The last member of a 、-list of 不X predicates (看得不全、查得不细): a rewrite there breaks the parallel.
PARALLEL_NOT = "不[^、，；]{1,4}、[^、，；]{1,6}$"
# What an action's object is said with, fronted or after 对 (对新课标要求研究不深 = 研究新课标要求不深).
GRASP = "掌握|了解|研究|理解|把握|关心|关注"

REWRITES: tuple[Rewrite, ...] = (
    _rule("现象时有发生", f"^{HEDGE}存在([^，；]{{2,30}})的(现象|情况)$", r"\1的\2时有发生",
          "存在X的现象 = X的现象时有发生; 时有 carries the hedge, so a leading 有时 goes",
          examples=(("有时存在执行不严的现象", "执行不严的现象时有发生"),)),
    _rule("动宾前置", r"^对(?:于)?([^，；、]{2,16})的(掌握|研究|理解|领会|把握|认识|区分|谋划)"
                      r"((?:还|仍|也)?(?:不够|不|有待|尚|较|比较)[^，；]*)$", r"\2\1\3",
          "对X的掌握还不够全面 = 掌握X还不够全面: the noun of the action becomes its verb, where what follows says how "
          "well it is done (对数字化转型的认识停留在口头上 is no 认识数字化转型停留在口头上)",
          examples=(("对理论知识的掌握还不够全面", "掌握理论知识还不够全面"),),
          unchanged=("对数字化转型的认识停留在口头上",)),
    _rule("对象前置", f"^对(?:于)?([^，；、的][^，；、]{{1,7}}?)({GRASP})(不够[^，；]{{0,3}})$",
          r"\2\1\3",
          "对X关注不够 = 关注X不够: with a short object the action may come first, before 不够; a long or listed one "
          "stays behind 对 (考虑……的特殊需求不周 reads badly), and so does one before a bare 不X (研究新课标要求不深: "
          "readers of round 18 marked it as awkward)",
          examples=(("对家长的诉求关注不够", "关注家长的诉求不够"), ("对基层情况了解不够深入", "了解基层情况不够深入")),
          unchanged=("对学生的思想动态、心理健康关心不够", "对年纪大的祖辈家长和外来务工家庭的特殊需求考虑不周",
                     "对严格家教家风的重要性认识不够深刻", "对新课标要求研究不深")),
    _rule("对象名词化", f"^对(?:于)?([^，；、的“”][^，；、的]{{1,11}}?)({GRASP})(?P<p>"
          + "|".join(w for w, _ in SHORT_QUALITIES) + ")$", r"对\1的\2\g<p>",
          "对X研究不深 = 对X的研究不够深入: the action said as a noun, its shortfall in the full word (where the "
          "action put first, 研究新课标要求不深, reads badly)",
          examples=(("对新课标要求研究不深", "对新课标要求的研究不够深入"),
                    ("对政策规定掌握不全", "对政策规定的掌握不够全面")),
          unchanged=("对学生的思想动态研究不深", "对新课标要求研究不够", "对价格标准、出版单位审核不细"),
          table=SHORT_QUALITIES),
    _rule("精神不足", r"^(?:缺乏|缺少|欠缺)([^，；]{2,14})的(精神|意识|劲头|韧劲|动力|闯劲)$", r"\1的\2还不够",
          "缺乏X的精神 = X的精神还不够: the lack said as a shortfall",
          examples=(("缺乏攻坚克难的精神", "攻坚克难的精神还不够"),)),
    _rule("作用未充分发挥", r"^([^，；]{2,16}?)(的)?作用(?:没有充分发挥出来|没有得到充分发挥|未能充分发挥)$",
          r"\1\2作用发挥得还不够充分", "X的作用没有充分发挥出来 = X的作用发挥得还不够充分",
          examples=(("作业的诊断和巩固作用没有充分发挥出来", "作业的诊断和巩固作用发挥得还不够充分"),)),
    _rule("作用发挥不够", r"^([^，；]{2,16}?)(的)?作用发挥得(?:还)?不够充分$", r"\1\2作用没有充分发挥出来",
          "X的作用发挥得还不够充分 = X的作用没有充分发挥出来",
          examples=(("学校服务社会的作用发挥得还不够充分", "学校服务社会的作用没有充分发挥出来"),)),
    _rule("距离要求", r"^([^，；]{2,24}?)与([^，；]{2,20}?要求)(还有|仍有|存在)([^，；]{0,3})差距$",
          r"\1距离\2\3\4差距", "X与Y的要求还有差距 = X距离Y的要求还有差距",
          examples=(("工作质量和效率与上级要求还有差距", "工作质量和效率距离上级要求还有差距"),),
          unchanged=("与“过紧日子”的要求不相符合",)),
    _rule("尚未到位", r"^([^，；]{1,11}[^，；得还仍])(?:还不够到位|仍不够到位|不够到位|不到位)$", r"\1还没有完全到位",
          "X不到位 = X还没有完全到位; not after 得 (做得还没有完全到位 reads badly), and the 还 of 还不够到位 goes "
          "with the rest (not 管理约束还还没有完全到位)",
          examples=(("责任落实不到位", "责任落实还没有完全到位"), ("管理约束还不够到位", "管理约束还没有完全到位")),
          unchanged=("全批全改做得不到位",)),
    _rule("有待加强", r"^([^，；]{2,16})(?:还需要|还需|仍需)(?:进一步)?(加强|强化)$", r"\1有待进一步\2",
          "X还需加强 = X有待进一步加强", examples=(("理论学习还需进一步加强", "理论学习有待进一步加强"),)),
    # Neither of the next two in a piece that has a 不够 already (不够……不够……: readers count them) nor for the
    # last of 不X members in a 、-list, said alike (看得不全、查得不细, not 看得不全、查得不够细致).
    _rule("不够程度", f"^(?!.*不够)(?!.*{PARALLEL_NOT})([^，；]{{2,24}}?)(?<![还够太很])不({QUALITIES})$", r"\1不够\2",
          "X不及时 = X不够及时: the same shortfall with a degree word (only as the clause's predicate)",
          examples=(("开箱登记不及时", "开箱登记不够及时"),
                    ("群众的获得感和满意度提升不明显", "群众的获得感和满意度提升不够明显")),
          unchanged=("回应还不够积极", "反馈很不及时", "看得不全、查得不及时", "标准不够高的人执行不严格")),
    _rule("单字程度", f"^(?!.*不够)(?!.*{PARALLEL_NOT})" r"([^，；]{2,24}?)(?<![还够太很])(?P<p>"
          + "|".join(w for w, _ in SHORT_QUALITIES) + ")$",
          r"\1\g<p>", "研究不深 = 研究不够深入, 把关不严 = 把关不够严格: a one-character predicate in its full word",
          examples=(("对新课标要求研究不深", "对新课标要求研究不够深入"), ("考虑不周", "考虑不够周全"),
                    ("资质审核把关不严", "资质审核把关不够严格"),
                    ("对价格标准、出版单位审核不细", "对价格标准、出版单位审核不够细致")),
          unchanged=("立德树人的根本任务落得还不够实", "看得不全、查得不细"), table=SHORT_QUALITIES),
    _rule("单字多少",
          r"^(?!.*越来越)(?!.*[多少]、)([^，；]{1,30}[^，；、较偏很太过更最不够许诸众增减缺稀至老年多好繁颇甚良大差居鲜极])(多|少)$",
          r"\1较\2",
          "谈心交流少 = 谈心交流较少, 顾虑多 = 顾虑较多: a bare 多/少 as the predicate, said with a degree word; "
          "not in a parallel pair (单向传达多、双向交流少)",
          examples=(("深入教研组、宿舍与教职工谈心交流少", "深入教研组、宿舍与教职工谈心交流较少"),
                    ("相互批评时顾虑多", "相互批评时顾虑较多"), ("教学反思写得少", "教学反思写得较少")),
          unchanged=("学生主动提问的越来越少", "自己动手有所减少", "缺少", "问题不少", "布置任务很多", "偏多",
                     "还不够多", "单向传达多、双向交流少", "制约发展的因素诸多", "认为现在分管事务繁多",
                     "这样的情况极少", "问题颇多")),
    _rule("得多少", r"^([^，；]{1,20}得)(?P<p>不多|较少|偏少)$", r"\1\g<p>",
          "用得不多 = 用得较少: how much is done, said with another word of amount",
          examples=(("小组合作、探究式学习用得不多", "小组合作、探究式学习用得较少"),),
          table=(("不多", "较少"), ("较少", "不多"), ("偏少", "不多"))),
    # Consequences said with another construction: a unit whose cause and effect run 20 characters without a
    # word to vary (没有及时研究解决，影响了部分同志的工作积极性) could otherwise never be said anew.
    _rule("造成影响", r"^(从而|进而|也|还)?影响了([^，；]{3,20})$", r"\1对\2造成了影响",
          "影响了X = 对X造成了影响: the same effect, with the affected thing fronted",
          examples=(("影响了部分同志的工作积极性", "对部分同志的工作积极性造成了影响"),
                    ("也影响了整体工作进度", "也对整体工作进度造成了影响")),
          unchanged=("影响了工作", "影响了部分同志的工作积极性和主动性以及各项工作的顺利推进")),
    _rule("影响了", r"^(从而|进而|也|还)?对([^，；]{3,20})(?:造成了|产生了)(?:一定)?影响$", r"\1影响了\2",
          "对X造成了影响 = 影响了X (not 不良影响: the plain verb would lose the judgement)",
          examples=(("对整体工作进度造成了影响", "影响了整体工作进度"),
                    ("也对学生的学习产生了一定影响", "也影响了学生的学习")),
          unchanged=("对整体工作进度造成了不良影响",)),
    _rule("致使导致", r"^(?P<p>致使|导致)([^，；]{4,30})$", r"\g<p>\2",
          "致使X = 导致X: the two connectives of consequence stand for each other before a clause",
          examples=(("致使个别学生产生厌学情绪", "导致个别学生产生厌学情绪"),
                    ("导致同类错误反复出现", "致使同类错误反复出现")),
          unchanged=("导致", "致使失误"), table=(("致使", "导致"), ("导致", "致使"))),
    _rule("时常出现", r"^([^，；]{4,30}?)的(现象|情况)时有发生$", r"时常出现\1的\2",
          "X的现象时有发生 = 时常出现X的现象 (the other way from 现象时有发生 above)",
          examples=(("下班后电脑、空调不关的现象时有发生", "时常出现下班后电脑、空调不关的现象"),),
          unchanged=("这种现象时有发生",)),
    _rule("把字句", r"^(有时|往往|常常|习惯于|总是)?把(?![关握脉控手持守门柄戏])([^，；]{4,30})$", r"\1将\2",
          "把X压缩掉 = 将X压缩掉: the object-fronting preposition in its written form (not 把关, 把握, 把控)",
          examples=(("把本该留给学生思考的时间压缩掉", "将本该留给学生思考的时间压缩掉"),
                    ("习惯于把问题往后推", "习惯于将问题往后推")),
          unchanged=("把关不严", "把握不准方向", "把控不到位")),
    # Two like things joined by 和 before 等, after the frame that opens the piece (面对A和B等诸多事务): the frame
    # word marks where the first begins, so both are whole.
    _rule("和字换序", f"^({HEDGE})(面对|对于|对|在|针对|围绕)([^，；、和与及“”]{{2,8}})和"
          "([^，；、和与及等“”]{2,8})(等[^，；]*)$",
          r"\1\2\4和\3\5",
          "A和B等 = B和A等: two like things in either order",
          examples=(("面对队伍管理和深化改革等诸多事务的叠加", "面对深化改革和队伍管理等诸多事务的叠加"),
                    ("对课时安排和绩效考核等问题了解不够", "对绩效考核和课时安排等问题了解不够")),
          unchanged=("对党和国家的事业", "面对队伍管理和深化改革的叠加", "对学生和家长、社会等方面"), composes=True),
    # Two like things joined by 和 at the end of a noun phrase (对网络上……的一些片面报道和不实言论): 的 (and a
    # quantifier) marks where the first begins. Members of three or more characters only: two-character pairs are
    # the ones said in a set order (理论和实践, 问题和不足).
    # What the two are said to fall short in stays at the end, and only a pair of short nouns carries it
    # (思想引领的针对性和实效性不强 -> 思想引领的实效性和针对性不强; never ……的实效性不强和针对性, which the
    # fault hunt of stop 26 found in 24 of 200 paragraphs of a hospital corpus, nor 党员的模范作用发挥和先锋意识不够).
    _rule("的后和字换序", "^([^，；]*的(?:一些|部分|个别|有关)?)([^，；、和与及的“”]{3,6})和"
          f"(?![^，；]*(?:{SHORTFALL_END})$)([^，；、和与及的“”等]{{3,6}})$",
          r"\1\3和\2",
          "…的A和B = …的B和A: two like things in either order",
          examples=(("对网络上涉及医患纠纷的一些片面报道和不实言论", "对网络上涉及医患纠纷的一些不实言论和片面报道"),),
          unchanged=("加强理论和实践", "对存在的问题和不足", "对群众的意见和建议", "思想引领的针对性和实效性不强"),
          composes=True),
    _rule("的后和字换序带谓语", "^([^，；]*的)([^，；、和与及的“”不]{3,4})和([^，；、和与及的“”等不]{3,4})"
          f"({SHORTFALL_END})$",
          r"\1\3和\2\4",
          "…的A和B不强 = …的B和A不强: what both fall short in stays at the end",
          examples=(("思想引领的针对性和实效性不强", "思想引领的实效性和针对性不强"),
                    ("学习的连续性和系统性不够强", "学习的系统性和连续性不够强")),
          unchanged=("党员的先锋意识和模范作用发挥不够", "对存在的问题和不足"), composes=True),
    _rule("随着的", "^(随着)([^，；的]{2,8})(增长|增加|增多|提高|推移|变化|延长|加快)$", r"\1\2的\3",
          "随着X增长 = 随着X的增长",
          examples=(("随着工作年限增长", "随着工作年限的增长"),), unchanged=("随着年龄的增长",)),
    _rule("随着的（反）", "^(随着)([^，；的]{2,8})的(增长|增加|增多|提高|推移|变化|延长|加快)$", r"\1\2\3",
          "随着X的增长 = 随着X增长",
          examples=(("随着工作年限的增长", "随着工作年限增长"),), unchanged=("随着年龄增长",)),
    # The last two members of a list of three or more before 等 change places: they are bounded by 、 and 等
    # on both sides, where the first member's start is not known. Words are not changed, only moved.
    _rule("列举换序", r"^([^，；]*[^、，；“”])、([^、，；“”等]{2,8})、([^、，；“”等]{2,8})(等[^，；]*)$",
          r"\1、\3、\2\4",
          "A、B、C等 = A、C、B等: a list of like things says the same in any order",
          examples=(("对食材采购索证索票、留样记录、餐具消毒等环节检查不细",
                     "对食材采购索证索票、餐具消毒、留样记录等环节检查不细"),
                    ("缴费、请假、成绩查询等事项仍需要家长到校办理", "缴费、成绩查询、请假等事项仍需要家长到校办理")),
          unchanged=("缴费、请假等事项", "“学、思、用”等要求", "缴费、请假、成绩查询"), composes=True),
)
CHANCE = 0.5  # a clause that a rule fits is rewritten this often


def _balanced(text: str) -> bool:
    return text.count("“") == text.count("”")


_PIECES = re.compile("([，；])")
FITS_REMEMBERED = 200_000  # unit texts whose fits are kept (the sampler fills the same units again and again)


def fits(text: str) -> tuple[tuple[int, str, str], ...]:
    """Where rules fit a unit text: (index among the split parts, the part rewritten, the rule's name)."""
    return _fits(text)[1]


@functools.lru_cache(maxsize=FITS_REMEMBERED)
def _fits(text: str) -> tuple[tuple[str, ...], tuple[tuple[int, str, str], ...]]:
    """The text split at its commas, and where rules fit it: matched once per text, not once per fill."""
    parts = _PIECES.split(text)
    found = []
    for k in range(0, len(parts), 2):
        if not _balanced(parts[k]):
            continue
        piece, names = parts[k], list[str]()
        for rule in REWRITES:
            if names and not rule.composes:
                continue
            m = rule.pattern.match(piece)
            if m is not None and all(_balanced(g) for g in m.groups() if g):
                piece = rule.apply(m)
                names.append(rule.name)
        if names:
            found.append((k, piece, "+".join(names)))
    return tuple(parts), tuple(found)


def rewrite(text: str, u: Callable[[], float], chance: float = CHANCE) -> tuple[str, tuple[str, ...]]:
    """A filled unit with each of its comma pieces that a rule fits rewritten (`chance` of the time each),
    and the rules used. Draws one uniform per piece a rule fits, in order, and none for the others."""
    parts, found = _fits(text)
    if not found:
        return text, ()
    used: list[str] = []
    out: list[str] | None = None
    for k, rewritten, name in found:
        if u() < chance:
            if out is None:
                out = list(parts)
            out[k] = rewritten
            used.append(name)
    return ("".join(out) if out is not None else text), tuple(used)
