"""Build the app's icon sprite from Lucide's static icons (ISC licence).

    cd /tmp && npm pack lucide-static && tar xzf lucide-static-*.tgz
    python scripts/build_icon_sprite.py /tmp/package

Only the icons listed in ICONS are kept, so the sprite stays small. Add a name here, run the
script again and commit `comptoir/core/static/comptoir/icons/sprite.svg` (the licence file
beside it comes from the same package). The design system (`docs/design.md`) lists them.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ICONS = [
    "arrow-left", "arrow-right", "book-open", "building-2", "calendar", "calendar-check",
    "calendar-days", "chart-column", "chevron-down", "chevron-right", "circle-alert",
    "circle-check", "clock", "door-open", "file-text", "folder-kanban", "house", "id-card",
    "inbox", "info", "lightbulb", "log-in", "log-out", "map", "map-pin", "menu", "pencil",
    "plus", "receipt-euro", "search", "settings", "shopping-cart", "sparkles", "ticket",
    "trash-2", "triangle-alert", "user", "users", "x",
]  # fmt: skip

TARGET = Path(__file__).resolve().parent.parent / "comptoir/core/static/comptoir/icons"


def main(package: Path) -> None:
    version = re.search(r'"version":\s*"([^"]+)"', (package / "package.json").read_text())
    symbols = []
    for name in ICONS:
        svg = (package / "icons" / f"{name}.svg").read_text()
        body = svg[svg.index(">", svg.index("<svg")) + 1 : svg.rindex("</svg>")]
        body = " ".join(line.strip() for line in body.splitlines() if line.strip())
        symbols.append(f'<symbol id="{name}" viewBox="0 0 24 24">{body}</symbol>')
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / "sprite.svg").write_text(
        f"<!-- Lucide v{version.group(1) if version else '?'} (ISC licence, see LICENSE) -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg">\n' + "\n".join(symbols) + "\n</svg>\n"
    )
    shutil.copy(package / "LICENSE", TARGET / "LICENSE")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
