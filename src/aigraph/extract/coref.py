"""Anaphora: "it", "the declaration", "the company" point back to a named thing.

A definite noun phrase whose head is an anaphor noun of some class (from
``ontology/extraction-rules.ttl``) refers to the most recent mention of that
class in the same or the previous two sentences, preferring one whose name
ends in the same word ("the declaration" -> "Harbour Declaration"). "it"/"its"
refer to the thing that says the clause they are subject of ("Meta said it
would ..."), as objects to the thing named just before in the sentence, else to
the most recent non-person thing that was the subject of the previous sentence;
"he"/"she"/"his"/"her" to the most recent person. "The rule" or "the accord"
with no fitting mention nearby may point to the only one the article named.
Resolved anaphors become extra mentions for the relation patterns only: they
add no alias and no article link.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..ontology import core_class
from .mentions import Mention, gazetteer_index, sentence_index
from .rules import load_rules

DEFINITE = {"the", "this", "that", "these", "those", "its", "their"}
# "the next meeting", "the first declaration" (aigx:otherOfKind) name another thing
# of the same kind ("the new rule" is the rule just announced, if one was named just before)
WINDOW = 2  # sentences back
TEXT_CLASSES = ("Agreement", "Policy", "Document")


def antecedent(candidates: list[Mention], cls: str | None, head: str | None,
               persons: bool = False, earlier: list[Mention] | None = None,
               doc: Doc | None = None) -> Mention | None:
    """Most recent fitting mention; a name holding the anaphor's noun wins,
    searched in the whole text so far (``earlier``). A thing named only to
    compare ("a system similar to the EU's AI Act") is no antecedent."""
    if doc is not None:
        candidates = [m for m in candidates if not in_comparison(doc, m)]
        earlier = [m for m in earlier if not in_comparison(doc, m)] if earlier is not None else None
    if head and not persons:
        # a name ending in the anaphor's own noun wins whatever its class
        # ("the code" -> "... Code of Practice", typed as a policy or an agreement)
        named = [m for m in (earlier or candidates) if m.cls != "Person"
                 and head.rstrip("s") in [w.rstrip("s") for w in m.label.lower().split()]]
        if named:
            return named[-1]
    fitting = [m for m in candidates
               if (persons and m.cls == "Person")
               or (not persons and m.cls != "Person" and (cls is None or core_class(m.cls) == cls)
                   and (cls is not None or m.cls not in ("Place",)))]
    return fitting[-1] if fitting else None


def resolve_anaphora(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    heads = load_rules().anaphor_heads
    sents = sentence_index(doc)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    keyed = sorted((m for m in mentions if m.key), key=lambda m: m.start)
    by_sent: dict[int, list[Mention]] = {}
    for m in keyed:
        by_sent.setdefault(m.sent, []).append(m)
    found = []
    for token in doc:
        if token.i in taken or token.pos_ not in ("NOUN", "PRON", "PROPN"):
            continue
        sent = sents[token.i]
        # the window's mentions looked up by sentence, not filtered from the whole
        # article (that was quadratic in a long article)
        before = [m for n in range(sent - WINDOW, sent + 1) for m in by_sent.get(n, ())
                  if m.end <= token.i]
        lower = token.lower_
        target = None
        if lower == "its" and token.head.lemma_.lower() in load_rules().signatory_nouns:
            # "Its signatories include A, B": only a text has signatories (none
            # named: better no owner than the organiser named last)
            text = last_text(before)
            if text is not None:
                found.append(refers(token, text, sent))
            continue
        if lower == "its":
            # "The Commission published its code": the subject of the same clause first
            same_clause = [m for m in before if m.sent == sent and m.cls not in ("Person", "Place")
                           and doc[m.start:m.end].root.dep_ == "nsubj"]
            if same_clause:
                found.append(refers(token, same_clause[-1], sent))
                continue
        if lower in ("it", "its"):
            governing = clause_subject(doc, token, [m for m in before if m.sent == sent])
            if governing is not None:
                found.append(refers(token, governing, sent))
                continue
            if token.dep_ in ("dobj", "pobj"):
                # "rejects the rule, calling it ...": the thing named just before in the
                # sentence, never the clause's own subject ("X lobbied against it" is not X)
                own = own_subject(token)
                things = sorted((m for m in before + found if m.sent == sent and m.end <= token.i
                                 and m.cls not in ("Person", "Place", "Country")
                                 and not own & set(range(m.start, m.end))),
                                key=lambda m: m.start)
                if things and unnamed_object_between(doc, things[-1].end, token.i, taken):
                    # "A welcomed the decision, while B criticised it": "it" is
                    # the decision, which names nothing
                    continue
                texts = [m for m in things if core_class(m.cls) in TEXT_CLASSES]
                # "voted for it", "lobbied against it": the text
                voted = token.dep_ == "pobj" and token.head.lower_ in ("for", "against") \
                    and token.head.head.lemma_.lower() in {"vote"} | load_rules().against_verbs
                if texts and (token.head.lemma_.lower() in load_rules().signing_verbs or voted):
                    # "endorsed a blueprint at the summit, but X declined to endorse
                    # it": what one signs is a text, not the summit named after it
                    things = texts
                if things:
                    found.append(refers(token, things[-1], sent))
                    continue
                if voted or takes_a_stance(token):
                    # "The Senate passed the X Act. Y voted for it." / "Y criticised it":
                    # what one votes on or takes a stance on is the text before
                    earlier_text = last_text(before)
                    if earlier_text is not None:
                        found.append(refers(token, earlier_text, sent))
                        continue
            # a name the parser made the root is a subject it lost ("The X Alliance,
            # a group representing Y, lobbied ...": "lobbied" hung on the apposition)
            previous_subjects = [m for m in before if m.sent < sent
                                 and doc[m.start:m.end].root.dep_ in ("nsubj", "nsubjpass", "ROOT")]
            target = antecedent(previous_subjects, None, None) or antecedent(before, None, None)
        elif lower in load_rules().vote_nouns and takes_a_stance(token) and any(
                c.lower_ in DEFINITE for c in token.children if c.dep_ in ("det", "poss")):
            # "X welcomed the vote": the text the vote passed
            target = last_text(before)
        elif lower in ("he", "she", "his", "her"):
            target = antecedent(before, None, None, persons=True)
        elif lower in heads and token.i + 1 in taken and doc[token.i + 1].text[:1].isupper():
            continue   # "the trade group Acme": the noun describes the name after it
        elif lower in heads and (token.pos_ == "NOUN" or token.text.islower()) and any(
                c.lower_ in DEFINITE for c in token.children if c.dep_ in ("det", "poss")) \
                and not any(c.lower_ in load_rules().other_of_kind for c in token.children):
            earlier = [m for m in keyed if m.end <= token.i and not in_comparison(doc, m)]
            # "the new plan" may be another plan than one named far back ("the new
            # rule" after a rule was announced is still that rule)
            fresh = any(c.lower_ == "new" for c in token.children) \
                and lower not in load_rules().long_range_anaphors
            if lower in load_rules().text_anaphors:   # "the document", "the text": whatever text came last
                target = last_text(before)
            else:
                target = antecedent(before, heads[lower], lower, earlier=before if fresh else earlier,
                                    doc=doc)
            if target is not None and not fits_qualifiers(token, target):
                target = None
            if target is None and not fresh and lower in load_rules().long_range_anaphors:
                # news keeps returning to its subject: "the rule" five paragraphs on is
                # still the one rule the article named ("the new plan" may be another)
                target = only_one(earlier, heads[lower])
        if target is not None:
            found.append(refers(token, target, sent))
    return found


def in_comparison(doc: Doc, m: Mention) -> bool:
    """Whether a name stands only as the term of a comparison ("similar to X",
    "modelled on X", "like X", "unlike X")."""
    root = doc[m.start:m.end].root
    if root.dep_ != "pobj":
        return False
    prep = root.head
    return prep.lower_ in ("like", "unlike") or (
        prep.lower_ in ("to", "on", "after", "by") and prep.head.lemma_.lower() in load_rules().comparison_words)


def fits_qualifiers(token, target: Mention) -> bool:
    """Whether "the energy ministry" / "the trade department" can be the body
    named before: a word that says which ministry must be in its name (or be
    its country's), else the phrase names another body ("the National Security
    Council ... the energy ministry's department" are two). Only for the public
    bodies news tells apart by portfolio (``aigx:portfolioBodyNoun``); "the AI
    company" is still the company named before."""
    if token.lower_ not in load_rules().portfolio_body_nouns:
        return True
    words = {w.lower().strip(".,") for w in target.label.split()}
    if target.country:
        entry = gazetteer_index().get(target.country)
        if entry is not None:
            words |= {w.lower() for form in (*entry.names, *entry.demonyms)
                      for w in form.split()}
    qualifiers = [c.lower_ for c in token.children if c.dep_ in ("amod", "compound")
                  and c.lower_ not in load_rules().other_of_kind and c.lower_ != "new"]
    return all(q in words for q in qualifiers)


def unnamed_object_between(doc: Doc, start: int, end: int, taken: set[int]) -> bool:
    """Whether a verb's direct object that is no name stands between a named
    thing and a pronoun: the nearer thing the pronoun points back to."""
    return any(t.dep_ == "dobj" and t.pos_ == "NOUN" and t.i not in taken for t in doc[start:end])


def last_text(mentions: list[Mention]) -> Mention | None:
    """The last agreement, policy or document among ``mentions``."""
    return next((m for m in reversed(mentions) if core_class(m.cls) in TEXT_CLASSES), None)


def takes_a_stance(token) -> bool:
    """Whether an object pronoun is what its verb backs, opposes or signs
    ("criticised it", "welcomed it", "signed it")."""
    rules = load_rules()
    lemma = token.head.lemma_.lower()
    return token.dep_ == "dobj" and (lemma in rules.signing_verbs or lemma in rules.triggers.get("supports", ())
                                     or lemma in rules.triggers.get("opposes", ()))


def own_subject(token) -> set[int]:
    """The tokens of the subject of the clause an object pronoun sits in."""
    verb = token.head.head if token.dep_ == "pobj" else token.head
    return {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}


def refers(token, target: Mention, sent: int) -> Mention:
    """A mention at ``token`` of the thing ``target`` names."""
    return Mention(token.i, token.i + 1, token.text, target.cls, target.label, sent,
                   key=target.key, inner=False)


def clause_subject(doc: Doc, pronoun, same_sentence: list[Mention]) -> Mention | None:
    """The thing that says the clause "it" is subject of: in "Meta said it would
    not sign", "it" is Meta, whatever the previous sentence was about (but in
    "the Commission fined Meta after it failed", "it" is not the Commission)."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.head.dep_ not in ("ccomp", "xcomp"):
        return None
    saying = pronoun.head.head
    if saying.lemma_.lower() not in load_rules().speech_verbs:
        return None
    by_root = {doc[m.start:m.end].root.i: m for m in same_sentence
               if m.cls not in ("Person", "Place")}
    for child in saying.children:
        if child.dep_ == "nsubj" and child.i in by_root:
            return by_root[child.i]
    return None


LONG_RANGE = {"Agreement", "Policy"}


def only_one(earlier: list[Mention], cls: str) -> Mention | None:
    """The one agreement or policy the article has named so far, however far back."""
    if cls not in LONG_RANGE:
        return None
    fitting = [m for m in earlier if core_class(m.cls) == cls]
    return fitting[-1] if len({m.key for m in fitting}) == 1 else None
