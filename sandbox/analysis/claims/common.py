"""What several judges share: the requests sent together, the facts about who served them."""

from __future__ import annotations

from sandbox.analysis.policy import Condition, need
from sandbox.analysis.requests import start_spread as spread
from sandbox.model.evidence import Clock, Fact, Proc, Req, Thread
from sandbox.model.observation import RequestRecord, ScenarioObservation, VariantObservation
from sandbox.model.steps import ARTICLE_BATCH
from sandbox.model.verdicts import Verdict

HOLDS, DIFFERS, CANNOT_TELL = Verdict.HOLDS, Verdict.DIFFERS, Verdict.CANNOT_TELL
TOGETHER = 0.125  # s: at most this far apart (and a quarter of the sleep) to count as sent together
PAGES = ("/sleep1", "/sleep2")
REQUESTS = ARTICLE_BATCH  # the batch an article scenario's clients are fired as


def requests_to(variant: VariantObservation, paths: tuple[str, ...]) -> list[tuple[int, RequestRecord]]:
    """(index, record) of the requests for these paths, in the order the server started them."""
    found = [(index, record) for index, record in enumerate(variant.requests) if record.path in paths]
    return sorted(found, key=lambda item: (item[1].server_start or item[1].client_start, item[0]))


def sent_together(records: list[RequestRecord], run: ScenarioObservation) -> bool:
    """Were these requests released together? Within TOGETHER and well inside one sleep."""
    return spread(records) <= min(TOGETHER, run.sleep / 4)


def spread_fact(records: list[RequestRecord]) -> Fact:
    return Fact("the requests left the client within {:.1f} ms of each other", spread(records) * 1000)


def served_fact(variant: VariantObservation, index: int, record: RequestRecord) -> Fact:
    request = Req(variant.service, index)
    if not record.served:
        return Fact("{}: no answer ({})", request, record.error or f"HTTP {record.status}")
    return Fact(
        "{} served by {} ({}) from {} to {}",
        request,
        Proc(variant.service, record.pid),
        Thread(variant.service, record.tid),
        Clock(record.server_start),
        Clock(record.server_end),
    )


def sent_pages(
    run: ScenarioObservation, variant: VariantObservation, also: tuple[str, ...] = ()
) -> tuple[list[tuple[int, RequestRecord]], list[Fact], list[Condition]]:
    """The two pages; the facts of how they (and the `also` requests) were sent and served; and
    what any verdict on them needs: every one of them served, the pages sent together."""
    pages = requests_to(variant, PAGES)
    sent = requests_to(variant, (*PAGES, *also))
    records = [record for _, record in pages]
    evidence = [spread_fact(records), *(served_fact(variant, i, r) for i, r in sent)]
    every_one = len(pages) == 2 and all(record.served for _, record in sent)
    given = [
        need("both pages and every other request sent with them answered", True if every_one else None),
        need(
            Fact("the two pages sent together (within {:g} ms)", min(TOGETHER, run.sleep / 4) * 1000),
            sent_together(records, run) if every_one else None,
        ),
    ]
    return pages, evidence, given
