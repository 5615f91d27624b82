"""What a pattern family sees of one sentence (:class:`SentenceContext`), and
the signals every proposed fact carries for the relation model."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ...model import Claim
from ...ontology import core_class
from ..mentions import Mention, RiskMention
from ..modality import confidence, modality_of
from ..rules import load_rules
from .tree import (_triggered, actor_side, clause_role, dependency_path, mention_root, path_lemmas,
                   says)


_MISSING = object()


@dataclass
class Party:
    """An actor or target in a sentence: a mention, a risk, or a group member."""

    key: str
    cls: str
    root: Token
    span: tuple[int, int]


@dataclass
class SentenceContext:
    doc: Doc
    sent: Span
    article: str
    article_date: str | None
    mentions: list[Mention]
    inner: list[Mention]
    risks: list[RiskMention]
    group: list[str] = field(default_factory=list)   # keys of the article's two main countries
    last_agreement: str | None = None                 # the agreement named last before this sentence
    last_text: str | None = None    # the agreement or policy named last, up to this sentence's end
    leaders: dict[str, str] = field(default_factory=dict)  # "X administration" key -> person X
    speaker: str | None = None    # who is still speaking in a quotation that goes on
    offices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # office holder -> bodies named here
    index: int = 0                # the sentence's number in the article
    salience: dict[str, int] = field(default_factory=dict)  # entity key -> mentions in the article
    previous: list[Mention] = field(default_factory=list)       # the sentence before: its mentions
    previous_risks: list[RiskMention] = field(default_factory=list)
    previous_sent: Span | None = None
    dates: list[Span] = field(default_factory=list)    # the sentence's DATE entities
    # what several claims of the sentence read alike (a pair's signals, a path),
    # computed once per sentence: see memo()
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, key: tuple, compute):
        """``compute()``, once per sentence for ``key``: the broad candidates ask
        the same of a pair for every property that fits it."""
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            found = self._memo[key] = compute()
        return found

    @functools.cached_property
    def named_tokens(self) -> dict[int, Mention]:
        """Each token of a resolved name in the sentence -> its mention (built
        once per sentence; the patterns only read it)."""
        return {i: m for m in self.mentions if m.key for i in range(m.start, m.end)}

    @functools.cached_property
    def evidence(self) -> str:
        return " ".join(self.sent.text.split())

    @functools.cached_property
    def quoted(self) -> bool:
        """Whether the sentence holds a quotation mark (read once, not per claim)."""
        return any(t.text in ('"', "“", "”") for t in self.sent)

    def claim(self, s: str, p: str, o: str, base: float, path: list[Token] | None = None,
              datatype: str | None = None) -> Claim:
        scope, barred = self.scope(p, o, path)
        # a modality reads the tokens of its scope, and the predicate only as
        # "opposes" or not: asked once per sentence for each (the broad
        # candidates ask alike for every property a pair fits)
        modality = self.memo(("modality", _indexes(scope), p == "opposes", barred),
                             lambda: modality_of(self.sent, scope, p, barred))
        return _new_claim(s, p, o, self.article, self.evidence, modality,
                          confidence(base, modality), datatype,
                          claim_signals(self, s, p, o, path, modality, base))

    def scope(self, p: str, o: str, path: list[Token] | None
              ) -> tuple[list[Token] | None, frozenset[int]]:
        """The part of the path whose cues set the modality, and the tokens whose
        cues must not count. A concern is negated or hedged only on its holder's
        own verb, never on a verb whose subject is the risk itself: "they warned
        that the risks do not respect borders" and "she argued the plan could not
        address X" are still their concerns."""
        if p != "concernedAbout" or not path:
            return path, frozenset()
        return self.memo(("scope", o, _indexes(path)), lambda: self._concern_scope(o, path))

    def _concern_scope(self, o: str, path: list[Token]) -> tuple[list[Token], frozenset[int]]:
        side = actor_side(path, path[0])   # paths run from the subject's end
        risk = {i for start, end in spans_of(self, o) for i in range(start, end)}
        barred = frozenset(t.i for t in self.sent if any(
            c.dep_ in ("nsubj", "nsubjpass") and any(d.i in risk for d in c.subtree)
            for c in t.children))
        return [t for t in side if t.i not in barred], barred

    def known_claim(self, s: str, p: str, o: str, base: float) -> Claim:
        """A fact the gazetteer knows, stated where the sentence names it: asserted
        whatever the sentence's modality."""
        return Claim(subject=s, predicate=p, object=o, article=self.article,
                     evidence=self.evidence, modality="Asserted", confidence=base,
                     signals=claim_signals(self, s, p, o, None, "Asserted", base))


def bucket(value: int, bounds: tuple[int, ...]) -> str:
    """The first bound the value does not exceed ("<=3"), else ">" the last."""
    for bound in bounds:
        if value <= bound:
            return f"<={bound}"
    return f">{bounds[-1]}"


def claim_signals(ctx: SentenceContext, s: str, p: str, o: str, path: list[Token] | None,
                  modality: str, base: float) -> frozenset[str]:
    """What a sentence shows about a proposed fact, as features for the relation
    model (:mod:`.decide`): the path between its ends, the trigger words and
    verbs on it, the modality, where the sentence stands and how crowded it is.
    All but the trigger read the ends, the path's tokens, the modality and
    the base, not the property: made once per sentence for each."""
    key = _indexes(path)
    signals, lemmas = ctx.memo(("signals", s, o, key, modality, base),
                               lambda: _claim_signals(ctx, s, o, path, key, modality, base))
    if lemmas is not None and _triggered(p, lemmas):
        return signals | _TRIGGER
    return signals


_TRIGGER = frozenset({"trigger"})


def _indexes(path: list[Token] | None) -> tuple[int, ...] | None:
    """A path (or scope) as its tokens' indexes: a memo key."""
    return None if path is None else tuple([t.i for t in path])


def _new_claim(s: str, p: str, o: str, article: str, evidence: str, modality: str,
               confidence: float, datatype: str | None, signals: frozenset[str]) -> Claim:
    """``Claim(subject=s, ...)`` without the frozen dataclass's ``__init__``
    (an ``object.__setattr__`` per field; equal claims, made faster)."""
    claim = object.__new__(Claim)
    claim.__dict__.update(subject=s, predicate=p, object=o, article=article, evidence=evidence,
                          modality=modality, confidence=confidence, datatype=datatype,
                          signals=signals, review=None)
    return claim


def _claim_signals(ctx: SentenceContext, s: str, o: str, path: list[Token] | None,
                   key: tuple[int, ...] | None, modality: str,
                   base: float) -> tuple[frozenset[str], set[str] | None]:
    """:func:`claim_signals` but the trigger, and the path's lemmas (None
    without a path); ``key``: the path's :func:`_indexes`."""
    signals = {f"mod:{modality}", f"base:{base:.2f}",
               f"sent:{bucket(ctx.index, (0, 2, 9))}",
               f"crowd:{bucket(len(ctx.mentions) + len(ctx.risks), (2, 4, 7))}",
               f"ssal:{bucket(ctx.salience.get(s, 0), (1, 3, 6))}",
               f"osal:{bucket(ctx.salience.get(o, 0), (1, 3, 6))}"}
    if ctx.quoted:
        signals.add("quote")
    signals |= pair_signals(ctx, s, o)
    on_path, lemmas = ctx.memo(("path-signals", key), lambda: _path_signals(path))
    signals |= on_path
    return frozenset(signals), lemmas


def _path_signals(path: list[Token] | None) -> tuple[frozenset[str], set[str] | None]:
    """What a path shows (its length, verbs, how its ends hang) and its
    lemmas, for the trigger; the same for every claim along it."""
    if not path:
        return frozenset({"plen:none"}), None
    signals = {f"plen:{bucket(len(path), (2, 4, 6, 10))}"}
    signals |= {f"verb:{t.lemma_.lower()}" for t in path if t.pos_ in ("VERB", "AUX")}
    signals |= {f"dep:{t.dep_}" for t in path[:1] + path[-2:-1]}  # how each end hangs
    return frozenset(signals), path_lemmas(path)


def spans_of(ctx: SentenceContext, key: str) -> list[tuple[int, int]]:
    """Where the sentence names the entity or risk ``key``."""
    if key.startswith("risk/"):
        return [(r.start, r.end) for r in ctx.risks if f"risk/{r.concept}" == key]
    return [(m.start, m.end) for m in ctx.mentions + ctx.inner if m.key == key]


def pair_signals(ctx: SentenceContext, s: str, o: str) -> frozenset[str]:
    """How the sentence joins a fact's two ends, whichever pattern proposed it:
    their distance and order, the words between them, the dependency path
    between their heads and the word it meets at."""
    return ctx.memo(("pair", s, o), lambda: frozenset(read_pair_signals(ctx, s, o)))


def path_between(ctx: SentenceContext, a: Token, b: Token) -> list[Token]:
    """The sentence's dependency path from ``a`` to ``b``, walked once per pair."""
    return ctx.memo(("path", a.i, b.i), lambda: dependency_path(a, b))


def read_pair_signals(ctx: SentenceContext, s: str, o: str) -> set[str]:
    pairs = [(a, b) for a in spans_of(ctx, s) for b in spans_of(ctx, o) if a != b]
    if not pairs:
        return {"ends:apart"}
    a, b = min(pairs, key=lambda ab: (max(ab[0][0], ab[1][0]) - min(ab[0][1], ab[1][1]), ab))
    first, second = sorted((a, b))
    gap = max(0, second[0] - first[1])
    signals = {f"gap:{bucket(gap, (0, 1, 3, 6, 10, 20))}", "order:so" if a < b else "order:os"}
    doc = ctx.doc
    if gap <= 12:
        signals |= {f"btw:{t.lemma_.lower()}" for t in doc[first[1]:second[0]]}
    sroot, oroot = doc[a[0]:a[1]].root, doc[b[0]:b[1]].root
    signals |= {f"sdep:{sroot.dep_}", f"odep:{oroot.dep_}"}
    signals |= {f"srole:{clause_role(sroot)}", f"orole:{clause_role(oroot)}",
                f"root:{ctx.sent.root.lemma_.lower()}"}
    verb = says(sroot)
    if verb is not None:
        signals.add("s-says")
        if any(t.i == oroot.i for t in verb.subtree):
            signals.add("o-in-what-s-says")
    path = dependency_path(sroot, oroot)
    lca = path[-1]
    if lca.i not in (sroot.i, oroot.i):
        signals.add(f"lca:{lca.lemma_.lower()}")
    if len(path) <= 5:
        signals.add("dpath:" + "/".join(t.dep_ for t in path[:-1]))
    return signals


def parties(ctx: SentenceContext, mentions: list[Mention] | None = None) -> list[Party]:
    """The resolved mentions of the sentence (or the ``mentions`` given) as parties."""
    return [Party(m.key, core_class(m.cls), mention_root(ctx.doc, m), m.span)
            for m in (ctx.mentions if mentions is None else mentions) if m.key]


def risk_parties(ctx: SentenceContext, risks: list[RiskMention] | None = None) -> list[Party]:
    """The risk mentions of the sentence (or the ``risks`` given) as parties."""
    return [Party(f"risk/{r.concept}", "Risk", mention_root(ctx.doc, r), (r.start, r.end))
            for r in (ctx.risks if risks is None else risks)]


def group_parties(ctx: SentenceContext) -> list[Party]:
    """'both nations', 'the two governments' ... stand for the article's two main countries."""
    if len(ctx.group) < 2:
        return []
    # several pattern families ask; the sentence's words are scanned once
    return list(ctx.memo(("group",), lambda: find_group_parties(ctx)))


def find_group_parties(ctx: SentenceContext) -> list[Party]:
    lowered = [t.lower_ for t in ctx.sent]
    present = set(lowered)
    out = []
    for phrase in load_rules().group_phrases:
        words = phrase.split()
        if words and words[0] not in present:
            continue   # cannot be in the sentence: skip the scan
        n = len(words)
        for i in range(len(lowered) - n + 1):
            if lowered[i:i + n] == words:
                token = ctx.sent[i + n - 1]
                if n == 1 and not (token.dep_ in ("nsubj", "nsubjpass") or token.head.dep_ == "nsubj"):
                    continue  # a bare "both" counts only as a subject
                for key in ctx.group:
                    cls = "Country" if key.startswith("country/") else "Organization"
                    out.append(Party(key, cls, token, (token.i, token.i + 1)))
        if out:
            break
    return out
