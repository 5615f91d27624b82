"""What the mention passes find, drop and retype (the passes themselves, in
order, are :mod:`.passes`; the package docstring says how sources rank)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ... import ontology
from ..dates import MONTHS
from ..nlp import (in_line_label, in_title_case_line, is_heading_line, line_bounds,
                   repeated_suffix_start, text_outside_line)
from ..rules import load_rules
from ...ontology import derived

NER_CLASSES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
               "FAC": "Place", "EVENT": "Event", "LAW": "Policy", "NORP": None,
               "PRODUCT": "AISystem"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
POSSESSIVE = re.compile(r"\s*['’]s?$")
LEADING_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)\s+")
OF_YEAR = re.compile(r"\s+of\s+(1[89]\d\d|20\d\d)$")   # "the X Act of 2024"


@dataclass
class Mention:
    start: int                  # token offsets in the doc
    end: int
    text: str                   # surface form as written
    cls: str                    # core class
    label: str                  # cleaned name (titles, "the", possessive, year dropped)
    sent: int                   # sentence index
    key: str | None = None      # fixed key (gazetteer), else resolved later
    year: str | None = None     # a year written in the name ("2023 Declaration")
    inner: bool = False         # nested inside a longer name
    titles: str = ""            # title words stripped from a person's name
    same_as: str | None = None
    aliases: set[str] = field(default_factory=set)
    kind: str | None = None     # a subclass of cls from the gazetteer ("InternationalOrganization")
    country: str | None = None  # the country an organisation's name starts with ("US Treasury")
    long_forms: set[str] = field(default_factory=set)  # fuller names it may stand for, unseen
    described: bool = False     # a description ("the preliminary agreement"): article-local

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True)
class RiskMention:
    start: int
    end: int
    text: str
    concept: str
    sent: int


@derived
def gazetteer_index() -> dict[str, "ontology.GazetteerEntry"]:
    return {entry.key: entry for entry in ontology.gazetteer()}


@derived
def role_title_words() -> tuple[tuple[str, ...], ...]:
    written = ontology.role_titles()
    titles = {tuple(t.lower().split()) for t in written}
    # a title shared by a list of names: "Senators A and B", "Sens. A, B and C",
    # "MPs A and B" (short words only when written as an acronym: "ms" is no plural)
    titles |= {tuple(t.lower().split()[:-1]) + (plural_title(t.lower().split()[-1]),) for t in written
               if len(t.split()[-1]) > 2 or t.split()[-1].isupper()}
    titles |= {(word,) for word in load_rules().title_prefixes}
    return tuple(sorted(titles, key=lambda t: (-len(t), t)))


def plural_title(word: str) -> str:
    """"senator" -> "senators", "sen." -> "sens.", "deputy" -> "deputies"."""
    if word.endswith("."):
        return word[:-1] + "s."
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def singular_title(title: str) -> str:
    """The title one holder of a shared title has: "Senators" -> "Senator",
    "Sens." -> "Sen.", "Foreign Ministers" -> "Foreign Minister"."""
    words = title.split()
    if not words:
        return title
    last = words[-1]
    known = {t[-1] for t in role_title_words()}
    for singular in (last[:-2] + "." if last.endswith("s.") else None,
                     last[:-1] if last.endswith("s") else None,
                     last[:-3] + "y" if last.endswith("ies") else None):
        if singular and singular.lower() in known and plural_title(singular.lower()) == last.lower():
            return " ".join(words[:-1] + [singular])
    return title


@derived
def role_words() -> frozenset[str]:
    """Every word that can be or end a person's title ("minister", "official",
    "ceo", "former"), lower case."""
    rules = load_rules()
    return frozenset({t[0] for t in role_title_words()} | {t[-1] for t in role_title_words()}
                     | rules.role_nouns | {w for w in rules.head_titles if " " not in w})


@derived
def head_word_classes() -> dict[str, str]:
    heads = {}
    for cls, words in ontology.lexical_forms().items():
        for word in words:
            heads.setdefault(word.lower().split()[-1], cls)
    return heads


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token."""
    index = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = n
    return index


def strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split leading title words off a person's name: ("President", "Xi")."""
    titles: list[str] = []
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        lowered = [t.lower() for t in tokens]
        for title in role_title_words():
            n = len(title)
            if tuple(lowered[:n]) == title and len(tokens) > n:
                titles += tokens[:n]
                tokens = tokens[n:]
                changed = True
                break
    return tokens, titles


def clean_label(text: str) -> tuple[str, str | None]:
    """Drop a leading determiner, a trailing possessive and a leading year."""
    text = " ".join(text.split())
    if "|" in text:
        return "", None   # "Agency|Jul 05": page furniture run together, no name
    words = text.split(" ")
    while len(words) > 1 and words[0].lower() in DETERMINERS:
        words = words[1:]
    text = POSSESSIVE.sub("", " ".join(words)).strip(" ,;:-–—\"“”'")
    if text.count("(") > text.count(")"):
        text = text[:text.rindex("(")].strip()   # "Artificial Intelligence (AI": cut off mid-way
    year = None
    match = LEADING_YEAR.match(text)
    if match and len(text.split()) > 2:
        year = match.group(1)
        text = text[match.end():]
    match = OF_YEAR.search(text)
    if match and len(text.split()) > 3 and year is None:
        year = match.group(1)
        text = text[:match.start()]
    return text, year


def is_location_use(doc: Doc, start: int, end: int) -> bool:
    """A capital used as a place ("in Beijing", "a Beijing suburb"), not as a government."""
    if start > 0 and doc[start - 1].lower_ in load_rules().location_prepositions:
        return True
    if start > 1 and doc[start - 1].text == "," and doc[start - 2].ent_type_ in ("GPE", "LOC"):
        return True
    if end + 1 < len(doc) and doc[end].text in ("-", "–") and doc[end + 1].lower_ == "based":
        return True   # "a Paris-based start-up" says where, not who
    head = doc[end - 1]
    if head.dep_ == "dobj" and head.head.lemma_.lower() in load_rules().travel_verbs:
        return True   # "X visited Beijing": where X went
    if head.dep_ == "compound" and head.head.lower_ in head_word_classes() \
            and head_word_classes()[head.head.lower_] == "Event":
        return True
    # "the Lisbon AI Summit", however parsed: a capital opening an event's name is its venue
    for token in doc[end:end + 3]:
        if not token.text[:1].isupper():
            break
        if head_word_classes().get(token.lower_) == "Event":
            return True
    # "a London AI firm": a capital before a business says where it is
    for token in doc[end:end + 3]:
        if token.lower_ in load_rules().located_nouns \
                or doc[token.i:token.i + 3].text.lower() in load_rules().located_nouns:
            return True   # "start-up" is three tokens
        if not (token.text[:1].isupper() or token.pos_ == "ADJ" or token.dep_ == "compound"):
            break
    return False


def country_prefix(doc: Doc, span: Span, country: str, sent: int) -> Mention | None:
    """The country written at the start of a national body's name ("UK" in "UK
    Home Office"), as an inner mention of that country (in sentence ``sent``)."""
    entry = gazetteer_index()[country]
    for n in (2, 1):
        text = doc[span.start:span.start + n].text
        if n < len(span) and text in (entry.label, *entry.aliases, *entry.demonyms):
            return Mention(span.start, span.start + n, text, "Country", entry.label,
                           sent, key=country, inner=True,
                           same_as=entry.same_as, kind=entry.cls)
    return None


def gazetteer_mentions(doc: Doc, sents: list[int]) -> list[Mention]:
    index = gazetteer_index()
    found = []
    for span in doc.spans.get("aig_gazetteer", []):
        entry = index.get(span.label_)
        if entry is None:
            continue
        text = span.text
        if entry.core_cls == "Person" and another_given_name(doc, span):
            continue   # "Ivanka Trump" is not the office holder whose surname it shares
        if entry.capital and text == entry.capital and capital_as_surname(doc, span):
            continue   # "Ana Lima", "Paula Santiago": a person, not a government
        if (entry.capital and text == entry.capital and text != entry.label
                and is_location_use(doc, span.start, span.end)):
            found.append(Mention(span.start, span.end, text, "Place", text, sents[span.start],
                                 key=f"place/{ontology.slugify(text)}"))
            continue
        found.append(Mention(span.start, span.end, text, entry.core_cls, entry.label,
                             sents[span.start], key=entry.key, same_as=entry.same_as,
                             kind=entry.cls, country=entry.country))
    return found


def another_given_name(doc: Doc, span: Span) -> bool:
    """A bare surname right after a capitalised word that is no title."""
    if span.end - span.start != 1 or span.start == 0:
        return False
    before = doc[span.start - 1]
    return (before.is_alpha and before.text[:1].isupper() and before.pos_ == "PROPN"
            and before.lower_ not in role_words() and before.text not in load_rules().honorifics)


def capital_as_surname(doc: Doc, span: Span) -> bool:
    """A capital right after a capitalised word that names nothing else (no
    title, date or other entity): a given name, whatever NER made of the pair."""
    return (another_given_name(doc, span) and doc[span.start - 1].ent_type_ in ("", "PERSON")
            and doc[span.start - 1].text not in gazetteer_forms())


ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)?$")


def starts_capitalised(label: str) -> bool:
    """Whether a name's first word after an ordinal is capitalised ("17th
    Party Congress", "Summit 2025"; not "12 countries")."""
    words = label.split()
    first = next((w for w in words if not ORDINAL.match(w)), "")
    return first[:1].isupper() and (words[0] == first or len(words) > 1)


def named_mentions(doc: Doc, sents: list[int]) -> list[Mention]:
    found = []
    ner_ends = {t.i: ent.end for ent in doc.ents if ent.label_ == "ORG" for t in ent}
    for span in doc.spans.get("aig_named", []):
        if span.label_ == "Organization":
            span = with_ner_tail(doc, without_place_of(doc, span, person=False), ner_ends)
            span = Span(doc, after_based_prefix(doc, span.start, span.end), span.end, label=span.label_)
            joined = two_names_joined(doc, span)
            if joined is not None:
                found += [joined_part(part, sents) for part in joined]
                continue
        label, year = clean_label(span.text)
        if not label or label in load_rules().not_names or not starts_capitalised(label) \
                or (span.label_ == "Organization" and (opens_with_portfolio_title(span)
                                                       or ends_inside_a_title(doc, span))) \
                or is_relative_date(label):
            continue   # "Last week" opening a sentence: a time, not an event
        found.append(Mention(span.start, span.end, span.text, span.label_, label,
                             sents[span.start], year=year))
    return found


def with_ner_tail(doc: Doc, span: Span, ner_ends: dict[int, int]) -> Span:
    """'Nordic Trade Union Confederation': when NER reads an organisation's
    name on past the head word the named-things rule stopped at, with
    capitalised words only, the longer name is the name."""
    end = ner_ends.get(span.end - 1, span.end)
    if end > span.end and all(t.text[:1].isupper() and t.is_alpha for t in doc[span.end:end]):
        return Span(doc, span.start, end, label=span.label_)
    return span


NAME_CONNECTORS = {"of", "for", "and", "on", "in", "the", "&", "-", "–"}


def common_words(doc: Doc) -> frozenset[str]:
    """The words an article writes in lower case somewhere: its common words."""
    return frozenset(t.text for t in doc if t.is_alpha and t.text.islower())


def is_generic(doc: Doc, span: Span, label: str, cls: str, lower: frozenset[str],
               person_words: set[str]) -> bool:
    """An NER 'name' made only of common words: every word is one the article
    also writes in lower case ("Content", "Search Engines", "Artificial
    Intelligence"), or the tagger reads no word of it as a proper noun
    ("Myriad countries", "Photo"). Acronyms, words with inner capitals or
    digits, and a bare form word ("Office", read with its article) are left
    alone; so is a word of a person's full name ("Rose" of "Jane Rose")."""
    words = [w for w in label.split() if w.lower() not in NAME_CONNECTORS]
    if not words or any(not w.isalpha() or not (w[:1].isupper() and w[1:].islower()) for w in words):
        return False
    if len(words) == 1 and words[0].lower() in head_word_classes():
        return False
    if cls == "Person" and (len(words) > 1 or words[0] in person_words):
        return False
    if all(w.lower() in lower for w in words):
        return True
    return not any(t.pos_ == "PROPN" for t in span)


def without_place_of(doc: Doc, span: Span, person: bool = True) -> Span:
    """A name without the place NER ran into it: "Jane Roe of Ghana" is Jane
    Roe, of Ghana (the place becomes a mention of its own), "Acme Labs of
    Lagos" is Acme Labs (but a "Bank of <country>" is one name)."""
    for t in span[1:-1]:
        if t.lower_ == "of" and ((person and doc[t.i + 1:span.end].text in gazetteer_forms())
                                 or doc[t.i - 1].text in load_rules().company_suffixes):
            # "Hollow Labs of Lagos": a company's name ends with its suffix
            return Span(doc, span.start, t.i, label=span.label_)
    return span


def ner_mentions(doc: Doc, sents: list[int]) -> list[Mention]:
    not_names = load_rules().not_names
    lower = common_words(doc)
    person_words = {w for e in doc.ents if e.label_ == "PERSON" and len(e.text.split()) > 1
                    for w in e.text.split()}
    found = []
    for ent in doc.ents:
        cls = NER_CLASSES.get(ent.label_)
        if cls is None or "\n" in ent.text.strip():
            continue
        span = trim_span(ent)
        if span is None:
            continue
        owned = next((t.i for t in span[:-1] if t.text in ("'s", "’s")), None)
        owner = doc[span.start:owned].text if owned is not None else ""
        if owned is not None and (owner in gazetteer_forms() or any(w in person_words for w in owner.split())):
            # "Trump's Gulf trip", "Rwanda's Centre for ...": NER ran a known owner and
            # the owned together (a possessive after an unknown word stays inside one
            # name); only a full name after the possessive is kept
            rest = doc[owned + 1:span.end]
            head = rest[-1].lower_ if len(rest) else ""
            if len(rest) >= 2 and head in head_word_classes():
                span, cls = rest, head_word_classes()[head]
            elif cls == "Person" and len(rest) == 1 and rest[0].text[:1].isupper():
                span, cls = rest, "Organization"   # "Jane Roe's Acme": her company
            else:
                continue
        if (cls == "Organization" and len(span) == 3 and span[1].lower_ in ("and", "&")
                and not is_portfolio(doc, span) and span[2].text not in load_rules().company_suffixes
                and all(t.text[:1].isupper() and t.is_alpha and t.lower_ not in head_word_classes()
                        for t in (span[0], span[2]))):
            # "Acme and Zentrix": two companies NER ran together
            for t in (span[0], span[2]):
                if t.text not in not_names and t.text not in gazetteer_forms() \
                        and not is_generic(doc, doc[t.i:t.i + 1], t.text, cls, lower, person_words):
                    found.append(Mention(t.i, t.i + 1, t.text, "Organization", t.text, sents[t.i]))
            continue
        joined = two_names_joined(doc, span) if cls == "Organization" else None
        if joined is not None:
            # "Corrib Compute and Quarrel Systems", "University of Lorn and Jane Roe"
            found += [joined_part(part, sents) for part in joined]
            continue
        if cls == "Person":
            span = without_place_of(doc, with_family_names(doc, without_title_field(
                doc, with_given_name(doc, span))))
        elif cls == "Organization":
            span = without_place_of(doc, span, person=False)
        text = span.text
        if text in not_names or not any(c.isupper() for c in text) or text in gazetteer_forms() \
                or is_bare_title(text):
            continue
        if in_title_case_line(doc, span.start) and repeated_suffix_start(doc, span.start, span.end + 1) is None \
                and not written_elsewhere(doc, span):
            continue  # headings capitalise every word: trust only names the text repeats
        if (is_heading_line(doc, span.start) or (in_line_label(doc, span.start, span.end)
                                                 and not (cls == "Person" and len(span) > 1))) \
                and not written_elsewhere(doc, span):
            continue  # "Common Questions", "What's on the Table?", "Key Takeaways: ..."
        if text.split()[-1].lower() in load_rules().given_things:
            continue  # "the Turing Award", "a Nobel Prize": a thing given, not who gives it
        if is_generic(doc, span, POSSESSIVE.sub("", text), cls, lower, person_words):
            continue
        if cls == "Organization" and "-" in text and len(text.split()) == 1:
            given = doc[span.start - 1] if span.start > 0 else None
            if given is not None and is_given_name_before(given):
                # "Senator Ana Reyes-Cruz": NER read the hyphenated surname alone
                span, cls = Span(doc, given.i, span.end), "Person"
                text = span.text
            elif text not in person_words:
                continue  # "Smith-Lee": two names joined, not an organisation
            else:
                cls = "Person"   # "Ruiz-Soto said": the surname of "Ana Ruiz-Soto" named before
        if cls == "Organization" and span.end + 1 < len(doc) and doc[span.end].text in ("-", "–") \
                and doc[span.end + 1].lower_ == "based":
            cls = "Place"   # "the Lyon-based company": where it is based, not a body
        if cls == "Organization" and after_person_title(doc, span) and looks_like_personal_name(text) \
                and text.split()[-1] not in load_rules().company_suffixes:
            cls = "Person"   # "Maryland Governor Ana Ruiz-Soto": NER read the titled name as a body
        if cls == "Organization" and span.end < len(doc) and doc[span.end].lower_ in load_rules().titles_after_field:
            continue  # "Digital Minister": a portfolio, not an organisation
        if cls == "Organization" and span.end < len(doc) and doc[span.end].lower_ in load_rules().partisan_nouns \
                and doc[span.end].text[:1].isupper():
            cls = "Place"   # "a Burlington Democrat": the legislator's home, no body
        if cls == "Organization" and is_field_of_a_title(doc, span):
            continue  # "Commerce Secretary Ana Ruiz": the title's field (see portfolio_body)
        if cls == "Organization" and ends_inside_a_title(doc, span):
            continue  # "ICT Cabinet Secretary": the field and the start of a title, no body
        if cls == "Organization" and holds_the_title_before(doc, span):
            cls = "Person"   # "the Commissioner for Trade and Industry, Ana Lee-Ruiz,": NER read a body
        if cls in ("Organization", "Place") and (is_portfolio(doc, span)
                                                 or opens_with_portfolio_title(span)):
            continue  # "Minister of Digital Innovation", "Secretary of State"
        if cls == "Organization" and (is_title_phrase(text) or (
                span.end < len(doc) and doc[span.end].lower_ in load_rules().advisory_titles
                and not any(t.lower_ in head_word_classes() for t in span))):
            continue  # "National Security Advisor": a title, not a body
        if cls in ("Organization", "Place") and len(text.split()) > 2:
            words, titles = strip_titles(text.split())
            if titles and looks_like_personal_name(" ".join(words)):
                cls = "Person"   # "MNA Jane Roe": NER took a title and a name for a body
        if cls in ("Person", "Place") and len(text.split()) > 1 \
                and text.split()[-1] in load_rules().company_suffixes:
            cls = "Organization"   # "Kovar AI", "Orbit Labs": a company, not a person or place
        if cls == "Person":
            words, titles = strip_titles(text.split())
            label = POSSESSIVE.sub("", " ".join(words))
            if not label or label in not_names or label.lower() in {t[0] for t in role_title_words()}:
                continue
            if any(c.isdigit() for c in label):
                continue  # a product code read as a name ("X300 Ana Lee"): no person's name has digits
            found.append(Mention(span.start, span.end, text, "Person", label, sents[span.start],
                                 titles=" ".join(titles)))
            continue
        if text.split()[0] in load_rules().honorifics and " of " in text:
            found += split_person_of_body(doc, span, sents)
            continue
        label, year = clean_label(text)
        if not label or label in not_names or is_plural_form_word(label):
            continue
        if cls == "Event" and is_relative_date(label):
            continue  # "Last week": NER's event is a time
        if is_part_of_a_text(label):
            continue  # "Article 2", "Section 110": a part of a law, not a text of its own
        if is_known_system_with_suffix(label):
            continue  # "the Vela AI developer": the gazetteer's AI system "Vela", no company
        head = label.split()[-1].lower()
        if cls in ("Organization", "Policy", "Event") and head in head_word_classes():
            cls = head_word_classes()[head]
        if cls == "Place" and len(label) <= 3 and label.isupper():
            continue  # unknown short all-caps "GPE": usually a misread acronym
        mention = Mention(span.start, span.end, text, cls, label, sents[span.start], year=year)
        if cls == "Organization" and len(label.split()) <= 2:
            mention.long_forms = department_forms(doc, span.end, label)
        found.append(mention)
    return found


def is_plural_form_word(label: str) -> bool:
    """'both Institutes', 'the Ministries': a form word in the plural, capitalised
    for the bodies the text has named, names none of its own."""
    word = label.lower()
    if " " in label or not word.endswith("s"):
        return False
    heads = head_word_classes()
    return any(heads.get(singular) in ("Organization", "Event") for singular in
               (word[:-1], word[:-2], word[:-3] + "y"))


#: A number as laws number their parts ("2", "110(b)", "III", "5a").
PART_NUMBER = re.compile(r"^[0-9IVXLC]+[A-Za-z]?(\([0-9a-z]+\))*$")


def is_part_of_a_text(label: str) -> bool:
    """'Article 2', 'Section 110(b)', 'Annex III': a numbered part
    (``aigx:textPart``), not a text."""
    words = label.split()
    return len(words) == 2 and words[0].lower() in load_rules().text_parts \
        and bool(PART_NUMBER.match(words[1]))


def ends_inside_a_title(doc: Doc, span: Span) -> bool:
    """Whether a name's last word opens a two-word title the next word ends
    ("ICT Cabinet" before "Secretary": the field of a "Cabinet Secretary")."""
    return len(span) > 1 and span.end < len(doc) \
        and (span[-1].lower_, doc[span.end].lower_) in role_title_words()


def is_field_of_a_title(doc: Doc, span: Span) -> bool:
    """Whether NER's one-word organisation is the field of a portfolio title
    before a name ("Commerce" in "Commerce Secretary Ana Ruiz", "Data" in "the
    Data Commissioner, Ana Ruiz"), not an acronym of a body ("PIPC
    Commissioner"). Before a department title it is left to
    :func:`organisations_before_titles`, which names the department only where
    the gazetteer or the article does."""
    if len(span) != 1 or span.text.isupper() or span.end + 1 >= len(doc):
        return False
    title, after = doc[span.end], doc[span.end + 1]
    if after.text == "," and span.end + 2 < len(doc):
        after = doc[span.end + 2]
    return title.lower_ in load_rules().portfolio_titles and after.pos_ == "PROPN" \
        and after.text[:1].isupper()


def is_relative_date(label: str) -> bool:
    """"Last week", "this year": a time said relative to the article's date."""
    words = label.lower().split()
    return len(words) == 2 and words[0] in load_rules().relative_date_words


@derived
def known_system_forms() -> frozenset[str]:
    return frozenset(form for entry in ontology.gazetteer() if entry.core_cls == "AISystem"
                     for form in entry.names)


def is_known_system_with_suffix(label: str) -> bool:
    """A well-known AI system's name with a company suffix after it ("Vela AI"
    for a gazetteer system "Vela"): the system, which its own mention names."""
    words = label.split()
    return len(words) > 1 and words[-1] in load_rules().company_suffixes \
        and " ".join(words[:-1]) in known_system_forms()


def is_given_name_before(token: Token) -> bool:
    """A capitalised word outside any entity, not a title, form word or known
    name, just before a hyphenated surname: its given name ("Ana" Reyes-Cruz)."""
    return (token.is_alpha and token.text[:1].isupper() and token.text[1:].islower()
            and token.ent_type_ == "" and token.pos_ == "PROPN" and not token.is_sent_start
            and token.lower_ not in role_words() and token.lower_ not in head_word_classes()
            and token.text not in gazetteer_forms())


def is_name_word(token: Token) -> bool:
    """A capitalised word that may be part of a person's name: no title, known
    place, organisation head or other entity."""
    # the tagger reads some unknown surnames as verbs or nouns ("Torres")
    return (token.pos_ in ("PROPN", "NOUN", "VERB", "ADJ") and token.text[:1].isupper()
            and not token.text.isupper()
            and all(c.isalpha() or c in "-‑'’" for c in token.text)
            and token.ent_type_ in ("", "PERSON") and token.lower_ not in role_words()
            and token.lower_ not in head_word_classes() and token.text not in gazetteer_forms()
            and token.text not in load_rules().honorifics)


def with_family_names(doc: Doc, span: Span) -> Span:
    """NER often stops after two of four names ("[Ana Lucia] Torres Pereira"):
    take the capitalised words that follow it in the same phrase, up to four."""
    end = span.end
    while end < len(doc) and end - span.start < 4 and not doc[end - 1].whitespace_ == "" \
            and is_name_word(doc[end]):
        end += 1
    # "Ana [Ruiz]-Soto": a surname joined by a hyphen is one surname
    while end + 1 < len(doc) and is_inner_hyphen(doc, end) and doc[end + 1].is_alpha \
            and doc[end + 1].text[:1].isupper():
        end += 2
    return doc[span.start:end] if end > span.end else span


def without_title_field(doc: Doc, span: Span) -> Span:
    """A title's field NER ran into the name after it ("Chief of [Enforcement
    Jane Roe]", "Minister of [Finance Jane Roe]", "Minister of Foreign [Affairs
    Jane Roe]"): the name starts after it. A hyphenated surname is one word
    ("Minister of State Ana Ruiz-Soto" keeps "Ana")."""
    if len(span) - 2 * sum(1 for t in span if t.text == "-") < 3:
        return span
    for written in range(3):   # field words written before the span
        of = span.start - 1 - written
        if of < 1 or doc[of].lower_ != "of" or doc[of - 1].lower_ not in role_words():
            continue
        if all(t.text[:1].isupper() for t in doc[of + 1:span.start]):
            return doc[span.start + 1:span.end]
    return span


def with_given_name(doc: Doc, span: Span) -> Span:
    """NER often drops a given name it does not know ("Ana [Lúcia Pereira]",
    "Mehmet [Aydın]"): take back one capitalised word right before the span
    when it is no title, place or other known word."""
    i = span.start - 1
    if i < 0 or span.end - span.start > 2:
        return span
    token = doc[i]
    before = doc[i - 1] if i > 0 else None
    titles = role_words()
    if (token.pos_ == "PROPN" and token.is_alpha and token.text[:1].isupper()
            and not token.text.isupper() and token.ent_type_ in ("", "PERSON")
            and token.lower_ not in titles and token.text not in gazetteer_forms()
            and token.text not in load_rules().honorifics
            and (before is None or before.is_punct or "\n" in before.text
                 or before.lower_ in titles   # "Senator Renata [Campos Valadares]"
                 or (before.text[:1].islower() and before.lower_ not in ("and", "of", "for", "on")))):
        return doc[i:span.end]
    return span


def is_title_phrase(text: str) -> bool:
    """A name that ends in a person's title ("National Security Advisor")."""
    last = text.split()[-1].lower()
    return len(text.split()) > 1 and (last in load_rules().role_nouns or last in load_rules().portfolio_titles) \
        and last not in head_word_classes()


@derived
def lower_role_titles() -> frozenset[str]:
    """The gazetteer's role titles in lower case (read once, not per name)."""
    return frozenset(t.lower() for t in ontology.role_titles())


def is_bare_title(text: str) -> bool:
    """'MPs', 'MNA', 'Senators': a title or its plural names no one by itself."""
    titles = lower_role_titles()
    word = text.lower()
    return word in titles or (word.endswith("s") and word[:-1] in titles)


def opens_with_portfolio_title(span: Span) -> bool:
    """A title with its field read as one name ("Commissioners for Data
    Protection", "Bloc Commissioner for Energy"): a title, not a body."""
    titles = load_rules().portfolio_titles
    for i, token in enumerate(span[:-1]):
        word = token.lower_
        if (word in titles or (word.endswith("s") and word[:-1] in titles)) \
                and span[i + 1].lower_ in ("of", "for"):
            # only an acronym or a title's qualifier may come first ("Deputy Minister of ...")
            return all(t.text.isupper() or t.lower_ in load_rules().title_modifiers for t in span[:i])
    return False


def is_portfolio(doc: Doc, span: Span) -> bool:
    """The field of a title ("Minister of Artificial Intelligence", "Secretary of
    State"), not a body, unless it is named like one ("... Department") or is an acronym."""
    start = span.start
    if start > 0 and doc[start - 1].lower_ == "the":
        start -= 1   # "Minister of the Interior"
    # "Minister of Innovation and the Digital Economy": back over the list
    while start >= 2 and doc[start - 1].lower_ in ("and", ",", "&") and span.start - start < 8:
        start -= 1
        while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].lower_ not in load_rules().portfolio_titles:
            start -= 1
    if start < 2 or doc[start - 1].lower_ not in ("of", "for"):
        return False
    title = doc[start - 2].lower_
    if start >= 4 and doc[start - 3].text == "-":   # "Vice-President for X"
        title = f"{doc[start - 4].lower_}-{title}"
    if title not in load_rules().portfolio_titles:
        return False
    if doc[span.start - 1].lower_ in ("and", "&"):
        return True   # the last field of a list ("of Communications and Digital Technologies")
    return not span.text.isupper() and not any(t.lower_ in head_word_classes() for t in span)


def holds_the_title_before(doc: Doc, span: Span) -> bool:
    """A personal name set off by commas right after a title's portfolio ("...
    Commissioner for Trade and Industry, Ana Lee-Ruiz,"): its holder, not one
    more field of the portfolio."""
    return span.start > 0 and doc[span.start - 1].text == "," and span.end < len(doc) \
        and doc[span.end].text in (",", ".", ";") and looks_like_personal_name(span.text) \
        and is_portfolio(doc, span)


def written_elsewhere(doc: Doc, span: Span) -> bool:
    return span.text in text_outside_line(doc, span.start)


def split_person_of_body(doc: Doc, span: Span, sents: list[int]) -> list[Mention]:
    """NER reads 'Dr. Jane Roe of Acme University' as one name: a person and a body."""
    of = next(t.i for t in span if t.lower_ == "of")
    person = doc[span.start:of]
    words, titles = strip_titles([t.text for t in person if t.text not in load_rules().honorifics])
    titles = [t for t in titles if t not in load_rules().honorifics]
    out = []
    if words:
        out.append(Mention(person.start, person.end, person.text, "Person", " ".join(words),
                           sents[span.start], titles=" ".join(titles)))
    body = doc[of + 1:span.end]
    if len(body):
        out.append(Mention(body.start, body.end, body.text, "Organization", clean_label(body.text)[0],
                           sents[body.start]))
    return out


def after_based_prefix(doc: Doc, start: int, end: int) -> int:
    """'the Washington-based Acme Institute': where a body is based describes
    it; its name starts after "-based"."""
    for i in range(start, min(end - 1, start + 4)):
        if doc[i].text in ("-", "–") and doc[i + 1].lower_ == "based" and i + 2 < end:
            return i + 2
        if doc[i].lower_.endswith("-based") and i + 1 < end:
            return i + 1
    return start


def two_names_joined(doc: Doc, span: Span) -> tuple[Span, Span] | None:
    """An organisation span that is two names joined by "and": the right one a
    company ("... and Quarrel Systems") or a person after a named body ("University
    of Toronto and Jane Roe"), the left one a whole name by itself."""
    if is_portfolio(doc, span) or any(t.text == "," for t in span):
        return None   # "Department for Science, Innovation and Technology": one name
    joins = [t.i for t in span[1:-1] if t.lower_ == "and"]
    if len(joins) != 1:
        return None
    left, right = doc[span.start:joins[0]], doc[joins[0] + 1:span.end]
    if not all(t.text[:1].isupper() for t in (left[0], left[-1], right[0], right[-1])):
        return None
    suffixes = load_rules().company_suffixes
    if any(t.lower_ in ("of", "for") for t in left) and not all(t.ent_type_ == "PERSON" for t in right):
        return None   # "Minister of Communications and Digital Technologies": one portfolio
    left_named = left[-1].text in suffixes or any(t.lower_ in head_word_classes() for t in left)
    right_company = right[-1].text in suffixes and len(right) >= 2   # not a bare field
    if any(t.text == "&" for t in left) and any(t.text == "&" for t in right):
        return left, right   # "A & B Power and C & D Engineering": each has its own "&"
    if right_company and (left_named or len(left) >= 2):
        return left, right
    if ends_like_a_body(left) and ends_like_a_body(right) and len(right) >= 2:
        return left, right   # "A Holdings and B Group": each name ends as a body's does
    if left_named and looks_like_personal_name(right.text) and all(t.ent_type_ == "PERSON" for t in right):
        return left, right   # NER itself read the right one as a person
    return None


def ends_like_a_body(part: Span) -> bool:
    """Whether a name ends with an organisation's head word ("... Holdings",
    "... Group", "... University"; not a field: "House Energy", "Advanced
    Research", "RAND Technology", which a longer name goes on from)."""
    return head_word_classes().get(part[-1].lower_) == "Organization"


def joined_part(part: Span, sents: list[int]) -> Mention:
    """One of two names run together: a person when NER read it as one, else
    an organisation ("Corrib Compute and Quarrel Systems" are two companies)."""
    kind = "Person" if all(t.ent_type_ == "PERSON" for t in part) \
        and part[-1].text not in load_rules().company_suffixes else "Organization"
    part = trim_span(part) or part   # "The A Institute and B Institute": no "The" in A's name
    return Mention(part.start, part.end, part.text, kind, part.text, sents[part.start])


def trim_span(span: Span) -> Span | None:
    """Drop leading determiners and trailing punctuation/possessives from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct
                           or doc[start].is_space
                           # "Sens. Jane Roe": a title, not part of the name
                           or doc[start].text in load_rules().title_abbreviations
                           # "its first Commons vote": a lower-case adjective describes the name
                           or (doc[start].is_lower and doc[start].tag_ in ("JJ", "JJS")
                               and start + 1 < end)):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space
                           or doc[end - 1].text in ("'s", "’s", "'")):
        end -= 1
    # "the Republican-led U.S. Senate": who holds a body describes it, not its name
    while end - start > 3 and doc[start + 1].text in ("-", "–") and doc[start + 2].lower_ in load_rules().control_words:
        start += 3
    start = after_based_prefix(doc, start, end)
    # "fined X 4 million euros": NER ran the amount into the name
    if doc[end - 1].lower_ in load_rules().amount_words and end - start > 2 and doc[end - 2].like_num:
        end -= 2
    for i in range(start + 1, end - 1):
        if doc[i].text in ("-", "–", "—") and doc[i - 1].whitespace_ and doc[i].whitespace_:
            start = i + 1   # "OTTAWA - Government AI": a dateline ran into the name
    return doc[start:end] if end > start else None


def defined_acronyms(doc: Doc, sents: list[int], mentions: list[Mention]) -> list[Mention]:
    """'Open Rights Europe (ORE)': capitalised words whose initials spell the
    all-capital acronym in brackets after them name a body, even when NER
    missed it (an existing mention there wins)."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    for k in range(2, len(doc) - 2):
        acronym = doc[k + 1].text
        if doc[k].text != "(" or doc[k + 2].text != ")" or not (2 <= len(acronym) <= 6) \
                or not acronym.isalpha() or not acronym.isupper():
            continue
        start = long_form_start(doc, k, acronym)
        if start is None or any(i in taken for i in range(start, k)):
            continue
        label = doc[start:k].text
        head = doc[k - 1].lower_
        cls = head_word_classes().get(head, "Organization")
        if cls in ("Country", "Place", "Person") or label in load_rules().not_names:
            continue
        found.append(Mention(start, k, label, cls, label, sents[start]))
    return found


def long_form_start(doc: Doc, bracket: int, acronym: str) -> int | None:
    """Where the words before ``bracket`` start whose initials (connectors
    skipped) spell ``acronym``; None when they do not."""
    letters = list(acronym.lower())
    fillers = (NAME_CONNECTORS - {"-", "–"}) | load_rules().name_particles   # "of", "de", "für"
    i = bracket - 1
    while i >= 0 and letters:
        word = doc[i]
        if word.lower_ in fillers and i < bracket - 1:
            i -= 1
            continue
        if not (word.is_alpha and word.text[:1].isupper()) or word.text[0].lower() != letters[-1]:
            return None
        letters.pop()
        i -= 1
    start = i + 1
    while start < bracket and doc[start].lower_ in fillers:
        start += 1
    return start if not letters and bracket - start >= 2 else None


def acronym_owners(doc: Doc, mentions: list[Mention]) -> dict[str, Mention]:
    """'Long Name (LN)': each acronym the article defines -> the name it stands
    for (which takes it as an alias)."""
    defined: dict[str, Mention] = {}
    for m in mentions:
        if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
            acronym = doc[m.end + 1].text
            if acronym.isupper() or (sum(c.isupper() for c in acronym) >= 2 and acronym.isalpha()):
                m.aliases.add(acronym)
                defined[acronym] = m
    return defined


def acronym_mentions(doc: Doc, sents: list[int], defined: dict[str, Mention]) -> list[Mention]:
    """'Long Name (LN)': the acronym's later uses are forms of the long name
    (``defined``: :func:`acronym_owners`)."""
    found = []
    for token in doc:
        owner = defined.get(token.text)
        if owner is not None and not (owner.start <= token.i < owner.end + 3):
            found.append(Mention(token.i, token.i + 1, token.text, owner.cls, owner.label,
                                 sents[token.i], key=owner.key, aliases={token.text}))
    return found


#: Classes a name spelled out by an acronym can have (people and places are not
#: shortened to their initials in news).
SPELLED_CLASSES = frozenset({"Organization", "Agreement", "Policy", "Document", "Event"})


def initials(label: str) -> str:
    """What an acronym of a name spells: each word's first letter, connectors
    skipped, a word in capitals whole ("AI Safety Board" -> "AISB")."""
    fillers = (NAME_CONNECTORS - {"-", "–"}) | load_rules().name_particles
    letters = []
    for word in label.replace("-", " ").split():
        if word.lower() in fillers:
            continue
        letters.append(word if word.isupper() and word.isalpha() else word[:1])
    return "".join(letters).upper()


def spelled_acronyms(mentions: list[Mention]) -> list[Mention]:
    """'The Federal Digital Markets Board ... the FDMB': an acronym the article
    never defines but whose letters spell exactly one longer name it gives is
    that name (an acronym the gazetteer knows keeps its entry)."""
    spelled: dict[str, set[str]] = defaultdict(set)
    longer = [m for m in mentions if m.cls in SPELLED_CLASSES and len(m.label.split()) >= 2
              and not m.label.isupper()]
    for m in longer:
        spelled[initials(m.label)].add(m.label)
    owners = {m.label: m for m in longer}
    for m in mentions:
        text = m.label
        if m.key or " " in text or not (2 <= len(text) <= 6) or not text.isupper() \
                or not text.isalpha() or len(spelled.get(text, ())) != 1:
            continue
        owner = owners[next(iter(spelled[text]))]
        for other in longer:
            if other.label == owner.label:
                other.aliases.add(text)
        m.cls, m.label, m.key, m.kind, m.country = \
            owner.cls, owner.label, owner.key, owner.kind, owner.country
        m.aliases.add(text)
    return mentions


def compose_national_bodies(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """'US Treasury' / 'UK Home Office': a country's short form before an organisation
    names that country's body; join them into one organisation mention."""
    by_start = {m.start: m for m in mentions}
    out, skip = [], set()
    for m in mentions:
        if id(m) in skip:
            continue
        nxt = by_start.get(m.end)
        if (m.cls == "Country" and nxt is not None and nxt.cls == "Organization"
                and nxt.key is None and m.text.replace(".", "").isupper()):
            text = doc[m.start:nxt.end].text
            out.append(Mention(m.start, nxt.end, text, "Organization", text, m.sent,
                               aliases={nxt.label}, country=m.key))
            skip.add(id(nxt))
            continue
        out.append(m)
    return out


def mark_national_bodies(mentions: list[Mention], inner: list[Mention]) -> None:
    """'Chilean Ministry of Science', 'UK AI Security Institute': an organisation
    whose name starts with a country or its demonym belongs to that country."""
    # a capital opening a name says where ("Tallinn University"), not whose
    starts = {m.start: m for m in inner if m.cls == "Country" and m.key
              and m.text != gazetteer_index()[m.key].capital}
    for m in mentions:
        if m.cls == "Organization" and m.country is None and m.start in starts:
            m.country = starts[m.start].key


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@derived
def gazetteer_forms() -> frozenset[str]:
    """Every name, alias, demonym and capital in the gazetteer."""
    forms = set()
    for entry in ontology.gazetteer():
        forms |= {entry.label, *entry.aliases, *entry.demonyms}
        if entry.capital:
            forms.add(entry.capital)
    return frozenset(forms)


def names_inside_events(doc: Doc, sents: list[int], mentions: list[Mention]) -> list[Mention]:
    """People written inside an event's name ("the Smith-Lee summit") when the
    article names them elsewhere."""
    people = {}
    for m in mentions:
        words = m.label.split()
        if m.cls == "Person" and len(words) >= 2:
            people.setdefault(words[0], m.label)
            people.setdefault(words[-1], m.label)
    found = []
    for m in mentions:
        if m.cls != "Event":
            continue
        for token in doc[m.start:m.end]:
            if token.text in people:
                found.append(Mention(token.i, token.i + 1, token.text, "Person", token.text,
                                     sents[token.i], inner=True))
    return found


def organisations_before_titles(doc: Doc, sents: list[int], mentions: list[Mention]) -> list[Mention]:
    """'Acme CEO Jane Doe': the proper noun before a title names an organisation."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    titles = role_words()
    heads = set(load_rules().head_titles)
    found = []
    for m in mentions:
        if m.cls != "Person" or m.start < 2:
            continue
        j = m.start - 1
        if doc[j].lower_ not in heads and doc[j].lower_ not in load_rules().department_titles:
            continue
        k = j
        portfolio = doc[j].lower_ in load_rules().portfolio_titles
        while k > 0 and doc[k - 1].pos_ == "PROPN" and doc[k - 1].i not in taken \
                and (doc[k - 1].lower_ not in titles or portfolio) and doc[k - 1].text[:1].isupper() \
                and doc[k - 1].lower_ not in load_rules().title_modifiers:
            k -= 1
        if k < j:
            text = doc[k:j].text
            if text not in load_rules().not_names and text not in gazetteer_forms():
                if doc[j].lower_ in load_rules().portfolio_titles:
                    mention = portfolio_body(doc, k, j, text, sents[k], mentions)
                    if mention is not None:
                        found.append(mention)
                    continue
                mention = Mention(k, j, text, "Organization", text, sents[k])
                mention.long_forms = department_forms(doc, j, text)
                found.append(mention)
    return found


def owners_of_titles(doc: Doc, sents: list[int], mentions: list[Mention]) -> list[Mention]:
    """'Acme's chief executive, Jane Roe,': the proper noun that owns a title
    held by the person named next names an organisation (NER often misses a
    one-word company before a possessive). Not a person's name ("Roe's chief of
    staff") nor a known place or country."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    people = {m.start: m for m in mentions if m.cls == "Person"}
    surnames = {w for m in mentions if m.cls == "Person" and len(m.label.split()) > 1
                for w in m.label.split()}
    titles = role_words() | set(load_rules().head_titles)
    lower = common_words(doc)
    found = []
    for token in doc:
        if token.text not in ("'s", "’s") or token.i == 0 or token.i - 1 in taken:
            continue
        k = token.i
        # a sentence's first word may be tagged a noun: a word the text never
        # writes in lower case is still a name
        while k > 0 and doc[k - 1].pos_ in ("PROPN", "NOUN") and doc[k - 1].text[:1].isupper() \
                and doc[k - 1].is_alpha and doc[k - 1].lower_ not in lower \
                and doc[k - 1].i not in taken and token.i - k < 4:
            k -= 1
        if k == token.i:
            continue
        j = token.i + 1
        while j < len(doc) and j - token.i <= 6 and doc[j].text != "," and doc[j].is_lower:
            j += 1
        if j >= len(doc) or doc[j].text != "," or j + 1 not in people \
                or not any(t.lower_ in titles for t in doc[token.i + 1:j]):
            continue
        text = doc[k:token.i].text
        generic = {w.lower() for w in text.split()} & (set(load_rules().anaphor_heads)
                                                       | set(head_word_classes()) | titles)
        if text in gazetteer_forms() or text in load_rules().not_names or text in surnames or generic:
            continue
        found.append(Mention(k, token.i, text, "Organization", text, sents[k]))
        taken |= set(range(k, token.i))
    return found


BODY_FORMS = ("{} Department", "Department of {}", "Department of the {}", "{} Ministry",
              "Ministry of {}", "{} Office")


def portfolio_body(doc: Doc, k: int, j: int, field: str, sent: int,
                   mentions: list[Mention], country_end: int | None = None) -> Mention | None:
    """'Commerce' in '(US) Commerce Secretary X' is the field of a title: it stands
    for the country's department of that field when the gazetteer knows it
    ("US Department of Commerce") or the article names it ("the Commerce
    Department"), else for nothing ("UK Technology Secretary X" serves the UK,
    no organisation "UK Technology")."""
    at = k if country_end is None else country_end   # "US" in "US Secretary of Commerce X"
    before = next((m for m in mentions if m.end == at and m.cls == "Country" and m.key), None)
    for form in BODY_FORMS:
        name = form.format(field)
        for entry in ontology.gazetteer():
            if entry.core_cls != "Organization" or not entry.country:
                continue
            if before is not None and entry.country != before.key:
                continue
            prefixed = {f"{c} {name}" for c in (gazetteer_index()[entry.country].names
                                                 + gazetteer_index()[entry.country].demonyms)}
            if name in entry.names if before is None else (name in entry.names or prefixed & set(entry.names)):
                return Mention(k, j, field, "Organization", entry.label, sent, key=entry.key,
                               same_as=entry.same_as, kind=entry.cls, country=entry.country)
    text = doc.text
    if before is None and any(form.format(field) in text for form in BODY_FORMS):
        mention = Mention(k, j, field, "Organization", field, sent)
        mention.long_forms = department_forms(doc, j, field)
        return mention
    return None


def department_forms(doc: Doc, end: int, name: str) -> set[str]:
    """'Commerce' in 'Commerce Secretary X' stands for the Commerce Department
    (if the article names it); resolution matches either word order."""
    if end < len(doc) and doc[end].lower_ in load_rules().department_titles:
        return {f"{name} Department"}
    return set()


QUOTES_OPEN = {'"', "“", "‘"}
QUOTES_CLOSE = {'"', "”", "’"}
QUOTED_TITLE_CLASSES = ("Document", "Policy", "Agreement", "Event")
TITLE_PUNCTUATION = {",", ":"}   # with the title lead words: 'the report, "..."'


def quoted_titles(doc: Doc, sents: list[int]) -> list[Mention]:
    """'the report, "Engineered Risk: ...", was published' / 'a strategy titled "..."':
    a title-case quotation next to a document, policy or agreement noun names one."""
    heads = load_rules().anaphor_heads
    found = []
    i = 0
    while i < len(doc):
        if doc[i].text not in QUOTES_OPEN:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j - i <= 16 and doc[j].text not in QUOTES_CLOSE and "\n" not in doc[j].text:
            j += 1
        if j >= len(doc) or doc[j].text not in QUOTES_CLOSE:
            i += 1
            continue
        inner = doc[i + 1:j]
        words = [t for t in inner if t.is_alpha and len(t.text) > 3]
        title_case = len(words) >= 2 and sum(t.text[:1].isupper() for t in words) >= 0.6 * len(words)
        cls = None
        k = i - 1
        lead = None
        while k >= 0 and (doc[k].lower_ in TITLE_PUNCTUATION or doc[k].lower_ in load_rules().title_lead_words):
            lead = doc[k] if doc[k].lower_ in load_rules().title_lead_words else lead
            k -= 1
        nouns = (doc[k] if k >= 0 and doc[k].lower_ in heads else None,
                 noun_after_title(doc, j, heads),              # '"...", a report by X'
                 titled_noun(lead, heads) if lead is not None else None,  # "research by X, titled "...""
                 noun_in_apposition(inner, heads))             # 'published a study last month, "..."'
        # the first noun of a titled kind names it ("the think tank Lab, titled "..."" is no lab's name)
        cls = next((heads[n.lower_] for n in nouns if n is not None
                    and heads[n.lower_] in QUOTED_TITLE_CLASSES), None)
        if lead is not None and words and inner[0].text[:1].isupper():
            title_case = True   # "titled "Machines amies"": sentence case is a title too
        if title_case and cls is not None:
            label = inner.text.strip(" ,.")
            found.append(Mention(inner.start, inner.end, label, cls, label, sents[inner.start]))
        i = j + 1
    return found


def noun_after_title(doc: Doc, close: int, heads: dict[str, str]) -> Token | None:
    """The text noun right after a closing quote, over a comma, an article and
    an adjective or two ('"...", a new report by X', '"..." report')."""
    k = close + 1
    while k < len(doc) and k - close <= 4:
        token = doc[k]
        if token.lower_ in heads:
            return token
        if not (token.text in TITLE_PUNCTUATION or token.pos_ in ("DET", "ADJ")):
            return None
        k += 1
    return None


def noun_in_apposition(inner: Span, heads: dict[str, str]) -> Token | None:
    """The text noun a quoted title stands in apposition to, wherever the
    parser hung it ('published a study last month, "..."')."""
    root = inner.root
    if root.dep_ == "appos" and root.head.lower_ in heads and root.head.i < inner.start:
        return root.head
    if root.dep_ == "dobj":   # read as a second object of the verb: "published a study, "...""
        first = next((c for c in root.head.children if c.dep_ == "dobj" and c.i < inner.start
                      and c.lower_ in heads), None)
        if first is not None:
            return first
    return next((c for c in root.children if c.dep_ == "appos" and c.lower_ in heads
                 and c.i >= inner.end), None)


def titled_noun(lead: Token, heads: dict[str, str]) -> Token | None:
    """The text noun "titled" describes, climbing over a "by X" it may hang on
    ("research by the X Institute, titled ...")."""
    noun = lead.head
    for _ in range(3):
        if noun.lower_ in heads:
            return noun
        if noun.dep_ not in ("pobj", "appos") or noun.head.i == noun.i:
            return None
        noun = noun.head.head if noun.dep_ == "pobj" else noun.head
    return None


def person_positions(doc: Doc) -> Iterator[tuple[int, int]]:
    """(start, step) of each place where a run of capitalised words names a
    person by its context: next to a verb of saying ('said Ana Ruiz', 'Ana Ruiz
    said') or before an apposition headed by a role noun ('Ana Ruiz, a senior
    director at ...')."""
    rules = load_rules()
    for token in doc:
        if token.lemma_.lower() in rules.speech_verbs and token.pos_ == "VERB":
            yield token.i + 1, 1
            yield token.i - 1, -1
        elif (token.dep_ == "appos" and (token.lower_ in role_words() or is_stance_noun(token, rules))
              and token.head.pos_ == "PROPN"
              and token.head.i < token.i and doc[token.head.i + 1].text == ","):
            yield token.head.i, -1
        elif (token.dep_ == "appos" and token.pos_ == "PROPN" and token.head.lower_ in role_words()
              and token.head.i < token.i and doc[token.i - 1].pos_ == "PROPN"
              and token.i + 1 < len(doc) and doc[token.i + 1].is_punct):
            yield token.i, -1   # "the digital minister, Ana Soto, said"
        elif is_title_before_name(doc, token):
            yield token.i + 1, 1   # "signed into law by Governor Ana Ruiz"


def is_stance_noun(token: Token, rules) -> bool:
    """'the bill's sponsor', 'a critic of the rule': a noun only a person or body is."""
    lemma = token.lemma_.lower()
    return lemma in rules.backer_nouns or lemma in rules.opponent_nouns


def is_title_before_name(doc: Doc, token: Token) -> bool:
    """A capitalised title a person holds ("Governor", "Senator") right before
    two name words."""
    return (is_person_title(token) and token.i + 2 < len(doc)
            and is_name_word(doc[token.i + 1]) and is_name_word(doc[token.i + 2]))


def is_person_title(token: Token) -> bool:
    """A capitalised title a person holds ("Governor", "Senator"), not a word
    that only qualifies one ("Former", "Acting")."""
    return (token.text[:1].isupper() and token.lower_ in role_words()
            and token.lower_ not in load_rules().title_prefixes)


def is_loose_surname(doc: Doc, m: Mention) -> bool:
    """A one-word organisation from NER alone, right after a capitalised word
    that compounds with it: likely a surname ("Ana Soto" read as "Soto", ORG)."""
    return (m.cls == "Organization" and not m.key and m.end - m.start == 1 and m.start > 0
            and doc[m.start - 1].pos_ == "PROPN" and doc[m.start - 1].dep_ == "compound"
            and doc[m.start - 1].head.i == m.start and m.label.lower() not in head_word_classes())


def speaker_mentions(doc: Doc, sents: list[int], mentions: list[Mention]) -> list[Mention]:
    """Two or three capitalised words in a person's position (see
    :func:`person_positions`) name a person even when NER misses them or took
    the surname alone for an organisation ("[Ana [Soto]ORG] said")."""
    taken = {i for m in mentions for i in range(m.start, m.end) if not is_loose_surname(doc, m)}
    found = []
    for start, step in person_positions(doc):
        run, hyphens = [], []
        j = start
        while 0 <= j < len(doc) and len(run) < 3 and j not in taken:
            if doc[j].text == "-" and run and is_inner_hyphen(doc, j):
                hyphens.append(j)   # "Ana Ruiz-Soto": one surname
            elif doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].is_alpha:
                run.append(j)
            else:
                break
            j += step
        if len(run) < 2:
            continue
        a, b = min(run + hyphens), max(run + hyphens) + 1
        if a in hyphens or b - 1 in hyphens:
            continue   # "said Ana Ruiz-": a hyphen at either end joins nothing
        span = without_title_field(doc, doc[a:b])
        a, b = span.start, span.end
        words, titles = strip_titles(doc[a:b].text.split())
        label = " ".join(words)
        if len(words) >= 2 and label not in gazetteer_forms() and label not in load_rules().not_names:
            found.append(Mention(a, b, doc[a:b].text, "Person", label, sents[a],
                                 titles=" ".join(titles)))
            taken |= set(range(a, b))
    return found


def listed_people(doc: Doc, sents: list[int], mentions: list[Mention]) -> list[Mention]:
    """Two or three name words coordinated with a person ("Presidents A B of X
    and C D of Y", "A B, C D and E F") name a person too when NER missed them."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    people = [m for m in mentions if m.cls == "Person" and len(m.label.split()) >= 2]
    found = []
    for person in people:
        root = doc[person.start:person.end].root
        for token in root.subtree:
            if token.dep_ != "conj" or token.i in taken or not is_name_word(token) \
                    or not is_conjunct_of(token, root):
                continue
            start = token.i
            while start > 0 and (is_name_word(doc[start - 1]) and doc[start - 1].dep_ == "compound"
                                 or is_inner_hyphen(doc, start - 1)) and start - 1 not in taken:
                start -= 1
            words = [t for t in doc[start:token.i + 1] if t.is_alpha or "-" in t.text]
            if not 2 <= len([t for t in words if t.text not in "-‑"]) <= 3:
                continue
            span = doc[start:token.i + 1]
            found.append(Mention(span.start, span.end, span.text, "Person", span.text,
                                 sents[span.start]))
            taken |= set(range(span.start, span.end))
    return found


def hyphenated_surnames(doc: Doc, sents: list[int], mentions: list[Mention]) -> list[Mention]:
    """A person's hyphenated surname on its own ("Ruiz-Soto, who chairs ...")
    names that person wherever NER missed it: a surname joined by a hyphen is
    rare enough to be theirs (a lone "Soto" may be anyone's)."""
    surnames = {tuple(m.label.split()[-1].replace("‑", "-").split("-")) for m in mentions
                if m.cls == "Person" and len(m.label.split()) >= 2 and "-" in m.label.split()[-1]}
    if not surnames:
        return []
    taken = {i for m in mentions for i in range(m.start, m.end)}
    starts: dict[str, list[int]] = {}
    for token in doc:   # where each first part stands, so the doc is read once
        starts.setdefault(token.text, []).append(token.i)
    found = []
    for parts in sorted(surnames):
        n = 2 * len(parts) - 1   # "Ruiz", "-", "Soto"
        for start in starts.get(parts[0], ()):
            span = doc[start:min(start + n, len(doc))]
            if len(span) < n or any(i in taken for i in range(span.start, span.end)) \
                    or tuple(t.text for t in list(span)[::2]) != parts \
                    or not all(is_inner_hyphen(doc, i) for i in range(start + 1, start + n, 2)):
                continue
            found.append(Mention(span.start, span.end, span.text, "Person", span.text,
                                 sents[span.start]))
            taken |= set(range(span.start, span.end))
    return found


def hyphenated_given_names(doc: Doc, sents: list[int], mentions: list[Mention]) -> list[Mention]:
    """A family name before a hyphenated given name whose second part is written
    in lower case ("Oh Min-jun", "Hwang Ji-yeon", as Korean names are romanised):
    one person, whatever NER made of it (it often stops at the hyphen or reads
    the family name as a place). Mentions inside the name give way to it; a
    longer name around it stays."""
    found: list[Mention] = []
    spans = list(given_name_spans(doc))
    if not spans:
        return mentions
    covering = {i: m for m in mentions for i in range(m.start, m.end)}
    replaced: set[int] = set()
    for start, end in spans:
        inside = {id(m): m for i in range(start, end) if (m := covering.get(i)) is not None}
        if any(m.start < start or m.end > end for m in inside.values()) \
                or any(m.key for m in inside.values()):
            continue   # part of a longer name, or a known entity
        titles = " ".join(m.titles for m in inside.values() if m.cls == "Person" and m.titles)
        replaced |= set(inside)
        text = doc[start:end].text
        found.append(Mention(start, end, text, "Person", text, sents[start], titles=titles))
    keep = [m for m in mentions if id(m) not in replaced]
    return sorted(keep + found, key=lambda m: m.start)


#: One romanised East Asian syllable ("min", "jun", "hoon", "yeon", "kyung", "ing",
#: "wen"): an onset, one to three vowels, an optional nasal or stop. English
#: words after a hyphen ("era", "style", "led", "based") do not fit.
SYLLABLE = re.compile(r"^[bcdghjklmnprstwyz]{0,2}[aeiouy]{1,3}(?:ng|[nmk])?$")


def given_name_spans(doc: Doc) -> Iterator[tuple[int, int]]:
    """(start, end) of each "Family Given-name" written as "Xx Yy-zz"."""
    for i in range(len(doc) - 3):
        family, given, hyphen, second = doc[i], doc[i + 1], doc[i + 2], doc[i + 3]
        if (hyphen.text == "-" and given.whitespace_ == "" and hyphen.whitespace_ == ""
                and second.is_alpha and second.text.islower() and SYLLABLE.match(second.text)
                and SYLLABLE.match(given.lower_) and given.ent_type_ not in ("EVENT", "DATE", "NORP")
                and second.lower_ not in load_rules().control_words   # "Republican-led"
                and given.is_alpha and given.text[:1].isupper() and given.text[1:].islower()
                and len(given) <= 5 and not family.is_stop
                and family.is_alpha and family.text[:1].isupper() and family.text[1:].islower()
                and len(family) <= 5 and family.lower_ not in role_words()
                and family.lower_ not in head_word_classes()):
            yield i, i + 4


def is_conjunct_of(token: Token, root: Token) -> bool:
    """Whether the token hangs on the root through "conj" links only."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
        if token.i == root.i:
            return True
    return False


def is_inner_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen inside one word ("Abou-Zeid", "Secretary-General")."""
    return doc[i].text in ("-", "‑") and i > 0 and not doc[i - 1].whitespace_ \
        and not doc[i].whitespace_


RETYPABLE = {"Organization", "Event", "Agreement", "Policy", "Document", "Place"}


def after_person_title(doc: Doc, span: Span) -> bool:
    """Whether a capitalised title a person holds ("Governor", "Senator") is written right before."""
    return span.start > 0 and is_person_title(doc[span.start - 1])


def looks_like_personal_name(label: str) -> bool:
    """Two or three capitalised words, none a form word of a class ("Institute")."""
    words = label.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w.replace("-", "").isalpha()
                                         for w in words) \
        and not any(w.lower() in head_word_classes() for w in words)


def retype_by_apposition(doc: Doc, mentions: list[Mention]) -> None:
    """What a name's apposition calls it beats what its last word suggests:
    "the Digital Rights Forum, an advocacy group" is an organisation, not an
    event. Only towards an organisation (the other heads are ambiguous: "a
    forum of 29 countries" is no event), towards an AI system for an app or a
    chatbot ("X, a companion app", "a chatbot named X") and towards a person
    for a title no firm holds ("the department's envoy", not "an adviser to
    the Treasury"; "Its deputy general secretary, X,")."""
    rules = load_rules()
    heads = rules.anaphor_heads
    retyped: dict[str, str] = {}
    for m in mentions:
        named = doc[m.start:m.end].root
        if not m.key and named.dep_ in ("oprd", "attr") and named.head.dep_ == "acl" \
                and named.head.lemma_.lower() in ("call", "name", "dub") \
                and named.head.head.lower_ in rules.system_appositives:
            retyped[m.label] = "AISystem"   # "a chatbot named X", whatever NER thought X was
            continue
        if m.key:
            continue
        if m.cls == "Person":
            # "X, a Shenzhen company that ...", "the companion chatbot X": what the
            # noun beside the name calls it beats NER's guess of a person
            cls = kind_beside(named, m.start, rules)
            if cls:
                retyped[m.label] = cls
            continue
        if m.cls == "Event" and speaks(named, rules):
            retyped[m.label] = "Organization"   # "the X Forum said / warned": events do not speak
            continue
        if m.cls not in RETYPABLE:
            continue
        cls = kind_beside(named, m.start, rules, after=m.cls == "Place")
        if cls and cls != m.cls:
            # "the Recife start-up X", "X, a face-swap app": the noun beside the
            # name says what NER guessed (a place, a body) is not
            retyped[m.label] = cls
            continue
        for child in named.children:
            # (a capitalised title is tagged a proper noun: "X, the Under Secretary of ...")
            if child.dep_ != "appos" or child.pos_ not in ("NOUN", "PROPN") or child.i < m.end:
                continue
            compound = " ".join(t.lower_ for t in child.lefts if t.dep_ == "compound")
            cls = heads.get(f"{compound} {child.lower_}".strip()) or heads.get(child.lower_)
            if child.pos_ == "NOUN" and names_a_kind(cls, child, rules):
                retyped[m.label] = cls   # "X, a companion app": a system ("a practical tool" may be a code)
            elif ((child.lower_ in rules.role_nouns or child.lower_ in role_words())
                  and child.lower_ not in rules.advisory_titles
                  and looks_like_personal_name(m.label)):
                retyped[m.label] = "Person"   # "Nadia Karim, the department's envoy"
        if (named.dep_ == "appos" and (named.head.lower_ in rules.role_nouns or named.head.lower_ in role_words())
                and named.head.lower_ not in rules.advisory_titles and named.head.i < m.start
                and looks_like_personal_name(m.label)):
            retyped[m.label] = "Person"   # "Its deputy general secretary, Jane Roe,"
    for m in mentions:   # every mention of the name in this article
        if not m.key and m.label in retyped:
            m.cls = retyped[m.label]


def speaks(named: Token, rules) -> bool:
    """Whether an event's name whose head may also name a body ("Forum",
    ``aigx:bodyOrEventHead``) is the subject of a verb of saying or urging ("the
    X Forum warned", "... has called for") or of taking a stand ("the X Forum
    welcomed / criticised the rule"): a body, since events do not speak or take
    stands ("the summit said" stays an event: its head names no body)."""
    stances = rules.triggers.get("supports", frozenset()) | rules.triggers.get("opposes", frozenset())
    return named.lower_ in rules.body_or_event_heads and named.dep_ == "nsubj" \
        and named.head.lemma_.lower() in rules.speech_verbs | rules.appeal_verbs | stances


def kind_beside(named: Token, start: int, rules, after: bool = True) -> str | None:
    """The class a noun in apposition gives a name, when that noun is itself
    the kind of thing ("X, a company", "the chatbot X"), not a title or a
    compound of one ("a company director"): an organisation or an app.
    ``after``: also a system noun right after a lone name ("the Vela model"),
    which makes a person's name a system but may follow a company's."""
    nouns = [c for c in named.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > named.i]
    if named.dep_ == "appos" and named.head.pos_ == "NOUN" and named.head.i < named.i:
        nouns.append(named.head)
    # "the companion chatbot X": the kind parsed as a compound of the name, just before it
    before = named.doc[start - 1] if start > 0 else None
    if before is not None and before.dep_ == "compound" and before.pos_ in ("NOUN", "ADJ") \
            and before.head.i == named.i:   # "the nonprofit X" (tagged an adjective)
        nouns.append(before)
    for noun in nouns:
        cls = rules.anaphor_heads.get(noun.lower_)
        if names_a_kind(cls, noun, rules):
            return cls
    # "the Vela model", "its Marnie chatbot": a lone name compounding a system noun after it
    if after and (named.dep_ == "compound" and named.head.i > named.i
            and named.head.lower_ in rules.system_heads_after_name
            and all(t.dep_ == "compound" and t.pos_ == "NOUN" for t in named.doc[named.i + 1:named.head.i])):
        return "AISystem"
    return None


def names_a_kind(cls: str | None, noun: Token, rules) -> bool:
    """Whether a noun beside a name settles its class: any organisation noun, but
    of the system nouns only an app's or a chatbot's, or a model, tool or service
    qualified as an AI one ("a practical tool" may be a code, "a model" a
    framework; "a large language model", "a voice-cloning tool" are systems)."""
    return cls == "Organization" or (cls == "AISystem" and (
        noun.lower_ in rules.system_appositives
        or (noun.lemma_.lower() in ("model", "tool", "service")
            and any(c.lower_ in rules.model_qualifiers for c in noun.children
                    if c.dep_ in ("compound", "amod", "npadvmod")))))


LIST_GLUE = {",", "and", "or", "&", "(", ")", "as", "well", "plus", "Inc", "Inc.", "Corp", "Corp."}
DOMAIN_NAME = re.compile(r"^[A-Za-z][\w-]*\.(?:ai|com|io|org|net|co)$")


def list_neighbours(doc: Doc, m: Mention, by_start: dict[int, Mention],
                    by_end: dict[int, Mention]) -> list[Mention]:
    """The mentions next to ``m`` in a list ("X, Y and Z", "X (TICK), Y"): only
    commas, conjunctions, parentheses and ticker symbols between them."""
    out = []
    for step, index, edge in ((-1, by_end, m.start), (1, by_start, m.end)):
        i = edge if step == 1 else edge - 1
        glue = 0
        while 0 <= i < len(doc) and glue < 6:
            k = i if step == 1 else i + 1
            if k in index and glue:
                out.append(index[k])
                break
            t = doc[i]
            if t.text in LIST_GLUE or (t.text.isupper() and t.is_alpha and doc[i - 1].text == "("):
                glue += 1
                i += step
                continue
            break
    return out


def owns_a_system(doc: Doc, m: Mention, by_start: dict[int, Mention]) -> bool:
    """Whether a name owns the AI system named right after it ("X's Y model")."""
    owned = by_start.get(m.end + 1)
    return m.end < len(doc) and doc[m.end].lower_ in ("'s", "’s") and owned is not None \
        and owned.cls == "AISystem"


CAMEL_CASE = re.compile(r"^[A-Z][a-z]+[A-Z]\w*$")
CAPITALS_TAIL = re.compile(r"^[A-Z][a-z]+[A-Z]{2,}$")


def is_surname_word(word: str) -> bool:
    """Whether a full name's last word can stand alone for the person: a word
    in mixed case ("Santos", "McAllen", "Bogdan-Martin"), not an acronym ("AI"),
    a company suffix, the tail of a company or outlet name ("Wire", "Digital"),
    a title ("General") or the head word of a body or text ("Council")."""
    plain = word.replace("-", "").replace("'", "").replace("’", "")
    if not (plain.isalpha() and word[:1].isupper() and not word.isupper()):
        return False
    rules = load_rules()
    lower = word.lower()
    return (word not in rules.company_suffixes and lower not in rules.name_tail_words
            and lower not in head_word_classes() and lower not in rules.anaphor_heads
            and lower not in role_words())


def retype_companies_read_as_people(doc: Doc, mentions: list[Mention]) -> None:
    """NER reads many one-word company names as people or places ("Oracle",
    "Palantir"): a lone word is a company when it follows a company noun ("the
    tech firm Acme"), stands in a list next to organisations and no person
    ("Microsoft, Acme and Nvidia"), is an acronym (people are not written in
    capitals, except a dateline's city: "OSLO, May 2 -"), a web domain ("Acme.ai")
    or the first word of a company name the article writes ("Acme Technologies")."""
    company_nouns = {w for w, c in load_rules().anaphor_heads.items() if c == "Organization"}
    full_names = {w for m in mentions if m.cls == "Person" and len(m.label.split()) > 1
                  for w in m.label.split()}
    by_start = {m.start: m for m in mentions}
    by_end = {m.end: m for m in mentions}
    suffixes = load_rules().company_suffixes
    # "Acme" where the article also writes "Acme Technologies"
    company_firsts = {m.label.split()[0] for m in mentions if m.cls == "Organization"
                      and len(m.label.split()) == 2 and m.label.split()[-1] in suffixes}
    retyped: dict[str, str] = {}
    for m in mentions:
        words = m.label.split()
        if m.cls == "Person" and not m.key and len(words) > 1 \
                and (words[-1] in suffixes or words[-1].lower() in load_rules().name_tail_words):
            m.cls = "Organization"   # "Acme AI", "Acme Wire": a company or an outlet
    for m in mentions:
        if m.key or m.cls not in ("Person", "Place") or m.titles or len(m.label.split()) != 1 \
                or m.label in full_names:
            continue
        label = m.label
        if label in company_firsts:
            retyped[label] = "Organization"
        elif DOMAIN_NAME.match(label):
            retyped[label] = "Organization"
        elif owns_a_system(doc, m, by_start):
            retyped[label] = "Organization"   # "Halden's Nimbus-3 model": a developer, no town
        elif (m.cls == "Place" and CAMEL_CASE.match(label)) or CAPITALS_TAIL.match(label):
            # "DataVault" is no place, "DataUK" no place or person ("McAllen" may be either)
            retyped[label] = "Organization"
        elif m.cls == "Person" and label.replace("-", "").isalpha() and label.isupper() and len(label) > 1:
            line_start, _ = line_bounds(doc, m.start)
            dateline = m.start == line_start and m.end < len(doc) and doc[m.end].text in (",", "-", "–", "—")
            retyped[label] = "Place" if dateline else "Organization"
        elif m.cls == "Person" and m.start > 0 and doc[m.start - 1].lower_ in company_nouns \
                and doc[m.start - 1].lower_ not in load_rules().public_body_nouns:
            retyped[label] = "Organization"
        elif m.cls == "Person" and speaks_of_itself(doc[m.start:m.end].root):
            retyped[label] = "Organization"
        else:
            near = list_neighbours(doc, m, by_start, by_end)
            if any(n.cls == "Organization" and n.kind != "InternationalOrganization" for n in near) \
                    and not any(n.cls in ("Place", "Country") or (n.cls == "Person" and len(n.label.split()) > 1)
                                for n in near):
                retyped[label] = "Organization"
    for m in mentions:   # every mention of the name in this article
        if not m.key and m.label in retyped and m.cls in ("Person", "Place"):
            m.cls = retyped[m.label]


def speaks_of_itself(token: Token) -> bool:
    """'Acme said it would appeal': who says what "it" will do is no person
    ("Smith said it would be hard" speaks of something else)."""
    verb = token.head
    if token.dep_ != "nsubj" or verb.lemma_.lower() not in load_rules().speech_verbs:
        return False
    return any(c.dep_ == "ccomp" and c.pos_ == "VERB" and c.lemma_ != "be"
               and any(s.dep_ == "nsubj" and s.lower_ == "it" for s in c.children)
               and any(a.dep_ == "aux" and a.lower_ in ("would", "will", "'ll", "'d") for a in c.children)
               for c in verb.children)


def signers_of(doc: Doc, m: Mention, by_token: dict[int, Mention]) -> set[str]:
    """Countries that sign, endorse or ratify the thing ``m`` names in its sentence."""
    root = doc[m.start:m.end].root
    verb = root.head
    if root.dep_ == "pobj" and verb.lower_ == "to":    # "acceded to X"
        verb = verb.head
    if verb.lemma_.lower() not in load_rules().signing_verbs or root.dep_ not in ("dobj", "nsubjpass", "pobj"):
        return set()
    actors = [c for c in verb.children if c.dep_ == "nsubj"]
    actors += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    actors += [c for a in list(actors) for c in a.subtree if c.dep_ == "conj"]
    return {by_token[a.i].label for a in actors
            if a.i in by_token and by_token[a.i].cls == "Country"}


def retype_by_signers(doc: Doc, mentions: list[Mention]) -> None:
    """A framework, blueprint or set of principles that several countries sign or
    endorse is an agreement between them, whatever its head word suggests; one
    party's plan stays a policy."""
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    signers: dict[str, set[str]] = {}
    for m in mentions:
        if m.cls == "Policy" and not m.key:
            signers.setdefault(m.label, set()).update(signers_of(doc, m, by_token))
    for m in mentions:
        if m.cls == "Policy" and not m.key and len(signers.get(m.label, ())) >= 2:
            m.cls = "Agreement"


DASHES = {"-", "--", "—", "–"}


def is_dateline_credit(doc: Doc, m: Mention) -> bool:
    """The news agency in a dateline, "GENEVA, May 14 (Agency) - ...", credits the
    wire, not a party to the story: page furniture, like a byline."""
    if not (0 < m.start and m.end + 1 < len(doc) and doc[m.start - 1].text == "("
            and doc[m.end].text == ")" and doc[m.end + 1].text in DASHES):
        return False
    line_start, _ = line_bounds(doc, m.start)
    first = doc[line_start]
    if m.start - line_start > 12 or not (first.is_alpha and first.text.isupper() and len(first) > 1):
        return False
    # only "CITY[, COUNTRY][, Month Day[, Year]] (" before the credit
    return all(is_dateline_word(t) for t in doc[line_start:m.start - 1])


def is_dateline_word(token: Token) -> bool:
    """A word of a dateline's "CITY, COUNTRY, Month Day, Year"."""
    return (token.text.isupper() or token.text in (",", ".") or token.like_num
            or token.lower_.rstrip(".") in MONTHS)


def is_dateline_place(doc: Doc, m: Mention) -> bool:
    """The city of a dateline, "WASHINGTON — ...", "GENEVA, May 14 (Agency) -
    ...": where the wire filed from, page furniture like a byline."""
    line_start, line_end = line_bounds(doc, m.start)
    # NER may read an unknown capitalised city as a body ("BRASILIA, May 6 -"); an
    # acronym of four letters or fewer may really be a body opening the line
    city_like = ontology.core_class(m.cls) in ("Place", "Country") or (
        m.cls == "Organization" and not m.key and len(m.text.replace(" ", "")) > 4)
    if m.start != line_start or not m.text.isupper() or not city_like:
        return False
    depth = 0
    for t in doc[m.end:min(line_end, m.end + 12)]:
        if t.text in DASHES and depth == 0:
            return True
        depth += (t.text == "(") - (t.text == ")")
        if depth == 0 and t.text != ")" and not is_dateline_word(t):
            return False
    return False


def as_known(doc: Doc, m: Mention, known: list[Mention]) -> Mention:
    """A name by form word that is a gazetteer entry once a leading "The" or
    title word is dropped ("The Commerce Department", "Former State Department")
    is that entry."""
    for g in known:
        if g.end == m.end and all(t.lower_ in DETERMINERS or t.lower_ in role_words()
                                  for t in doc[min(m.start, g.start):max(m.start, g.start)]):
            return g   # also "the General Assembly" (a gazetteer form with "the")
    return m


TITLE_LINKS = {"of", "for", "and", ",", "the", "&"}


def long_titles(doc: Doc, mentions: list[Mention],
                bodies: list[Mention] | None = None) -> list[Mention]:
    """'Deputy Secretary of Defense Jane Roe', 'Under Secretary of Commerce for
    Industry and Security Jane Roe': a title with its field before a name. The
    field's last word is no part of the name, and the whole title, as written, is
    the person's (its words become the mention's ``titles``). The field's
    department, when the gazetteer knows it ("Commerce": the US Department of
    Commerce), is added to ``bodies`` as an inner mention of the title."""
    portfolio = load_rules().portfolio_titles
    drop: set[int] = set()
    for m in mentions:
        if m.cls != "Person" or m.titles or m.start == 0 or doc[m.start - 1].text == ",":
            continue   # "Minister of X, Jane Roe,": an apposition, read by the relations
        k = m.start
        while k > 0 and m.start - k < 14 and "\n" not in doc[k - 1].text_with_ws[:-1] and (
                doc[k - 1].lower_ in TITLE_LINKS or (doc[k - 1].text[:1].isupper() and doc[k - 1].is_alpha)
                or doc[k - 1].text in ("-", "–")):
            k -= 1
        head = next((t for t in range(k, m.start) if doc[t].lower_ in portfolio and doc[t].text[:1].isupper()
                     and t + 1 < len(doc) and doc[t + 1].lower_ in ("of", "for")), None)
        if head is None:
            continue
        start = head
        while start > k and doc[start - 1].lower_ in load_rules().title_modifiers:
            start -= 1
        inside = [o for o in mentions if o is not m and start <= o.start and o.end <= m.start]
        if any(o.key for o in inside):
            continue   # "Chair of the World Bank": a known body, not a field
        name_start = m.start
        if doc[m.start - 1].lower_ in ("of", "for", "and", ",") and m.end - m.start > 2:
            # NER read the field's last word into the name ("Defense Jane Roe")
            name_start = m.end - 2
            if m.end - m.start > 3 and re.match(r"^[A-Z]\.$", doc[m.end - 2].text):
                name_start = m.end - 3   # "Jane Q. Roe"
        words = [t.text for t in doc[name_start:m.end]]
        if bodies is not None:
            body = title_department(doc, start, head, name_start, m.sent, mentions)
            if body is not None:
                bodies.append(body)
        m.titles = doc[start:name_start].text
        m.label = POSSESSIVE.sub("", " ".join(words))
        m.start = start
        m.text = doc[start:m.end].text
        drop |= {id(o) for o in inside}
    return [m for m in mentions if id(m) not in drop]


def title_department(doc: Doc, start: int, head: int, end: int, sent: int,
                     mentions: list[Mention]) -> Mention | None:
    """The department of a title's field ("Commerce" in "Secretary of Commerce
    for Industry and Security"), as a known body (see :func:`portfolio_body`):
    the capitalised words after the title's "of", up to "for", "and" or a comma."""
    if head + 2 >= end or doc[head + 1].lower_ != "of":
        return None
    first = head + 2 + (doc[head + 2].lower_ == "the")
    last = first
    while last < end and doc[last].is_alpha and doc[last].text[:1].isupper() \
            and doc[last].lower_ not in ("for", "and"):
        last += 1
    if last == first:
        return None
    body = portfolio_body(doc, first, last, doc[first:last].text, sent, mentions, country_end=start)
    if body is None or not body.key:
        return None
    body.inner = True
    return body


def apposed_title_departments(doc: Doc, sents: list[int], mentions: list[Mention]) -> list[Mention]:
    """'Secretary of Commerce, Jane Roe, said' / 'Jane Roe, Secretary of State,':
    the department of a title written beside a name, as a mention of that body
    when the gazetteer knows it (the title before a name without a comma is
    :func:`long_titles`' own)."""
    portfolio = load_rules().portfolio_titles
    taken = {i for m in mentions for i in range(m.start, m.end)}
    starts = {m.start for m in mentions if m.cls == "Person"}
    ends = {m.end for m in mentions if m.cls == "Person"}
    found = []
    for t in doc:
        if t.lower_ not in portfolio or not t.text[:1].isupper() or t.i in taken:
            continue
        start = t.i - (t.i > 0 and doc[t.i - 1].lower_ == "the")
        body = title_department(doc, start, t.i, len(doc), sents[t.i], mentions)
        if body is None or any(i in taken for i in range(body.start, body.end)):
            continue
        after = body.end + (body.end < len(doc) and doc[body.end].text == ",")
        before = start - (start > 0 and doc[start - 1].text == ",")
        if (after in starts and after > body.end) or (before in ends and before < start):
            body.inner = False
            found.append(body)
            taken |= set(range(body.start, body.end))
    return found


CREDIT_SLASH = re.compile(r"^[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)*/[A-Z][\w.-]*$")
PARTY_STATE = re.compile(r"^\(?[DRI]\s?-\s?[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?\)?$")


def party_state_end(doc: Doc, i: int) -> int | None:
    """End of a party-and-state suffix starting at token i: "(D-N.Y.)" or ", R-S.D."."""
    j = i + 1 if i < len(doc) and doc[i].text in ("(", ",") else None
    if j is None or j + 2 >= len(doc) or doc[j].text not in ("D", "R", "I") or doc[j + 1].text not in ("-", "–"):
        return None
    k = j + 2
    while k < len(doc) and k - j < 5 and doc[k].text[:1].isupper() and not doc[k].whitespace_ == "\n":
        k += 1
        if k < len(doc) and doc[k].text in (")", ",", ".", ";") or k < len(doc) and not doc[k - 1].whitespace_ == " ":
            break
    if k == j + 2 or not PARTY_STATE.match(doc[j:k].text):
        return None
    if doc[i].text == "(":
        return k + 1 if k < len(doc) and doc[k].text == ")" else None
    return k


def party_suffixes(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """'Sen. Jane Roe (D-N.Y.)', 'Rep. Jane Roe, R-S.D.,': the party and state
    are furniture of the name, kept inside the person's mention (so what
    follows them is read as the person's apposition) and never a place."""
    drop: set[int] = set()
    for m in mentions:
        if m.cls != "Person":
            continue
        end = party_state_end(doc, m.end)
        if end is None:
            continue
        drop |= {id(o) for o in mentions if o is not m and m.end <= o.start and o.end <= end}
        m.end = end
        m.text = doc[m.start:end].text
    return [m for m in mentions if id(m) not in drop]


#: The longest line read as a caption or photo credit, in tokens.
CAPTION_TOKENS = 60


def is_credit(doc: Doc, m: Mention) -> bool:
    """Page furniture, not a party to the story: a photo credit ("Photo: Jane
    Roe/Agency", "Jane Roe/Agency", "(Nordic Images)" closing a caption line) or
    a senator's party and state ("(D-Mass.)", "R-S.D.")."""
    text = m.text.strip()
    if CREDIT_SLASH.match(text) or PARTY_STATE.match(text):
        return True
    if m.end < len(doc) and doc[m.end].text == "/" and not doc[m.end].whitespace_:
        return True   # "Photo/Agency"
    if m.start > 0 and doc[m.start - 1].text == "/" and not doc[m.start - 1].whitespace_ \
            and m.start > 1 and doc[m.start - 2].text[:1].isupper():
        return True   # "Jane Roe/Agency"
    line_start, line_end = line_bounds(doc, m.start)
    if line_end - line_start > CAPTION_TOKENS:
        return False   # a caption or credit is a short line (and long lines stay linear)
    before = [t for t in doc[line_start:m.start] if not t.is_space]
    # "Photo: Agency", "Image credit: Jane Roe", "(Photo by Jane Roe)"
    for j, t in enumerate(before):
        if t.lower_ in load_rules().credit_cues and j + 1 < len(before) and (
                before[j + 1].text in (":", "/", "|") or before[j + 1].lower_ in ("by", "credit", "courtesy")):
            return all(u.text[:1].isupper() or u.is_punct or u.lower_ in ("by", "credit", "courtesy", "of", "via")
                       for u in before[j + 1:])
    # "(Agency)" closing a caption line
    after = [t for t in doc[m.end:line_end] if not t.is_space]
    return bool(m.cls == "Organization" and (not m.key or m.kind == "MediaOutlet")
                and before and before[-1].text == "("
                and after and after[0].text == ")" and len(after) == 1 and len(before) > 3)


def find_risks(doc: Doc) -> list[RiskMention]:
    sents = sentence_index(doc)
    bodies = body_names(doc)
    return [RiskMention(s.start, s.end, s.text, s.label_, sents[s.start])
            for s in doc.spans.get("aig_risks", [])
            if not any(a <= s.start and s.end <= b for a, b in bodies)]


def body_names(doc: Doc) -> list[tuple[int, int]]:
    """Where NER names a body by its head word ("the UK AI Security Institute"):
    a risk's words inside it name the body, not a risk (in a law's or a
    report's title they say what it is about, and stay)."""
    heads = head_word_classes()
    return [(e.start, e.end) for e in doc.ents
            if e.label_ == "ORG" and heads.get(e[-1].lower_) == "Organization"] + \
        [(s.start, s.end) for s in doc.spans.get("aig_gazetteer", [])   # a body the gazetteer knows
         if s.label_.startswith("organization/")]


#: The classes a description can stand for: the texts and events news
#: describes rather than names ("a preliminary agreement", "the draft resolution").
DESCRIBED_CLASSES = ("Agreement", "Policy", "Document", "Event")


def described_things(doc: Doc, sents: list[int], accepted: list[Mention]) -> list[Mention]:
    """The agreement, policy, document or event an article is about when it
    never names it: a noun phrase whose head is a form noun of the class
    (``aigx:anaphorHead``), qualified by a word that says which one ("a
    preliminary agreement", "the draft resolution", "federal chip controls"),
    when the article returns to it (the head noun at least twice) and names
    nothing of that class. Every such phrase with the same head is one thing."""
    rules = load_rules()
    heads = {w: c for w, c in rules.anaphor_heads.items()
             if c in DESCRIBED_CLASSES and w not in rules.text_anaphors}
    named = {ontology.core_class(m.cls) for m in accepted}
    taken = {i for m in accepted for i in range(m.start, m.end)}
    counts = Counter(t.lower_ for t in doc)
    first: dict[str, tuple[str, set[str]]] = {}
    found = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        cls = heads.get(root.lower_)
        if cls is None or cls in named or counts[root.lower_] < 2 or root.i in taken \
                or root.i != chunk.end - 1 or "\n" in chunk.text:
            continue
        start = description_start(doc, chunk, taken)
        qualifiers = [t for t in doc[start:root.i]
                      if t.dep_ in ("amod", "compound", "nummod", "npadvmod") and not t.is_stop
                      and t.lower_ not in rules.other_of_kind and any(c.isalnum() for c in t.text)]
        if not qualifiers:
            continue
        forms = description_forms(doc, start, root)
        if not forms:
            continue
        # every phrase with this head is the first one's thing, named as it was
        label, aliases = first.setdefault(root.lower_, (forms[0], set(forms)))
        mention = Mention(start, root.i + 1, doc[start:root.i + 1].text, cls, label,
                          sents[start], described=True)
        mention.aliases = set(aliases)
        found.append(mention)
    return found


def description_start(doc: Doc, chunk: Span, taken: set[int]) -> int:
    """Where a description's own words start: after a name that owns it
    ("Acme's new plan"), stray page furniture ("Images)The") and determiners."""
    start = chunk.start
    for t in chunk:
        if t.i in taken or t.text in ("'s", "’s") or any(c in t.text for c in "()[]|"):
            start = t.i + 1
    while start < chunk.root.i and (doc[start].dep_ in ("det", "predet") or doc[start].is_punct):
        start += 1
    return start


DOUBLE_QUOTES = re.compile(r"[\"“”]")


def description_forms(doc: Doc, start: int, root: Token) -> list[str]:
    """A description's label and aliases, best first: with the short phrase
    that says what it is about ("the joint meeting on chip
    supply"), and without words that only say it is new
    (``aigx:transientQualifier``: "the new export rule" is "export rule")."""
    transient = load_rules().transient_qualifiers
    core = start
    while core < root.i - 1:
        if doc[core].lower_ in transient or doc[core].is_punct \
                or (doc[core].dep_ in ("det", "poss") and doc[core].pos_ in ("DET", "PRON")):
            core += 1   # "its new plan" is the "plan" too
        elif core + 3 < root.i and doc[core:core + 3].text.lower() in transient:
            core += 3   # "long-awaited" is three tokens
        else:
            break
    end = short_complement_end(doc, root)
    forms = []
    for first in dict.fromkeys((core, start)):
        for last in dict.fromkeys((end, root.i + 1)):
            # quotation marks around part of a description are not its name's
            label = clean_label(DOUBLE_QUOTES.sub("", doc[first:last].text))[0]
            if label and label not in forms:
                forms.append(label)
    return forms


def short_complement_end(doc: Doc, root: Token) -> int:
    """The end of the short "on/of/for/against" phrase after a description's
    head ("a ban on chip exports"), cut before punctuation, a verb or a clause;
    the head's own end when there is none or it runs past six words."""
    after = root.i + 1
    if after >= len(doc) or doc[after].lower_ not in ("on", "of", "for", "against") \
            or doc[after].head.i != root.i:
        return after
    end = after + 1
    for t in doc[after + 1:after + 8]:
        if (t.pos_ in ("VERB", "AUX", "PUNCT", "PRON", "SCONJ", "CCONJ")
                and not is_gerund_noun(t)) \
                or "\n" in t.text or t.head.i < after or t.lower_ in ("that", "which", "who") \
                or t.ent_type_ in ("DATE", "TIME") \
                or (t.pos_ == "ADP" and t.lower_ not in ("on", "of", "for", "against")):
            break   # "... on data sharing on Monday", "... for AI governance at the X Summit"
        end = t.i + 1
    while end > after + 1 and not is_nominal(doc[end - 1]):
        end -= 1
    return end if end > after + 1 and is_nominal(doc[end - 1]) else root.i + 1


def is_gerund_noun(token: Token) -> bool:
    """A gerund that names a thing ("data sharing", "on testing")."""
    return token.tag_ == "VBG" and token.dep_ in ("pobj", "compound")


def is_nominal(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") or is_gerund_noun(token)
