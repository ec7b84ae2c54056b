"""From segmented source items to clause templates with typed slots, slot-fillers and title parts.

A slot kind is narrow on purpose: any filler of a kind must read right in any template of that kind.
Kinds are recognised from the shape of jieba's tokens and their context, not from a bare POS tag.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.learn.kinds import ACTION_VERBS, ALT_BASE, PREDICATE_LEADS, K, predicate_shape, subject_shape
from generator.learn.segment import Token
from generator.model import CLOSE, CONSEQ, ELAB, OPEN, Filler, Part, Slot, Template, TitlePart
from generator.rules.lexicon import (
    ALTERNATIONS,
    CLASS_OF,
    DEGREE_CLASSES,
    DEGREE_WORDS,
    FINAL_CLASSES,
    INITIAL_CLASSES,
    LIST_GOVERNORS,
    LONGEST,
    OPTIONAL_BEFORE,
    OPTIONAL_CLASS,
    ORDERED,
    OWN_PREDICATES,
    PREDICATE_ADJECTIVES,
)

ALL_ADVERBS = frozenset(w for cls in OPTIONAL_BEFORE.values() for w in cls if w) | {"也", "还", "都", "仍", "并"}
CLAUSE_PUNCT = frozenset("，；：,;:")
SENTENCE_PUNCT = frozenset("。！？!?")
NEGATORS = ("缺乏", "缺少", "没有", "未能", "不能", "未", "难以", "欠缺")
VIRTUES = ("能力", "精神", "境界", "劲头", "品格", "作风")
CONCESSIVE = ("能够", "虽然", "虽", "尽管")
# Verbs that say what the words before them show or cause, and so take those words as their subject.
SUBJECT_BEFORE = ("反映出", "反映了", "暴露出", "暴露了", "折射出", "说明", "表明", "导致", "致使", "造成", "以致")
CONSEQ_CUES = ("导致", "致使", "造成", "以致", "使得", "从而")
CLOSE_CUES = ("差距", "还需", "需要进一步", "需进一步", "有待", "提升空间", "还需要", "亟待", "进一步加强")
# 认为/觉得 give the reason for the clause before (有时存在畏难思想，认为制约发展的因素多): they stay with it.
DEPENDENT_STARTS = ("但", "而", "也", "并", "还", "就", "又", "且", "却", "甚至", "进而", "更", "不", "大多", "认为",
                    "觉得")
# A view reported after 认为/觉得 (能按部就班就行了) is the criticism only together with its 认为.
# … and so does a comparison (固守传统和囿于经验的时候更多: more than when? 随着年龄增长 says).
ATTITUDE_ENDS = ("就行了", "就可以了", "就不错了", "更多", "更少")
HEDGES = ("有时候", "有的时候", "有些时候", "有时", "往往", "常常", "总是")  # stripped before DEPENDENT_STARTS
ONLY_MARKERS = ("只注重", "只重视", "只顾", "只关注", "只强调")
# Words that point back at what came before (蕴含其中的立场观点方法, 出台这些政策): the clause stays with it.
ANAPHORA = ("其中", "这些", "上述", "这一", "此类")
FRAME_STARTS = ("在", "对", "对于", "特别是在", "针对")
OBJECT_ENDS = ("问题", "情况", "现象", "事项", "需求", "诉求", "意见", "建议")  # 对……等问题, still waiting
GOVERNING = ("满足于", "只满足于", "总感觉", "觉得")  # heads whose list of objects reads as praise alone
STRONG_FAULTS = ("有所", "不够", "缺", "差距", "不高", "不强", "问题", "不足", "薄弱", "软肋", "淡化", "弱化", "下降")
_LOCATIVE = re.compile("^[\u4e00-\u9fff]{1,3}上")  # 政治上…, 理解上…: one step of a parallel list
# Words that make a clause a criticism on its own. A unit with none of them leans on its neighbour.
FAULT_CUES = (
    "不", "没", "未", "缺", "欠", "差距", "弱化", "淡化", "问题", "难", "少", "软肋", "薄弱", "仅",
    "满足于", "习惯于", "依赖", "老", "求稳", "有所", "现象", "情况", "存在", "较多", "更多", "多，", "就行了",
    "还需", "有待", "需", "急于", "浮躁", "太", "繁杂", "认为", "感到", "觉得", "赶进度", "追求速度", "为了完成",
    "停留", "片面", "笼统", "粗浅", "一知半解", "轻描淡写", "依然", "仍", "还没", "滋生", "保守", "提升空间",
)
SUBORDINATE_STARTS = ("随着", "由于", "因为", "面对", "为了", "虽然", "尽管", "比如", "例如", "特别是")
TOPIC_FLAGS = frozenset({"n", "nz", "vn", "nt", "j", "nr"})
NOT_IN_TOPIC = frozenset({"方面", "有所", "感觉", "全面", "层面", "实地", "时候", "程度", "成分", "单位"})
FRAME_ENDS = ("方面", "中", "上", "时", "下", "后", "里", "前", "外", "层面")
# Idioms after these may be swapped. None: 理解上{粗枝大叶} and 运用上{一知半解} showed that an idiom
# fits the one verb it followed; idioms now only change places inside their own 、-list.
IDIOM_OPENERS: frozenset[str] = frozenset()
TOPIC_BEFORE = frozenset({"对", "对于", "在", "关于"})  # frames, not verbs: 加强X wants a governable X
TOPIC_AFTER = frozenset({"的", "方面", "中", "等"})
PEOPLE_HEADS = ("干部", "党员", "职工", "群众", "党支部", "党组织", "班子", "同志", "领导", "人员", "党委")
NOUNISH_IDIOM_ENDS = ("精神", "知识", "情绪", "思想", "意识", "能力", "作风")
PREDICATE_MARKERS = (
    "还不够",
    "不够",
    "缺乏",
    "缺少",
    "不足",
    "有所",
    "还有",
    "不到位",
    "有待",
    "亟待",
    "不多",
    "偏少",
    "较少",
    "不高",
    "不强",
    "不严",
    "欠缺",
    *OWN_PREDICATES,
)


@dataclass
class Extraction:
    """Mutable accumulator used while compiling; frozen into the Model at the end."""

    fillers: dict[tuple[str, int, int], int] = field(default_factory=dict)  # (text, kind, category) -> item
    item_category: dict[int, int] = field(default_factory=dict)
    filler_items: list[Filler] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    subjects: list[TitlePart] = field(default_factory=list)
    predicates: list[TitlePart] = field(default_factory=list)

    def add_filler(self, text: str, kind: int, item: int) -> None:
        """Record a filler once per category: a word two categories use belongs to both."""
        key = (text, kind, self.item_category.get(item, -1))
        if key not in self.fillers:
            self.fillers[key] = item
            self.filler_items.append(Filler(text, kind, item))


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _all_han(text: str) -> bool:
    return bool(text) and all(_is_han(c) for c in text)


def split_clauses(tokens: Sequence[Token]) -> list[list[tuple[list[Token], str]]]:
    """Sentences, each a list of (clause tokens, the punctuation that ended the clause)."""
    sentences: list[list[tuple[list[Token], str]]] = []
    sentence: list[tuple[list[Token], str]] = []
    clause: list[Token] = []
    for word, flag in tokens:
        if word in SENTENCE_PUNCT:
            if clause:
                sentence.append((clause, "。"))
            if sentence:
                sentences.append(sentence)
            sentence, clause = [], []
        elif word in CLAUSE_PUNCT:
            if clause:
                sentence.append((clause, "；" if word in "；;" else "，"))
            clause = []
        elif word.strip():
            clause.append((word, flag))
    if clause:
        sentence.append((clause, "。"))
    if sentence:
        sentences.append(sentence)
    return sentences


def _text(tokens: Sequence[Token]) -> str:
    return "".join(w for w, _ in tokens)


def _quotes_balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def group_units(sentence: list[tuple[list[Token], str]]) -> list[list[tuple[list[Token], str]]]:
    """Join clauses that cannot stand alone (open frames, dependent starts, open quotes) into units."""
    units: list[list[tuple[list[Token], str]]] = []
    pending: list[tuple[list[Token], str]] = []
    for clause, punct in sentence:
        text = _text(clause)
        core = _strip_leading(text, HEDGES)
        # 有时也存在不严或者打折扣的现象: the 也 after a hedge leans on what came before as much as a bare 也
        dependent = (core.startswith(DEPENDENT_STARTS) or len(text) <= 6 or text.endswith(ATTITUDE_ENDS)
                     or any(a in text for a in ANAPHORA) or _bare_manner_verb(clause))
        if pending and (dependent or not _unit_complete(pending) or _continues(pending, text)):
            pending.append((clause, punct))
            continue
        if pending:
            units.append(pending)
        pending = [(clause, punct)]
    if pending:
        units.append(pending)
    # A unit that criticises nothing by itself joins the one before it (or, first in its sentence, the
    # one after it).
    merged: list[list[tuple[list[Token], str]]] = []
    for unit in units:
        if merged and (not _criticises(unit) or not _criticises(merged[-1]) or _wants_more(merged[-1])):
            merged[-1] = merged[-1] + unit
        else:
            merged.append(unit)
    return merged


def _strip_leading(text: str, words: Sequence[str]) -> str:
    """text without the leading words, each tried once in order: 有时也为了… -> 为了…"""
    for word in words:
        text = text.removeprefix(word)
    return text


def _bare_manner_verb(clause: list[Token]) -> bool:
    """缺少旗帜鲜明地批驳: a manner adverb and a verb with no object. What is refuted was said before."""
    return len(clause) >= 3 and clause[-2][0] == "地" and clause[-1][1] == "v"


def _wants_more(unit: list[tuple[list[Token], str]]) -> bool:
    """有时只注重发现和解决问题 reads as praise until the next clause says what is neglected."""
    return any(m in _text(unit[-1][0]) for m in ONLY_MARKERS)


def _continues(unit: list[tuple[list[Token], str]], text: str) -> bool:
    """Whether a clause carries on a parallel list the unit began: 政治上…，作风上…，工作上…, or what
    满足于 governs (满足于政治上不犯错误，…，群众没有大的意见) up to the first real shortcoming."""
    previous = _text(unit[-1][0])
    if _LOCATIVE.match(previous) and _LOCATIVE.match(text):
        return True
    head = _text(unit[0][0])
    return head.startswith(GOVERNING) and not any(cue in text for cue in STRONG_FAULTS)


def _criticises(unit: list[tuple[list[Token], str]]) -> bool:
    """Whether a unit names a shortcoming by itself; 胸怀“国之大者” or 群众没有大的意见 do not (in the
    source they hang on 还不善于… or 满足于…), and must stay with the clause they depend on."""
    text = "".join(_text(c) for c, _ in unit)
    return any(cue in text for cue in FAULT_CUES)


def _has_predicate(clause: list[Token]) -> bool:
    """Whether the clause says something of its subject: a verb (not 是) or a degree word. A verb inside a
    relative clause (对已经查出的问题) is not the frame's predicate: only what follows the last 的 counts."""
    after = max((k for k, (w, _) in enumerate(clause) if w == "的"), default=0)
    return any((f[0] == "v" and w != "是") or w in DEGREE_WORDS for w, f in clause[after + 1:])


def _may_have_predicate(clause: list[Token]) -> bool:
    """Like _has_predicate, but an adjective or set phrase after the head noun also counts (对……的违规行为
    睁一只眼闭一只眼, 对……的要求松懈). jieba tags some nouns as set phrases (违规行为 l, 理论知识 i), so this
    only serves where a false yes costs nothing: leaving 对 as it is."""
    after = max((k for k, (w, _) in enumerate(clause) if w == "的"), default=0)
    return _has_predicate(clause) or any(f[0] in "ail" for _, f in clause[after + 2:])


def _unit_complete(unit: list[tuple[list[Token], str]]) -> bool:
    text = "".join(_text(c) for c, _ in unit)
    if not _quotes_balanced(text):
        return False
    last_tokens = unit[-1][0]
    last = _text(last_tokens)
    predicate = _has_predicate(last_tokens)
    if last.startswith(("对", "对于")) and last.endswith(OBJECT_ENDS):
        return False  # 对家长在网上反映的……等问题: what is done about them comes next
    if last.startswith(FRAME_STARTS) and not predicate:
        return False  # 对一些……言论特别是……的灰色论调: a frame with no predicate yet
    if (last.startswith(FRAME_STARTS) or "在" in last) and last.endswith(FRAME_ENDS):
        return False  # 在……方面 / 对于……中: a frame waiting for its predicate
    core = _strip_leading(last, ("有时候", "有时", "往往", "总是", "常常", "也"))
    return not core.startswith(SUBORDINATE_STARTS)  # 有时为了……: the purpose waits for its main clause


def _role(position: int, count: int, text: str) -> int:
    if text.startswith(CONSEQ_CUES):
        return CONSEQ
    if position == count - 1 and any(c in text for c in CLOSE_CUES):
        return CLOSE
    if position == 0:
        return OPEN
    if any(c in text for c in CLOSE_CUES) and position >= count // 2:
        return CLOSE
    return ELAB


NEGATIONS = frozenset({"未", "没有", "没", "不"})
# What may stand right before the first member of an X、Y等 list, and how long a member may be.
OPEN_LIST_STARTS = frozenset({"对", "对于", "在", "把", "将", "如", "像", "的", "从", "是", "关于", "针对", "和", "与",
                              "及", "以及", "包括", "比如", "例如", "为"})
OPEN_MEMBER_MAX = 12
# Members of very different lengths are seldom equals (班级统一购买练习册、试卷等费用): they keep their order.
OPEN_MEMBER_RATIO = 2
PARALLEL_MEMBER_MAX = 8  # the longest member of a list of parallel phrases (学优生吃不饱、学困生吃不了)


def _list_members(clause: list[Token]) -> list[tuple[int, int]]:
    """Token spans (start, end) of members of 、-lists whose members all have one length of 2-4 chars."""
    spans: list[tuple[int, int]] = []
    seps = [i for i, (w, _) in enumerate(clause) if w == "、"]
    if not seps:
        return spans
    # group consecutive separators into lists: members are between separators
    groups: list[list[int]] = [[seps[0]]]
    for s in seps[1:]:
        inner = _text(clause[groups[-1][-1] + 1 : s])
        if 1 <= len(inner) <= 6:
            groups[-1].append(s)
        else:
            groups.append([s])
    for group in groups:
        inner_lengths = [len(_text(clause[a + 1 : b])) for a, b in itertools.pairwise(group)]
        candidates = [inner_lengths[0]] if inner_lengths else [4, 3, 2]
        for length in candidates:
            if not 2 <= length <= 4:
                continue
            first = _span_back(clause, group[0], length)
            last = _span_forward(clause, group[-1] + 1, length)
            if first is None or last is None:
                continue
            # 食堂饭菜质量、课后服务收费: a noun glued to either end belongs to the member, which is longer
            if (first[0] > 0 and clause[first[0] - 1][1] in TOPIC_FLAGS) or (
                    last[1] < len(clause) and clause[last[1]][1] in TOPIC_FLAGS):
                continue
            members = [first]
            members += [(a + 1, b) for a, b in itertools.pairwise(group)]
            members.append(last)
            if all(len(_text(clause[a:b])) == length for a, b in members):
                spans.extend(members)
                break
    return spans


def _span_back(clause: list[Token], end: int, length: int) -> tuple[int, int] | None:
    n = 0
    for i in range(end - 1, -1, -1):
        n += len(clause[i][0])
        if n == length:
            return (i, end)
        if n > length:
            return None
    return None


def _span_forward(clause: list[Token], start: int, length: int) -> tuple[int, int] | None:
    n = 0
    for i in range(start, len(clause)):
        n += len(clause[i][0])
        if n == length:
            return (start, i + 1)
        if n > length:
            return None
    return None


def _list_kind(clause: list[Token], members: list[tuple[int, int]], positive: bool) -> int | None:
    """One kind for all members of a parallel list, or None if they do not share a narrow shape."""
    texts = [_text(clause[a:b]) for a, b in members]
    if not all(_all_han(t) for t in texts):
        return None
    if all(t.startswith("不") and len(t) in (2, 3) for t in texts):
        adjectival = [clause[b - 1][1] in ("a", "ad") or t[1:] in PREDICATE_ADJECTIVES
                      for t, (_, b) in zip(texts, members, strict=True)]
        if all(adjectival):
            return K["bu"]
        return None if any(adjectival) else K["buv"]  # 不深入、不钻研 mixes a quality with an action
    if all(t.endswith("化") and len(t) == 3 for t in texts):
        return K["hua"]
    if not all(len(t) == 4 for t in texts):
        return None
    end = members[-1][1]
    if end < len(clause) and clause[end][0] == "地":
        return K["adv4"]
    if all(b - a == 1 and clause[a][1] == "i" for a, b in members):
        return K["idiom+"] if positive else K["idiom-"]
    if all(clause[b - 1][1] in TOPIC_FLAGS and clause[a][1] not in ("v", "p", "d")
           and clause[a][0] not in LIST_GOVERNORS for a, b in members):
        return K["noun4"]
    if all(clause[b - 1][1] in ("v", "vn", "a", "ad") and clause[a][1] in ("v", "d", "a", "ad")
           for a, b in members):
        return K["verb4"]
    return None


def _open_lists(clause: list[Token]) -> list[list[tuple[int, int]]]:
    """Token spans of the members of each X、Y(、Z)等 list whose members may have any length.

    Before 等 the order of the members says nothing (对实验室危化品存放、学生宿舍私拉电线等隐患), so they may
    change places. The last member ends at 等; the first begins after a frame word, 的 or the clause's start,
    and without a verb that governs the whole list (办理转学、学籍证明等事项: 办理 stays first)."""
    lists: list[list[tuple[int, int]]] = []
    for e, (word, flag) in enumerate(clause):
        if word not in ("等", "等等") or flag[:1] != "u" or e == 0 or clause[e - 1][0] == "、":
            continue
        members: list[tuple[int, int]] = []
        end = e  # walk back from 等, a member at a time: each ends where a 、 (or, the first, a boundary) is
        while end > 0:
            start = end - 1
            while start > 0 and not _opens_list(clause[start - 1]):
                start -= 1
            members.append((start, end))
            if start == 0 or clause[start - 1][0] != "、":
                break
            end = start - 1
        members.reverse()
        if len(members) < 2:
            continue
        a, b = members[0]
        if a > 0 and clause[a - 1][0] in NEGATIONS:
            continue  # 结合不紧密、……等现象: the members are predicates, and 不 belongs to the first
        # A verb the lexicon lists as governing the list stays in front (遇到家长投诉、师生矛盾等问题). Any other
        # verb at the first member's head: after 的 or a frame word it is the member's own (对社区提出的开放运动场地、
        # 举办家长学校); at the clause's head it may govern them all (查处虚开发票、拆分报销) or begin a noun
        # (应收账款回收慢、库存积压), which the tags cannot tell, so the list keeps its order, unless every member
        # begins with it (防溺水、防电信诈骗).
        others_verbal = all(clause[x][1] in ("v", "vn") for x, _ in members[1:])
        framed = a > 0 and (clause[a - 1][0] in OPEN_LIST_STARTS or clause[a - 1][1] == "uj")
        if b - a >= 2 and clause[a][0] in LIST_GOVERNORS:
            members[0] = (a + 1, b)
        elif b - a >= 2 and clause[a][1] in ("v", "vn") and (
                not others_verbal or (not framed and any(clause[x][0] != clause[a][0] for x, _ in members[1:]))):
            continue
        # 学生之间闹矛盾、沉迷手机: a later member that starts with its verb shares the first one's subject
        a, b = members[0]
        if clause[a][1] in TOPIC_FLAGS and any(clause[x][1] == "v" for x, _ in members[1:]) and any(
                f in ("v", "l", "a") for _, f in clause[a + 1 : b]):
            continue  # (jieba tags 闹矛盾 l: a predicate all the same)
        texts = [_text(clause[x:y]) for x, y in members]
        lengths = [len(t) for t in texts]
        # a member may hold a whole quotation (课后服务、“双减”落地等新任务): it moves with its member, unchanged
        if (all(2 <= n <= OPEN_MEMBER_MAX for n in lengths) and all(_han_or_quoted(t) for t in texts)
                and len(set(texts)) == len(texts) and max(lengths) <= OPEN_MEMBER_RATIO * min(lengths)):
            lists.append(members)
    return lists


def _han_or_quoted(text: str) -> bool:
    """Han characters only, but for whole quotations (“双减”落地)."""
    bare = text.replace("“", "").replace("”", "")
    return bool(bare) and _all_han(bare) and text.count("“") == text.count("”") and not text.startswith("”")


def _quotations(clause: list[Token]) -> list[tuple[int, int]]:
    """(opening, closing) token index of each quotation: “ … ” (a token may hold both: “双减”)."""
    spans, opened = [], -1
    for k, (word, _) in enumerate(clause):
        if "“" in word and opened < 0:
            opened = k
        if "”" in word and opened >= 0:
            spans.append((opened, k))
            opened = -1
    return spans


def _quoted(clause: list[Token]) -> set[int]:
    """Tokens inside quotation marks: quoted, not ours to vary (“我是谁、为了谁、依靠谁”)."""
    quoted: set[int] = set()
    inside = False
    for k, (word, _) in enumerate(clause):
        if inside:
            quoted.add(k)
        inside = (inside or "“" in word) and "”" not in word
    return quoted


def _parallel_lists(clause: list[Token]) -> list[list[tuple[int, int]]]:
    """Token spans of the members of each 、-list of parallel phrases, of one length (2-PARALLEL_MEMBER_MAX
    characters) and not ending in 等: 写得少、写得浅, 发通知、晒成绩, 学优生吃不饱、学困生吃不了. Said in either order
    they say the same, and a unit whose fixed text runs past the copy guard can then be said anew (教学反思写得少、
    写得浅，专业成长基本处于停滞状态 could only have been copied).

    The last member ends where the clause does, or at 的 or another function word; the first begins where the
    clause does or after a word that is no noun (a noun glued to either end belongs to the member: 食堂饭菜质量、
    课后服务收费 are not 质量 and 课后服务). Members that name steps in order (前期部署多、中期督办少) keep it."""
    lists: list[list[tuple[int, int]]] = []
    quoted = _quoted(clause)
    seps = [i for i, (w, _) in enumerate(clause) if w == "、" and i not in quoted]
    k = 0
    while k < len(seps):
        group = [seps[k]]  # consecutive separators of one list
        while k + 1 < len(seps) and 1 <= len(_text(clause[group[-1] + 1 : seps[k + 1]])) <= PARALLEL_MEMBER_MAX:
            k += 1
            group.append(seps[k])
        k += 1
        inner = [(a + 1, b) for a, b in itertools.pairwise(group)]
        inner_lengths = {len(_text(clause[a:b])) for a, b in inner}
        if len(inner_lengths) > 1:
            continue
        # the members' length: the inner members' or, with two members, the longest that fits
        lengths = sorted(inner_lengths) if inner else range(PARALLEL_MEMBER_MAX, 1, -1)
        for length in lengths:
            members = _parallel_members(clause, group, inner, length)
            if members is not None:
                lists.append(members)
                break
    return lists


def _parallel_members(clause: list[Token], group: list[int], inner: list[tuple[int, int]],
                      length: int) -> list[tuple[int, int]] | None:
    """The members of a list of parallel phrases `length` characters long around the separators `group`,
    or None where they are not (see _parallel_lists)."""
    if not 2 <= length <= PARALLEL_MEMBER_MAX:
        return None
    first = _span_back(clause, group[0], length)
    last = _span_forward(clause, group[-1] + 1, length)
    if first is None or last is None:
        return None
    members = [first, *inner, last]
    if any(clause[x][0] in ("等", "等等") for a, b in members for x in range(a, b)):
        return None  # 应收账款回收慢、库存积压等内部隐患: 等 closes a list, it is no part of a member
    if len({clause[a][1] for a, _ in members}) != 1:
        return None  # not alike from the first word on (停留在签协议、挂牌子上: 在签协议 is no member)
    if clause[first[0]][1][:1] in ("p", "c") and len({clause[a][0] for a, _ in members}) != 1:
        # 对学生网络社群、自媒体账号动态 (jieba: 自/p 媒体/n) is no list: 对 heads the pair, and moved it reads
        # 自媒体账号动态、对学生网络社群; 对学生、对教师 are members alike
        return None
    nominal = clause[first[0]][1] in TOPIC_FLAGS
    after = clause[last[1]] if last[1] < len(clause) else None
    if after is not None and (after[0] in ("等", "等等") or (after[1][:1] not in ("u", "x", "f")
                                                             and (nominal or after[1] in TOPIC_FLAGS))):
        return None  # an X、Y等 list (_open_lists' business), or the last member goes on past `length`
    if first[0] > 0 and nominal and clause[first[0] - 1][1] in TOPIC_FLAGS:
        return None  # a noun glued before the first member belongs to it
    if any(_alternation_at(clause, i, {}) is not None for a, b in members for i in range(a, b)):
        return None  # its words vary already (质量不高、效率低下: 偏低, 不够高), which says more than a new order
    texts = [_text(clause[a:b]) for a, b in members]
    if any(_LOCATIVE.match(t) for t in texts):
        return None  # 理解上……、感悟上……，运用上……: steps from knowing to doing (round 25 readers: keep the order)
    if not nominal and not _alike(texts):
        # 查找问题、提出对策, 打招呼、定路线, 听汇报、看材料: deeds with nothing in common are steps in order, or
        # in a set order, which round 30's readers caught turned round; 写得少、写得浅 say one thing twice over
        return None
    ends = {t[-1] for t in texts}
    if any(ends == set(pair) for pair in CONTRASTS):
        return None  # 谈工作多、谈思想少，谈客观因素多、谈主观原因少: a contrast's order runs on in the next pair
    if (all(len(t) == length and _all_han(t) for t in texts) and len(set(texts)) == len(texts)
            and not any(cue in t for t in texts for cue in ORDERED)):
        return members
    return None


CONTRASTS = ("多少", "重轻", "长短", "高低", "快慢", "强弱")


def _alike(texts: list[str]) -> bool:
    """Whether phrases share a first or a last character (写得少、写得浅; 学优生吃不饱、学困生吃不了)."""
    return len({t[0] for t in texts}) == 1 or len({t[-1] for t in texts}) == 1


def _opens_list(token: Token) -> bool:
    """Whether a member of a 、-list starts right after this token: a separator, a frame word, a
    preposition, conjunction or adverb (有时对……, 往往把……). A one-character "adverb" that is no free word is
    jieba's misreading of a word's first character (查处虚开发票、拆分报销: 虚/d 开发票/n)."""
    word, flag = token
    if flag[:1] == "d" and len(word) == 1 and word not in FREE_ADVERBS:
        return False
    return word == "、" or word in OPEN_LIST_STARTS or flag[:1] in ("p", "c", "d") or flag == "uj"


FREE_ADVERBS = frozenset("也还都仍并就又却才只很更最太较均皆已曾未不没再常总尚颇极")


def _list_groups(clause: list[Token]) -> list[list[tuple[int, int]]]:
    """Members of each 、-list in the clause, grouped per list (see _list_members)."""
    members = _list_members(clause)
    groups: list[list[tuple[int, int]]] = []
    for a, b in members:
        if groups and a == groups[-1][-1][1] + 1 and clause[a - 1][0] == "、":
            groups[-1].append((a, b))
        else:
            groups.append([(a, b)])
    return groups


def slot_clause(clause: list[Token], item: int, ex: Extraction) -> list[Part]:
    """Replace slot-able spans of one clause with typed slots; record their fillers."""
    text = _text(clause)
    # Idioms name faults unless negated (缺乏水滴石穿的精神), conceded (能够不折不扣地…) or wished
    # for (防微杜渐的能力需要加强).
    positive = (any(n in text for n in NEGATORS) or text.startswith(CONCESSIVE)
                or any(f"的{q}" in text for q in VIRTUES))
    spans: dict[int, tuple[int, int]] = {}  # start -> (end, kind)
    listed = {i for i, (w, _) in enumerate(clause) for j in (i - 1, i + 1)
              if 0 <= j < len(clause) and clause[j][0] == "、"}

    quotations = _quotations(clause)
    quoted = _quoted(clause)

    def claim(start: int, end: int, kind: int) -> None:
        if any(s < end and start < e for s, (e, _) in spans.items()):
            return
        if any(start <= q1 and q0 < end and not (start <= q0 and q1 < end) for q0, q1 in quotations):
            return  # a slogan in quotation marks is said as it stands (“马上就办、办就办好”, not 办就办好、马上就办);
            # a slot may hold a whole one (课后服务、“双减”落地等新任务: the members change places, the quote stays)
        spans[start] = (end, kind)

    for group in _list_groups(clause):
        kind = _list_kind(clause, group, positive)
        if kind is not None:
            for a, b in group:
                claim(a, b, kind)
    for group in [*_open_lists(clause), *_parallel_lists(clause)]:
        if not any(s < b and a < e for a, b in group for s, (e, _) in spans.items()):
            for a, b in group:
                claim(a, b, K["list"])
    for i, (word, flag) in enumerate(clause):
        nxt = clause[i + 1] if i + 1 < len(clause) else None
        if i in listed:
            continue
        if flag == "i" and len(word) == 4 and _all_han(word) and not word.endswith(NOUNISH_IDIOM_ENDS):
            after = nxt[0] if nxt is not None else ""
            if after == "地":
                claim(i, i + 1, K["adv4"])
            elif i > 0 and clause[i - 1][0] in IDIOM_OPENERS:
                claim(i, i + 1, K["idiom+"] if positive else K["idiom-"])
        elif word == "有所" and nxt is not None and len(nxt[0]) == 2 and _all_han(nxt[0]):
            claim(i + 1, i + 2, K["yousuo"])
        elif word in ("缺乏", "缺少") and i + 1 < len(clause):
            rest = clause[i + 1 :]
            rest_text = _text(rest)
            if 2 <= len(rest_text) <= 8 and _all_han(rest_text) and rest[-1][1] in TOPIC_FLAGS:
                claim(i + 1, len(clause), K["quefa"])
    # topic noun phrases: runs of nominal tokens of 4-16 chars, or one domain term
    i = 0
    while i < len(clause):
        j = i
        while (j < len(clause) and clause[j][1] in TOPIC_FLAGS and clause[j][0] not in NOT_IN_TOPIC
               and _all_han(clause[j][0])):
            j += 1
        run = _text(clause[i:j])
        before = clause[i - 1][0] if i > 0 else ""
        after = clause[j][0] if j < len(clause) else ""
        # 加强X的… / 严格X的…: X belongs to the verb or adjective before it
        governed = i > 0 and clause[i - 1][1][:1] in ("v", "a") and before not in TOPIC_BEFORE
        framed = (before in TOPIC_BEFORE or (after in TOPIC_AFTER and not governed)) and "、" not in (before, after)
        # 对X的掌握 / 对X的资金使用: what follows 的 chooses X (全市发展大局 is 把握ed, not 掌握ed; a 环节 has no
        # 资金使用), so X stays. Frames that choose nothing (在X方面, 对X缺乏…) keep their slot.
        framed = framed and after != "的"
        long_enough = 4 <= len(run) <= 16 and (j - i >= 2 or clause[i][1] == "nz")
        if j > i and long_enough and framed and not run.endswith(PEOPLE_HEADS):
            claim(i, j, K["topic-act"] if clause[j - 1][1] == "vn" else K["topic"])
        i = max(j, i + 1)

    predicate = _may_have_predicate(clause)
    parts: list[Part] = []
    i = 0
    while i < len(clause):
        alt = None if i in quoted else _alternation_at(clause, i, spans)
        if alt is None and i == 0 and clause[0] == ("对", "p") and i not in spans and not predicate:
            # 对 the preposition heading a clause (jieba's p; not 对标, 对照): 对于 says the same where the phrase is a
            # frame standing before its comma (对集团公司部署的重点改革任务，……). A single character is never searched
            # for in the text, but the tag tells it here. Where the clause goes on to its predicate (对客户投诉处理
            # 不及时) 对于 reads as padding: blind readers quoted it nine times in 24 paragraphs (round 27).
            alt = (1, CLASS_OF["对于"])
        if i in spans:
            end, kind = spans[i]
            original = _text(clause[i:end])
            ex.add_filler(original, kind, item)
            parts.append(Slot(kind, original))
            i = end
        elif alt is not None:
            end, cls = alt
            parts.append(Slot(ALT_BASE + cls, _text(clause[i:end])))
            i = end
        else:
            word, flag = clause[i]
            prev_word, prev_flag = clause[i - 1] if i > 0 else ("", "")
            # 不同程度存在 / 有效地开展: an adverbial already stands before the verb
            bare = (prev_flag[:1] not in ("d", "t", "c") and prev_word not in ALL_ADVERBS
                    and prev_word != "上" and not prev_word.endswith(("程度", "地"))
                    and not (parts and isinstance(parts[-1], Slot)))
            attributive = i + 1 < len(clause) and clause[i + 1][0] == "的"  # 对可能存在的风险点
            if word in OPTIONAL_CLASS and flag == "v" and bare and not attributive and i not in quoted:
                parts.append(Slot(ALT_BASE + OPTIONAL_CLASS[word], ""))  # room for 有时/往往/… before it
            if parts and isinstance(parts[-1], str):
                parts[-1] += word
            else:
                parts.append(word)
            i += 1
    return parts




def undouble_negation(clause: list[Token]) -> list[Token]:
    """未把工作标准未放到… is a slip for 未把工作标准放到…: a 把-phrase negated before 把 takes no second
    negation before its verb. Drop the second one, so the slip is not spread to every paragraph."""
    for i in range(len(clause) - 1):
        if clause[i][0] in NEGATIONS and clause[i + 1][0] == "把":
            for j in range(i + 2, len(clause) - 1):
                if clause[j][0] == clause[i][0] and clause[j + 1][1].startswith("v"):
                    return clause[:j] + clause[j + 1 :]
            break
    return clause


def _unit_parts(unit: list[tuple[list[Token], str]], item: int, ex: Extraction) -> tuple[Part, ...]:
    parts: list[Part] = []
    for k, (clause, punct) in enumerate(unit):
        clause_parts = slot_clause(undouble_negation(clause), item, ex)
        if k < len(unit) - 1:
            clause_parts.append(punct)
        for p in clause_parts:
            if isinstance(p, str) and parts and isinstance(parts[-1], str):
                parts[-1] += p
            else:
                parts.append(p)
    return tuple(parts)


def concessive_tail(unit: list[tuple[list[Token], str]]) -> list[tuple[list[Token], str]] | None:
    """What follows 但 in a concession (虽然能够清醒认识到差距，……，但在知识储备……上还有较大提升空间),
    without the 但, if it names a shortcoming by itself: the main clause of the concession."""
    for k in range(1, len(unit)):
        clause, punct = unit[k]
        if clause and clause[0][0] in ("但", "但是", "可是"):
            tail = [(clause[1:], punct), *unit[k + 1 :]]
            if tail[0][0] and _text(tail[0][0]).startswith(SUBJECT_BEFORE):
                return None  # 这些问题虽然不大，但反映出……: 反映出 says it of 这些问题, and alone it has no subject
            return tail if tail[0][0] and _criticises(tail) and _unit_complete(tail) else None
    return None


def extract_item(body_tokens: Sequence[Token], item: int, ex: Extraction) -> None:
    """Turn one item's body into role-tagged templates.

    A concession also gives its main clause alone (see concessive_tail): the whole unit is often too
    long to recombine without copying the source, while the main clause says the item's point."""
    units: list[list[tuple[list[Token], str]]] = []
    for sentence in split_clauses(body_tokens):
        units.extend(group_units(sentence))
    for position, unit in enumerate(units):
        tail = concessive_tail(unit)
        for piece in (unit, tail) if tail is not None else (unit,):
            parts = _unit_parts(piece, item, ex)
            text = "".join(p if isinstance(p, str) else p.original for p in parts)
            if not _quotes_balanced(text) or not text:
                continue
            ex.templates.append(Template(_role(position, len(units), text), item, parts))


def _alternation_at(clause: list[Token], i: int, spans: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
    """(end, class) of a function word starting at token i and ending on a token boundary, longest first."""
    best = None
    text = ""
    for j in range(i, len(clause)):
        if j in spans:
            break
        text += clause[j][0]
        if len(text) > LONGEST:
            break
        if text in CLASS_OF:
            cls = CLASS_OF[text]
            if cls in DEGREE_CLASSES and (i == 0 or clause[i - 1][0] not in DEGREE_WORDS):
                continue  # 深入 as a predicate after 不够 varies; 深入基层 does not
            if text.startswith("不") and i > 0 and clause[i - 1][0].startswith("不"):
                continue  # 力度不大不强: one of a pair, not 不大不够强
            if cls in FINAL_CLASSES and (j != len(clause) - 1 or clause[0][0] in ("对", "对于")):
                continue  # 存在……的现象 varies; 掌握的情况不够全面 and 对教师反映的……等情况 do not
            if cls in INITIAL_CLASSES and i != 0:
                continue  # 一些群众 at the head of a clause varies; 取得了一些成绩 does not
            if _compound_noun(text, clause, j + 1):
                continue  # 补齐短板弱项: 短板 is half of a compound, and 薄弱环节弱项 is no word
            if _degree_goes_on(text, cls, clause, j + 1):
                continue  # 力度不够大: 不够 governs 大 here, and 力度不足大 is no Chinese
            best = (j + 1, cls)
    return best


def _degree_goes_on(word: str, cls: int, clause: list[Token], after: int) -> bool:
    """Whether a word ending in 不够 is followed by what 不够 governs (力度不够大, 了解不够深入), while some member
    of its class does not end in 不够 and so cannot govern it (力度不足)."""
    if not word.endswith("不够") or after >= len(clause) or clause[after][1][:1] in ("x", "u", "y"):
        return False
    return any(not member.endswith("不够") for member in ALTERNATIONS[cls])


def _compound_noun(word: str, clause: list[Token], after: int) -> bool:
    """Whether a two-character word is glued to a noun that follows it (短板弱项, 漏洞隐患)."""
    if len(word) != 2 or after >= len(clause):
        return False
    nxt, flag = clause[after]
    return flag in ("n", "nz", "ng") and len(nxt) == 2 and nxt not in NOT_IN_TOPIC and nxt not in OBJECT_ENDS


def alternation_fillers() -> list[Filler]:
    """Every member of every alternation class (the empty one too), as category-neutral fillers (item -1)."""
    return [Filler(word, ALT_BASE + i, -1) for i, cls in enumerate(ALTERNATIONS) for word in cls]


def split_title(title_tokens: Sequence[Token]) -> tuple[str, str] | None:
    """Subject and predicate of a title such as 理论学习|缺乏深度; None if no marker is found."""
    title = _text(title_tokens)
    last = ""
    best = None
    for marker in PREDICATE_MARKERS:
        pos = title.find(marker, 2)
        if pos != -1 and (best is None or pos < best):
            best = pos
    if best is None or best < 2 or len(title) - best < 2:
        return None
    # keep the split on a token boundary
    n = 0
    for word, _ in title_tokens:
        if n == best:
            break
        if n < best < n + len(word):
            return None
        n += len(word)
        last = word
    subject, predicate = title[:best], title[best:]
    if last in PREDICATE_LEADS and len(subject) - len(last) >= 2:
        # 意识形态工作责任落实|有薄弱环节, not 落实有|薄弱环节; 学习方式|比较单一, not 学习方式比较|单一: the verb
        # goes with its object and the adverb with its adjective, or the subject meets other predicates as
        # 落实有不够到位 and 学习方式比较较为单一
        subject, predicate = subject[: -len(last)], last + predicate
    return subject, predicate


def extract_title(title_tokens: Sequence[Token], item: int, ex: Extraction) -> None:
    split = split_title(title_tokens)
    if split is None:
        return
    subject, predicate = split
    shape = subject_shape(subject)
    n = 0
    previous = ""
    for word, flag in title_tokens:
        n += len(word)
        if n == len(subject):
            # A noun and then its verb (家风建设重视, 斗争精神发挥) makes a title as a noun does, but no
            # closing: 家风建设重视还需加强. 理论融合转化 and 自我要求 are nouns.
            if shape == "noun" and flag.startswith("v") and flag != "vn" and previous in ("n", "nz", "vn"):
                shape = "act"
            break
        previous = flag
    if shape == "noun" and title_tokens[0][0] in ACTION_VERBS and len(subject) > len(title_tokens[0][0]) \
            and "的" not in subject:  # 抓落实的办法 and 群众工作的本领 are headed by their noun
        shape = "vo"  # 落实中央八项规定精神: a deed, though it ends in 精神 (jieba tags 落实 a, 联系 n: a list)
    ex.subjects.append(TitlePart(subject, item, shape))
    ex.predicates.append(TitlePart(predicate, item, predicate_shape(predicate)))
