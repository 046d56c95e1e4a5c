"""Fail when a figure that counts, not times, has slipped past its target.

    python benchmarks/guard.py bench.json

``benchmarks/run.py`` never judges times (the machine may be shared), but
some figures are counts that hardly move with the load: the bytes pmtui
writes to the terminal per typed character and while idle, beside the bare
Textual app measured in the same run. A change that repaints the whole
header on every key, or a timer that wakes a review nobody touches, shows
there at once, and no test catches it (it happened twice). CI runs this
after ``run.py --quick``; it reads only the ``ssh`` section and says which
figure slipped and by how much.

- bytes per typed character: at most ``BYTES_PER_CHAR_RATIO`` times the bare
  Input's (issue 20's target);
- bytes while idle in a review: at most ``IDLE_SHARE`` of what the bare app
  writes in the same seconds (its cursor blinks; pmtui's target is 0 B, and
  a little room keeps a late repaint on a busy machine from failing CI).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

BYTES_PER_CHAR_RATIO = 1.2
IDLE_SHARE = 0.1


def problems(results: dict[str, Any]) -> list[str]:
    """What slipped, one line each; empty when every counted figure is within its target."""
    ssh = results.get("ssh")
    if not isinstance(ssh, dict) or "error" in ssh or not ssh.get("sizes"):
        return ["the ssh section did not run or failed: nothing to check"]
    bare = ssh["bare"]
    bare_char = bare["bytes_per_char"]["median"]
    bare_idle = bare["idle_bytes"]["median"]
    found = []
    for size, figures in sorted(ssh["sizes"].items(), key=lambda item: int(item[0])):
        per_char = figures["bytes_per_char"]["median"]
        if per_char > BYTES_PER_CHAR_RATIO * bare_char:
            found.append(
                f"{size} reviews: {per_char:,.0f} B per typed character, "
                f"{per_char / bare_char:.2f}x the bare Input's {bare_char:,.0f} B "
                f"(at most {BYTES_PER_CHAR_RATIO}x)"
            )
        idle = figures["idle_bytes"]["median"]
        if idle > IDLE_SHARE * bare_idle:
            found.append(
                f"{size} reviews: {idle:,.0f} B written while idle in a review "
                f"(at most {IDLE_SHARE:.0%} of the bare app's {bare_idle:,.0f} B; the target is 0)"
            )
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python benchmarks/guard.py BENCH.json", file=sys.stderr)
        return 2
    try:
        results = json.loads(Path(args[0]).read_text())
    except (OSError, ValueError) as err:
        print(f"guard: cannot read {args[0]}: {err}", file=sys.stderr)
        return 2
    found = problems(results)
    for line in found:
        print(f"guard: {line}", file=sys.stderr)
    if not found:
        print("guard: bytes per typed character and idle bytes within their targets")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
