"""Gold annotations (the knowledge model's JSON format): loading and checking."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from ..errors import AigraphError
from ..model import CORE_CLASSES, FACT_PROPERTIES, LITERAL_PROPERTIES
from ..vocab import RISK_IRI

RISK_ID_PREFIX = "risk:"

class GoldError(AigraphError):
    """A gold annotation file is missing or malformed."""

# ---------------------------------------------------------------------------
# Gold annotations
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GoldEntity:
    """One annotated entity, or a risk concept (id ``risk:Name``, no label)."""

    id: str
    type: str
    label: str | None = None
    aliases: tuple[str, ...] = ()
    optional: bool = False

    @property
    def is_risk(self) -> bool:
        return self.id.startswith(RISK_ID_PREFIX)

    @property
    def names(self) -> tuple[str, ...]:
        """Every surface form: the label first, then the aliases."""
        return tuple(name for name in (self.label, *self.aliases) if name)

    def __str__(self) -> str:
        if self.is_risk:
            return self.id
        return f"{self.label} [{self.type}] ({self.id})"

@dataclass(frozen=True)
class GoldRelation:
    """One annotated fact; ``o`` is an entity id, or the literal's text when ``literal``."""

    s: str
    p: str
    o: str
    literal: bool = False
    optional: bool = False
    evidence: str = ""

    @property
    def key(self) -> tuple[str, str, str, bool]:
        return (self.s, self.p, self.o, self.literal)

@dataclass(frozen=True)
class Gold:
    """The gold annotation of one article."""

    article: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    path: str = ""

    def entity(self, entity_id: str) -> GoldEntity | None:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        return None

    def describe(self, entity_id: str) -> str:
        """A readable name for an entity id used in a relation."""
        entity = self.entity(entity_id)
        if entity is None or entity.is_risk:
            return entity_id
        return entity.label or entity_id

def risk_iri(risk_id: str) -> URIRef:
    """``risk:CyberOffense`` -> the concept's IRI in the risk scheme."""
    return URIRef(RISK_IRI + risk_id.removeprefix(RISK_ID_PREFIX))

def load_gold(path_or_dir: Path | str) -> dict[str, Gold]:
    """Gold annotations keyed by article file name.

    A directory is searched recursively for ``*.json`` files (so
    ``tests/gold`` yields both ``samples/`` and ``heldout/``).
    """
    path = Path(path_or_dir)
    if path.is_dir():
        files = sorted(path.rglob("*.json"))
        if not files:
            raise GoldError(f"{path}: no gold files (*.json) in this directory")
    elif path.is_file():
        files = [path]
    else:
        raise GoldError(f"{path}: no such gold file or directory")
    golds: dict[str, Gold] = {}
    for file in files:
        gold = read_gold_file(file)
        if gold.article in golds:
            raise GoldError(f"{file}: article {gold.article!r} is already annotated "
                            f"in {golds[gold.article].path}")
        golds[gold.article] = gold
    return dict(sorted(golds.items()))

def read_gold_file(path: Path) -> Gold:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: not a readable JSON gold file: {exc}") from exc
    return parse_gold(data, str(path))

def parse_gold(data: object, origin: str = "<gold>") -> Gold:
    """Validate and type one gold document (the dict read from its JSON)."""
    if not isinstance(data, dict) or not isinstance(data.get("article"), str):
        raise GoldError(f"{origin}: a gold file is an object with an 'article' file name")
    entities = tuple(parse_entity(item, origin) for item in data.get("entities", []))
    by_id: dict[str, GoldEntity] = {}
    for entity in entities:
        if entity.id in by_id:
            raise GoldError(f"{origin}: entity id {entity.id!r} is declared twice")
        by_id[entity.id] = entity
    relations = tuple(parse_relation(item, by_id, origin) for item in data.get("relations", []))
    return Gold(article=data["article"], entities=entities, relations=relations, path=origin)

def parse_entity(item: object, origin: str) -> GoldEntity:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise GoldError(f"{origin}: every entity needs a string 'id': {item!r}")
    entity_id, entity_type = item["id"], item.get("type")
    if entity_type not in CORE_CLASSES:
        raise GoldError(f"{origin}: entity {entity_id!r} has unknown type {entity_type!r} "
                        f"(expected one of {', '.join(CORE_CLASSES)})")
    is_risk = entity_id.startswith(RISK_ID_PREFIX)
    if is_risk != (entity_type == "Risk"):
        raise GoldError(f"{origin}: entity {entity_id!r}: risk concepts, and only they, "
                        f"have ids 'risk:Name' and type Risk")
    label = item.get("label")
    if not is_risk and not (isinstance(label, str) and label.strip()):
        raise GoldError(f"{origin}: entity {entity_id!r} needs a 'label'")
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise GoldError(f"{origin}: entity {entity_id!r}: 'aliases' must be a list of strings")
    return GoldEntity(id=entity_id, type=entity_type, label=label, aliases=tuple(aliases),
                      optional=bool(item.get("optional", False)))

def parse_relation(item: object, by_id: Mapping[str, GoldEntity], origin: str) -> GoldRelation:
    if not isinstance(item, dict):
        raise GoldError(f"{origin}: a relation must be an object: {item!r}")
    subject, predicate, obj = item.get("s"), item.get("p"), item.get("o")
    if predicate not in FACT_PROPERTIES:
        raise GoldError(f"{origin}: relation {item!r} has unknown property {predicate!r}")
    check_reference(subject, by_id, origin, item)
    literal = isinstance(obj, dict)
    if literal:
        if predicate not in LITERAL_PROPERTIES or not isinstance(obj.get("literal"), str):
            raise GoldError(f"{origin}: relation {item!r}: only role/date take "
                            f"{{'literal': text}} objects")
        obj = obj["literal"]
    else:
        if predicate in LITERAL_PROPERTIES:
            raise GoldError(f"{origin}: relation {item!r}: {predicate} needs a literal object")
        check_reference(obj, by_id, origin, item)
    optional = bool(item.get("optional", False)) or any(
        ref in by_id and by_id[ref].optional for ref in (subject, None if literal else obj))
    return GoldRelation(s=subject, p=predicate, o=obj, literal=literal, optional=optional,
                        evidence=str(item.get("evidence", "")))

def check_reference(ref: object, by_id: Mapping[str, GoldEntity], origin: str, item: dict) -> None:
    """A relation end is a declared entity id or a risk concept id."""
    if not isinstance(ref, str) or not (ref in by_id or ref.startswith(RISK_ID_PREFIX)):
        raise GoldError(f"{origin}: relation {item!r} refers to undeclared entity {ref!r}")
