"""Slot kinds and title shapes: the small vocabulary shared by the compiler and the sampler.

Kept apart from templates.py so that generating imports none of the compiler.
"""

from __future__ import annotations

from generator.rules.lexicon import AFTER_DEGREE, KIND_NAMES, OWN_PREDICATES, PREDICATE_SYNONYMS

BASE_KINDS: tuple[str, ...] = (
    "topic",  # topic noun phrase headed by a thing: 政治执行力, 人文关怀机制
    "topic-act",  # topic noun phrase headed by an activity: 党风廉政建设, 基层党建活动
    "idiom+",  # four-character idiom a cadre should have: 水滴石穿, 学深悟透
    "idiom-",  # four-character idiom naming a fault: 一知半解, 按部就班
    "adv4",  # four-character adverbial before 地: 不折不扣地, 旗帜鲜明地
    "noun4",  # four-character noun in a parallel list: 知识储备, 关键岗位
    "verb4",  # four-character verb phrase in a parallel list: 深刻感悟, 修炼升级
    "bu",  # 不 + adjective: 不全面, 不高
    "buv",  # 不 + verb in a parallel list: 不深入, 不钻研
    "quefa",  # object of 缺乏/缺少: (缺乏)科学预判
    "yousuo",  # verb after 有所: (有所)弱化
    "hua",  # X化: 片面化, 常态化
    "list",  # a member of an X、Y等 list of any length: (对)实验室危化品存放、学生宿舍私拉电线(等隐患)
)
KINDS: tuple[str, ...] = BASE_KINDS + KIND_NAMES  # then one kind per function-word alternation
K = {name: i for i, name in enumerate(KINDS)}
ALT_BASE = len(BASE_KINDS)


def subject_shape(subject: str) -> str:
    if subject.endswith("得"):
        return "de"  # 践行得 → only 还不够X / 不X
    if subject.startswith(("对", "在")):
        return "prep"  # 对……指导 → not 有所X
    return "noun"


def predicate_shape(predicate: str) -> str:
    core = predicate.removeprefix("还")
    for adverb in DEGREE_ADVERBS:
        core = core.removeprefix(adverb)
    if core.startswith(HAVE_VERBS) and not core.startswith(("有所", "有待")) and not core.endswith(GAP_NOUNS):
        return "own"  # 有薄弱环节 / 存在短板: said of its own subject (宗旨意识有薄弱环节 reads wrong); not 还有差距
    if core in OWN_PREDICATES:
        return "own"  # 流于形式, 渠道不畅: said of its own subject, in other words, but not of another
    if core.startswith("有所"):
        return "change"
    if core.startswith(("不够", "不")):
        return "degree"
    return "other"


# Verbs a title's subject may open with, making it a deed done to its object (落实中央八项规定精神, 执行考勤制度):
# it is done well or not (不够到位, 不够严格) or falls short (还有差距); it has no 精神 to fade (有所淡化), no level
# to raise (有待提升), and nothing it lacks (不足), whatever noun ends it.
ACTION_VERBS = frozenset({"落实", "执行", "贯彻", "学习贯彻", "推进", "推动", "开展", "履行", "坚持", "树立", "践行",
                          "遵守", "维护", "抓", "抓好", "做好", "加强", "联系"})  # not 服务: 服务客户意识
DONE_WELL = ("到位", "严格", "严肃", "扎实", "有力", "及时", "经常", "深入", "彻底", "规范", "密切", "紧密", "主动")
HAVE_VERBS = ("存在", "有")  # a title whose fault is a noun: 科研经费管理存在薄弱环节, 意识形态工作责任落实有薄弱环节
GAP_NOUNS = ("差距", "距离")  # 还有差距 travels: any subject falls short
DEGREE_ADVERBS = ("比较", "较为", "过于")  # 比较单一 is 单一 said with its adverb: a predicate of its own subject
PREDICATE_LEADS = (*HAVE_VERBS, *DEGREE_ADVERBS)  # words a title's predicate may open with before its marker
BARE_DEGREE = frozenset({"不够", "还不够", "不足"})  # degree predicates with no adjective of their own
GENERIC_LACKS = ("力度", "深度")  # what many subjects may lack (缺乏力度); 缺乏计划性 is one item's own
GENERIC_ADJECTIVES = frozenset({"到位", "强"})  # 不够到位 / 不够强 fit most subjects; 不够严 does not
CHANGING_HEADS = ("精神", "意识", "观念", "作风", "劲头", "干劲")  # what can 有所弱化 / 有所淡化
# What is held tight and so slackens (有所松懈 / 有所放松): discipline, demands, convictions; not a sense or a spirit.
SLACKENING = ("松懈", "放松")
SLACK_HEADS = ("作风", "纪律", "要求", "信念", "防线", "标准", "规矩")
# Words by which an item tells of a change (随着年龄增长，思想上趋于保守; 要求有所放松): only such an item is titled
# 有所淡化 / 有所弱化. Round 29's readers found 服务客户意识有所淡化 over a body that tells of no change, three times.
CHANGE_CUES = ("有所", "淡化", "弱化", "下降", "减弱", "减退", "松懈", "放松", "懈怠", "逐渐", "渐渐", "慢慢", "趋于",
               "随着", "不如", "减少", "退化")
# What is 不够强 / 不足: 敏锐性, 进取精神; not 自我要求, 履职尽责, nor 工作作风 (作风 fades, 有所弱化, but is not 不足)
STRONG_HEADS = (*(h for h in CHANGING_HEADS if h != "作风"), "能力", "本领", "性", "勇气", "魄力")
# Qualities a cadre has, which are weak or fading, not lacking in depth or force: 进取精神缺乏深度 and
# 能力水平缺乏力度 read wrong, while 理论学习缺乏深度 and 纪律监督缺乏力度 are what the corpus says.
QUALITY_HEADS = (*STRONG_HEADS, "水平", "要求", "标准")
ACTION_HEADS = ("指导", "监督", "管理", "检查", "落实", "帮扶", "教育")
# Levels, which are raised (提高/提升), not strengthened: 学习的自觉性有待提高, 能力水平还有待提升.
LEVEL_HEADS = ("水平", "素质", "质量", "性", "成效", "效果", "标准")
RAISED_HEADS = (*LEVEL_HEADS, "能力", "本领", "意识", "观念")  # not 精神, 劲头, 勇气: they are 增强ed
DEEP_SUBJECTS = ("学", "研", "思", "理论", "调查", "认识")
# Actions pushed with more or less force: what 缺乏力度 / 力度不够 is said of.
FORCE_HEADS = (*ACTION_HEADS, "转化", "推进", "整改", "治理", "执行", "问责", "惩治", "查处")
# Amounts are few or many (家访次数偏少, 抓落实的办法不多); a quality or an action is not (监管偏少).
AMOUNT_PREDICATES = ("偏少", "不多", "较少", "偏多", "较多", "过多", "太少")
COUNTABLE_HEADS = ("次数", "时间", "办法", "举措", "措施", "活动", "机会", "内容", "形式", "手段", "成果",
                   "数量", "频次", "招数", "途径", "载体")


def tells_of_change(text: str) -> bool:
    """Whether a source item's text speaks of something changing (what a 有所淡化 title says of it)."""
    return any(cue in text for cue in CHANGE_CUES)


def travels(predicate: str, shape: str) -> bool:
    """Whether a title predicate fits subjects of other categories: 缺乏力度, 还有差距, 有所弱化, 不足 do;
    不够严 or 不够科学 name a quality of their own subject and do not, and a bare 不够 reads clipped."""
    adjective = predicate.removeprefix("还").removeprefix("不够")
    if predicate.startswith(("缺乏", "缺少", "欠缺")) and not predicate.endswith(GENERIC_LACKS):
        return False  # 学习缺乏计划性 names its own item's point: 关心学生缺乏计划性 reads wrong (fault hunt, stop 26)
    # a bare 不够/还不够 stays home: 理论学习不够 and 宗旨意识不够 read as clipped titles; 不足 travels
    return shape in ("change", "other") or predicate == "不足" or adjective in GENERIC_ADJECTIVES


def _sense(subject: str, predicate: str) -> bool:
    """Whether the predicate suits what the subject names (a quality, an action, a level): word sense."""
    if "力度" in predicate and not subject.endswith(FORCE_HEADS):
        return False  # 纪律监督缺乏力度, 理论融合转化缺乏力度; not 理论学习缺乏力度, 履职尽责缺乏力度
    if predicate.endswith(AMOUNT_PREDICATES) and not subject.endswith(COUNTABLE_HEADS):
        return False  # 关心教职工冷暖偏少 / 主动服务意识偏少 read wrong
    if predicate.endswith(("提高", "提升")) and not subject.endswith(RAISED_HEADS):
        return False  # 调查研究有待提高 / 联系实际有待提高 read wrong; a spirit is 增强ed (进取精神有待提升: round 32)
    if predicate.endswith("强") and not subject.endswith(STRONG_HEADS):
        return False
    if predicate.endswith("到位") and subject.endswith((*QUALITY_HEADS, *LEVEL_HEADS, "用力", "力度", "作用", "效能",
                                                        "方法", "方式", "作风", "信念", "理想", "站位")):
        return False  # actions are 到位 (履职尽责不够到位); qualities, levels, force are not (生活质量不够到位)
    if predicate.endswith("深度") and not any(w in subject for w in DEEP_SUBJECTS):
        return False  # study and thought have depth (理论融合转化缺乏深度); 纪律监督 has not
    if predicate.endswith("不足") and not subject.endswith(STRONG_HEADS):
        return False  # 进取精神不足; not 自我要求不足, 履职尽责不足, nor 服务水平不足 (a level is 不高: rounds 29-30)
    if predicate_shape(predicate) == "change" and not subject.endswith(CHANGING_HEADS):
        return False  # 宗旨意识有所淡化, not 群众工作的本领有所淡化
    if predicate.endswith(SLACKENING) and not subject.endswith(SLACK_HEADS):
        return False  # 作风有所松懈, 理想信念有所放松; not 宗旨意识有所松懈 (it fades: 淡化), round 30
    return not (predicate.startswith(("缺乏", "缺少", "欠缺")) and subject.endswith(QUALITY_HEADS))


def compatible(subject: str, subject_shape_: str, predicate: str, predicate_shape_: str, *,
               strict: bool = True) -> bool:
    """Whether subject + predicate make a title. Shape rules always hold; the word-sense rules (_sense)
    are dropped only for a category that would otherwise have no title at all (strict=False)."""
    if subject_shape_ == "act":
        # 家风建设重视不够; not 家风建设重视有待提高, nor 公用经费使用不足 (which says it was under-spent)
        return predicate in BARE_DEGREE and predicate != "不足"
    if subject_shape_ == "de":
        # 践行得不够到位, never 践行得不足 nor a bare 践行得不够
        return (predicate.startswith(("不够", "还不够")) and predicate not in BARE_DEGREE
                and (not strict or _sense(subject, predicate)))
    if subject_shape_ == "vo":
        return (predicate_shape_ == "degree" and predicate.endswith(DONE_WELL)) or predicate.endswith(GAP_NOUNS)
    if subject_shape_ == "prep":
        # 对……指导还不够经常 / 不够到位: only an action is done often or thoroughly enough; never
        # 对……方式不够到位, 对……还有差距, nor a bare 对……不够
        return predicate_shape_ == "degree" and predicate not in BARE_DEGREE and (
            not strict or (subject.endswith(ACTION_HEADS) and predicate.endswith(("经常", "到位", "及时"))))
    return not strict or _sense(subject, predicate)


def predicate_variants(predicate: str) -> list[str]:
    """The same predicate in other words (不够紧密 -> 还不够紧密, 不够密切; 不多 -> 偏少): a category's own
    titles vary this way too, which matters most where they recombine with little else."""
    core = predicate.removeprefix("还")
    if predicate_shape(predicate) == "own" and core.startswith(HAVE_VERBS):
        # 有薄弱环节 -> 存在薄弱环节, and not back: readers of round 30 would write 存在 for 有
        return ["存在" + core[1:]] if core.startswith("有") else []
    bare = next((core.removeprefix(a) for a in DEGREE_ADVERBS if core.startswith(a)), core)  # 比较单一 -> 单一
    if bare in PREDICATE_SYNONYMS:
        return [v for v in PREDICATE_SYNONYMS[bare] if v != predicate]
    if not core.startswith("不够") or len(core) <= 2:
        return []
    adjective = core[2:]
    adjectives = next((cls for cls in AFTER_DEGREE if adjective in cls), (adjective,))
    out = []
    for adv in ("", "还"):
        for adj in adjectives:
            variant = adv + "不够" + adj
            if variant != predicate:
                out.append(variant)
    return out
