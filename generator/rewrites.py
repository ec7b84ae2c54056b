"""Clause-level rewrites that keep the meaning: the same criticism said with another construction.

Rules as data: each row is a pattern over a whole filled clause, its replacement, and why it keeps the
meaning. They are general usage of the genre, not phrases of one corpus, so every corpus gains from them.
A rule never applies where a group would cut through a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

HEDGE = "(?:有时候|有的时候|有些时候|有时|往往|一定程度上|某种程度上)?"


@dataclass(frozen=True)
class Rewrite:
    name: str
    pattern: re.Pattern[str]
    replacement: str
    why: str


def _rule(name: str, pattern: str, replacement: str, why: str) -> Rewrite:
    return Rewrite(name, re.compile(pattern), replacement, why)


REWRITES: tuple[Rewrite, ...] = (
    _rule("现象时有发生", f"^{HEDGE}存在([^，；]{{2,30}})的(现象|情况)$", r"\1的\2时有发生",
          "存在X的现象 = X的现象时有发生; 时有 carries the hedge, so a leading 有时 goes"),
    _rule("动宾前置", r"^对(?:于)?([^，；、]{2,16})的(掌握|研究|理解|领会|把握|认识|区分|谋划)([^，；]*)$", r"\2\1\3",
          "对X的掌握还不够全面 = 掌握X还不够全面: the noun of the action becomes its verb"),
    _rule("精神不足", r"^(?:缺乏|缺少|欠缺)([^，；]{2,14})的(精神|意识|劲头|韧劲|动力|闯劲)$", r"\1的\2还不够",
          "缺乏X的精神 = X的精神还不够: the lack said as a shortfall"),
    _rule("尚未到位", r"^([^，；]{2,12})(?:还不够到位|不够到位|不到位)$", r"\1还没有完全到位",
          "X不到位 = X还没有完全到位"),
    _rule("有待加强", r"^([^，；]{2,16})(?:还需要|还需|仍需)(?:进一步)?(加强|强化)$", r"\1有待进一步\2",
          "X还需加强 = X有待进一步加强"),
)
CHANCE = 0.5  # a clause that a rule fits is rewritten this often


def _balanced(text: str) -> bool:
    return text.count("“") == text.count("”")


_PIECES = re.compile("([，；])")
# Where rules fit, per unit text: (split parts, ((part index, rewritten part, rule name), ...)). The sampler
# fills the same units again and again; matching is done once per text, only the coin is tossed each time.
_FITS: dict[str, tuple[list[str], tuple[tuple[int, str, str], ...]]] = {}
_FITS_MAX = 200_000  # texts remembered before the table starts afresh (memory stays bounded)


def _fits(text: str) -> tuple[list[str], tuple[tuple[int, str, str], ...]]:
    parts = _PIECES.split(text)
    found = []
    for k in range(0, len(parts), 2):
        if not _balanced(parts[k]):
            continue
        for rule in REWRITES:
            m = rule.pattern.match(parts[k])
            if m is not None and all(_balanced(g) for g in m.groups() if g):
                found.append((k, m.expand(rule.replacement), rule.name))
                break
    return parts, tuple(found)


def rewrite(text: str, u: Callable[[], float]) -> tuple[str, tuple[str, ...]]:
    """A filled unit with each of its comma pieces that a rule fits rewritten (CHANCE of the time each),
    and the rules used. Draws one uniform per piece a rule fits, in order, and none for the others."""
    fits = _FITS.get(text)
    if fits is None:
        if len(_FITS) >= _FITS_MAX:
            _FITS.clear()
        fits = _FITS[text] = _fits(text)
    parts, found = fits
    if not found:
        return text, ()
    used: list[str] = []
    out: list[str] | None = None
    for k, rewritten, name in found:
        if u() < CHANCE:
            if out is None:
                out = list(parts)
            out[k] = rewritten
            used.append(name)
    return ("".join(out) if out is not None else text), tuple(used)
