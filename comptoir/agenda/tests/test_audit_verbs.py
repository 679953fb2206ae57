"""The app's audit verbs are stored as the strings they always were, each with a label."""

from comptoir.agenda.audit import Verb
from comptoir.core.audit import verb_label


def test_every_verb_is_a_labelled_string() -> None:
    for verb in Verb:
        assert isinstance(verb, str) and verb.label and verb.label != verb.value
        assert verb_label(verb.value) == str(verb.label)
