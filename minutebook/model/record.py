"""A record: its front-matter tree with positions, its typed values and its body."""

from __future__ import annotations

from dataclasses import dataclass, field

from minutebook.model.yamlstrict import Map, Node, Scalar, Seq


@dataclass(eq=False)
class Record:
    path: str  # repository-relative, forward slashes
    key: str  # the file name without .md: what other records reference
    kind: str | None  # the `type`, when it is a known kind
    tree: Map  # the front-matter as parsed, with positions
    meta: dict  # the front-matter typed by the schema (invalid values left out)
    body: str
    body_line: int  # file line on which the body starts
    fm_line: int = 1  # file line of the opening '---'
    extra: dict = field(default_factory=dict)  # room for the build's derived data
    lines: list = field(default_factory=list, repr=False)  # the normalised file, line by line

    def node(self, path) -> Node | None:
        """The node at a path of keys and list indexes, or None."""
        node: Node | None = self.tree
        for step in path:
            if isinstance(step, int):
                if not isinstance(node, Seq) or step >= len(node.items):
                    return None
                node = node.items[step]
            else:
                if not isinstance(node, Map):
                    return None
                node = node.get(step)
            if node is None:
                return None
        return node

    def pos(self, path) -> tuple[int, int]:
        """Line and column of the value at `path`, falling back to its nearest parent."""
        for cut in range(len(path), -1, -1):
            node = self.node(path[:cut])
            if node is not None:
                return node.line, node.col
        return self.fm_line, 1

    def key_pos(self, path) -> tuple[int, int]:
        """Line and column of the key naming the value at `path` (a mapping key)."""
        parent = self.node(path[:-1])
        if isinstance(parent, Map) and not isinstance(path[-1], int):
            k = parent.key_node(path[-1])
            if k is not None:
                return k.line, k.col
        return self.pos(path)

    def front_matter_text(self) -> str:
        """The front-matter as written (between the two '---' lines)."""
        return "\n".join(self.lines[self.fm_line:self.body_line - 2])

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.key

    @property
    def date(self):
        return self.meta.get("date")


def scalar_text(node) -> str:
    """A node as the author typed it, for messages."""
    if isinstance(node, Scalar):
        return "" if node.value is None else node.value
    if isinstance(node, Seq):
        return "[…]"
    return "{…}"
