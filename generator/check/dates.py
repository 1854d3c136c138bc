"""Stage 3: dates that cannot be true. A correction is made after the article it corrects and not
after today: dated otherwise, it would sit at the top of the feed for ever, or before the text."""

from __future__ import annotations

import datetime as dt

from ..model import Article, Problem


def correction_problems(article: Article, today: dt.date | None) -> list[Problem]:
    """Errors for corrections dated before their article, or (with `today`) after today."""
    problems = []
    published = article.meta.date
    for correction in article.meta.corrections:
        if correction.date < published:
            problems.append(Problem(correction.origin("date"), f"correction dated {correction.date} is before the "
                                    f"article's date ({published})", "write the date the text was corrected: on "
                                    "or after the article's date", code="correction-date"))
        elif today is not None and correction.date > today:
            problems.append(Problem(correction.origin("date"), f"correction dated {correction.date} is in the future "
                                    f"(today is {today})", "write the date the text was corrected, once it has been",
                                    code="correction-date"))
    return problems
