"""Rule packs: YAML files → checked, compiled rules (docs/rule-format.md)."""
