"""The local page's speed, as ratios measured in one run (needs the [serve] extra and httpx2).

    python bench/serve.py

1. The compare page with a new what-if value (computed) against the same page again (kept): what the
   site's kept results save when a person reloads, downloads or clicks a row.
2. The compare page with a new value against ``klynge compare --set ...`` in a terminal: the page keeps
   the imports and the loaded files, the command starts afresh.

Each figure is the median of several runs; nothing here is asserted in the test suite.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO.parent))
RUNS = 7


def median_seconds(action: Callable[[int], object]) -> float:
    times = []
    for run in range(RUNS):
        start = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    from starlette.testclient import TestClient

    from klynge.commands.serve import LOCAL_NAMES
    from klynge.serve.app import create_app

    client = TestClient(create_app(REPO / "rules", LOCAL_NAMES), base_url="http://127.0.0.1")
    client.get("/sammenlign")  # the imports and the first loading of the files, once

    def fresh(run: int) -> None:
        assert client.get("/sammenlign", params={"cost_per_cluster": str(700000 + run)}).status_code == 200

    def kept(run: int) -> None:
        assert client.get("/sammenlign", params={"cost_per_cluster": "740000"}).status_code == 200

    def terminal(run: int) -> None:
        command = [sys.executable, "-m", "klynge", "compare", "--set", f"cost_per_cluster={800000 + run}"]
        env = {**os.environ, "KLYNGE_NO_CACHE": "1"}
        subprocess.run(command, cwd=REPO.parent, capture_output=True, check=True, env=env)

    computed = median_seconds(fresh)
    client.get("/sammenlign", params={"cost_per_cluster": "740000"})
    again = median_seconds(kept)
    command = median_seconds(terminal)
    print(f"compare page, new value:   {computed * 1000:7.1f} ms")
    print(f"compare page, same again:  {again * 1000:7.1f} ms   ({again / computed:.2f}× the new value)")
    print(f"klynge compare --set:      {command * 1000:7.1f} ms   (the page's new value is {computed / command:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
