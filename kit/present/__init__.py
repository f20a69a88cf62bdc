"""Presenting a metrics frame: selections, series, findings, charts, widgets, the explorer."""
