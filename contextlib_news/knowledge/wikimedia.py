"""Wikipedia + Wikidata: notes on the long tail of people, organisations and places.

How a cold article is looked up, in rounds of concurrent, batched requests:

1. ``action=query`` for every entity's name (and, for one-word names, the qualified titles
   Wikipedia gives namesakes: "Georgia (country)", "Cambridge, Massachusetts"), alongside
   ``wbgetentities`` for the items of those same titles — pages, redirects, disambiguation
   flags, descriptions, extracts, thumbnails, and the items' claims in one round trip;
2. only when needed: the items of pages reached through redirects, and, for people named by
   surname ("President Biden", "Mr. Amr") whose page is a disambiguation or surname page,
   missing, or someone else, the surname's list of people and a search with the title word;
   beside those, for organisations none of whose titles has a page, one search for them all
   ("BaFin" is an alias of the Federal Financial Supervisory Authority) — not in a batch;
3. only when needed: those candidates' items, and the ``P279`` parents of classes the
   bundled table does not know (:mod:`.classes`) — for one article, the labels its likely
   choices will need go out beside that walk;
4. the labels of what the chosen items point to (offices, parties, countries), alongside
   the extracts that round 1 did not cover; while namesakes are being looked for, the room
   left in that request holds the countries and regions the first round's items point to,
   which the namesakes' notes mostly need too (their own labels round is then often saved).

An article whose names all have their own pages costs two round trips (at most four
requests); a name that needs the extra step costs more only for itself. Answers are cached
(requests-cache, 7 days), so a repeated article costs nothing. Disambiguation never
guesses: a candidate must be the kind of thing the article means (by class reasoning over
``P31``/``P279``), among namesakes the article must tip the balance — the items the other
entities link to, the office a title names on the article's date — or there is no note.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from concurrent.futures import wait
from dataclasses import dataclass, field, replace
from datetime import date
from typing import AbstractSet, Any, Mapping, Sequence

from ..errors import ProviderError
from ..given_names import is_given_name
from ..model import Fact, Note, Source
from ..settings import Settings
from . import people
from . import wikidata as wd
from .base import (Candidate, EntityQuery, LookupContext, about_a_sport, another_sports_team, match_side, place_division,
                   place_qualifiers, school_report, sport_of, sport_of_title)
from .classes import ClassTable, bundled_classes
from .localize import localize_candidates
from .places import gazetteer, is_region_name, subdivision_countries
from .wikimedia_api import MAX_IDS, MAX_TITLES, Page, WikimediaClient, wiki_title
from .wikimedia_fit import (NAME_WORDS, PROMINENT_PAGE_BYTES, REGION_CLASSES, STATE_TITLES, STOP, WORD, Evidence,
                            abbreviates_state, about_state_politics, chamber_names, countries_in, country_named,
                            gone_before, home_country, in_state, is_acronym, is_common_noun, is_name_list,
                            is_name_page, is_news_medium, jurisdiction_titles, kind_of, land_for_state, list_fellows,
                            local_body_elsewhere, mentions_name, metropolis_abroad, name_of, named_as_example, names_a_maker,
                            names_in_opening, namesake_at_home, next_to, other_names, owned_by_owner, owner_of,
                            person_evidence, place_votes, plays_a_sport, plays_the_reports_sport, reconcile,
                            reported_by, school_titles, search_text, sides_state, speaks_of_trade, spells_out,
                            state_body_titles, story_country, story_state, summary_of, trade_trimmed)

log = logging.getLogger(__name__)

ITEM_PROPS = "labels|descriptions|aliases|claims|sitelinks"
#: Joins an article's index to its query keys inside one (batched) lookup.
_SEP = "\x1f"
#: Qualified titles Wikipedia gives namesakes, by the kind of thing we look for.
_QUALIFIERS = {
    "place": ("{} (country)", "{} (U.S. state)", "{} (state)", "{}, D.C.", "{} (city)", "{} River", "{} rainforest"),
    "organization": ("The {}", "{} Inc.", "{} (company)", "{} (organization)", "{} (political party)"),
    "person": (),
}
#: Wikipedia's qualifier for a player of a sport whose name another page has.
_PLAYER_QUALIFIERS = {"football": "American football", "hockey": "ice hockey", "basketball": "basketball",
                      "baseball": "baseball", "soccer": "footballer"}
#: Wikipedia's titles for the football club of a place ("West Ham United F.C.", "FC Barcelona").
_CLUB_TITLES = ("{} F.C.", "{} United F.C.", "{} City F.C.", "FC {}")
#: People searched for by surname per article, disambiguation pages read for other names, and
#: candidates weighed per name.
MAX_PERSON_SEARCHES = 8
MAX_LISTS = 12
MAX_CANDIDATES = 8
#: Sides of a sports report searched for as clubs, per article.
MAX_CLUB_SEARCHES = 2
#: Bare surnames a batch asks for in one search.
SEARCH_GROUP = 10
#: Wikipedia refuses a longer search text (cirrussearch-query-too-long).
MAX_SEARCH_CHARS = 300
#: Confidence a namesake found only on a disambiguation page's list must reach.
LISTED_BAR = 0.7


@dataclass
class _Choice:
    query: EntityQuery
    page: Page
    item: Mapping[str, Any]
    confidence: float
    why: dict[str, Any] = field(default_factory=dict)
    kind: str = ""
    #: Namesakes the article does not tell apart were this close behind.
    ambiguous: bool = False


@dataclass(frozen=True)
class _PersonPlan:
    """How a person is looked for beyond their name's own page."""

    search: bool = False
    read_list: bool = False
    #: The name's own page is someone else (another holder of the name): never use it.
    distrust_page: bool = False


@dataclass(frozen=True)
class _Namesakes:
    """Names whose candidates need another round: people (with how to look for each), the
    organisations and places whose name is a disambiguation page, and the bodies named
    generically ("the Senate") with the titles of the story country's body."""

    plans: Mapping[str, _PersonPlan]
    people: Sequence[EntityQuery]
    listed: Sequence[EntityQuery]
    titled: Mapping[str, list[str]] = field(default_factory=dict)
    #: Organisations none of whose titles has a page, and the search that looks for them
    #: (one per article: '"BaFin" OR "Magic Box"').
    unfound: Mapping[str, tuple[EntityQuery, str]] = field(default_factory=dict)
    #: Sides of a sports report none of whose titles is a club, and the search for the club
    #: of that name in the report's sport ('"Washington" hockey').
    clubs: Mapping[str, tuple[EntityQuery, str]] = field(default_factory=dict)

    @property
    def lists(self) -> set[str]:
        """The keys decided after this round."""
        return {q.key for q in self.listed} | set(self.titled) | set(self.unfound) | set(self.clubs)

    @property
    def expected(self) -> bool:
        """Whether a round of namesakes comes at all."""
        return bool(self.plans or self.listed or self.titled or self.unfound or self.clubs)

    @property
    def distrusted(self) -> set[str]:
        return {key for key, plan in self.plans.items() if plan.distrust_page}


@dataclass
class _Round:
    """What the lookup of one article has learned so far."""

    plan: dict[str, list[str]]
    pages: dict[str, Page]
    resolve: dict[str, str]
    items: dict[str, Mapping[str, Any]]
    #: Titles that came from a disambiguation page's list (namesakes the article did not name).
    listed: set[str] = field(default_factory=set)
    #: Titles found by searching for an organisation none of whose own titles has a page.
    searched: set[str] = field(default_factory=set)
    #: Query key → the titles asked for as its story's state's body ("Indiana General Assembly").
    state_bodies: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Query key → the titles a search found as the club of a side named by its town.
    clubs: dict[str, set[str]] = field(default_factory=dict)
    #: Query key → the US state of a school report whose side it is (its high school's titles are asked for).
    schools: dict[str, str] = field(default_factory=dict)


class WikimediaProvider:
    """Notes from Wikipedia and Wikidata, dated to the article (see the module docstring)."""

    name = "wikimedia"
    online = True

    def __init__(self, settings: Settings, classes: ClassTable | None = None) -> None:
        self.settings = settings
        self.client = WikimediaClient(settings)
        self.classes = classes or bundled_classes()

    def close(self) -> None:
        self.client.close()

    # -- the provider interface ---------------------------------------------------------
    def lookup(self, queries: Sequence[EntityQuery], context: LookupContext) -> dict[str, Candidate]:
        found: dict[str, Candidate] = {}
        try:
            return self._lookup([(queries, context)], partial=[found])[0]
        except ProviderError as exc:
            raise ProviderError(str(exc), partial=found) from exc

    def lookup_many(self, batch: Sequence[tuple[Sequence[EntityQuery], LookupContext]]) -> list[dict[str, Candidate]]:
        """:meth:`lookup` for several articles with shared requests: all their names in 50-title
        queries and all items in 50-id ``wbgetentities``; each article's choice sees only its
        own names and evidence, so it gets what :meth:`lookup` would give it alone — except that,
        to keep a batch cheap, the qualified titles of a name ("Georgia (country)") are asked
        for only when the name itself has a page, and neither an organisation none of whose
        titles leads to one nor a sports report's side is searched for (a lone lookup's choice
        made so says ``found_by_search`` or ``club_of_side``).
        The shared requests run within the latest deadline of the batch; a failure fails the
        whole batch (:class:`ProviderError`).
        """
        return self._lookup(batch)

    def _lookup(self, batch: Sequence[tuple[Sequence[EntityQuery], LookupContext]],
                partial: list[dict[str, Candidate]] | None = None) -> list[dict[str, Candidate]]:
        found = partial if partial is not None else [{} for _ in batch]
        # Keys are per article; inside one lookup they are prefixed with the article's index.
        articles: list[tuple[list[EntityQuery], LookupContext]] = []
        for index, (queries, context) in enumerate(batch):
            # In a batch, a word the model saw no name in and the article writes once is not asked
            # for: of a hundred articles' such words most have no page, and each fiftieth costs a
            # request (an article alone asks within its first request's room).
            wanted = [replace(q, key=f"{index}{_SEP}{q.key}") for q in queries if kind_of(q) or q.spotted
                      if len(batch) == 1 or not (q.spotted and q.count == 1 and " " not in name_of(q))]
            articles.append((wanted if not context.offline else [], context))
        live = [(wanted, context) for wanted, context in articles if wanted]
        if not live:
            return found
        shared = max((context for _, context in live), key=lambda c: c.deadline)
        context_of = {q.key: context for wanted, context in live for q in wanted}
        everyone = [q for wanted, _ in live for q in wanted]
        # Names written as a side in a match of a sports report: their clubs are asked for too.
        sides = {q.key for wanted, context in live for q in wanted if match_side(q, context.article_text)}
        # Sides of a report on schools' teams, named by their towns ("Palm Bay d. Rockledge"):
        # the towns' high schools, in the state most of the sides are towns of.
        schools: dict[str, str] = {}
        for wanted, context in live:
            teams = [q for q in wanted if q.key in sides]
            where = sides_state(teams) if teams and school_report(context.article_text) else None
            if where:
                schools.update(dict.fromkeys((q.key for q in teams), where))
        # Players of a report's sport: Wikipedia titles their namesakes "Chad Thomas (American football)".
        players = {q.key: _PLAYER_QUALIFIERS[sport] for wanted, context in live
                   if (sport := sport_of(context.article_text)) in _PLAYER_QUALIFIERS
                   for q in wanted if kind_of(q) == "person" and not q.spotted and len(name_of(q).split()) >= 2}
        state = self._first_round(everyone, shared, staged=len(live) > 1, sides=sides, players=players, schools=schools)
        namesakes = self._namesake_plan(everyone, state, context_of, search_unfound=len(live) == 1, sides=sides)
        # Two branches from here: the namesakes of the names that need them are looked for,
        # while the classes of the first round's items are placed and the names that lead
        # straight to their page are decided, their labels and extracts fetched.
        first_items = list(state.items.values())
        # Labels the notes need that need no request: the bundled classes' (English notes; a
        # note in another language is localised afterwards) and the items already fetched.
        bundled = self.classes.labels if shared.language == "en" else {}
        known = set(state.items) | set(bundled)

        def decide_early() -> tuple[list[list[_Choice]], dict[str, str]]:
            if len(live) > 1:
                # A batch is after throughput, not latency: one labels request less beats a round less.
                self._resolve_classes(first_items, shared)
                prefetched: dict[str, str] = {}
            else:
                prefetched = self._walk_classes_and_prefetch(first_items, live, state, known, shared,
                                                             namesakes=namesakes.expected)
            early = [self._choose([q for q in wanted if q.key not in namesakes.lists], state, context,
                                  namesakes.distrusted, wanted) for wanted, context in live]
            chosen = [c for per in early for c in per]
            # A page's extract comes with the first round only for 20 pages a request; a person
            # below the bar for want of ties may be tied by what their extract says ("NASA's
            # associate administrator"). The extracts of every choice come next anyway (the
            # notes need them): such people are weighed again once they are there.
            unread = {c.query.key for c in chosen if c.kind == "person" and not c.page.extract
                      and c.confidence < self.settings.min_confidence and "decision" not in c.why}
            needed = _references(chosen, {})
            if namesakes.expected:
                # The namesakes' notes need their own labels a round later; most are the
                # countries and regions the first round's items already point to, or the
                # countries and cities news names most. Those fill the room left in this round's
                # last request (no request more), and the last round is often not needed at all.
                needed |= _likely_references(first_items, needed | known, room=-len(needed - known) % MAX_IDS)
                asked = needed - known - set(prefetched)
                needed |= _common_references(needed | known | set(prefetched), room=-len(asked) % MAX_IDS if asked else 0)
            labels = self._labels_and_extracts(chosen, needed, known | set(prefetched), shared)
            labels.update(prefetched)
            if unread:
                early = [[c for c in per if c.query.key not in unread]
                         + self._choose([q for q in wanted if q.key in unread], state, context, set(), wanted)
                         for per, (wanted, context) in zip(early, live)]
            return early, labels

        early_job = self.client.submit(decide_early)
        pools = self._fetch_namesakes(namesakes, state, shared, batch=len(live) > 1)
        early, fetched = early_job.result()
        labels = dict(bundled)
        labels.update({qid: wd.label_of(e, shared.language) for qid, e in state.items.items()})
        labels.update(fetched)
        if pools or namesakes.lists:
            self._resolve_classes(state.items.values(), shared)
        late = [self._choose([q for q in wanted if q.key in namesakes.lists], state, context, set(), wanted)
                for wanted, context in live]
        late_all = [c for per in late for c in per]
        # The last round, only for what the namesakes brought that is not known yet: labels, and
        # the openings of the namesakes that will be notes (one below the bar needs none).
        needed = _references(late_all, pools) - set(labels)
        noted = [c for c in late_all if c.confidence >= self.settings.min_confidence]
        if needed or any(not c.page.extract for c in noted):
            labels.update(self._labels_and_extracts(noted, needed, set(labels), shared))
        for (wanted, context), chosen in zip(live, [e + l for e, l in zip(early, late)]):
            people_choices = {c.query.key: c for c in self._choose_people(wanted, pools, state, labels, chosen, context)}
            chosen = [c for c in chosen if c.query.key not in people_choices] + list(people_choices.values())
            index = int(wanted[0].key.split(_SEP, 1)[0])
            answer = found[index]
            for choice in chosen:
                answer[choice.query.key.split(_SEP, 1)[1]] = self._candidate(choice, labels, context)
            if context.reader_language != "en":  # notes in the reader's language: see localize.py
                notes = {key: c for key, c in answer.items() if c.kind != "nonentity"}
                answer.update(localize_candidates(notes, context, self.settings, self.client.session))
        return found

    def _labels_and_extracts(self, choices: Sequence[_Choice], ids: set[str], known: set[str],
                             context: LookupContext) -> dict[str, str]:
        """The labels of ``ids`` not yet ``known``, and the extracts of the chosen pages that have
        none yet (filled into the choices), in one concurrent round; returns id → label. Reads
        nothing of the lookup's shared state, so it can run beside the namesakes' round."""
        missing = sorted({c.page.title for c in choices if not c.page.extract and c.kind != "nonentity"})
        calls: list[tuple[Any, tuple[Any, ...]]] = [(self.client.entities, (sorted(ids - known), context, "labels"))]
        if missing:
            calls.append((self.client.pages, (missing, context)))
        answers = self.client.gather(calls)
        if missing:
            extra = answers[1][0]
            for choice in choices:
                if choice.page.title in extra:
                    choice.page.extract = choice.page.extract or extra[choice.page.title].extract
                    choice.page.thumbnail = choice.page.thumbnail or extra[choice.page.title].thumbnail
        return {qid: wd.label_of(e, context.language) for qid, e in answers[0].items()}

    # -- rounds of requests ----------------------------------------------------------------
    def _first_round(self, queries: Sequence[EntityQuery], context: LookupContext, *, staged: bool = False,
                     sides: AbstractSet[str] = frozenset(), players: Mapping[str, str] | None = None,
                     schools: Mapping[str, str] | None = None) -> _Round:
        """Pages and items of every name (and the qualified titles of one-word names) at once.

        ``staged`` (a batch of articles): the names first, then the qualified titles only of the
        names that have a page — most names of a batch are misses, and where "X" has no page,
        "X (…)" rarely has one.
        """
        # Each article plans its own titles (its own 50, its own places to qualify names with).
        by_article: dict[str, list[EntityQuery]] = {}
        for query in queries:
            by_article.setdefault(query.key.split(_SEP, 1)[0], []).append(query)
        plan = {key: titles for article in by_article.values()
                for key, titles in self._titles(article, sides, players, second_batch=not staged, schools=schools).items()}
        if staged:
            # A batch: most names have no page, so items are asked for by id, once the pages are
            # known, instead of by title beside them (fewer requests, one more round).
            names = sorted({ts[0] for ts in plan.values()})
            pages, resolve = self.client.pages(names, context)
            items = {qid: item for qid, item in self.client.entities(
                sorted({p.item for p in pages.values() if p.item and not p.disambiguation}), context, ITEM_PROPS).items()}
            # Then the titles the article suggests, and the namesakes' titles of the names whose
            # page is a disambiguation page or something else than the article means.
            wanted = {q.key: q for q in queries}
            plan = {key: ts[:1] + [t for t in ts[1:] if t in self._own_titles(wanted[key], [])
                                   or self._ambiguous(wanted[key], pages.get(resolve.get(ts[0], "")), items)]
                    for key, ts in plan.items()}
            rest = sorted({t for ts in plan.values() for t in ts[1:]} - set(names))
            if rest:
                more, more_resolve = self.client.pages(rest, context)
                pages.update(more)
                resolve.update(more_resolve)
        else:
            titles = sorted({t for ts in plan.values() for t in ts})
            (pages, resolve), items = self.client.gather([
                (self.client.pages, (titles, context)),
                (self.client.entities_by_titles, (titles, context, ITEM_PROPS)),
            ])
        state = _Round(plan, pages, resolve, dict(items), schools=dict(schools or {}))
        # Pages reached through redirects whose items the by-title call did not return.
        late = {p.item for p in pages.values() if p.item and not p.disambiguation and p.item not in state.items}
        if late:
            state.items.update(self.client.entities(sorted(late), context, ITEM_PROPS))
        return state

    def _titles(self, queries: Sequence[EntityQuery], sides: AbstractSet[str] = frozenset(),
                players: Mapping[str, str] | None = None, second_batch: bool = True,
                schools: Mapping[str, str] | None = None) -> dict[str, list[str]]:
        """Query key → titles to try, fullest name first; at most 50 titles in all but for a
        town's title the article writes out and a report's players, who may fill a second batch
        (not in a batch of articles, ``second_batch`` False, whose titles share their requests).

        A name that is a side in a match (``sides``) is also tried as a football club's title
        ("West Ham United F.C.", "FC Barcelona"), right after the name, and in a report on schools'
        teams (``schools``: key → the report's US state) as its town's high school's ("Melbourne
        High School (Florida)"); a player of the report's sport (``players``: key → qualifier)
        under Wikipedia's qualified title.

        After every name come, while room is left, the titles the article itself suggests
        ("Louisville, Colorado", "Kalamazoo County, Michigan"), then the qualified titles
        Wikipedia gives namesakes of one-word names ("Georgia (country)").
        """
        places = [name_of(q) for q in queries if kind_of(q) == "place"]
        countries = [name_of(q) for q in sorted(queries, key=lambda q: -q.count) if q.key.split(_SEP)[-1].startswith("country:")][:2]
        home = story_country(queries)
        national = _TITLE_COUNTRY.get(home, gazetteer().country_name(home)) if home else None
        # The name, then the article's other names for it ("SoftBank Group" of "SoftBank Group Corp").
        plan: dict[str, list[str]] = {q.key: [name_of(q), *other_names(q)] for q in queries}
        for query in queries:
            # "tells The Hollywood Reporter": the article writes the name with its article, capitalised
            # mid-sentence, as Wikipedia titles it (used only where the bare name has no page).
            if kind_of(query) == "organization" and " " in name_of(query) and _the_mid_sentence(query):
                plan[query.key].append(f"The {name_of(query)}")
        for query in queries:
            if query.key in sides:
                plan[query.key] += [pattern.format(name_of(query)) for pattern in _CLUB_TITLES]
                if schools and query.key in schools:
                    plan[query.key] += school_titles(name_of(query), schools[query.key])
            elif kind_of(query) == "place" and not query.spotted:
                # "Ireland": the page of that title is the island; the state has a title of its own.
                state_title = STATE_TITLES.get(country_named(name_of(query)) or "")
                if state_title:
                    plan[query.key].append(state_title)
        budget = MAX_TITLES - len({t for ts in plan.values() for t in ts})
        ranked = sorted(queries, key=lambda q: -q.count)
        # "Chad Thomas (American football)": where a namesake has the name's title. A report's
        # players fill the first request with their names, so their qualified titles may go in a
        # second batch of titles sent beside it (at most one), as the notes of a box score need.
        room = budget + (MAX_TITLES if second_batch else 0)
        for query in ranked:
            if players and query.key in players and room > 0:
                plan[query.key].append(f"{name_of(query)} ({players[query.key]})")
                room -= 1
        budget = max(0, room - MAX_TITLES)
        for query in ranked:
            name = name_of(query)
            if query.glossary_id or query.spotted or kind_of(query) not in ("place", "organization") or budget <= 0:
                continue
            own = [t for t in self._own_titles(query, places, countries, national) if t not in plan[query.key]][:budget]
            plan[query.key] += own
            budget -= len(own)
        for query in ranked:
            # "Xfinity Center, Mansfield, MA": the title the article itself writes out for a town
            # ("Mansfield, Massachusetts") is asked for even past the budget (a tour's dates
            # fill it), at worst in a second batch of titles sent beside the first.
            if kind_of(query) == "place" and not query.glossary_id and not query.spotted:
                plan[query.key] += [t for t in (f"{name_of(query)}, {region}" for region in place_qualifiers(query))
                                    if t not in plan[query.key]]
        for query in ranked:
            name = name_of(query)
            if " " in name.strip() or query.glossary_id or query.spotted or budget <= 0:
                continue  # full names are rarely shared; one-word names are where namesakes live
            extra = list(_qualified(query))
            if kind_of(query) == "place":
                # "Hope, Indiana", never "Hope, Central Avenue": Wikipedia qualifies a town by its region.
                extra += [f"{name}, {other}" for other in places if other != name and is_region_name(other)][:3]
            extra = [t for t in extra if t not in plan[query.key]][:budget]
            plan[query.key] += extra
            budget -= len(extra)
        return plan

    @staticmethod
    def _own_titles(query: EntityQuery, places: Sequence[str], countries: Sequence[str] = (),
                    national: str | None = None) -> list[str]:
        """Titles the article itself suggests: "Louisville, Colorado" when it writes that,
        "Kalamazoo County, Michigan" when it speaks of counties, "Ministry of Defence (United
        Kingdom)" for a body of a country it names, "T-Mobile US" for a company in a story
        from the ``national`` country (its operator there, beside the brand's own page), "NASA
        Office of Inspector General" for a unit the article gives as its owner's."""
        name = name_of(query)
        own = [f"{name}, {region}" for region in place_qualifiers(query)]
        if kind_of(query) == "organization" and " " in name:
            # "Ministry of Defence (United Kingdom)": a national body titled with its country.
            own += [f"{name} ({country})" for country in countries]
        if kind_of(query) == "organization" and national and not name.endswith(national):
            own.append(f"{name} {national}")
        owner = owner_of(query) if kind_of(query) == "organization" and " " in name else None
        if owner:
            # "NASA's Office of the Inspector General": Wikipedia titles an owner's unit with the
            # owner's name first ("NASA Office of Inspector General").
            unit = f"{owner} {name}"
            own += [unit] + ([unit.replace(" of the ", " of ")] if " of the " in unit else [])
        division = place_division(query) if kind_of(query) == "place" else None
        if division:
            own += [f"{name} {division}"] + [f"{name} {division}, {other}" for other in places if other != name][:3]
        return own

    def _ambiguous(self, query: EntityQuery, page: Page | None, items: Mapping[str, Mapping[str, Any]]) -> bool:
        """Whether a name's own page leaves its namesakes worth asking for: a disambiguation page,
        or a page about another kind of thing than the article means."""
        if page is None:
            return False  # where "X" has no page, "X (…)" rarely has one
        if page.disambiguation:
            return True
        item = items.get(page.item or "")
        return item is not None and self.classes.category(item, kind_of(query)) != kind_of(query)

    def _namesake_plan(self, queries: Sequence[EntityQuery], state: _Round,
                       context_of: Mapping[str, LookupContext], *, search_unfound: bool = True,
                       sides: AbstractSet[str] = frozenset()) -> "_Namesakes":
        """Which names do not lead straight to one thing (no requests):

        - people whose name's page is missing, a disambiguation or surname page, someone else,
          or someone who did not hold the article's office on its date: searched for with the
          title word, and their name's list page read (:meth:`_person_plan`);
        - organisations and places whose name is a disambiguation page ("Chargers", "Ford",
          "PTI"): the page's links join the query's titles and are scored like any namesake;
        - organisations named generically ("the Senate", "the Supreme Court": their page is
          about the kind of body): the titles of the body of the country the story is in
          ("Senate of Nigeria") join their titles; in a US story, a state's bodies ("the
          Legislature") get the titles of the story's state's ("Indiana General Assembly"),
          remembered in ``state.state_bodies`` for the scoring;
        - places whose page is a region of several countries ("Punjab"): the title of the state
          of that name in a country the article names ("Punjab, India");
        - organisations none of whose titles has a page (``search_unfound``), when this round
          comes for other names anyway: one search per article for them all, whose hits count
          only if the thing goes by the name (its label, an alias: "BaFin" for the Federal
          Financial Supervisory Authority). Not in a batch, where most names have no page and
          a search an article would cost more than the batch saves.
        - sides of a sports report none of whose titles is a club ("took over Washington",
          where "Washington" is a state and a city), in that round too: a search for the
          name with the report's sport ('"Washington" hockey'), whose hits count only if
          their title is the name and the club's ("Washington Capitals").
        """
        plans = {q.key: self._person_plan(q, state, context_of[q.key]) for q in queries}
        # Searches are capped per article; reading a full name's list page joins one request for all.
        ranked = sorted((q for q in queries if plans[q.key]), key=lambda q: -q.count)
        needy = (_per_article([q for q in ranked if plans[q.key].search], MAX_PERSON_SEARCHES)
                 + _per_article([q for q in ranked if not plans[q.key].search], MAX_LISTS))
        listed = _per_article([q for q in queries if not plans[q.key] and self._reads_list(q, state)], MAX_LISTS)
        by_article: dict[str, list[EntityQuery]] = {}
        for query in queries:
            by_article.setdefault(query.key.split(_SEP, 1)[0], []).append(query)
        titled: dict[str, list[str]] = {}
        for article in by_article.values():
            titled.update(self._state_titles(article, state))
            generic = [q for q in article if kind_of(q) == "organization" and not q.glossary_id and not q.spotted
                       and (self._generic(q, state) or chamber_names(q)) and not countries_in(name_of(q))]
            stately = [q for q in article if kind_of(q) == "organization" and not q.glossary_id and state_body_titles(q, "")]
            # The story's country is worked out only for articles that name a body generically.
            country = self._country_name(article, state) if generic or stately else None
            if country is None:
                continue
            if country == "United States":
                generic = [q for q in generic if q not in stately]  # the state's, below
                if about_state_politics(context_of[article[0].key].article_text):
                    # "The House", "the Senate" of a story about a statehouse may be the state's: no guess.
                    generic = [q for q in generic if not chamber_names(q) and name_of(q).casefold() != "senate"]
            for query in _per_article(sorted(generic, key=lambda q: -q.count), MAX_LISTS):
                titled[query.key] = [t for t in jurisdiction_titles(query, country) if t not in state.plan[query.key]]
            if country != "United States":
                continue
            # "The Legislature" of a US story is its state's: "Indiana General Assembly".
            for query in stately:
                where = story_state(query, article)
                if where:
                    bodies = [t for t in state_body_titles(query, where) if t not in state.plan[query.key]]
                    titled[query.key] = titled.get(query.key, []) + bodies
                    state.state_bodies[query.key] = frozenset(bodies)
        taken = {q.key for q in (*needy, *listed)} | set(titled)
        clubs: dict[str, tuple[EntityQuery, str]] = {}
        unfound: dict[str, tuple[EntityQuery, str]] = {}
        # Only beside a round that comes anyway: a search is one request more, not a round more.
        for article in by_article.values() if search_unfound and (needy or listed or titled) else ():
            sport = sport_of(context_of[article[0].key].article_text)
            # A side whose name is a list of namesakes ("Washington") too: the list, read in the
            # same round, rarely has the club. Not a country: its side is a national team, and
            # the note a reader of "Russia beat …" misses is not that (the country's is given).
            # A side without any page is searched for as an organisation, below.
            clubless = [q for q in article if q.key in sides and (q.key not in taken or q in listed)
                        and not q.key.split(_SEP)[-1].startswith("country:")
                        and not self._has_organisation(q, state) and not _pageless(q, state)]
            # A town's or a school's name first: a club's nickname ("Wildcats") rarely starts its title.
            clubless.sort(key=lambda q: (_nickname(name_of(q)), not gazetteer().candidates(name_of(q)), -q.count))
            for query in clubless[:MAX_CLUB_SEARCHES] if sport else ():
                clubs[query.key] = (query, f"{_quoted(name_of(query))} {sport}")
            lost = _per_article(sorted((q for q in article if q.key not in taken and q.key not in clubs
                                        and self._unfound(q, state)), key=lambda q: -q.count), SEARCH_GROUP)
            for group in _or_groups([_quoted(name_of(q)) for q in lost])[:1]:  # one search an article
                unfound.update({q.key: (q, " OR ".join(group)) for q in lost if _quoted(name_of(q)) in group})
        return _Namesakes({q.key: plans[q.key] for q in needy}, needy, listed, titled, unfound, clubs)

    def _has_organisation_page(self, query: EntityQuery, state: _Round) -> bool:
        """Whether the name's own page (not a disambiguation page) is an organisation's."""
        page = state.pages.get(state.resolve.get(name_of(query), ""))
        item = state.items.get(page.item or "") if page is not None and not page.disambiguation else None
        return item is not None and "organization" in self.classes.categories(item)

    def _has_organisation(self, query: EntityQuery, state: _Round) -> bool:
        """Whether one of a name's titles leads to an organisation ("Sabres", "West Ham United F.C.")."""
        for page in _pages_of(query, state):
            item = state.items.get(page.item or "") if not page.disambiguation else None
            if item is not None and "organization" in self.classes.categories(item):
                return True
        return False

    def _unfound(self, query: EntityQuery, state: _Round) -> bool:
        """An organisation none of whose titles leads to one: no page at all, or only pages about
        other things ("Apple", the fruit). Wikipedia may still have it under another title that
        knows the name ("Federal Financial Supervisory Authority" for "BaFin", "Apple Inc."); a
        search finds it. Not a name whose page is a list of namesakes (read instead) or a kind of
        thing ("Senate": the story's country's body is asked for instead)."""
        if kind_of(query) != "organization" or query.glossary_id or query.spotted:
            return False
        for page in _pages_of(query, state):
            item = state.items.get(page.item or "") if not page.disambiguation else None
            if item is None or wd.item_values(item, "P279") or "organization" in self.classes.categories(item):
                return False
        return True

    @staticmethod
    def _state_titles(article: Sequence[EntityQuery], state: _Round) -> dict[str, list[str]]:
        """"Punjab, India" for "Punjab" in a story that names India, when the name's own page is
        about a region of no one country (the Punjab of India and Pakistan): Wikipedia's title
        for the state or province of that name in a country the article names."""
        named = _named_countries(article)
        titled: dict[str, list[str]] = {}
        for query in article:
            if kind_of(query) not in ("place", None) or query.glossary_id:
                continue  # a place, or a name the model missed (whose kind the page will tell)
            codes = subdivision_countries(name_of(query)) & named
            page = state.pages.get(state.resolve.get(name_of(query), "")) if codes else None
            item = state.items.get(page.item or "") if page is not None and not page.disambiguation else None
            if item is None or wd.item_values(item, "P17"):
                continue  # no page, a list of namesakes (read as such), or a place of one country
            titles = [f"{name_of(query)}, {gazetteer().country_name(code)}" for code in sorted(codes)]
            titles = [t for t in titles if t not in state.plan[query.key]]
            if titles:
                titled[query.key] = titles
        return titled

    @staticmethod
    def _generic(query: EntityQuery, state: _Round) -> bool:
        """Whether a name's own page is about a kind of thing (a class: "Senate", "Supreme
        court"), so the body meant is the story country's. (A list of namesakes is read as such.)"""
        page = state.pages.get(state.resolve.get(name_of(query), ""))
        item = state.items.get(page.item or "") if page is not None and not page.disambiguation else None
        return item is not None and bool(wd.item_values(item, "P279"))

    @staticmethod
    def _country_name(article: Sequence[EntityQuery], state: _Round) -> str | None:
        """The name of the story's country: the one most of its places are in, else the one
        most of its known entities belong to (when the article names it, so its label is known)."""
        code = story_country(article)
        if code:
            return gazetteer().country_name(code)
        home = home_country(_known(article, state, WikimediaProvider._primary_items(article, state)))
        return wd.label_of(state.items[home]) if home in state.items else None

    def _fetch_namesakes(self, namesakes: "_Namesakes", state: _Round, context: LookupContext,
                         batch: bool = False) -> dict[str, list[tuple[str, Mapping[str, Any]]]]:
        """The candidates of :meth:`_namesake_plan`'s names, in one round of searches and list
        pages and one for their items: people's pools (key → [(title, item)], weighed later by
        :mod:`.people`); the other names' namesakes join their titles in ``state.plan``."""
        plans, needy, listed = namesakes.plans, namesakes.people, namesakes.listed
        if not namesakes.expected:
            return {}
        searched = [q for q in needy if plans[q.key].search]
        # One search per text, however many articles ask (none for a text Wikipedia would refuse).
        texts = sorted({t for t in map(search_text, searched) if len(t) <= MAX_SEARCH_CHARS})
        # A batch asks for bare surnames ten at a time ("Parise OR Noem OR …"), CirrusSearch's OR.
        grouped = {t: t for t in texts}
        if batch:
            for group in _or_groups([t for t in texts if " " not in t]):
                grouped.update({t: " OR ".join(group) for t in group})
        requests_for = sorted(set(grouped.values()) | {text for _, text in namesakes.unfound.values()}
                              | {text for _, text in namesakes.clubs.values()})
        people_lists = sorted({state.resolve.get(name_of(q), name_of(q)) for q in needy if plans[q.key].read_list})
        other_lists = sorted({_list_page(q, state) or name_of(q) for q in listed} - set(people_lists))
        calls: list[tuple[Any, tuple[Any, ...]]] = [(self.client.search, (text, context, 10 if " OR " not in text else 50))
                                                     for text in requests_for]
        # People's lists apart from the others, in the same round: a request gives the openings
        # of its first twenty pages only, and namesakes are told apart by theirs ("a founding
        # member of the Doobie Brothers"), which a town's list before them would take. Not in a
        # batch, whose many lists leave most pages without their openings either way.
        groups = (people_lists + other_lists,) if batch else (people_lists, other_lists)
        calls += [(self.client.linked_pages, (lists[start : start + MAX_TITLES], context, 500))
                  for lists in groups for start in range(0, len(lists), MAX_TITLES)]
        # The story country's bodies: their pages and items in the same round, as in the first.
        bodies = sorted({t for ts in namesakes.titled.values() for t in ts})
        if bodies:
            calls += [(self.client.pages, (bodies, context)), (self.client.entities_by_titles, (bodies, context, ITEM_PROPS))]
        answers = self.client.gather(calls)
        if bodies:
            (body_pages, body_resolve), body_items = answers[-2:]
            answers = answers[:-2]
            state.pages.update(body_pages)
            state.resolve.update(body_resolve)
            state.items.update(body_items)
            for key, titles in namesakes.titled.items():
                state.plan[key] += [t for t in titles if t in body_resolve]
        hits_by_request = dict(zip(requests_for, answers[: len(requests_for)]))
        hits_of = {q.key: hits_by_request.get(grouped.get(search_text(q), ""), {}) for q in searched}
        linked: dict[str, Page] = {title: page for found in answers[len(requests_for):] for title, page in found.items()}
        wanted_pages: dict[str, list[Page]] = {}
        for query in needy:
            hits = hits_of.get(query.key, {})
            pool = sorted(hits.values(), key=lambda p: p.rank or 99)
            if plans[query.key].read_list:
                pool += [p for p in linked.values() if p.title not in hits]
            wanted_pages[query.key] = [p for p in pool if p.item and not p.disambiguation and mentions_name(name_of(query), p)][:MAX_CANDIDATES]
        for query in listed:
            wanted_pages[query.key] = [p for p in linked.values() if p.item and not p.disambiguation
                                       and mentions_name(name_of(query), p)][:MAX_CANDIDATES]
        for key, (query, text) in namesakes.unfound.items():
            wanted_pages[key] = [p for p in sorted(hits_by_request[text].values(), key=lambda p: p.rank or 99)
                                 if p.item and not p.disambiguation and _may_be_named(name_of(query), p)][:MAX_CANDIDATES]
        club_pages: dict[str, list[Page]] = {}
        for key, (query, text) in namesakes.clubs.items():
            sport = text.rsplit(" ", 1)[1]
            # The club's title is the town's name and its own ("Washington Capitals"), and its
            # opening says it plays the report's sport.
            club_pages[key] = [p for p in sorted(hits_by_request[text].values(), key=lambda p: p.rank or 99)
                               if p.item and not p.disambiguation and _club_of(name_of(query), p.title)
                               and sport in f"{p.extract or ''} {p.description or ''}".casefold()][:MAX_CANDIDATES]
        new_items = {p.item for pages in (*wanted_pages.values(), *club_pages.values()) for p in pages if p.item}
        # Bodies reached through a redirect ("Senate of the United States"), whose items the by-title call did not return.
        new_items |= {state.pages[state.resolve[t]].item for ts in namesakes.titled.values() for t in ts
                      if t in state.resolve and state.resolve[t] in state.pages}
        new_items = sorted({q for q in new_items if q} - set(state.items))
        if new_items:
            state.items.update(self.client.entities(new_items, context, ITEM_PROPS))
        pools: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
        for query in needy:
            pools[query.key] = []
            for page in wanted_pages[query.key]:
                item = state.items.get(page.item or "")
                if item is not None and people.name_fits(name_of(query), item, page.title):
                    state.pages.setdefault(page.title, page)
                    pools[query.key].append((page.title, item))
        for query in listed:
            for page in wanted_pages[query.key]:
                state.pages.setdefault(page.title, page)
                state.resolve.setdefault(page.title, page.title)
                if page.title not in state.plan[query.key]:
                    state.plan[query.key].append(page.title)
                    state.listed.add(page.title)
        for key, (query, _) in namesakes.unfound.items():
            # Only a page whose item goes by the article's name: a hit that merely contains the
            # words ("Magic" … "Box") is something else.
            for page in wanted_pages[key]:
                item = state.items.get(page.item or "")
                if item is not None and _goes_by(name_of(query), item, page.title):
                    state.pages.setdefault(page.title, page)
                    state.resolve.setdefault(page.title, page.title)
                    if page.title not in state.plan[key]:
                        state.plan[key].append(page.title)
                        state.listed.add(page.title)
                        state.searched.add(page.title)
        for key, found in club_pages.items():
            for page in found:
                if page.item in state.items:
                    state.pages.setdefault(page.title, page)
                    state.resolve.setdefault(page.title, page.title)
                    if page.title not in state.plan[key]:
                        state.plan[key].append(page.title)
                    state.clubs.setdefault(key, set()).add(page.title)
        return {key: pool for key, pool in pools.items() if pool}

    def _reads_list(self, query: EntityQuery, state: _Round) -> bool:
        """An organisation or place whose name is a disambiguation page: its links are the namesakes."""
        if kind_of(query) not in ("organization", "place") or query.glossary_id or query.spotted:
            return False
        return _list_page(query, state) is not None

    def _person_plan(self, query: EntityQuery, state: _Round, context: LookupContext) -> "_PersonPlan | None":
        """How to find a person whose name does not lead straight to them; None when it does.

        A surname is searched for ("Biden president"); a disambiguation or surname page is
        read; a full name with no page at all is usually someone without one, not worth a
        search — unless its page is someone who never held the article's office on the
        article's date (two officials of one name: "Ibrahim Idris"), whose page is then not used.
        """
        if kind_of(query) != "person" or query.glossary_id:
            return None
        page = state.pages.get(state.resolve.get(name_of(query), ""))
        single = " " not in name_of(query).strip()
        # A surname without a page of its own is worth a search when the article gives a title
        # or names the person more than once; a capitalised word the model took for a name once
        # ("Assista" in a Portuguese caption) is not.
        worth = single and (bool(query.titles) or query.count >= 2)
        if page is None or not page.item:
            return _PersonPlan(search=True) if worth else None
        item = state.items.get(page.item)
        if page.disambiguation or (item is not None and is_name_list(page, state.items, self.classes)):
            return _PersonPlan(search=single, read_list=True)
        if item is None:
            return None  # nothing known against the page: keep the ordinary path
        if wd.HUMAN not in wd.item_values(item, "P31"):
            return _PersonPlan(search=True) if worth else None
        # "President Bush" in a 1990 article is not the Bush the bare name leads to: check the
        # office on the article's date; labels are not needed to see that no office was held then.
        offices = [t for t in query.titles if t.is_position]
        positions = wd.statements(item, "P39")
        if context.as_of_is_today or not offices or not positions or any(t.former for t in offices):
            return None  # no date, no office named, or a person who holds no offices (a CEO): no evidence against
        if any(people.held_on(s, context.as_of) for s in positions):
            return None
        return _PersonPlan(search=True, distrust_page=True)

    def _walk_classes_and_prefetch(self, items: Sequence[Mapping[str, Any]], live: Sequence[tuple[list[EntityQuery], LookupContext]],
                                   state: _Round, known: set[str], context: LookupContext, *,
                                   namesakes: bool = False) -> dict[str, str]:
        """Place the first round's classes; when the bundled table alone cannot (a walk up
        ``P279``), fetch beside the walk the labels the likely choices' notes will need — what
        the names' own pages' items point to, and the countries and regions the first round's
        items point to in the room left (and, when ``namesakes`` are looked for, the countries
        and cities news names most) — so that the labels round after the walk is mostly
        saved. Returns id → label of what was fetched.

        Decided on the bundle, not on what the process has learned since: a repeated article
        then asks for the very same things, and the cache answers them all."""
        classes = {c for item in items for c in wd.item_values(item, "P31")}
        if not self.classes.beyond_bundle(classes):
            return {}
        primary = {qid for wanted, _ in live for qid in self._primary_items(wanted, state).values()}
        pointed_to = {q for qid in primary if qid in state.items for q in wd.referenced_items(state.items[qid])} - known
        likely = set(sorted(pointed_to)[:MAX_IDS])
        likely |= _likely_references(items, likely | known, room=-len(likely) % MAX_IDS)  # one request at most
        if namesakes and likely:
            likely |= _common_references(likely | known, room=-len(likely) % MAX_IDS)
        # Beside the walk, on a thread of its own: the request pool stays free for the namesakes'
        # round, which runs at the same time.
        labels = self.client.submit(self.client.entities, sorted(likely), context, "labels")
        try:
            self._resolve_classes(items, context)
        except ProviderError:
            wait([labels])  # no request left running past the lookup
            raise
        return {qid: wd.label_of(entity, context.language) for qid, entity in labels.result().items()}

    def _resolve_classes(self, items: Any, context: LookupContext) -> None:
        """Learn the categories of classes the bundled table does not know (walking ``P279``)."""
        classes = {c for item in items for c in wd.item_values(item, "P31")}
        if self.classes.unknown(classes):
            self.classes.resolve(classes, lambda ids: self.client.entities(ids, context, "claims"))

    # -- deciding ------------------------------------------------------------------------------
    def _choose(self, queries: Sequence[EntityQuery], state: _Round, context: LookupContext, skip: set[str],
                article: Sequence[EntityQuery]) -> list[_Choice]:
        """Choose for ``queries`` among their titles, with the evidence of the whole ``article``."""
        # Items that the article's entities most likely are (their unqualified pages), and what
        # those items link to: the evidence that tips a choice between namesakes.
        primary = self._primary_items(article, state)
        article_words = set(WORD.findall(context.article_text.lower())) - STOP
        country = story_country(article)
        home = home_country(_known(article, state, primary))
        named_countries = _named_countries(article)
        towns = place_votes(article, any_kind=True)
        # The article's bodies and people of two words or more: what a namesake's opening names
        # of them ties it to the story (places are no such tie: "New York City" is in the
        # opening of every company there).
        names = {name_of(q): primary.get(q.key, "") for q in article
                 if len(name_of(q).split()) >= 2 and kind_of(q) in ("organization", "person")}
        choices: list[_Choice] = []
        for query in queries:
            if query.key in skip:
                continue
            # Another group of the same name ("Melbourne" the team beside "Melbourne" the town)
            # leads to the same page: no evidence of its own.
            others = {qid for key, qid in primary.items() if key != query.key and qid != primary.get(query.key)}
            neighbours = set().union(*(wd.linked_items(state.items[q]) for q in others if q in state.items)) if others else set()
            # Classes of the places listed with it: "Colorado, Washington, Alaska" are states.
            # "Kent, Washington": a name written after another place is that place's region, not a
            # member of a list with it.
            is_region, siblings = False, set()
            if kind_of(query) == "place":
                before, beside = next_to(query)
                is_region = any(name_of(q) in before for q in article if q.key != query.key)
                listed_with = {primary[q.key] for q in article if q.key in primary and q.key != query.key
                               and name_of(q) in beside and name_of(q) not in before}
                siblings = {c for q in listed_with if q in state.items for c in wd.item_values(state.items[q], "P31")}
            # "clients include Ford, T-Mobile and Amazon": listed with bodies, the name is the one
            # body among its namesakes (the carmaker, not the president or the actor). Where it has
            # several ("Fox"), the list does not say which.
            fellow_bodies = 0
            maker = False
            if kind_of(query) == "organization":
                fellows = list_fellows(query)
                fellow_bodies = sum(1 for q in article if kind_of(q) == "organization" and name_of(q) in fellows)
                maker = names_a_maker(query)
                if (fellow_bodies or maker) and len(self._bodies_among(query, state)) != 1:
                    fellow_bodies, maker = 0, False
            scored: list[_Choice] = []
            thing_fits = 0
            own_words = set(WORD.findall(name_of(query).lower()))
            seen_items: set[str] = set()
            # "Amazon's Alexa" where a namesake is titled "Amazon Alexa": the owner's own thing is
            # that one (a product, no note), not another namesake the owner once owned.
            owner = owner_of(query)
            owners_page = state.pages.get(state.resolve.get(f"{owner} {name_of(query)}", "")) if owner else None
            owners_title = owners_page.title if owners_page is not None and owners_page.item else None
            for number, title in enumerate(state.plan[query.key]):
                page = state.pages.get(state.resolve.get(title, ""))
                if page is None or page.disambiguation or not page.item or page.item in seen_items:
                    continue
                if owners_title and page.title != owners_title:
                    continue
                where = state.schools.get(query.key)
                # Its school's titles, and a school of the name their list gives ("Heritage High School
                # (Palm Bay, Florida)"): the unqualified title, or it with a qualifier.
                bare_school = school_titles(name_of(query), where)[0] if where is not None else None
                school = bare_school is not None and (title == bare_school or title.startswith(f"{bare_school} ("))
                if school and not in_state(page, where):
                    continue  # "Melbourne High School" is Australia's: another school of the name
                if (number and title == f"The {name_of(query)}" and " " in name_of(query)
                        and state.resolve.get(name_of(query)) in state.pages):
                    continue  # the bare name has a page of its own
                seen_items.add(page.item)
                item = state.items.get(page.item)
                if item is None:
                    continue
                redirected = state.resolve.get(title, title) != title
                # "The Pentagon", "The Hill": Wikipedia's title for the name with its article;
                # "SoftBank Group" for "SoftBank Group Corp": the article's name for it still.
                # "Republic of Ireland" for "Ireland": the state's own title, the name's news sense.
                own_title = (number == 0 or title == f"The {name_of(query)}" or title in other_names(query)
                             or (kind_of(query) == "place" and title == STATE_TITLES.get(country_named(name_of(query)) or "")))
                choice = self._score(query, page, item, own_title, redirected,
                                     Evidence(others, neighbours, siblings, article_words, context.as_of, is_region,
                                              context.article_text, country, home, named_countries,
                                              state.state_bodies.get(query.key, frozenset()), names, towns,
                                              frozenset(state.clubs.get(query.key, ())) | ({page.title} if school else set()),
                                              not context.as_of_is_today,
                                              fellow_bodies, maker))
                trimmed = trade_trimmed(query) if choice is not None else None
                if trimmed and title == trimmed[0] and not speaks_of_trade(page, item, trimmed[1]):
                    choice = None  # "Sony Pictures" is not Sony
                if (choice is not None and choice.kind == "organization" and kind_of(query) == "organization"
                        and (title in _qualified(query) or (_company_title(name_of(query), title) and choice.why.get("context_words")))
                        and not query.spotted
                        and name_of(query).casefold() in {wd.label_of(item).casefold(), *(a.casefold() for a in wd.aliases_of(item))}
                        and not self._has_organisation_page(query, state)):
                    # "Apple" in a story where Wikipedia's "Apple" is the fruit: "Apple Inc." goes by
                    # the name, and is the one organisation Wikipedia titles with it. So does a
                    # company its name's list gives with its legal name ("Nomura Holdings"), where
                    # the page's words are the article's too ("financial": not "Nifty Corporation",
                    # an internet provider, for a stock index).
                    choice.confidence = round(choice.confidence + 0.1, 6)
                    choice.why["company_of_the_name"] = True
                if choice is not None and title in other_names(query) and choice.kind != kind_of(query):
                    # "Sierra Nevada" of "Sierra Nevada Corporation" is asked for the company under a
                    # shorter title: a page of another kind there (the mountains) is not it.
                    choice = None
                if choice is not None:
                    if page.title in state.searched:
                        choice.why["found_by_search"] = True
                    # A namesake the article did not name needs two pieces of evidence — not a
                    # title the first round asks for when it has room ("Apple Inc."), which a
                    # search or a list found instead in a long article.
                    if (page.title in state.listed and choice.confidence < LISTED_BAR and page.title not in _qualified(query)
                            and not choice.why.get("company_of_the_name")):
                        choice.why["decision"] = f"listed namesake below {LISTED_BAR}"
                        choice.confidence = min(choice.confidence, 0.5)
                    scored.append(choice)
                elif page.title in state.listed and self.classes.category(item) in ("nonentity", "other"):
                    # How well a namesake no note is about fits the article ("AAA": a class of
                    # video games), in words of its description other than the name's own.
                    told = set(WORD.findall((page.description + " " + wd.description_of(item)).lower())) - STOP
                    thing_fits = max(thing_fits, len(told & article_words - own_words))
            if thing_fits:
                for choice in scored:
                    # "AAA titles" in a story of video games: the one body among the namesakes,
                    # tied to the story by nothing the article names, is not meant.
                    if (choice.page.title in state.listed and not choice.why.get("linked_from_article")
                            and not choice.why.get("links_to_article") and len(choice.why.get("context_words", ())) < thing_fits):
                        choice.why["decision"] = "a namesake that is no entity fits the article better"
                        choice.confidence = min(choice.confidence, 0.5)
            regions = [c for c in scored if c.kind == "place" and set(wd.item_values(c.item, "P31")) & REGION_CLASSES]
            if is_region and regions and not place_qualifiers(query):
                # "Kent, Washington": written after a town, the name is a region; of the places
                # it may be, a state or country, not the city (unless the article also writes
                # "Washington, D.C.").
                for choice in scored:
                    if choice.kind == "place" and choice not in regions:
                        choice.confidence = round(choice.confidence - 0.15, 6)
                        choice.why["not_a_region"] = True
            if scored and match_side(query, context.article_text):
                # "away to West Ham": where the place's club has a page, the club is meant; where
                # none of the club titles has one ("beat Denver"), the place keeps its note.
                clubs = [c for c in scored if c.kind == "organization" and c.page.title != name_of(query)]
                scored = clubs or scored
            if not scored:
                verdict = self._not_an_entity(query, state)
                if verdict is not None:
                    choices.append(verdict)
                continue
            scored.sort(key=lambda c: -c.confidence)
            best = scored[0]
            if len(scored) > 1:
                margin = round(best.confidence - scored[1].confidence, 6)  # 0.8 - 0.7 is 0.0999… in floats
                best.why["runner_up"] = {"title": scored[1].page.title, "confidence": round(scored[1].confidence, 3)}
                if margin < 0.1:
                    # Namesakes the article does not tell apart: no note rather than a guess.
                    best.confidence = min(best.confidence, 0.5)
                    best.ambiguous = True
                    best.why["decision"] = f"too close to {scored[1].page.title!r} (margin {margin:.2f})"
            choices.append(best)
        return choices

    def _not_an_entity(self, query: EntityQuery, state: _Round) -> _Choice | None:
        """"Mars", "Davis Cup", "Kospi": a name whose own page is a planet, an event, an index —
        something a note on a person, organisation or place must not be about. A person may
        share a name with a film ("Erin Brockovich"), so a name the model calls a person is
        said to be a work only when it opens with no first name people go by ("Tomb Raider",
        "Gylt", "Mortal Kombat"). A page about a common noun ("Steam", "Retina", "VOTE" in a
        heading: Wikidata labels them "steam", "retina", "voting") is no name either, unless the
        model calls it a person: people's surnames are words too ("Baker", "Draper")."""
        if query.glossary_id:
            return None
        name = name_of(query)
        if query.ner_label == "PERSON" and is_given_name(name.split()[0]):
            return None
        page = state.pages.get(state.resolve.get(name, ""))
        item = state.items.get(page.item or "") if page is not None and not page.disambiguation else None
        if item is None or is_name_page(item, self.classes):
            return None
        category = self.classes.category(item)
        if category != "nonentity" and not (is_common_noun(item) and category == "other" and query.ner_label != "PERSON"):
            return None
        names = {wd.label_of(item).casefold(), *(a.casefold() for a in wd.aliases_of(item)), page.title.casefold()}
        if name.casefold() not in names and state.resolve.get(name, name) == name:
            return None
        return _Choice(query, page, item, 0.9, {"title": page.title, "item": item["id"], "kind": "nonentity"}, kind="nonentity")

    def _bodies_among(self, query: EntityQuery, state: _Round) -> set[str]:
        """The items of the organisations among the pages planned for a name."""
        found: set[str] = set()
        for title in state.plan[query.key]:
            page = state.pages.get(state.resolve.get(title, ""))
            item = state.items.get(page.item or "") if page is not None and not page.disambiguation else None
            if item is not None and "organization" in self.classes.categories(item):
                found.add(item["id"])
        return found

    @staticmethod
    def _primary_items(queries: Sequence[EntityQuery], state: _Round) -> dict[str, str]:
        primary: dict[str, str] = {}
        for query in queries:
            page = state.pages.get(state.resolve.get(name_of(query), ""))
            if page and page.item and not page.disambiguation and not query.spotted:
                primary[query.key] = page.item
        return primary

    def _score(self, query: EntityQuery, page: Page, item: Mapping[str, Any], primary_topic: bool, redirected: bool,
               evidence: "Evidence") -> _Choice | None:
        wanted = kind_of(query)
        found = self.classes.category(item, wanted)
        if match_side(query, evidence.article_text) and "organization" in self.classes.categories(item):
            wanted = found = "organization"  # a club a side in a match may stand for (see _choose)
        qid = item["id"]
        name = wiki_title(name_of(query)).casefold()
        names = _names_of(item, page.title)
        names |= {n.removeprefix("the ") for n in names}
        # The article's own name for it: the item's name (or that name without its legal form),
        # or a redirect Wikipedia's editors made.
        exact = bool({name, *(wiki_title(n).casefold() for n in other_names(query))} & names) or (primary_topic and redirected)
        full_name = " " in name.strip() and exact
        others, neighbours = evidence.others, evidence.neighbours
        links_in = qid in neighbours  # another entity of the article points here (Atlanta → Georgia)
        ties = wd.linked_items(item)
        if found == "person":
            # A citizenship shared with the story ties a person to it too loosely to tell namesakes apart.
            ties -= set(wd.item_values(item, "P27")) | set(wd.item_values(item, "P17"))
        # A namesake town pointing to the story's country is no tie to the story: every town of
        # that country does ("Franklin, Indiana" is still tied by its state).
        countrywide = set(wd.item_values(item, "P17")) if found == "place" and not primary_topic else set()
        links_out = len((ties - countrywide) & others)  # this points to another entity of the article
        # Both point to the same thing: "House of Representatives (Nigeria)" in a story whose
        # other entities are in Nigeria too.
        shared = len((ties & neighbours) - others - {qid})
        kind = reconcile(wanted, found, exact=exact, full_name=full_name, primary_topic=primary_topic,
                          evidence=links_in or links_out > 0, spotted=query.spotted)
        if kind is None:
            return None  # a PERSON is never linked to a country, nor a GPE to a footballer
        if kind == "place" and land_for_state(name_of(query), item):
            return None  # "Ireland" in the news is the state, not the island Wikipedia's page of the name is
        if kind == "organization" and local_body_elsewhere(query, page, evidence.article_text):
            return None  # "Columbus Police Department" in a story that never says which Columbus
        if kind == "organization" and not owned_by_owner(query, page):
            return None  # "NASA's Office of the Inspector General" is not the generic term's page
        if kind == "organization" and another_sports_team(page.description or wd.description_of(item), evidence.article_text):
            return None  # "for the Redskins" in a school swim report: the school's team, not the NFL club
        if is_acronym(name_of(query)) and not spells_out(name_of(query), evidence.article_text, names):
            return None  # "told TRD" after "seen by The Real Deal": not Toyota Racing Development
        words = set(WORD.findall((page.description + " " + wd.description_of(item)).lower())) - STOP
        overlap = len(words & evidence.article_words)
        article_words = evidence.article_words
        confidence = 0.55
        confidence += 0.15 if primary_topic else 0.0
        confidence += 0.15 if links_in else 0.0
        confidence += min(0.2, 0.1 * links_out)
        confidence += min(0.15, 0.1 * shared) if shared else 0.0
        confidence += min(0.1, 0.05 * overlap)
        if full_name:
            confidence += 0.1  # a full name that is the item's own name
        if query.spotted:
            confidence -= 0.05  # the model did not see a name here: ask for a little more
        club = page.title in evidence.clubs and found == "organization"
        if club:
            confidence += 0.2  # "took over Washington" in a hockey report: Washington's hockey club
        listed_with_bodies = kind == "organization" and found == "organization" and not primary_topic and evidence.fellow_bodies >= 2
        if listed_with_bodies:
            confidence += min(0.2, 0.1 * evidence.fellow_bodies)  # the one body of its namesakes, listed with bodies
        made_by = kind == "organization" and found == "organization" and not primary_topic and evidence.maker
        if made_by:
            confidence += 0.2  # "a Ford sedan": the one body of its namesakes is the maker
        if exact and is_acronym(name_of(query)) and name_of(query) in {wd.label_of(item), *wd.aliases_of(item)}:
            confidence += 0.15  # "WTA": the article's abbreviation is the item's own, letter for letter
        if kind == "organization" and not primary_topic:
            # A namesake body of a country ("Senate of Nigeria" beside "United States Senate"):
            # the story's country's is the one meant. A body is national when its title names
            # its country or it has a jurisdiction (P1001); a band or a company is no likelier for
            # being of the story's country. (Another country's is not marked down: a story's
            # country is a guess, and "Press Trust of India" reports on the United States too.)
            named, jurisdiction = countries_in(page.title), set(wd.item_values(item, "P1001"))
            theirs = jurisdiction | set(wd.item_values(item, "P17")) if named or jurisdiction else set()
            if evidence.country in named or (evidence.country_item and evidence.country_item in theirs):
                confidence += 0.15
            elif page.title in evidence.state_bodies:
                confidence += 0.15  # "Indiana General Assembly": the body of the state the story is in
            if is_news_medium(page, item) and reported_by(query, evidence.article_text):
                confidence += 0.1  # "Bloomberg reported": the news agency, not the company of that name
        opening_names: list[str] = []
        if kind in ("organization", "place") and not primary_topic:
            # "Chiefs" in a story that names the "AFC West": of the namesakes, the one whose
            # page's opening names the story's other bodies and people ("… a member of the AFC
            # West"). Not the names it goes by itself, which say nothing of the story.
            own = name_of(query).casefold()
            opening_names = names_in_opening(page.extract, (n for n, its in evidence.names.items()
                                                            if its != qid and own not in n.casefold()
                                                            and n.casefold() not in names
                                                            and n.casefold() not in page.title.casefold()))
            if opening_names:
                confidence += min(0.2, 0.1 * len(opening_names))
        if page.title.casefold() in {f"{name_of(query)}, {region}".casefold() for region in place_qualifiers(query)}:
            confidence += 0.3  # "Louisville, Colorado": the article's own qualifier names this page
        elif not primary_topic and _qualified_by_a_neighbour(page.title, query):
            # "Xfinity Center, Mansfield, MA": of "Xfinity Center (Mansfield, Massachusetts)" and
            # "… (College Park, Maryland)", the one whose qualifier is the town written beside it.
            confidence += 0.15
        elif kind == "organization" and not primary_topic and _qualified_by_named_region(page.title, evidence.article_text):
            # "Richmond High School (Indiana)" beside "… (California)" in a story about Indiana:
            # Wikipedia's qualifier is a state or country the article names.
            confidence += 0.15
        elif kind == "organization" and not primary_topic and sport_of_title(page.title) and sport_of(evidence.article_text):
            # "Central Division (NHL)" over "… (NBA)" in a report the puck and the goalie say is
            # about hockey: the qualifier names the report's sport, or another one.
            confidence += 0.15 if sport_of_title(page.title) == sport_of(evidence.article_text) else -0.1
        elif (kind == "place" and not primary_topic and page.title.startswith(f"{name_of(query)}, ")
              and countries_in(page.title.partition(", ")[2]) & evidence.named_countries):
            # "Punjab, India" in a story that names India (and not Pakistan): Wikipedia's title
            # for the place of that name in a country the article speaks of, over the region.
            confidence += 0.2
        elif kind == "place" and evidence.is_region and set(wd.item_values(item, "P31")) & REGION_CLASSES:
            confidence += 0.15  # "Kent, Washington": the state, not the city of the name
        elif kind == "place" and set(wd.item_values(item, "P31")) & evidence.siblings:
            confidence += 0.1  # listed with places of its own class ("Colorado, Washington, Alaska")
        elif kind == "place" and not primary_topic and metropolis_abroad(page.title, evidence.country):
            confidence += 0.15  # "shares closed in New York" in a story from Hong Kong: the city, not the state
        if (kind == "place" and primary_topic and not (links_in or links_out or shared or overlap)
                and namesake_at_home(query, item, evidence.towns, evidence.named_countries)):
            confidence -= 0.15  # nothing ties the page's place abroad to a story whose towns have one of that name
        if kind == "place" and abbreviates_state(query):
            # "New York … (D-N.Y.)": the abbreviation settles the state against the city.
            confidence += 0.3 if set(wd.item_values(item, "P31")) & REGION_CLASSES else -0.3
        if kind == "person":
            # The page's opening words say what the person does ("television journalist", "football
            # manager"): a story about the same things is a tie too.
            told = _page_words(page, item)
            # A player of the sport a report is about is tied to it as well ("Blake Coleman scored").
            # A player's page shares words with any story ("first", "major"); where the story is
            # about no sport, those words tie no player to it.
            words_tie = len(told & article_words) >= 2 and not (plays_a_sport(page) and not about_a_sport(evidence.article_text))
            tied = (links_in or links_out > 0 or shared > 0 or overlap > 0 or words_tie
                    or plays_the_reports_sport(page, evidence.article_text))
            # Someone the news names in passing: their full name is their page's own title
            # (not a redirect to it), and it is a long page or the article gives them as an
            # example of a kind of people ("media figures such as Katie Couric").
            prominent = (full_name and primary_topic and not redirected
                         and ((page.length or 0) >= PROMINENT_PAGE_BYTES or named_as_example(query)))
            adjusted = person_evidence(query, item, evidence.as_of, tied, context_size=len(others), prominent=prominent,
                                       dated=evidence.dated, own_page=full_name and primary_topic and not redirected)
            if adjusted is None:
                return None
            confidence += adjusted
        gone = found == "building" and evidence.dated and gone_before(query, page, item, evidence.as_of)
        if gone:
            confidence -= 0.4  # a demolished stadium whose name its successor carries on
        division = place_division(query) if wanted == "place" else None
        if division:
            # The article's own word for the kind of place ("counties") decides between the
            # county and the town of one name.
            confidence += 0.2 if division.casefold() in page.title.casefold() else -0.2
        why = {"title": page.title, "item": qid, "kind": found, "primary_topic": primary_topic, "linked_from_article": links_in,
               "links_to_article": links_out, "shares_with_article": shared, "context_words": sorted(words & article_words)[:8]}
        if opening_names:
            why["names_article_names"] = opening_names[:3]
        if club:
            why["club_of_side"] = True
        if gone:
            why["gone_before_article"] = True
        if listed_with_bodies:
            why["listed_with_bodies"] = evidence.fellow_bodies
        if made_by:
            why["maker_of_a_thing_named"] = True
        return _Choice(query, page, item, min(round(confidence, 6), 0.99), why, kind=kind)  # no float noise at the bars

    def _choose_people(self, queries: Sequence[EntityQuery], candidates: Mapping[str, list[tuple[str, Mapping[str, Any]]]],
                       state: _Round, labels: Mapping[str, str], chosen: Sequence[_Choice], context: LookupContext) -> list[_Choice]:
        """People named by surname: weigh the candidates with the titles and the article."""
        article_items = {c.item["id"] for c in chosen} | set(self._primary_items(queries, state).values())
        article_words = set(WORD.findall(context.article_text.lower())) - STOP
        bodies = sorted({wd.label_of(c.item) for c in chosen if c.kind == "organization"} - {""})
        choices: list[_Choice] = []
        for query in queries:
            pool = candidates.get(query.key)
            if not pool:
                continue
            ranks = {item["id"]: state.pages[title].rank or 99 for title, item in pool if title in state.pages}
            told = {item["id"]: _page_words(state.pages[title], item, names_only=True) for title, item in pool if title in state.pages}
            openings = {item["id"]: state.pages[title].extract for title, item in pool if title in state.pages}
            age = None if context.as_of_is_today else people.stated_age(query.surface_forms, query.contexts)
            players = {item["id"] for title, item in pool
                       if title in state.pages and plays_the_reports_sport(state.pages[title], context.article_text)}
            fellows = list_fellows(query)
            listed = [set(wd.item_values(c.item, "P106")) for c in chosen if c.kind == "person" and name_of(c.query) in fellows]
            trades = {item["id"]: sum(1 for trade in listed if trade & set(wd.item_values(item, "P106"))) for _, item in pool}
            scored = people.weigh(name_of(query), pool, query.titles, context.as_of, labels,
                                  article_items, article_words, ranks, told, openings, bodies, age, players, trades)
            best = people.decide(scored, self.settings.min_confidence)
            if best is None:
                continue
            title, item = next((t, i) for t, i in pool if i["id"] == best.qid)
            why = {**best.why, "title": title, "how": "surname with the article's evidence",
                   "titles": [t.text() for t in query.titles]}
            choices.append(_Choice(query, state.pages[title], item, best.score, why, kind="person"))
        return choices

    # -- the note ------------------------------------------------------------------------------
    def _candidate(self, choice: _Choice, labels: Mapping[str, str], context: LookupContext) -> Candidate:
        item, page, kind = choice.item, choice.page, choice.kind or kind_of(choice.query) or "organization"
        if kind == "nonentity":
            # What the name is, for the linker to drop the entity; never shown as a note.
            return Candidate(id=f"wikidata:{item['id']}", kind="nonentity", label=page.title, confidence=choice.confidence,
                             note=Note(description=""), provider=self.name, debug=choice.why if context.debug else None)
        as_of = context.as_of
        facts: list[Fact] = []
        roles: list[str] = []
        if kind == "person":
            roles, former = wd.roles_as_of(item, as_of, labels)
            party = wd.value_as_of(item, "P102", as_of) or next(iter(wd.item_values(item, "P102")), None)
            if party and labels.get(party):
                facts.append(Fact("Party", labels[party]))
            citizenship = wd.join_labels(wd.item_values(item, "P27"), labels, 2)
            if citizenship:
                facts.append(Fact("Citizenship", citizenship))
            if former:
                facts.append(Fact("Earlier positions", "; ".join(former)))
        elif kind == "organization":
            what = wd.join_labels(self._neutral_types(item), labels, 2)
            if what:
                facts.append(Fact("Type", what))
            country = wd.join_labels(wd.item_values(item, "P17"), labels, 1)
            if country:
                facts.append(Fact("Country", country))
            for prop, title in (("P488", "Chair"), ("P169", "Chief executive"), ("P6", "Head of government"), ("P35", "Head of state")):
                leader = wd.value_as_of(item, prop, as_of)
                if leader and labels.get(leader):
                    facts.append(Fact(f"{title} (as of {as_of.isoformat()})", labels[leader]))
        else:
            what = wd.join_labels(self._neutral_types(item), labels, 2)
            if what:
                facts.append(Fact("Type", what))
            for prop, title in (("P17", "Country"), ("P131", "Located in")):
                value = wd.join_labels(wd.item_values(item, prop), labels, 1)
                if value and value != wd.label_of(item):
                    facts.append(Fact(title, value))
            population = wd.population(item, as_of)
            if population:
                facts.append(Fact("Population (Wikidata)", f"{population[0]:,}" + (f" ({population[1]})" if population[1] else "")))
        if context.as_of_is_today:
            facts.append(Fact("As of", f"{as_of.isoformat()}, today: the article has no date"))
        retrieved = date.today().isoformat()
        qid = item["id"]
        sources = [Source(f"Wikipedia: {page.title}", page.url or f"{self.settings.wikipedia_url}/wiki/{page.title.replace(' ', '_')}", retrieved),
                   Source(f"Wikidata: {wd.label_of(item) or qid} ({qid})", f"https://www.wikidata.org/wiki/{qid}", retrieved)]
        description = page.description or wd.description_of(item)
        note = Note(
            description=description[:1].upper() + description[1:],
            summary=summary_of(page.extract),
            as_of=as_of.isoformat(),
            roles=tuple(roles),
            other_names=(),
            perspectives=(),
            image=page.thumbnail,
            sources=tuple(sources),
            facts=tuple(facts),
        )
        return Candidate(id=f"wikidata:{qid}", kind=kind, label=wd.label_of(item) or page.title,
                         confidence=round(choice.confidence, 3), note=note, provider=self.name,
                         debug=choice.why if context.debug else None, ambiguous=choice.ambiguous)

    def _neutral_types(self, item: Mapping[str, Any]) -> list[str]:
        """The item's classes minus those that are one side's verdict ("terrorist organization")."""
        return [q for q in wd.item_values(item, "P31") if not self.classes.is_contested(q) and q not in wd.CONTESTED_TYPES]


def _the_mid_sentence(query: EntityQuery) -> bool:
    """Whether the article writes the name after a capitalised "The" inside a sentence."""
    written = re.compile(r"[a-z,;:] The " + re.escape(name_of(query)) + r"(?![\w-])")
    return any(written.search(sentence) for sentence in query.contexts)


def _qualified_by_a_neighbour(title: str, query: EntityQuery) -> bool:
    """Whether a title's qualifier starts with a town the article writes right after the name,
    in a sentence of its own ("Xfinity Center, Mansfield, MA" for "Xfinity Center (Mansfield,
    Massachusetts)"), or right before it with its state, as tour dates do ("Mansfield, MA @
    Xfinity Center")."""
    found = re.search(r"\(([A-Z][^(),]*)(?:,[^()]*)?\)$", title)
    if found is None:
        return False
    name, town = re.escape(name_of(query)), re.escape(found.group(1))
    after = name + r",[ \t]+" + town + r"(?![\w-])"
    before = r"(?<![\w-])" + town + r",[ \t]+[A-Z][\w.]*[ \t]+@[ \t]+" + name
    return any(re.search(after, sentence) or re.search(before, sentence) for sentence in query.contexts)


def _qualified_by_named_region(title: str, article_text: str) -> bool:
    """Whether a title's qualifier ("Richmond High School (Indiana)") is a country or a region of
    one that the article names."""
    found = re.search(r"\(([^()]+)\)$", title)
    if found is None or not is_region_name(found.group(1)):
        return False
    return re.search(r"(?<![\w-])" + re.escape(found.group(1)) + r"(?![\w-])", article_text) is not None


def _named_countries(article: Sequence[EntityQuery]) -> frozenset[str]:
    """The codes of the countries the article names (its ``country:`` groups)."""
    keys = [q.key.split(_SEP)[-1] for q in article]
    return frozenset(key.removeprefix("country:") for key in keys if key.startswith("country:"))


def _references(choices: Sequence[_Choice], pools: Mapping[str, list[tuple[str, Mapping[str, Any]]]]) -> set[str]:
    """Items whose labels the notes need: what the chosen items point to, and the offices,
    citizenships and parties of the people to be weighed by title."""
    found = {q for c in choices for q in wd.referenced_items(c.item)}
    for pool in pools.values():
        for _, item in pool:
            found.update(wd.item_values(item, "P39"), wd.item_values(item, "P27"), wd.item_values(item, "P102"))
    return found


def _likely_references(items: Sequence[Mapping[str, Any]], known: set[str], room: int) -> set[str]:
    """Up to ``room`` items that ``items`` point to as their country or region (or a person's
    citizenship), the most pointed-to first, and not ``known``."""
    counts = Counter(q for item in items for prop in ("P17", "P27", "P131") for q in wd.item_values(item, prop)
                     if q not in known)
    return {q for q, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:room]}


#: How Wikipedia's titles of a company's national operator name its country ("T-Mobile US",
#: "Vodafone UK"); other countries by their name ("Walmart Canada").
_TITLE_COUNTRY = {"US": "US", "GB": "UK"}


def _common_references(known: set[str], room: int) -> set[str]:
    """Up to ``room`` of the countries and cities news names most, not ``known``."""
    return set([q for q in wd.COMMON_REFERENCES if q not in known][:room])


def _page_words(page: Page, item: Mapping[str, Any], names_only: bool = False) -> set[str]:
    """What a person's page opens with, less their names and the words every such page has:
    what they do and with whom ("singer", "doobie", "brothers"), lower-cased; ``names_only``:
    only the names it gives mid-sentence ("doobie", "brothers", not "senior" or "general")."""
    names = {wd.label_of(item), *wd.aliases_of(item), page.title}
    own = set(WORD.findall(" ".join(names).lower()))
    text = page.extract
    if names_only:
        text = " ".join(re.findall(r"(?<=[a-z,;] )[A-Z][a-z]{3,}(?:\s+[A-Z][a-z]{3,})*", text))
    return set(WORD.findall(text.lower())) - STOP - NAME_WORDS - own


def _known(article: Sequence[EntityQuery], state: _Round, primary: Mapping[str, str]) -> list[tuple[Mapping[str, Any], int]]:
    """The items the article's names most likely are, each with its number of mentions."""
    counts: dict[str, int] = {}
    for query in article:
        if query.key in primary:
            counts[primary[query.key]] = counts.get(primary[query.key], 0) + query.count
    return [(state.items[qid], count) for qid, count in counts.items() if qid in state.items]


def _or_groups(texts: Sequence[str]) -> list[list[str]]:
    """``texts`` in groups of at most :data:`SEARCH_GROUP`, each joined with " OR " within
    :data:`MAX_SEARCH_CHARS`; a text too long alone is left out."""
    groups: list[list[str]] = []
    for text in texts:
        if len(text) > MAX_SEARCH_CHARS:
            continue
        if groups and len(groups[-1]) < SEARCH_GROUP and len(" OR ".join([*groups[-1], text])) <= MAX_SEARCH_CHARS:
            groups[-1].append(text)
        else:
            groups.append([text])
    return groups


def _quoted(name: str) -> str:
    """The name as a phrase for CirrusSearch (its own quotes would end the phrase early)."""
    return '"' + name.replace('"', " ").strip() + '"'


def _may_be_named(name: str, page: Page) -> bool:
    """A search hit worth fetching the item of: its title has the name's words, or its opening
    or description gives the name ("… known as the Magic Box"), or has all its words ("NBC 5":
    "KXAS-TV (channel 5) … the outlet for NBC"), where the item's aliases may give the name."""
    told = f"{page.extract or ''}\n{page.description or ''}".casefold()
    return (mentions_name(name, page) or bool(names_in_opening(told, [name.casefold()]))
            or set(re.findall(r"\w+", name.casefold())) <= set(re.findall(r"\w+", f"{page.title.casefold()} {told}")))


def _pages_of(query: EntityQuery, state: _Round) -> list[Page]:
    """The pages a name's titles lead to, in the order of its titles."""
    return [state.pages[state.resolve[t]] for t in state.plan[query.key] if state.resolve.get(t, "") in state.pages]


def _qualified(query: EntityQuery) -> tuple[str, ...]:
    """Wikipedia's titles for a one-word name with its kind's qualifiers ("Apple Inc.", "Georgia
    (country)"): where namesakes live."""
    if " " in name_of(query).strip():
        return ()
    return tuple(pattern.format(name_of(query)) for pattern in _QUALIFIERS.get(kind_of(query) or "", ()))


#: Words a company's title adds to the name it goes by ("Nomura Holdings", "Ford Motor Company").
_COMPANY_TITLE_WORDS = r"(?:Holdings|Group|Corporation|Company|Limited|Ltd\.?|plc|PLC|Inc\.|Co\.|Motor Company|Motors)"


def _company_title(name: str, title: str) -> bool:
    """Whether ``title`` is a one-word ``name`` with the words of a company's legal name after it."""
    return " " not in name.strip() and re.fullmatch(re.escape(name) + r"[ \t]+" + _COMPANY_TITLE_WORDS, title) is not None


def _pageless(query: EntityQuery, state: _Round) -> bool:
    """Whether none of a name's titles has a page."""
    return not _pages_of(query, state)


def _nickname(name: str) -> bool:
    """Whether a side's name reads as a club's nickname ("Wildcats", "Chiefs"), not a town's or
    a school's: one plural word no gazetteer place is called."""
    return " " not in name and name.endswith("s") and not gazetteer().candidates(name)


def _club_of(name: str, title: str) -> bool:
    """Whether ``title`` may be the club of the town ``name``: the name, then the club's own
    words ("Washington Capitals"), not a longer place's ("Kansas City Chiefs" is not Kansas's)."""
    if not title.casefold().startswith(name.casefold() + " ") or "," in title or "(" in title:
        return False
    rest = title[len(name) + 1 :].split()
    return bool(rest) and not gazetteer().candidates(f"{name} {rest[0]}")


def _goes_by(name: str, item: Mapping[str, Any], title: str) -> bool:
    """Whether the thing is called ``name``: its label, an alias, or its title without a
    qualifier, or its title is the name and more ("Pixar Animation Studios") — unless the name
    is a town's: "Columbus Division of Police" is a body of Columbus, not called "Columbus"."""
    wanted = " ".join(name.casefold().split())
    if wanted in _names_of(item, title):
        return True
    return title.casefold().startswith(wanted + " ") and not any(p.kind == "city" for p in gazetteer().candidates(name))


def _names_of(item: Mapping[str, Any], title: str) -> set[str]:
    """What a thing goes by, casefolded: its label, its aliases, its page's title with and
    without the qualifier ("Hope, Indiana" stays; "Ford (crossing)" is "ford" too)."""
    return {wd.label_of(item).casefold(), *(a.casefold() for a in wd.aliases_of(item)), title.casefold(),
            re.sub(r"\s*\(.*\)$", "", title).casefold()}


def _list_page(query: EntityQuery, state: _Round) -> str | None:
    """The disambiguation page the name leads to: a school round-up's side's school's title's
    ("Heritage High School"), its own, or — where the name has no page — that of the name with
    "The" ("The Hill", when it was asked for: see :data:`_QUALIFIERS`)."""
    where = state.schools.get(query.key)
    if where:
        # "Heritage d. Titusville": the side's school's title may list the schools of the name.
        school = state.pages.get(state.resolve.get(school_titles(name_of(query), where)[0], ""))
        if school is not None and school.disambiguation:
            return school.title
    titles = [name_of(query)]
    if state.resolve.get(name_of(query)) not in state.pages:
        titles.append(f"The {name_of(query)}")
    for title in titles:
        page = state.pages.get(state.resolve.get(title, ""))
        if page is not None:
            return page.title if page.disambiguation else None
    return None


def _per_article(queries: Sequence[EntityQuery], limit: int) -> list[EntityQuery]:
    """At most ``limit`` queries of each article of a (batched) lookup, in the order given."""
    taken: dict[str, int] = {}
    kept = []
    for query in queries:
        article = query.key.split(_SEP, 1)[0]
        if taken.get(article, 0) < limit:
            taken[article] = taken.get(article, 0) + 1
            kept.append(query)
    return kept


