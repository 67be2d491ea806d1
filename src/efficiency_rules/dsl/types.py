"""DSL types, and how a record's JSON Schema maps onto them (docs/rule-format.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Type:
    kind: str  # number string bool date datetime duration null list object any
    item: Type | None = None  # for list
    fields: Mapping[str, Type] = field(default_factory=dict, hash=False, compare=False)
    name: str = ""  # for object: what to call it in messages

    def __str__(self) -> str:
        if self.kind == "list":
            return f"list of {self.item}"
        if self.kind == "object" and self.name:
            return f"{self.name}"
        return self.kind


NUMBER = Type("number")
STRING = Type("string")
BOOL = Type("bool")
DATE = Type("date")
DATETIME = Type("datetime")
DURATION = Type("duration")
NULL = Type("null")
ANY = Type("any")


def list_of(item: Type) -> Type:
    return Type("list", item=item)


def from_schema(schema: Mapping[str, Any], name: str = "record", defs: Mapping[str, Any] | None = None) -> Type:
    """A JSON Schema (the subset our record schemas use) as a DSL type."""
    defs = defs if defs is not None else schema.get("$defs", {})
    if "$ref" in schema:
        ref = str(schema["$ref"])
        if ref.startswith("#/$defs/") and ref[8:] in defs:
            return from_schema(defs[ref[8:]], ref[8:], defs)
        return ANY
    if schema.get("x-dsl-type") == "duration":
        return DURATION
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [from_schema(s, name, defs) for s in schema[key]]
            real = [t for t in options if t.kind != "null"]
            return real[0] if len(real) == 1 else ANY
    types = schema.get("type")
    if isinstance(types, list):
        real_types = [t for t in types if t != "null"]
        types = real_types[0] if len(real_types) == 1 else None
    if types in ("integer", "number"):
        return NUMBER
    if types == "boolean":
        return BOOL
    if types == "string":
        return {"date": DATE, "date-time": DATETIME}.get(str(schema.get("format")), STRING)
    if types == "array":
        return list_of(from_schema(schema.get("items", {}), name, defs))
    if types == "object" or "properties" in schema:
        props = schema.get("properties", {})
        fields = {k: from_schema(v, k, defs) for k, v in props.items()}
        return Type("object", fields=fields, name=name)
    if types == "null":
        return NULL
    return ANY
