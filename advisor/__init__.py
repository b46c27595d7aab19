"""The sourcing-model decision advisor: answers in, an explained recommendation out."""

from .answers import Answers, AnswersError, parse_json, validate_answers
from .engine import Recommendation, recommend
from .knowledge import Knowledge, KnowledgeError, knowledge

__all__ = [
    "Answers",
    "AnswersError",
    "Knowledge",
    "KnowledgeError",
    "Recommendation",
    "knowledge",
    "parse_json",
    "recommend",
    "validate_answers",
]
