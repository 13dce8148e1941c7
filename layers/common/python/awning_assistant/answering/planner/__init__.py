"""Question -> ``QueryPlan``: the rule-based planner of local mode, and the Bedrock tool-use one.

The rules read the shop's words (``vocabulary``, data) with pure functions (``extraction``),
decide the intent (``intents``) and fill the plan (``rules``); the model planner (``model``)
asks Claude for the same typed plan and falls back to the rules. Both read the shop's names
through ``ShopNames`` (``interfaces``), not the tables.
"""

from __future__ import annotations

from awning_assistant.answering.planner.interfaces import Planner, ShopNames
from awning_assistant.answering.planner.model import ModelPlanner
from awning_assistant.answering.planner.rules import RulePlanner, merge_follow_up

__all__ = ["ModelPlanner", "Planner", "RulePlanner", "ShopNames", "merge_follow_up"]
