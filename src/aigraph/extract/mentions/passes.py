"""The built-in mention passes and :func:`find_mentions`, a loop over every
registered pass (see :mod:`.registry`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from .core import (Mention, acronym_mentions, acronym_owners, spelled_acronyms, defined_acronyms, hyphenated_given_names, as_known, compose_national_bodies, country_prefix,
                   described_things, gazetteer_mentions, head_word_classes, is_credit,
                   hyphenated_surnames, is_dateline_credit, is_dateline_place, listed_people,
                   long_titles, apposed_title_departments,
                   mark_national_bodies, named_mentions, names_inside_events, ner_mentions,
                   organisations_before_titles, overlaps, owners_of_titles, party_suffixes,
                   quoted_titles, retype_by_apposition, retype_by_signers,
                   retype_companies_read_as_people,
                   sentence_index, speaker_mentions)
from .registry import mention_pass, registered_passes


@dataclass(frozen=True)
class MentionState:
    """What the passes know of one doc so far."""
    doc: Doc
    sents: list[int]                                         # sentence number of every token
    accepted: list[Mention] = field(default_factory=list)    # the doc's mentions
    inner: list[Mention] = field(default_factory=list)       # nested inside a longer name
    known: list[Mention] = field(default_factory=list)       # the gazetteer's spans
    proposed: list[Mention] = field(default_factory=list)    # candidates waiting for acceptance

    def but(self, **changes) -> "MentionState":
        return replace(self, **changes)


def accept(state: MentionState) -> MentionState:
    """Accept the proposed candidates, longest first, where they clash with no
    accepted mention; a country, person, place or organisation inside a longer
    accepted one becomes an inner mention."""
    accepted, inner = list(state.accepted), list(state.inner)
    covering = by_token(accepted)   # token -> accepted mentions on it: linear in mentions
    for m in sorted(state.proposed, key=lambda m: (-(m.end - m.start), m.start, m.key is None)):
        clash = overlapping(m, covering, itself=True)   # a proposal already accepted clashes
        if not clash:
            accepted.append(m)
            for i in range(m.start, m.end):
                covering.setdefault(i, []).append(m)
        elif all(a.start <= m.start and m.end <= a.end and (a.end - a.start) > (m.end - m.start)
                 for a in clash) and m.cls in ("Country", "Person", "Place", "Organization"):
            m.inner = True
            inner.append(m)
    return state.but(accepted=accepted, inner=inner, proposed=[])


def by_token(mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Each token's mentions, so overlaps are found without comparing every pair."""
    covering: dict[int, list[Mention]] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            covering.setdefault(i, []).append(m)
    return covering


def overlapping(m: Mention, covering: dict[int, list[Mention]],
                itself: bool = False) -> list[Mention]:
    """The mentions sharing a token with ``m`` (``m`` itself only when ``itself``),
    each once, in the order first met."""
    found: dict[int, Mention] = {}
    for i in range(m.start, m.end):
        for a in covering.get(i, ()):
            if itself or a is not m:
                found.setdefault(id(a), a)
    return list(found.values())


# Names by form word first; then gazetteer and NER spans together, longest
# first, so "the Suez Crisis" beats the place name inside it.

@mention_pass("gazetteer")
def gazetteer(state: MentionState) -> MentionState:
    return state.but(known=gazetteer_mentions(state.doc, state.sents))


@mention_pass("quoted_titles")
def quoted(state: MentionState) -> MentionState:
    found = [as_known(state.doc, m, state.known) for m in quoted_titles(state.doc, state.sents)]
    return state.but(proposed=state.proposed + found)


@mention_pass("named_mentions")
def named(state: MentionState) -> MentionState:
    found = [as_known(state.doc, m, state.known) for m in named_mentions(state.doc, state.sents)
             if not inside_a_longer(m, state.known, state.doc)]
    return state.but(proposed=state.proposed + found)


def inside_a_longer(m: Mention, known: list[Mention], doc: Doc) -> bool:
    """'Markets Authority' inside the gazetteer's 'UK Competition and Markets
    Authority': the known name is the whole name (an article before the name
    does not count: "the X Convention on AI and Human Rights" inside the known
    "X Convention on AI and Human Rights, Democracy and the Rule of Law")."""
    start = m.start + 1 if doc[m.start].lower_ == "the" else m.start
    return any(k.start <= start and m.end <= k.end and k.end - k.start > m.end - start
               for k in known)


@mention_pass("accept_names")
def accept_names(state: MentionState) -> MentionState:
    return accept(state)


@mention_pass("ner")
def ner(state: MentionState) -> MentionState:
    return state.but(proposed=state.proposed + state.known + ner_mentions(state.doc, state.sents))


@mention_pass("accept_longest")
def accept_longest(state: MentionState) -> MentionState:
    state = accept(state)
    return state.but(accepted=sorted(state.accepted, key=lambda m: m.start))


@mention_pass("organisations_before_titles")
def organisations(state: MentionState) -> MentionState:
    accepted = state.accepted + organisations_before_titles(state.doc, state.sents, state.accepted)
    accepted += owners_of_titles(state.doc, state.sents, accepted)
    return state.but(accepted=accepted)


@mention_pass("speaker_mentions")
def speakers(state: MentionState) -> MentionState:
    accepted = state.accepted + speaker_mentions(state.doc, state.sents, state.accepted)
    return state.but(accepted=sorted(accepted, key=lambda m: m.start))


def with_found(state: MentionState, found: list[Mention]) -> MentionState:
    """The state with ``found`` accepted too, every mention in text order."""
    return state.but(accepted=sorted(state.accepted + found, key=lambda m: m.start))


@mention_pass("listed_people")
def listed(state: MentionState) -> MentionState:
    found = listed_people(state.doc, state.sents, state.accepted)
    return with_found(state, found)


@mention_pass("hyphenated_surnames")
def hyphenated(state: MentionState) -> MentionState:
    found = hyphenated_surnames(state.doc, state.sents, state.accepted)
    return with_found(state, found)


@mention_pass("hyphenated_given_names")
def given_names(state: MentionState) -> MentionState:
    return state.but(accepted=hyphenated_given_names(state.doc, state.sents, state.accepted))


@mention_pass("compose_national_bodies")
def national_bodies(state: MentionState) -> MentionState:
    return state.but(accepted=compose_national_bodies(state.doc, state.accepted))


@mention_pass("acronym_definitions")
def acronym_definitions(state: MentionState) -> MentionState:
    found = defined_acronyms(state.doc, state.sents, state.accepted)
    return with_found(state, found)


@mention_pass("acronym_mentions")
def acronyms(state: MentionState) -> MentionState:
    owners = acronym_owners(state.doc, state.accepted)
    found = acronym_mentions(state.doc, state.sents, owners)
    # an acronym the article defines is its own: another reading of the same
    # letters (a gazetteer body with that acronym) goes, there and in the brackets
    kept = [m for m in state.accepted if not reads_a_defined_acronym_otherwise(state.doc, m, owners)]
    return state.but(accepted=kept + found)


def reads_a_defined_acronym_otherwise(doc: Doc, m: Mention, owners: dict[str, Mention]) -> bool:
    """A gazetteer reading of an acronym the article defines for another name."""
    owner = owners.get(doc[m.start].text) if m.end - m.start == 1 else None
    return owner is not None and m.key is not None and m.key != owner.key


@mention_pass("spelled_acronyms")
def acronyms_spelled(state: MentionState) -> MentionState:
    return state.but(accepted=spelled_acronyms(state.accepted))


@mention_pass("drop_overlapped_and_datelines")
def drop_overlapped(state: MentionState) -> MentionState:
    """A mention overlapped by a longer one goes, as do a dateline's city and wire credit."""
    accepted = state.accepted
    covering = by_token(accepted)
    kept = [m for m in accepted
            if not any((a.end - a.start) > (m.end - m.start) for a in overlapping(m, covering))
            and not is_dateline_credit(state.doc, m) and not is_dateline_place(state.doc, m)]
    return state.but(accepted=sorted(kept, key=lambda m: m.start))


@mention_pass("long_titles")
def titles(state: MentionState) -> MentionState:
    bodies: list[Mention] = []
    accepted = long_titles(state.doc, state.accepted, bodies)
    accepted += apposed_title_departments(state.doc, state.sents, accepted)
    return state.but(accepted=sorted(accepted, key=lambda m: m.start), inner=state.inner + bodies)


@mention_pass("party_suffixes")
def parties(state: MentionState) -> MentionState:
    return state.but(accepted=party_suffixes(state.doc, state.accepted))


@mention_pass("credits")
def credits(state: MentionState) -> MentionState:
    return state.but(accepted=[m for m in state.accepted if not is_credit(state.doc, m)])


@mention_pass("retype_by_apposition")
def by_apposition(state: MentionState) -> MentionState:
    retype_by_apposition(state.doc, state.accepted)
    return state


@mention_pass("retype_companies_read_as_people")
def companies(state: MentionState) -> MentionState:
    retype_companies_read_as_people(state.doc, state.accepted)
    return state


@mention_pass("retype_by_signers")
def by_signers(state: MentionState) -> MentionState:
    retype_by_signers(state.doc, state.accepted)
    return state


@mention_pass("names_inside_events")
def inside_events(state: MentionState) -> MentionState:
    return state.but(inner=state.inner + names_inside_events(state.doc, state.sents, state.accepted))


@mention_pass("country_prefixes")
def country_prefixes(state: MentionState) -> MentionState:
    doc = state.doc
    found = [c for m in state.accepted if m.key and m.country
             for c in [country_prefix(doc, doc[m.start:m.end], m.country, m.sent)] if c is not None]
    return state.but(inner=state.inner + found)


@mention_pass("form_words_not_people")
def form_words(state: MentionState) -> MentionState:
    """"Bill" in "Bill 1234/2020" or "Law" in "Law No. 5" is the form word, no person."""
    doc = state.doc
    return state.but(inner=[m for m in state.inner if not (
        m.cls == "Person" and m.end - m.start == 1 and doc[m.start].lower_ in head_word_classes())])


@mention_pass("mark_national_bodies")
def mark_bodies(state: MentionState) -> MentionState:
    mark_national_bodies(state.accepted, state.inner)
    return state


@mention_pass("described_things")
def described(state: MentionState) -> MentionState:
    found = described_things(state.doc, state.sents, state.accepted)
    return with_found(state, found)


def find_mentions(doc: Doc) -> tuple[list[Mention], list[Mention]]:
    """(mentions, inner mentions) of one doc, sorted by position: every
    registered pass in turn, then one inner mention per span (gazetteer first)."""
    state = MentionState(doc, sentence_index(doc))
    for _, step in registered_passes():
        state = step(state)
    unique = {}
    for m in sorted(state.inner, key=lambda m: (m.start, m.key is None)):
        unique.setdefault(m.span, m)
    return state.accepted, sorted(unique.values(), key=lambda m: m.start)
