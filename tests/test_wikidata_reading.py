"""Reading Wikidata statements as ``wbgetentities`` returns them, odd values included: an
impossible date, a zero month at day precision, a value of the wrong type, an unknown value.
None of them may cost the other facts of the item (a crash here loses every note of the article)."""

from __future__ import annotations

from datetime import date

from contextlib_news.knowledge import wikidata as wd


def time_snak(time: str, precision: int = 11) -> dict:
    return {"snaktype": "value", "property": "P580", "datatype": "time",
            "datavalue": {"type": "time", "value": {"time": time, "timezone": 0, "before": 0, "after": 0,
                                                     "precision": precision,
                                                     "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}}}


def position(qid: str, start: dict | None = None, rank: str = "normal") -> dict:
    statement = {"mainsnak": {"snaktype": "value", "property": "P39", "datatype": "wikibase-item",
                              "datavalue": {"type": "wikibase-entityid",
                                            "value": {"entity-type": "item", "numeric-id": int(qid[1:]), "id": qid}}},
                 "type": "statement", "rank": rank}
    if start is not None:
        statement["qualifiers"] = {"P580": [start]}
    return statement


def test_impossible_days_keep_the_precision_they_still_have():
    assert wd.parse_time(time_snak("+1961-02-30T00:00:00Z")["datavalue"]) == wd.When(1961, 2)
    assert wd.parse_time(time_snak("+1961-00-00T00:00:00Z")["datavalue"]) == wd.When(1961)
    assert wd.parse_time(time_snak("+2021-01-20T00:00:00Z")["datavalue"]) == wd.When(2021, 1, 20)
    assert wd.parse_time(time_snak("-0044-03-15T00:00:00Z")["datavalue"]) is None  # before the common era
    assert wd.parse_time({"type": "time", "value": "2021-01-20"}) is None  # not Wikidata's shape


def test_odd_values_do_not_cost_the_other_facts():
    somevalue = {"mainsnak": {"snaktype": "somevalue", "property": "P39", "datatype": "wikibase-item"},
                 "type": "statement", "rank": "normal"}
    wrong_type = {"mainsnak": {"snaktype": "value", "property": "P39", "datatype": "string",
                               "datavalue": {"type": "string", "value": "President"}}, "type": "statement", "rank": "normal"}
    entity = {"id": "Q6279", "claims": {
        "P39": [somevalue, wrong_type, position("Q11696", time_snak("+2021-01-20T00:00:00Z")),
                position("Q11699", time_snak("+2009-01-20T00:00:00Z"))],
        "P1082": [{"mainsnak": {"snaktype": "value", "property": "P1082", "datatype": "quantity",
                                "datavalue": {"type": "string", "value": "about 300"}}, "type": "statement", "rank": "normal"}],
        "P625": [{"mainsnak": {"snaktype": "value", "property": "P625", "datatype": "globe-coordinate",
                               "datavalue": {"type": "globecoordinate", "value": {"latitude": None, "longitude": None}}},
                  "type": "statement", "rank": "normal"}],
    }}
    labels = {"Q11696": "President of the United States", "Q11699": "Vice President of the United States"}
    assert wd.item_values(entity, "P39") == ["Q11696", "Q11699"]
    current, _ = wd.roles_as_of(entity, date(2021, 5, 12), labels)
    assert current[0] == "President of the United States (since 2021-01-20)"
    assert wd.value_as_of(entity, "P39", date(2021, 5, 12)) == "Q11696"
    assert wd.population(entity, date(2021, 5, 12)) is None
    assert wd.coordinates(entity) is None
