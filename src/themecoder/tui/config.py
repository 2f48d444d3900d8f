"""The workbench's user config: `config.toml` in $THEMECODER_HOME, else the platform's config dir.

```toml
[tui]
blind = true            # start with other coders' codings hidden
theme = "textual-light" # any Textual theme name

[keymap]
"coding.pick-code" = "ctrl+k"
"transcript.next" = "down,j,ctrl+n"
```
A broken file never stops the app: it starts with the defaults and shows what was wrong.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from themecoder.tui.keymap import check_keymap

CONFIG_NAME = "config.toml"


def config_dir() -> Path:
    """$THEMECODER_HOME if set, else the user config dir (e.g. ~/.config/themecoder)."""
    home = os.environ.get("THEMECODER_HOME")
    if home:
        return Path(home)
    from platformdirs import user_config_dir

    return Path(user_config_dir("themecoder"))


def config_path() -> Path:
    return config_dir() / CONFIG_NAME


@dataclass(slots=True)
class TuiConfig:
    keymap: dict[str, str] = field(default_factory=dict)
    blind: bool = False
    theme: str | None = None
    warnings: list[str] = field(default_factory=list)


def load_config(path: Path | None = None) -> TuiConfig:
    """Read the config file (absent: defaults). Problems become warnings, never exceptions."""
    path = path or config_path()
    config = TuiConfig()
    if not path.is_file():
        return config
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        config.warnings.append(f"{path}: not read ({err}); using the default keys")
        return config
    tui = raw.get("tui", {})
    if isinstance(tui, dict):
        config.blind = bool(tui.get("blind", False))
        theme = tui.get("theme")
        config.theme = theme if isinstance(theme, str) else None
    keymap = raw.get("keymap", {})
    if isinstance(keymap, dict):
        config.keymap, warnings = check_keymap(keymap)
        config.warnings += [f"{path}: {w}" for w in warnings]
    return config
