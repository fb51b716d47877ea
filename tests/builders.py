"""Small rules and datasets for the property tests, which build a plan from claims made up by hypothesis.

Only what those tests vary is an argument; the rest is the least a valid rule or dataset needs."""

from __future__ import annotations

from typing import Any

from klynge.engine.models import PopulationDataset, Rule

SOURCE = {"document": "hypothesis"}


def rule(pots: list[dict[str, Any]], rounding: dict[str, Any], **more: Any) -> Rule:
    """A rule of ``pots`` over the made-up dataset 'x' and registry 'y'; ``more`` adds keys (split_to, parameters)."""
    return Rule.model_validate(
        {
            "kind": "rule",
            "id": "egenskab",
            "title": "Egenskab",
            "source": SOURCE,
            "basis": {"dataset": "x"},
            "members": {"registry": "y"},
            "pots": pots,
            "rounding": rounding,
            **more,
        }
    )


def dataset(region: str) -> PopulationDataset:
    """A dataset of one kommune: a Result names its dataset, which these tests never read."""
    return PopulationDataset.model_validate(
        {
            "kind": "population",
            "id": "x",
            "title": "x",
            "period": "2022K1",
            "source": SOURCE,
            "municipalities": [{"code": 101, "name": "x", "region": region, "population": 1}],
        }
    )
