"""Positions in the rule author's file, computed in one place (STYLE.md): a YAML node's start
mark plus the position inside the expression."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import yaml


def find_node(root: yaml.Node | None, path: Sequence[str | int]) -> yaml.Node | None:
    """The node at a JSON path (keys and list indexes); the deepest one found if it stops early."""
    node = root
    for step in path:
        child = _child(node, step)
        if child is None:
            return node
        node = child
    return node


def _child(node: yaml.Node | None, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(step):
                return cast(yaml.Node, value)
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return cast(yaml.Node, node.value[step])
    return None


def key_node(root: yaml.Node | None, path: Sequence[str | int]) -> yaml.Node | None:
    """The key node of the last step (to point at `when:` itself)."""
    parent = find_node(root, path[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key, _value in parent.value:
            if key.value == str(path[-1]):
                return cast(yaml.Node, key)
    return None


def node_position(node: yaml.Node | None) -> tuple[int, int]:
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def expression_position(node: yaml.Node, lines: Sequence[str], e_line: int, e_col: int) -> tuple[int, int]:
    """Map (line, column) inside an expression scalar to (line, column) in the file."""
    style = getattr(node, "style", None)
    start_line, start_col = node.start_mark.line, node.start_mark.column
    if style in ("|", ">"):
        first = start_line + 1
        while first < len(lines) and not lines[first].strip():
            first += 1
        indent = len(lines[first]) - len(lines[first].lstrip()) if first < len(lines) else 0
        if style == ">":  # folded: newlines became spaces, so the expression is one line
            return _locate_folded(lines, first, indent, e_col)
        return first + e_line, indent + e_col
    offset = 1 if style in ("'", '"') else 0
    if e_line == 1:
        return start_line + 1, start_col + offset + e_col
    return start_line + e_line, e_col  # a plain multi-line scalar: best effort


def _locate_folded(lines: Sequence[str], first: int, indent: int, e_col: int) -> tuple[int, int]:
    remaining = e_col
    line = first
    while line < len(lines):
        content = lines[line][indent:]
        if remaining <= len(content) + 1:
            return line + 1, indent + remaining
        remaining -= len(content) + 1
        line += 1
    return first + 1, indent + 1
