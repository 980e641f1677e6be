"""The one reader of mkdocs.yml for the core, without MkDocs; and its writer.

mkdocs.yml carries tags that a safe loader refuses (`!ENV`, `!!python/name:…`,
`!!python/object/apply:…`). It is read in one of two ways:

- `read`: the values as MkDocs sees them where the core needs them (the site URL,
  the metric targets). `!ENV` is resolved by the very function MkDocs registers
  for it (pyyaml_env_tag's `construct_env_tag`): the first variable that is set
  (even to the empty string), typed as a YAML scalar, else the default that ends
  a list of two or more, else null. Every other tag reads as None: the core never
  needs a Python object.
- `load`: every tag kept as a `Tagged` value, so that `dump` writes the file back
  as it was and MkDocs resolves the tags when it builds from the copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag

CONFIG_NAME = "mkdocs.yml"
# the tags a safe loader refuses: local ones (`!ENV`, `!relative`) and Python objects
_TAG_PREFIXES = ("!", "tag:yaml.org,2002:python/")


@dataclass
class Tagged:
    tag: str
    value: object


class _KeepingLoader(yaml.SafeLoader):
    pass


def _tagged(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


class _ResolvingLoader(yaml.SafeLoader):
    pass


def _nothing(loader, tag_suffix, node):
    return None


for _prefix in _TAG_PREFIXES:
    _KeepingLoader.add_multi_constructor(_prefix, _tagged)
    _ResolvingLoader.add_multi_constructor(_prefix, _nothing)
# an exact tag wins over the prefixes, as in MkDocs' own loader
_ResolvingLoader.add_constructor("!ENV", construct_env_tag)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper, data: Tagged):
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Dumper.add_representer(Tagged, _represent_tagged)


def _parse(path: Path, loader) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=loader)  # noqa: S506 - SafeLoader subclasses
    return data if isinstance(data, dict) else {}


def read(path: Path) -> dict:
    """The configuration with `!ENV` resolved as MkDocs resolves it, other tags None.
    OSError, UnicodeDecodeError or yaml.YAMLError when it cannot be read."""
    return _parse(path, _ResolvingLoader)


def load(path: Path) -> dict:
    """The configuration with every tag kept as a `Tagged` value, for `dump`."""
    return _parse(path, _KeepingLoader)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False)


def plugin_name(entry) -> str:
    """The name of a `plugins:` entry, written as a string or a one-key mapping."""
    return entry if isinstance(entry, str) else next(iter(entry))
