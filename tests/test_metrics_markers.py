"""``metrics._left_marker_end`` reads what ``_LEFT_MARKERS.match`` would (the regex it replaced)."""
import random

from extract import metrics


def _expected(clause: str) -> int:
    m = metrics._LEFT_MARKERS.match(clause)
    return m.end() if m else -1


def test_left_marker_end_matches_regex_on_random_clauses():
    rng = random.Random(7)
    pieces = metrics._LEFT_MARKER_WORDS + ["举", "产", "生", "村", "党", "员", "\n", " ", "、", "1", "名", "😀", "x"]
    for _ in range(100_000):
        clause = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert metrics._left_marker_end(clause) == _expected(clause), clause


def test_left_marker_end_examples():
    for clause in ["其中村(社区)党组织书记", "选举产生", "共有村\n有", "", "\n共", "新当选的村两委干部中共有"]:
        assert metrics._left_marker_end(clause) == _expected(clause), clause
