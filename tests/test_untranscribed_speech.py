"""Nothing said is lost: speech without words is decoded again, and what is still missing
is shown (issue 16). Real Whisper and real Silero VAD on espeak-ng speech."""

from __future__ import annotations

import json

import pytest
from cli_run import ebcd

from ebcd_app.domain.models import Recording, TranscriptSource
from ebcd_app.services import media_import, projects, transcription, transcripts
from ebcd_app.speech.coverage import (
    Gap,
    collapse_repeats,
    describe_gaps,
    looping_segments,
    uncovered,
)
from ebcd_app.speech.engine import SegmentResult, WhisperEngine, WordResult, load_audio
from ebcd_app.speech.locator import locate_model
from ebcd_app.speech.repair import file_speech_regions, repair


def _words(*spans: tuple[str, float, float]) -> list[WordResult]:
    return [WordResult(t, s, e, 0.9) for t, s, e in spans]


def test_speech_with_no_words_over_it_is_a_gap_and_a_pause_is_not() -> None:
    regions = [(0.0, 3.0), (3.4, 9.0)]
    words = _words(("one", 0.1, 0.5), ("two", 0.6, 2.9), ("three", 3.5, 4.0),
                   ("four", 8.2, 8.9))
    # 4.0-8.2 has speech and no word; the 0.4 s breath between regions is no gap
    assert uncovered(regions, words) == [Gap(4.3, 7.9)]
    assert describe_gaps([(4.3, 7.9)]).startswith(
        "untranscribed speech: 4 s in 1 passage (0:04-0:08)")
    assert describe_gaps([]) == ""


def test_a_hallucination_loop_is_found_and_collapsed() -> None:
    said = _words(("thank", 0, 0.2), ("you", 0.2, 0.4))
    loop = [WordResult(w.text, w.start + k, w.end + k, 0.5) for k in range(5) for w in said]
    segs = [SegmentResult(0, 1, "Nights are long.", _words(("Nights", 0, .3), ("are", .3, .5),
                                                            ("long.", .5, 1))),
            SegmentResult(1, 6, "thank you " * 5, loop)]
    assert looping_segments(segs) == [1]
    assert [w.text for w in collapse_repeats(loop)] == ["thank", "you"]
    # a phrase said twice (people do) is not a loop
    assert looping_segments([SegmentResult(0, 2, "no no", _words(("no", 0, 1), ("no", 1, 2)))
                             ]) == []


@pytest.mark.slow
def test_a_lost_passage_is_decoded_again_and_comes_back(speech) -> None:
    """The first pass's words with a passage taken out (as Whisper dropped 32 words of
    hca-jo.ogg): the repair finds the speech without words and decodes it again."""
    engine = WhisperEngine(locate_model(None), compute_type="float32")
    first = engine.transcribe(load_audio(speech.wav))
    words = first.words
    lost = [w for w in words if w.start >= speech.pause_end]  # the whole second part
    assert len(lost) >= 8
    kept = [s for s in first.segments if s.words[-1].end < speech.pause_start + 0.5]
    regions = file_speech_regions(speech.wav)
    assert uncovered(regions, [w for s in kept for w in s.words]), "the loss is seen"
    mended = repair(engine, speech.wav, kept, language="en")
    back = [w.text.lower().strip(".,") for s in mended.segments for w in s.words
            if w.start >= speech.pause_end - 0.5]
    found = sum(1 for w in lost if w.text.lower().strip(".,") in back)
    assert found >= 0.8 * len(lost), (back, [w.text for w in lost])
    assert mended.gaps == [] and mended.gaps_filled >= 1


def test_untranscribed_speech_is_in_the_transcript_and_told_by_the_cli(tmp_path) -> None:
    store = projects.create_project(tmp_path / "p", name="Gaps")
    wav = tmp_path / "a.wav"
    import wave

    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes(b"\0\0" * 16000 * 60)
    rec = media_import.import_recording(store, wav)
    segs = [SegmentResult(1.0, 2.0, "Hello there.", _words(("Hello", 1.0, 1.4),
                                                            ("there.", 1.5, 2.0)))]
    with store.session() as s:
        transcripts.save_transcript(s, s.get_one(Recording, rec.recording_id), segs,
                                    source=TranscriptSource.WHISPER, model="base",
                                    language="en", untranscribed=[(27.0, 42.4)])
    store.close()
    text = transcripts.render_transcript(projects.open_project(tmp_path / "p"),
                                         rec.recording_id, "txt")
    assert "(untranscribed speech 0:27-0:42)" in text
    result = ebcd("transcript", str(tmp_path / "p"), str(rec.recording_id), "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["untranscribed"] == [{"start": 27.0, "end": 42.4}]
    assert "untranscribed speech: 15 s in 1 passage (0:27-0:42)" in result.stderr
    assert transcription.TranscribeOutcome(1, "a", 2, "en",
                                           untranscribed=[(27.0, 42.4)]).untranscribed_seconds \
        == pytest.approx(15.4)
