"""How fast the ACTIE-scan answers, with the data growing; figures against a baseline in the same run.

In one process, on a fresh SQLite database in a temporary directory, through Django's test client
(no network, so the figures are server time):

  baseline        GET /healthz
  engine          evaluate() on random complete answer sets (pure Python, no database)
  result page     GET /actie/scans/<id>/ of one scan, with 1 and with N scans in the database
  live view       GET /actie/groepen/<id>/live/ with P participants who answered everything
  pdf             GET /actie/scans/<id>/pdf/ (WeasyPrint)

It prints medians, the query count per page, and ratios to the baseline.

    .venv/bin/python bench/actie.py [--scans 2000] [--participants 30] [--repeat 40]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inprocess  # noqa: E402 (the bench folder is put on the path first)


def timed(fn, repeat: int) -> list[float]:
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=2000)
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    client, user, organisation = inprocess.start("Woonstichting Bench")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wijkactie.actie import services
    from wijkactie.actie.content import registry
    from wijkactie.actie.engine import ScanInput, evaluate
    from wijkactie.actie.models import Participant, Scan

    content = registry().current
    level = content.levels["professional"]
    rng = random.Random(2026)

    def random_answers() -> dict:
        answers = {}
        for q in level.questions:
            if q.is_choice:
                answers[q.id] = rng.choice([None, *(c.value for c in q.choices)])
            else:
                answers[q.id] = rng.choice([None, 1, 2, 3, 4, 4, 3])
        return answers

    def new_scan(i: int) -> Scan:
        scan = services.start_scan(
            author=user,
            level="professional",
            new_initiative=services.NewInitiative(f"Initiatief {i}", "Wijk", 1 + i % 5, "bewoners"),
        )
        services.save_answers(target=scan, answers=random_answers(), notes={"A2": "notitie"})
        services.complete_scan(scan=scan)
        return scan

    def page(path: str) -> tuple[list[float], int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return timed(lambda: client.get(path), args.repeat), len(queries)

    rows = []
    baseline, _ = page("/healthz")
    rows.append(("GET /healthz (baseline)", baseline, 0))

    answer_sets = [random_answers() for _ in range(200)]
    inputs = [ScanInput("professional", "bewoners", 2, "rood", a) for a in answer_sets]
    engine = timed(lambda: [evaluate(content, i) for i in inputs], max(5, args.repeat // 4))
    per_eval = [s / len(inputs) for s in engine]
    rows.append(("engine: one evaluation", per_eval, 0))

    first = new_scan(0)
    small, small_q = page(f"/actie/scans/{first.public_id}/")
    rows.append(("result page, 1 scan in the database", small, small_q))

    started = time.perf_counter()
    for i in range(1, args.scans):
        new_scan(i)
    fill = time.perf_counter() - started
    large, large_q = page(f"/actie/scans/{first.public_id}/")
    rows.append((f"result page, {Scan.objects.count()} scans in the database", large, large_q))

    session = services.create_group_session(
        facilitator=user, data={"title": "Bench", "case_summary": "Bench.", "hours_open": 3}
    )
    for n in range(args.participants):
        services.join_group(
            session=session, display_name=f"P{n}", show_name=n % 2 == 0, intuition="rood"
        )
    for participant in Participant.objects.filter(session=session):
        services.save_answers(target=participant, answers=random_answers())
    live, live_q = page(f"/actie/groepen/{session.public_id}/live/")
    rows.append((f"live view, {args.participants} participants", live, live_q))

    pdf = timed(
        lambda: client.get(f"/actie/scans/{first.public_id}/pdf/"), max(3, args.repeat // 8)
    )
    rows.append(("PDF of a complete scan", pdf, 0))

    base = statistics.median(baseline)
    print(
        f"content {content.version}, {len(level.questions)} questions; filled {args.scans} scans in {fill:.1f} s"
    )
    print(f"{'what':45} {'median':>11} {'queries':>8} {'x baseline':>11}")
    for name, samples, queries in rows:
        ratio = statistics.median(samples) / base
        print(f"{name:45} {ms(samples)} {queries or '':>8} {ratio:11.1f}")


if __name__ == "__main__":
    main()
