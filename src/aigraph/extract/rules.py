"""The extractor's lexical rules, read from ``ontology/extraction-rules.ttl``."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace

from .. import ontology
from ..ontology import derived
from ..vocab import AIG_IRI

AIGX = Namespace("https://w3id.org/aigraph/ontology/extraction#")

MODALITY_ORDER = ("Negated", "Proposed", "Planned", "Hedged", "Reported")


@dataclass(frozen=True)
class Rules:
    triggers: dict[str, frozenset[str]]       # property local name -> lemmas
    head_titles: tuple[str, ...]
    group_phrases: tuple[str, ...]             # longest first
    modality_cues: dict[str, tuple[str, ...]]  # modality -> cue words/phrases
    not_names: frozenset[str]
    role_nouns: frozenset[str]
    anaphor_heads: dict[str, str]               # noun -> core class
    chamber_of_title: dict[str, str]            # "sen." -> "senate": where its holder sits
    model_editions: frozenset[str]
    organization_work: frozenset[str]
    delegate_nouns: frozenset[str]
    honorifics: frozenset[str]
    academic_titles: frozenset[str]             # honorifics that are titles as written
    speech_verbs: frozenset[str]
    appeal_verbs: frozenset[str]
    sponsoring_lemmas: frozenset[str]
    company_suffixes: frozenset[str]
    legal_suffixes: tuple[str, ...]
    not_model_names: frozenset[str]
    title_abbreviations: frozenset[str]   # "Sens.": kept one token, as written
    joined_prefixes: frozenset[str]       # "co": "co-sponsored" kept one token
    portfolio_titles: frozenset[str]
    advisory_titles: frozenset[str]
    temporary_title_words: frozenset[str]
    signing_verbs: frozenset[str]
    refusal_verbs: frozenset[str]  # "declined to sign": opposes the text
    against_verbs: frozenset[str]  # "lobbied against it": opposes it
    vote_no: frozenset[str]        # "voted no": opposes the text voted on
    vote_yes: frozenset[str]       # "voted yes": supports it
    vote_nouns: frozenset[str]     # "welcomed the vote": a stance on the text voted on
    leading_heads: frozenset[str]  # "Instituto ...": a head word before the name
    name_particles: frozenset[str]  # "de", "für": lower-case words inside such a name
    system_appositives: frozenset[str]   # "X, a companion app": X is an AI system
    partisan_nouns: frozenset[str]       # "a Republican from Astoria": from a home, not a body
    signatory_nouns: frozenset[str]
    sponsor_verbs: frozenset[str]
    addressee_verbs: frozenset[str]
    part_nouns: frozenset[str]
    lower_case_agreement_heads: frozenset[str]
    invertible_heads: frozenset[str]
    text_anaphors: frozenset[str]
    party_nouns: frozenset[str]
    unit_heads: frozenset[str]
    long_range_anaphors: frozenset[str]
    event_prepositions: frozenset[str]
    location_prepositions: frozenset[str]
    given_things: frozenset[str]
    title_lead_words: frozenset[str]
    title_modifiers: frozenset[str]
    title_prefixes: frozenset[str]
    credit_cues: frozenset[str]
    titles_after_field: frozenset[str]
    department_titles: frozenset[str]
    public_body_nouns: frozenset[str]
    led_bodies: frozenset[str]
    backer_nouns: frozenset[str]
    system_heads_after_name: frozenset[str]
    model_qualifiers: frozenset[str]
    amount_words: frozenset[str]
    participant_nouns: frozenset[str]
    listing_verbs: frozenset[str]
    relative_date_words: frozenset[str]
    located_nouns: frozenset[str]
    portfolio_body_nouns: frozenset[str]
    body_or_event_heads: frozenset[str]
    comparison_words: frozenset[str]
    delegation_nouns: frozenset[str]
    travel_verbs: frozenset[str]
    text_parts: frozenset[str]
    opponent_nouns: frozenset[str]
    lower_case_heads: frozenset[str]
    control_words: frozenset[str]
    list_prepositions: frozenset[str]
    group_prepositions: frozenset[str]
    other_of_kind: frozenset[str]
    transient_qualifiers: frozenset[str]  # "new", "latest": not part of a description's name
    name_tail_words: frozenset[str]       # "Wire", "Digital": ends a company's name, no surname


def _words(graph, subject) -> tuple[str, ...]:
    return tuple(sorted({str(o) for o in graph.objects(subject, AIGX.word)},
                        key=lambda w: (-len(w), w)))


@derived
def load_rules() -> Rules:
    graph = ontology.load_turtle("extraction-rules.ttl")
    triggers: dict[str, set[str]] = {}
    for prop, lemma in graph.subject_objects(AIGX.triggerLemma):
        triggers.setdefault(str(prop).removeprefix(AIG_IRI), set()).add(str(lemma).lower())
    return Rules(
        triggers={k: frozenset(v) for k, v in sorted(triggers.items())},
        head_titles=tuple(w.lower() for w in _words(graph, AIGX.headTitle)),
        group_phrases=tuple(w.lower() for w in _words(graph, AIGX.groupPhrase)),
        modality_cues={m: tuple(w.lower() for w in _words(graph, AIGX[m])) for m in MODALITY_ORDER},
        not_names=frozenset(_words(graph, AIGX.notAName)),
        role_nouns=frozenset(w.lower() for w in _words(graph, AIGX.roleNoun)),
        model_editions=frozenset(_words(graph, AIGX.modelEdition)),
        honorifics=frozenset(_words(graph, AIGX.honorific)),
        academic_titles=frozenset(_words(graph, AIGX.academicTitle)),
        speech_verbs=frozenset(_words(graph, AIGX.speechVerb)),
        appeal_verbs=frozenset(_words(graph, AIGX.appealVerb)),
        sponsoring_lemmas=frozenset(_words(graph, AIGX.sponsoringLemma)),
        company_suffixes=frozenset(_words(graph, AIGX.companySuffix)),
        legal_suffixes=tuple(sorted(_words(graph, AIGX.legalSuffix))),
        delegate_nouns=frozenset(w.lower() for w in _words(graph, AIGX.delegateNoun)),
        organization_work=frozenset(w.lower() for w in _words(graph, AIGX.organizationWork)),
        not_model_names=frozenset(_words(graph, AIGX.notModelName)),
        title_abbreviations=frozenset(_words(graph, AIGX.titleAbbreviation)),
        joined_prefixes=frozenset(_words(graph, AIGX.joinedPrefix)),
        **{name: frozenset(w.lower() for w in _words(graph, AIGX[term])) for name, term in (
            ("portfolio_titles", "portfolioTitle"), ("advisory_titles", "advisoryTitle"),
            ("temporary_title_words", "temporaryTitleWord"), ("signing_verbs", "signingVerb"), ("refusal_verbs", "refusalVerb"), ("against_verbs", "againstVerb"),
            ("signatory_nouns", "signatoryNoun"), ("sponsor_verbs", "sponsorVerb"),
            ("addressee_verbs", "addresseeVerb"), ("part_nouns", "partNoun"),
            ("lower_case_agreement_heads", "lowerCaseAgreementHead"),
            ("invertible_heads", "invertibleHead"), ("text_anaphors", "textAnaphor"),
            ("party_nouns", "partyNoun"), ("unit_heads", "unitHead"),
            ("long_range_anaphors", "longRangeAnaphor"), ("event_prepositions", "eventPreposition"),
            ("location_prepositions", "locationPreposition"), ("given_things", "givenThing"),
            ("title_lead_words", "titleLeadWord"), ("title_modifiers", "titleModifier"),
            ("title_prefixes", "titlePrefix"), ("credit_cues", "creditCue"),
            ("titles_after_field", "titleAfterField"), ("department_titles", "departmentTitle"),
            ("public_body_nouns", "publicBodyNoun"), ("led_bodies", "ledBody"),
            ("lower_case_heads", "lowerCaseHead"), ("control_words", "controlWord"),
            ("list_prepositions", "listPreposition"), ("group_prepositions", "groupPreposition"),
            ("other_of_kind", "otherOfKind"), ("transient_qualifiers", "transientQualifier"),
            ("vote_no", "voteNo"), ("vote_yes", "voteYes"), ("vote_nouns", "voteNoun"),
            ("leading_heads", "leadingHead"), ("name_particles", "nameParticle"),
            ("system_appositives", "systemAppositive"), ("partisan_nouns", "partisanNoun"),
            ("backer_nouns", "backerNoun"), ("opponent_nouns", "opponentNoun"),
            ("system_heads_after_name", "systemHeadAfterName"), ("model_qualifiers", "modelQualifier"),
            ("amount_words", "amountWord"), ("participant_nouns", "participantNoun"),
            ("listing_verbs", "listingVerb"), ("relative_date_words", "relativeDateWord"),
            ("located_nouns", "locatedNoun"), ("portfolio_body_nouns", "portfolioBodyNoun"),
            ("body_or_event_heads", "bodyOrEventHead"), ("comparison_words", "comparisonWord"),
            ("delegation_nouns", "delegationNoun"), ("travel_verbs", "travelVerb"),
            ("text_parts", "textPart"), ("name_tail_words", "nameTailWord"))},
        chamber_of_title={str(title).lower(): str(graph.value(chamber, AIGX.chamberHead)).lower()
                          for chamber, title in sorted(graph.subject_objects(AIGX.memberTitle))},
        anaphor_heads={str(word).lower(): str(cls).removeprefix(str(AIGX))
                       for cls, word in sorted(graph.subject_objects(AIGX.anaphorHead))},
    )
