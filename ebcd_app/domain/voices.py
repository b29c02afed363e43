"""Which voice is whom: the voices diarization found, matched to the people of a recording.

Seeded by who is linked to the recording plus the interviewer. The interviewer is the voice
that asks: the largest share of its turns end in a question mark (ties: the voice that says
less). With one participant, the voice that says most besides the interviewer is theirs.
With several, nobody is guessed: the voices are "Speaker 2", "Speaker 3" until a
facilitator says who they are, and until then consent counts everyone linked to the
recording (a wrong guess would let one person's consent stand for another's). Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

INTERVIEWER = "Interviewer"


@dataclass(frozen=True)
class Person:
    id: int
    label: str  # pseudonym, else the name the project shows


@dataclass(frozen=True)
class VoiceMatch:
    label: str
    participant_id: int | None
    interviewer: bool


def match_voices(voice_of_turn: Sequence[int], turn_texts: Sequence[str], turn_words:
                 Sequence[int], people: Sequence[Person]) -> dict[int, VoiceMatch]:
    """A label (and person) for every voice index heard in the turns."""
    said: Counter[int] = Counter()
    questions: Counter[int] = Counter()
    turns: Counter[int] = Counter()
    for voice, text, words in zip(voice_of_turn, turn_texts, turn_words, strict=True):
        said[voice] += words
        turns[voice] += 1
        questions[voice] += text.rstrip().endswith("?")
    heard = sorted(said)
    if not heard:
        return {}
    if len(heard) == 1:
        only = heard[0]
        if len(people) == 1:
            return {only: VoiceMatch(people[0].label, people[0].id, False)}
        return {only: VoiceMatch("Speaker 1", None, False)}
    interviewer = max(heard, key=lambda v: (questions[v] / turns[v], -said[v]))
    others = sorted((v for v in heard if v != interviewer), key=lambda v: -said[v])
    matches = {interviewer: VoiceMatch(INTERVIEWER, None, True)}
    for n, voice in enumerate(others):
        if len(people) == 1 and n == 0:
            matches[voice] = VoiceMatch(people[0].label, people[0].id, False)
        else:
            matches[voice] = VoiceMatch(f"Speaker {n + 2}", None, False)
    return matches
