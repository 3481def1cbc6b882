"""Safe YAML loading, with libyaml's C parser where PyYAML was built with it (several times faster)."""

from typing import Any

import yaml
from yaml.constructor import ConstructorError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that refuses a key written twice in one mapping: plain YAML keeps only the last one,
    so a second 'objectives:' added at the end of course.yml would silently drop the first."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # '<<: *name': keys taken over, which may be replaced
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # a key that cannot be compared; the constructor below reports it
                continue
            if duplicate:
                raise ConstructorError(None, None, f"found duplicate key '{key}'", key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


def load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
