"""Rendering: one neutral report model (``report.model``) that the commands build from what the engine
computed, and one renderer per form of output. The engine computes; nothing here computes."""
