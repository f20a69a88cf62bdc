"""The kit's templates and page assets (briefing fragments, the index page, their CSS and JS).

A leaf: it imports nothing from the kit, so `kit.present` (the explorer's fragment) and
`kit.publish` (the briefing page, the index) both use it and neither imports the other.
Markup, CSS and JavaScript live as files in `kit/assets/templates/`, not in Python strings, so
they can be read, linted and changed on their own. Autoescaping is on: every value a template
prints is escaped unless it is passed as `markupsafe.Markup` (HTML the caller built and escaped).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape


def template_dir() -> Path:
    """The folder of the template files, in a checkout or an installed kit."""
    return Path(str(resources.files("kit").joinpath("assets", "templates")))


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir())),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["script_json"] = script_json
    return env


@cache
def asset(name: str) -> str:
    """The text of a template file (CSS, JS), read once."""
    return (template_dir() / name).read_text(encoding="utf-8")


def render(name: str, **context: Any) -> str:
    """Render `templates/<name>` with `context` (autoescaped)."""
    return _environment().get_template(name).render(**context)


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` (so no `</script>` or
    `<!--`), and U+2028/U+2029 escaped for old JavaScript parsers."""
    from markupsafe import Markup

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)


__all__ = ["asset", "render", "template_dir"]
