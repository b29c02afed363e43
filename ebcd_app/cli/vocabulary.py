"""`ebcd vocabulary`: the journey stages and emotion words touch points are tagged with."""

from __future__ import annotations

import argparse

from ebcd_app.basics.errors import EbcdError
from ebcd_app.cli.common import Subparsers, command, open_project, out
from ebcd_app.domain.models import JourneyType, Sentiment
from ebcd_app.services import vocabulary


def cmd_vocabulary(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        if args.add_stage:
            if not args.journey:
                raise EbcdError("--add-stage needs --journey patient|staff")
            vocabulary.add_stage(store, JourneyType(args.journey), args.add_stage,
                                 None if args.position is None else args.position - 1)
        if args.add_emotion:
            if not args.sentiment:
                raise EbcdError("--add-emotion needs --sentiment")
            vocabulary.add_emotion(store, args.add_emotion, Sentiment(args.sentiment[0]))
        for journey in JourneyType:
            names = [st.name for st in vocabulary.stages(store, journey)]
            out(f"{journey.value} journey: " + " > ".join(names))
        for sentiment, words in vocabulary.emotions(store).items():
            out(f"{sentiment.value}: " + ", ".join(words))
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "vocabulary", cmd_vocabulary,
                 "show or extend journey stages and emotion words")
    sp.add_argument("project")
    sp.add_argument("--add-stage")
    sp.add_argument("--journey", choices=[j.value for j in JourneyType])
    sp.add_argument("--position", type=int, help="1 = first (default: last)")
    sp.add_argument("--add-emotion")
    sp.add_argument("--sentiment", action="append", choices=[s.value for s in Sentiment])
