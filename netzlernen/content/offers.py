"""Job offers for the `job-search` practice: a YAML list in the course folder, checked like lessons."""

from __future__ import annotations

from typing import Any

import yaml

from .files import yaml_error
from .yamlload import load as _yaml_load

HOURS = ("Vollzeit", "Teilzeit", "Minijob")
_TEXT_FIELDS = ("id", "title", "employer", "place", "hours")
_LIST_FIELDS = ("tasks", "requirements")
_OPTIONAL_TEXT = ("pay", "start", "contact", "hours_per_week")
_OPTIONAL_LIST = ("offer",)
_KNOWN = set(_TEXT_FIELDS) | set(_LIST_FIELDS) | set(_OPTIONAL_TEXT) | set(_OPTIONAL_LIST) | {"distance_km", "dubious"}


def _line_of_item(source: str, index: int) -> int | None:
    count = -1
    for number, line in enumerate(source.splitlines(), start=1):
        if line.startswith("- "):
            count += 1
            if count == index:
                return number
    return None


def load_offers(source: str) -> tuple[tuple[dict[str, Any], ...], list[tuple[int | None, str]]]:
    """Check the text of an offers file. Returns the offers and (line, message) problems."""
    problems: list[tuple[int | None, str]] = []
    try:
        data = _yaml_load(source)
    except yaml.YAMLError as exc:
        return (), [yaml_error(exc, 1, source)]
    if not isinstance(data, list) or not data:
        return (), [(1, "the offers file must be a list of job offers, each starting with '- id: …'")]
    offers: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        line = _line_of_item(source, index)
        if not isinstance(item, dict):
            problems.append((line, "each offer must be a set of 'key: value' lines"))
            continue
        for key in item:
            if key not in _KNOWN:
                problems.append((line, f"offer {index + 1} has an unknown key '{key}'"))
        for key in _TEXT_FIELDS:
            if not isinstance(item.get(key), str) or not item[key].strip():
                problems.append((line, f"offer {index + 1} needs '{key}' as a text"))
        for key in _LIST_FIELDS:
            value = item.get(key)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append((line, f"offer {index + 1} needs '{key}' as a list"))
        distance = item.get("distance_km")
        if isinstance(distance, bool) or not isinstance(distance, (int, float)) or distance < 0:
            problems.append((line, f"offer {index + 1} needs 'distance_km' as a number"))
        if item.get("hours") not in HOURS:
            problems.append((line, f"offer {index + 1}: 'hours' must be one of {', '.join(HOURS)}"))
        offer_id = item.get("id")
        if isinstance(offer_id, str):  # anything else is reported above as not a text
            if offer_id in seen:
                problems.append((line, f"the offer id '{offer_id}' is used twice"))
            seen.add(offer_id)
        offers.append({k: (str(v) if k in _OPTIONAL_TEXT and v is not None else v) for k, v in item.items()})
    return (tuple(offers) if not problems else ()), problems
