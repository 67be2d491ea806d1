"""DSL evaluation speed (issue 2): a compiled rule condition against the same condition as a
hand-written Python function that treats missing fields the same way (null = unknown), and
against cel-python (`celpy`) evaluating the equivalent CEL expression, all in one run.

Target: compiled ≤ 1.5× hand-written. Prints medians of 7 runs over 100,000 records."""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from efficiency_rules.dsl import types as T
from efficiency_rules.dsl.checker import Checker
from efficiency_rules.dsl.compiler import Generator, build_factory, instantiate
from efficiency_rules.dsl.parser import parse

N = 100_000
RUNS = 7
# MTG-1 and MTG-3 style: a `when` and a `require` of realistic shape.
WHEN = 'meeting.scope == "prefecture" and meeting.kind != "statutory"'
REQUIRE = "meeting.attendees <= params.max_attendees"
CEL_WHEN = 'meeting.scope == "prefecture" && meeting.kind != "statutory"'
CEL_REQUIRE = "meeting.attendees <= 200"


def records() -> list[dict[str, Any]]:
    rng = random.Random(7)
    out = []
    for i in range(N):
        rec: dict[str, Any] = {"scope": rng.choice(["prefecture", "department", "county"]),
                               "kind": rng.choice(["work", "statutory", "other"]),
                               "attendees": rng.randint(20, 400)}
        if i % 50 == 0:
            del rec["attendees"]  # some plans lack the figure: unknown, not a violation
        out.append(rec)
    return out


def compiled() -> Callable[[dict[str, Any]], Any]:
    meeting = T.Type("object", name="meeting", fields={"scope": T.STRING, "kind": T.STRING, "attendees": T.NUMBER})
    checker = Checker({"meeting": meeting, "params": T.Type("object", fields={"max_attendees": T.NUMBER})})
    trees = {"when": parse(WHEN), "require": parse(REQUIRE)}
    for tree in trees.values():
        checker.check(tree)
    gen = Generator(checker, "meeting", {"max_attendees": 200})
    fns = instantiate(build_factory(gen, trees), gen.closure)
    fires = fns["fires"]  # what the engine calls: `when` true and `require` false, in one function

    def run(rec: dict[str, Any]) -> Any:
        return fires(rec, None)

    return run


def hand_written(rec: dict[str, Any]) -> Any:
    """The same rule by hand, with the same three-valued treatment of missing fields."""
    scope, kind = rec.get("scope"), rec.get("kind")
    in_scope = None if scope is None else scope == "prefecture"
    not_statutory = None if kind is None else kind != "statutory"
    if in_scope is False or not_statutory is False or in_scope is None or not_statutory is None:
        return False  # `when` false or unknown: the rule does not apply
    attendees = rec.get("attendees")
    return attendees is not None and not attendees <= 200


def cel() -> Callable[[dict[str, Any]], Any] | None:
    try:
        import celpy
    except ImportError:
        return None
    env = celpy.Environment()
    when = env.program(env.compile(CEL_WHEN))
    require = env.program(env.compile(CEL_REQUIRE))

    def fires(rec: dict[str, Any]) -> Any:
        activation = {"meeting": celpy.json_to_cel(rec)}
        try:
            if not bool(when.evaluate(activation)):
                return False
            return not bool(require.evaluate(activation))
        except Exception:  # noqa: BLE001 - CEL: a missing key is an error; count it as "does not fire"
            return False

    return fires


def timed(fn: Callable[[dict[str, Any]], Any], data: list[dict[str, Any]], runs: int = RUNS) -> tuple[float, int]:
    times, fired = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        fired = sum(1 for rec in data if fn(rec))
        times.append(time.perf_counter() - start)
    return statistics.median(times), fired


def main() -> None:
    data = records()
    fn = compiled()
    assert all(fn(r) == hand_written(r) for r in data), "compiled and hand-written disagree"
    t_hand, n_hand = timed(hand_written, data)
    t_comp, n_comp = timed(fn, data)
    print(f"records: {N:,}; fired: compiled {n_comp:,}, hand-written {n_hand:,}")
    print(f"hand-written  median {t_hand * 1000:8.1f} ms")
    print(f"compiled DSL  median {t_comp * 1000:8.1f} ms   ratio {t_comp / t_hand:.2f}× (target ≤ 1.5×)")
    cel_fn = cel()
    if cel_fn is None:
        print("cel-python not installed: pip install cel-python to compare")
        return
    sample = data[: N // 10]  # celpy is slow; time a tenth and scale
    t_cel, n_cel = timed(cel_fn, sample, runs=3)
    t_cel *= 10
    print(f"cel-python    median {t_cel * 1000:8.1f} ms (10% sample ×10)   "
          f"compiled is {t_cel / t_comp:.0f}× faster; fired on sample {n_cel:,}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
