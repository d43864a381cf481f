"""``POST /api/v1/feedback``: a reader says a note is wrong. Stored in the result store for the
self-hoster (``contextlib-news feedback list``); nothing is sent anywhere else."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, jsonify, request

from contextlib_news.errors import InvalidInputError
from contextlib_news.feedback import MAX_COMMENT, MAX_EXACT, REASONS, FeedbackReport, check_entity_id, site_of

from .api import _check_token, _state
from .errors import APIError

feedback_api = Blueprint("feedback", __name__, url_prefix="/api/v1")

#: A report is a few short fields: anything larger is not one.
MAX_FEEDBACK_BYTES = 16 * 1024
_FIELDS = {"entity", "url", "exact", "reason", "comment"}


def _read_report() -> FeedbackReport:
    if request.mimetype != "application/json":
        raise APIError(415, "unsupported_media_type", "send the report as application/json")
    if (request.content_length or 0) > MAX_FEEDBACK_BYTES:
        raise APIError(413, "payload_too_large", f"a report is at most {MAX_FEEDBACK_BYTES} bytes")
    raw = request.get_data(cache=False)
    if len(raw) > MAX_FEEDBACK_BYTES:
        raise APIError(413, "payload_too_large", f"a report is at most {MAX_FEEDBACK_BYTES} bytes")
    try:
        body: Any = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise APIError(400, "bad_json", f"request body is not valid JSON: {str(exc)[:200]}") from exc
    if not isinstance(body, dict):
        raise APIError(400, "bad_json", "request body must be a JSON object")
    unknown = set(body) - _FIELDS
    if unknown:
        raise APIError(422, "unknown_field", f"unknown field(s): {', '.join(sorted(unknown))[:200]}")
    entity, url, reason = body.get("entity"), body.get("url"), body.get("reason")
    exact, comment = body.get("exact", ""), body.get("comment", "")
    if not isinstance(entity, str):
        raise APIError(422, "invalid_entity", "'entity' (an entity id such as wikidata:Q6279) is required")
    try:
        entity = check_entity_id(entity)
    except InvalidInputError as exc:
        raise APIError(422, "invalid_entity", str(exc)) from exc
    if not isinstance(url, str) or not url.startswith(("http://", "https://")) or len(url) > 4096:
        raise APIError(422, "invalid_url", "'url' must be the http(s) address of the page, at most 4096 characters")
    if reason not in REASONS:
        raise APIError(422, "invalid_reason", f"'reason' must be one of {', '.join(REASONS)}")
    if not isinstance(exact, str) or len(exact) > MAX_EXACT:
        raise APIError(422, "invalid_exact", f"'exact' must be the marked text, at most {MAX_EXACT} characters")
    if not isinstance(comment, str):
        raise APIError(422, "invalid_comment", "'comment' must be text")
    if len(comment) > MAX_COMMENT:
        raise APIError(422, "comment_too_long", f"'comment' is {len(comment)} characters; at most {MAX_COMMENT} are kept")
    return FeedbackReport(entity=entity, url=url, reason=reason, exact=exact.strip(), comment=comment.strip(),
                          site=site_of(url))


@feedback_api.post("/feedback")
def feedback():
    """Store one report; answers 201 with what was stored."""
    _check_token()
    report = _read_report()
    stored = _state()["annotator"].feedback.add_report(report)
    return jsonify({"report": stored.to_dict()}), 201
