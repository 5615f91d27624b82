"""The ontology data (ontology/*.ttl) and its loaders (aigraph.ontology)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import FOAF, PROV, SKOS

from aigraph import ontology
from aigraph.errors import GraphLoadError
from aigraph.model import CORE_CLASSES, FACT_PROPERTIES, MODALITIES
from aigraph.ontology import GazetteerEntry, RiskTerm, slugify
from aigraph.vocab import AIG, AIG_IRI, RISK, SCHEMA, ORG, entity_iri

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
TTL_FILES = sorted(ONTOLOGY.glob("*.ttl"))
SH = Namespace("http://www.w3.org/ns/shacl#")
MIT = Namespace("https://w3id.org/aigraph/mit-risk/")
IASR = Namespace("https://w3id.org/aigraph/iasr/")

#: The risk scheme of the knowledge model: concept -> broader (None = top concept).
RISK_TREE = {
    "MaliciousUse": None, "CyberOffense": "MaliciousUse", "BiologicalWeapons": "MaliciousUse",
    "ChemicalWeapons": "MaliciousUse", "Disinformation": "MaliciousUse",
    "FraudAndImpersonation": "MaliciousUse",
    "MilitaryAndStrategic": None, "AutonomousWeapons": "MilitaryAndStrategic",
    "NuclearCommandAndControl": "MilitaryAndStrategic", "ArmsRace": "MilitaryAndStrategic",
    "Malfunction": None, "UnpredictableBehavior": "Malfunction", "LossOfControl": "Malfunction",
    "SelfReplication": "LossOfControl", "Deception": "Malfunction",
    "ModelSecurity": None, "ModelTheft": "ModelSecurity",
    "SystemicRisk": None, "CriticalInfrastructure": "SystemicRisk", "DigitalDivide": "SystemicRisk",
    "Privacy": "SystemicRisk", "BiasAndDiscrimination": "SystemicRisk", "HumanRights": "SystemicRisk",
    "LabourMarket": "SystemicRisk", "MarketConcentration": "SystemicRisk",
    "Environmental": "SystemicRisk",
}

CLAIM_PROPERTIES = ("modality", "confidence", "evidence")
ORG_SUBCLASSES = ("Government", "ThinkTank", "Company", "InternationalOrganization", "MediaOutlet")


@pytest.fixture(scope="module")
def core() -> Graph:
    return ontology.core_graph()


@pytest.fixture(scope="module")
def full() -> Graph:
    return ontology.ontology_graph()


def union_members(graph: Graph, node) -> set[str]:
    """The local names of a class or of the members of an owl:unionOf."""
    if isinstance(node, URIRef):
        return {ontology.local_name(str(node))}
    members = graph.value(node, OWL.unionOf)
    assert members is not None, f"{node} is neither a named class nor a union"
    return {ontology.local_name(str(member)) for member in Collection(graph, members)}


# --------------------------------------------------------------------------
# the files
# --------------------------------------------------------------------------


def test_all_expected_files_exist():
    names = {path.name for path in TTL_FILES}
    assert {"aigraph.ttl", "risk.ttl", "risk-alignments.ttl", "gazetteer.ttl", "shapes.ttl"} <= names


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda path: path.name)
def test_turtle_parses_strictly_with_rdflib_and_pyoxigraph(path):
    # pyoxigraph yields a quad per statement, repeats included; rdflib keeps a set.
    strict = set(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    lenient = Graph().parse(path, format="turtle")
    assert len(strict) > 50
    assert len(strict) == len(lenient)


def test_every_aig_term_used_anywhere_is_declared_in_aigraph_ttl(core):
    used = set()
    for path in TTL_FILES:
        for triple in Graph().parse(path, format="turtle"):
            used |= {term for term in triple if isinstance(term, URIRef) and str(term).startswith(AIG_IRI)}
    undeclared = sorted(str(term) for term in used if (term, RDF.type, None) not in core)
    assert undeclared == []


# --------------------------------------------------------------------------
# aigraph.ttl
# --------------------------------------------------------------------------


def test_ontology_header(core):
    assert (URIRef("https://w3id.org/aigraph/ontology"), RDF.type, OWL.Ontology) in core


@pytest.mark.parametrize("name", CORE_CLASSES + ("Article", "Claim", "Modality") + ORG_SUBCLASSES)
def test_class_is_declared_with_label_and_comment(core, name):
    cls = AIG[name]
    assert (cls, RDF.type, OWL.Class) in core
    assert core.value(cls, RDFS.label) is not None
    assert len(str(core.value(cls, RDFS.comment) or "")) > 10


@pytest.mark.parametrize("name", FACT_PROPERTIES + ("mentionedIn",) + CLAIM_PROPERTIES)
def test_property_is_declared_with_label_comment_domain_range(core, name):
    prop = AIG[name]
    kinds = set(core.objects(prop, RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}
    assert core.value(prop, RDFS.label) is not None
    assert core.value(prop, RDFS.comment) is not None
    assert core.value(prop, RDFS.domain) is not None
    assert core.value(prop, RDFS.range) is not None


@pytest.mark.parametrize("name, domain, range_", [
    ("affiliatedWith", {"Person"}, {"Organization", "Country"}),
    ("leads", {"Person"}, {"Organization", "Event", "Document", "Agreement"}),
    ("memberOf", {"Organization", "Country"}, {"Organization"}),
    ("issuedBy", {"Agreement", "Policy", "Document"}, {"Person", "Organization", "Country"}),
    ("heldIn", {"Event"}, {"Place", "Country"}),
    ("addressesRisk", {"Agreement", "Policy", "Document", "Event", "Organization"}, {"Risk"}),
    ("developedBy", {"AISystem"}, {"Organization", "Country"}),
    ("date", {"Event", "Agreement", "Policy", "Document"}, {"date", "gYearMonth", "gYear"}),
    ("confidence", {"Claim"}, {"decimal"}),
    ("modality", {"Claim"}, {"Modality"}),
])
def test_domain_and_range_follow_the_knowledge_model(core, name, domain, range_):
    prop = AIG[name]
    assert union_members(core, core.value(prop, RDFS.domain)) == domain
    assert union_members(core, core.value(prop, RDFS.range)) == range_


def test_literal_properties_are_datatype_properties(core):
    for name in ("role", "date", "confidence", "evidence"):
        assert (AIG[name], RDF.type, OWL.DatatypeProperty) in core


def test_six_modalities_are_individuals_of_modality(core):
    found = {ontology.local_name(str(node)) for node in core.subjects(RDF.type, AIG.Modality)}
    assert found == set(MODALITIES)


@pytest.mark.parametrize("sub, sup", [
    (AIG.Person, FOAF.Person), (AIG.Person, SCHEMA.Person),
    (AIG.Organization, ORG.Organization), (AIG.Claim, PROV.Entity), (AIG.Claim, RDF.Statement),
    (AIG.Article, SCHEMA.NewsArticle), (AIG.Event, SCHEMA.Event), (AIG.Risk, SKOS.Concept),
] + [(AIG[name], AIG.Organization) for name in ORG_SUBCLASSES])
def test_classes_align_to_standard_vocabularies(core, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in core


def test_affiliated_with_close_matches_org_member_of(core):
    assert (AIG.affiliatedWith, SKOS.closeMatch, ORG.memberOf) in core


def test_subclasses_never_cross_core_classes(core):
    """A class under one core class must not fall under another (typed scoring)."""
    core_names = set(CORE_CLASSES)
    for cls in core.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and str(cls).startswith(AIG_IRI):
            ancestors = {ontology.local_name(str(node)) for node in core.transitive_objects(cls, RDFS.subClassOf)}
            assert len(ancestors & core_names) <= 1, cls


def test_shapes_agree_with_ontology_ranges(core):
    """shapes.ttl and aigraph.ttl state the same object classes for every fact property."""
    shapes = ontology.shapes_graph()
    for name in FACT_PROPERTIES:
        if name in ("role", "date"):
            continue
        prop_shapes = list(shapes.subjects(SH.path, AIG[name]))
        assert len(prop_shapes) == 1, name
        shape = prop_shapes[0]
        classes = {ontology.local_name(str(c)) for c in shapes.objects(shape, SH["class"])}
        alternatives = shapes.value(shape, SH["or"])
        if alternatives is not None:
            for option in Collection(shapes, alternatives):
                classes |= {ontology.local_name(str(c)) for c in shapes.objects(option, SH["class"])}
        assert classes == union_members(core, core.value(AIG[name], RDFS.range)), name


# --------------------------------------------------------------------------
# risk.ttl and risk-alignments.ttl
# --------------------------------------------------------------------------


def test_risk_scheme_has_exactly_the_model_concepts_and_hierarchy():
    assert ontology.risk_broader() == RISK_TREE


@pytest.mark.parametrize("name", sorted(RISK_TREE))
def test_risk_concept_is_fully_described(full, name):
    concept = RISK[name]
    assert {SKOS.Concept, AIG.Risk} <= set(full.objects(concept, RDF.type))
    assert (concept, SKOS.inScheme, RISK.scheme) in full
    pref = full.value(concept, SKOS.prefLabel)
    assert isinstance(pref, Literal) and pref.language == "en"
    assert len(str(full.value(concept, SKOS.definition) or "")) > 20
    has_broader = (concept, SKOS.broader, None) in full
    is_top = (concept, SKOS.topConceptOf, RISK.scheme) in full
    assert has_broader != is_top
    assert is_top == ((RISK.scheme, SKOS.hasTopConcept, concept) in full)
    assert len(list(full.objects(concept, SKOS.altLabel))) >= 3
    assert list(full.objects(concept, SKOS.closeMatch))


def test_risk_alt_and_hidden_labels_are_lower_case(full):
    for predicate in (SKOS.altLabel, SKOS.hiddenLabel):
        for concept, label in full.subject_objects(predicate):
            if str(concept).startswith(str(RISK)):
                assert str(label) == str(label).lower(), label


def test_no_risk_phrase_belongs_to_two_concepts():
    by_phrase: dict[str, set[str]] = {}
    for term in ontology.risk_terms():
        by_phrase.setdefault(term.phrase, set()).add(term.concept)
    shared = {phrase: concepts for phrase, concepts in by_phrase.items() if len(concepts) > 1}
    assert shared == {}
    assert len(by_phrase) > 300


def test_mit_taxonomy_has_7_domains_and_24_subdomains(full):
    concepts = set(full.subjects(SKOS.inScheme, MIT.scheme))
    domains = {c for c in concepts if (c, SKOS.topConceptOf, MIT.scheme) in full}
    subdomains = concepts - domains
    assert len(domains) == 7 and len(subdomains) == 24
    for sub in subdomains:
        parent = full.value(sub, SKOS.broader)
        assert parent in domains
        assert str(full.value(sub, SKOS.notation)).startswith(str(full.value(parent, SKOS.notation)) + ".")


def test_iasr_has_three_groups(full):
    tops = set(full.objects(IASR.scheme, SKOS.hasTopConcept))
    assert {ontology.local_name(str(top)) for top in tops} == {"MaliciousUse", "Malfunctions", "SystemicRisks"}


@pytest.mark.parametrize("name, target", [
    ("CyberOffense", MIT["4.2"]), ("BiologicalWeapons", MIT["4.2"]), ("AutonomousWeapons", MIT["4.2"]),
    ("Disinformation", MIT["4.1"]), ("FraudAndImpersonation", MIT["4.3"]), ("ModelTheft", MIT["2.2"]),
    ("LossOfControl", MIT["7.1"]), ("Deception", MIT["7.1"]), ("SelfReplication", MIT["7.2"]),
    ("UnpredictableBehavior", MIT["7.3"]), ("ArmsRace", MIT["6.4"]), ("Environmental", MIT["6.6"]),
    ("CyberOffense", IASR.CyberOffence), ("LossOfControl", IASR.LossOfControl),
])
def test_alignment_links_follow_the_knowledge_model(full, name, target):
    assert (RISK[name], SKOS.closeMatch, target) in full


def test_every_alignment_target_is_a_concept_of_its_scheme(full):
    for predicate in (SKOS.closeMatch, SKOS.relatedMatch):
        for concept, target in full.subject_objects(predicate):
            if str(concept).startswith(str(RISK)):
                assert (target, RDF.type, SKOS.Concept) in full, target
                assert full.value(target, SKOS.inScheme) in (MIT.scheme, IASR.scheme)


def test_mit_subdomain_titles():
    graph = ontology.ontology_graph()
    assert str(graph.value(MIT["4.2"], SKOS.prefLabel)) == "Cyberattacks, weapon development or use, and mass harm"
    assert str(graph.value(MIT["7.1"], SKOS.prefLabel)) == "AI pursuing its own goals in conflict with human goals or values"


# --------------------------------------------------------------------------
# risk loaders
# --------------------------------------------------------------------------


def test_risk_terms_are_sorted_lower_case_records():
    terms = ontology.risk_terms()
    assert terms == sorted(terms)
    assert all(isinstance(term, RiskTerm) and term.phrase == term.phrase.lower() for term in terms)
    assert {term.concept for term in terms} == set(RISK_TREE)


@pytest.mark.parametrize("phrase, concept", [
    ("cyberattacks", "CyberOffense"), ("cyber operations", "CyberOffense"),
    ("bioweapons", "BiologicalWeapons"), ("deepfakes", "Disinformation"),
    ("election interference", "Disinformation"), ("scams", "FraudAndImpersonation"),
    ("loss of control", "LossOfControl"), ("rogue ai", "LossOfControl"),
    ("behave unpredictably", "UnpredictableBehavior"), ("nuclear launch", "NuclearCommandAndControl"),
    ("arms race", "ArmsRace"), ("miscalculation", "ArmsRace"), ("distillation", "ModelTheft"),
    ("theft of model weights", "ModelTheft"), ("misuse", "MaliciousUse"),
    ("malfunctions", "Malfunction"), ("self-replication", "SelfReplication"),
    ("cyber security", "CyberOffense"), ("cyber offense", "CyberOffense"),
])
def test_risk_term_maps_phrase_to_concept(phrase, concept):
    assert RiskTerm(concept, phrase) in set(ontology.risk_terms())


def test_risk_labels_are_pref_labels():
    labels = ontology.risk_labels()
    assert labels["CyberOffense"] == "Cyber offense"
    assert set(labels) == set(RISK_TREE)


# --------------------------------------------------------------------------
# gazetteer
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def entries() -> list[GazetteerEntry]:
    return ontology.gazetteer()


def entry(entries, key) -> GazetteerEntry:
    found = [item for item in entries if item.key == key]
    assert len(found) == 1, key
    return found[0]


def test_gazetteer_covers_un_members_and_extras(entries):
    countries = [item for item in entries if item.cls == "Country"]
    assert len(countries) >= 193 + 3
    keys = {item.key for item in countries}
    for label in ("Taiwan", "Hong Kong", "Soviet Union", "Tuvalu", "Eswatini"):
        assert f"country/{slugify(label)}" in keys
    # the EU is a union of states: an international organisation, not a country
    assert entry(entries, "organization/european-union").cls == "InternationalOrganization"


def test_major_ai_companies_are_companies(entries):
    for key in ("organization/openai", "organization/nvidia", "organization/google-deepmind"):
        assert entry(entries, key).cls == "Company" and entry(entries, key).core_cls == "Organization"


def test_office_holders_point_at_countries_or_bodies_of_the_gazetteer(entries):
    keys = {item.key: item for item in entries}
    holders = [item for item in entries if item.offices]
    assert len(holders) >= 40
    for item in holders:
        assert item.cls == "Person"
        for office in item.offices:
            assert keys[office].core_cls in ("Country", "Organization"), (item.key, office)
    assert entry(entries, "person/narendra-modi").offices == ("country/india",)


def test_gazetteer_has_no_duplicate_labels_or_shared_names(entries):
    labels = Counter(item.label.lower() for item in entries)
    assert [label for label, count in labels.items() if count > 1] == []
    owner: dict[str, str] = {}
    for item in entries:
        for name in set(n.lower() for n in item.names):
            assert name not in owner, f"{name!r} names both {owner.get(name)} and {item.key}"
            owner[name] = item.key


def test_gazetteer_demonyms_are_unambiguous(entries):
    seen = Counter(demonym.lower() for item in entries for demonym in item.demonyms)
    assert [demonym for demonym, count in seen.items() if count > 1] == []


def test_gazetteer_keys_match_minted_iris(entries):
    graph = ontology.load_turtle("gazetteer.ttl")
    for item in entries:
        assert item.key == f"{slugify(item.core_cls)}/{slugify(item.label)}"
        assert (entity_iri(item.key), RDFS.label, None) in graph, item.key


def test_wikidata_links_are_entity_iris_and_unique(entries):
    links = [item.same_as for item in entries if item.same_as]
    assert len(links) > 190
    assert all(re.fullmatch(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*", link) for link in links)
    assert len(set(links)) == len(links)


def test_united_states_entry(entries):
    us = entry(entries, "country/united-states")
    assert us.label == "United States"
    assert {"US", "U.S.", "USA", "America", "the United States"} <= set(us.aliases)
    assert us.demonyms == ("American",)
    assert us.capital == "Washington"
    assert us.same_as == "http://www.wikidata.org/entity/Q30"


@pytest.mark.parametrize("key, capital, qid, alias, demonym", [
    ("country/china", "Beijing", "Q148", "PRC", "Chinese"),
    ("country/united-kingdom", "London", "Q145", "Britain", "British"),
    ("country/russia", "Moscow", "Q159", "Russian Federation", "Russian"),
    ("country/south-korea", "Seoul", "Q884", "Republic of Korea", "South Korean"),
    ("organization/european-union", "Brussels", "Q458", "EU", None),
])
def test_country_entries(entries, key, capital, qid, alias, demonym):
    item = entry(entries, key)
    assert item.capital == capital
    assert item.same_as == f"http://www.wikidata.org/entity/{qid}"
    assert alias in item.aliases
    if demonym:
        assert demonym in item.demonyms


@pytest.mark.parametrize("label, alias", [
    ("United Nations", "U.N."), ("United Nations Security Council", "UN Security Council"),
    ("Group of 77", "G-77"), ("Group of Twenty", "G20"), ("NATO", "North Atlantic Treaty Organization"),
    ("Asia-Pacific Economic Cooperation", "APEC"), ("International Atomic Energy Agency", "IAEA"),
])
def test_international_bodies(entries, label, alias):
    item = entry(entries, f"organization/{slugify(label)}")
    assert item.cls == "InternationalOrganization" and item.core_cls == "Organization"
    assert item.label == label and alias in item.aliases


def test_entries_are_sorted_by_key(entries):
    assert [item.key for item in entries] == sorted(item.key for item in entries)


# --------------------------------------------------------------------------
# lexical forms
# --------------------------------------------------------------------------


def test_lexical_forms_per_class():
    forms = ontology.lexical_forms()
    assert set(forms) == {"Organization", "Agreement", "Policy", "Document", "Event"}
    assert {"Institute", "Council", "Agency", "Ministry"} <= set(forms["Organization"])
    assert {"Declaration", "Treaty", "Communiqué", "Code of Conduct"} <= set(forms["Agreement"])
    assert {"Action Plan", "Executive Order", "Act"} <= set(forms["Policy"])
    assert {"Report", "White Paper"} <= set(forms["Document"])
    assert {"Summit", "Dialogue", "Talks"} <= set(forms["Event"])
    assert all(words == tuple(sorted(words)) for words in forms.values())


def test_role_titles_longest_first():
    titles = ontology.role_titles()
    assert {"President", "Vice President", "Prime Minister", "CEO", "National Security Advisor"} <= set(titles)
    assert titles.index("Vice President") < titles.index("President")
    assert [len(title) for title in titles] == sorted((len(title) for title in titles), reverse=True)


# --------------------------------------------------------------------------
# helpers, location and caching
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text, slug", [
    ("United States", "united-states"), ("Côte d'Ivoire", "cote-divoire"),
    ("  --Xi   Jinping--", "xi-jinping"), ("São Tomé and Príncipe", "sao-tome-and-principe"),
    ("G-77", "g-77"), ("People’s Republic of China", "peoples-republic-of-china"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slugify_never_returns_empty():
    slug = slugify("习近平")
    assert re.fullmatch(r"x-[0-9a-f]{10}", slug)
    assert slug == slugify("习近平") and slug != slugify("李强")


def test_core_class_and_entity_key():
    assert ontology.core_class("ThinkTank") == "Organization"
    assert ontology.core_class("Country") == "Country"
    assert ontology.entity_key("InternationalOrganization", "United Nations") == "organization/united-nations"
    assert ontology.entity_key("AISystem", "ChatGPT") == "aisystem/chatgpt"


def test_default_folder_is_the_repository_ontology(monkeypatch):
    monkeypatch.delenv(ontology.ENV_VAR, raising=False)
    assert ontology.ontology_dir() == ONTOLOGY


def test_env_var_overrides_folder(monkeypatch, tmp_path):
    for path in TTL_FILES:
        shutil.copy(path, tmp_path / path.name)
    extra = tmp_path / "risk.ttl"
    extra.write_text(extra.read_text(encoding="utf-8") + '\nrisk:CyberOffense skos:altLabel "netwar"@en .\n',
                     encoding="utf-8")
    monkeypatch.setenv(ontology.ENV_VAR, str(tmp_path))
    assert ontology.ontology_dir() == tmp_path.resolve()
    assert RiskTerm("CyberOffense", "netwar") in ontology.risk_terms()
    monkeypatch.delenv(ontology.ENV_VAR)
    assert RiskTerm("CyberOffense", "netwar") not in ontology.risk_terms()


def test_held_lookups_follow_the_folder_setting(monkeypatch, tmp_path):
    """core_class, property_domains and derived values are held for the folder
    ontology_dir() gave last: another setting gives the other folder's."""
    calls = []

    @ontology.derived
    def folder_seen():
        calls.append(ontology.ontology_dir())
        return ontology.ontology_dir()

    home = ontology.ontology_dir()
    assert folder_seen() == home and folder_seen() == home and calls == [home]
    assert ontology.core_class("ThinkTank") == "Organization"
    assert ontology.ontology_dir() is ontology.ontology_dir()
    for path in TTL_FILES:
        shutil.copy(path, tmp_path / path.name)
    core = tmp_path / "aigraph.ttl"
    text = core.read_text(encoding="utf-8")
    start = text.index("aig:ThinkTank a owl:Class")
    end = text.index("rdfs:subClassOf aig:Organization", start)
    core.write_text(text[:end] + "rdfs:subClassOf aig:Event"
                    + text[end + len("rdfs:subClassOf aig:Organization"):], encoding="utf-8")
    monkeypatch.setenv(ontology.ENV_VAR, str(tmp_path))
    assert ontology.ontology_dir() == tmp_path.resolve()
    assert folder_seen() == tmp_path.resolve()
    assert ontology.core_class("ThinkTank") == "Event"
    assert ontology.property_domains() == ontology._property_domains(tmp_path.resolve())
    monkeypatch.delenv(ontology.ENV_VAR)
    assert ontology.ontology_dir() == home and folder_seen() == home
    assert ontology.core_class("ThinkTank") == "Organization"
    assert ontology.property_domains() == ontology._property_domains(home)
    ontology.clear_cache()
    assert folder_seen() == home and len(calls) == 3   # cleared: made again


def test_missing_folder_raises_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(ontology.ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(GraphLoadError, match="ontology folder not found"):
        ontology.ontology_dir()


def test_invalid_turtle_raises_graph_load_error(monkeypatch, tmp_path):
    (tmp_path / "risk.ttl").write_text("this is not turtle .", encoding="utf-8")
    monkeypatch.setenv(ontology.ENV_VAR, str(tmp_path))
    with pytest.raises(GraphLoadError, match="not valid Turtle"):
        ontology.risk_terms()
    with pytest.raises(GraphLoadError, match="not found"):
        ontology.load_turtle("aigraph.ttl")


def test_loaded_graphs_are_independent_copies():
    first = ontology.load_turtle("aigraph.ttl")
    size = len(first)
    first.remove((None, None, None))
    assert len(ontology.load_turtle("aigraph.ttl")) == size
    assert len(ontology.ontology_graph()) > size


def test_analysis_reads_superclasses_through_the_loader_and_reports_bad_turtle(monkeypatch, tmp_path):
    from aigraph.analyse import ontology_superclasses

    assert ontology_superclasses()["ThinkTank"] == "Organization"
    for path in TTL_FILES:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "aigraph.ttl").write_text("this is not turtle .", encoding="utf-8")
    monkeypatch.setenv(ontology.ENV_VAR, str(tmp_path))
    with pytest.raises(GraphLoadError, match="not valid Turtle"):
        ontology_superclasses()


def test_queries_default_to_the_packaged_folder_and_the_env_var_wins(monkeypatch, tmp_path):
    from aigraph.query import queries_dir

    monkeypatch.delenv("AIGRAPH_QUERIES", raising=False)
    assert queries_dir() == ONTOLOGY.parent / "queries"
    monkeypatch.setenv("AIGRAPH_QUERIES", str(tmp_path))
    assert queries_dir() == tmp_path
