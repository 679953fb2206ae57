"""The app's audit verbs are stored as the strings they always were, each with a label."""

from comptoir.contributions.audit import Verb
from comptoir.core.audit import VERB_LABELS


def test_every_verb_is_a_labelled_string() -> None:
    for verb in Verb:
        assert isinstance(verb, str) and verb.value in VERB_LABELS
        assert VERB_LABELS[verb] == VERB_LABELS[verb.value]
