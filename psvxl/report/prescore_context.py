"""The pre-scores (forhåndsvurdering) as the report and the fact base's agenda show them.

Counted and summarised, never named: the context holds no participant's name, so no template can
show who scored what.
"""

from __future__ import annotations

from typing import Any

from psvxl import formatting as fmt
from psvxl.i18n import t
from psvxl.metrics import Metrics
from psvxl.model import Assessment
from psvxl.prescores import DISCUSS_SPREAD


def prescore_context(a: Assessment, m: Metrics) -> dict[str, Any]:
    p = m.prescores
    if p is None:
        return {"has": False, "participants": "", "rows": [], "agenda": [], "discuss_spread": str(DISCUSS_SPREAD)}
    totals = {s.id: s.total for s in m.scores.indicators}
    names = {ind.id: ind.name or ind.id for ind in a.indicators}
    rows = [{"name": i.name or i.id, "total": fmt.score(totals.get(i.id)), "mean": fmt.score(i.mean),
             "spread": fmt.number(i.max_spread) if i.max_spread is not None else "–",
             "discuss": fmt.number(i.discuss)} for i in p.indicators if i.mean is not None]
    agenda = [{"number": str(k), "indicator": names.get(th.indicator_id, th.indicator_id),
               "theme": th.title or t("report.prescores.theme", number=th.theme_index + 1), "n": str(th.n),
               "mean": fmt.score(th.mean), "range": f"{fmt.number(th.min)}–{fmt.number(th.max)}",
               "spread": fmt.number(th.spread), "discuss": t("report.prescores.discuss") if th.discuss else ""}
              for k, th in enumerate(p.agenda(), start=1)]
    return {"has": True, "participants": fmt.number(p.participants), "rows": rows, "agenda": agenda,
            "discuss_spread": str(DISCUSS_SPREAD)}
