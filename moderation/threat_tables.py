"""What an explicit threat looks like in words, one table per language (English only so far).

The labelled corpora hold almost no threats (ToxicSpans: 69 training posts with a majority "threat"
span; no other corpus marks threats), so neither the n-gram model nor the fine-tuned encoder learned
to score "I will beat him until he bleeds" or "I know where you live" as threats. Moderation teams
have long caught these with phrase lists; this table is that list, kept as data. An intent phrase
("I will", "someone should", "deserves to") followed within a few words by a violent act ("beat",
"put a bullet in"), or an intimidation formula on its own ("I know where you live"), marks a threat,
unless a negation sits between them ("I would never hurt") or the act's object is a thing, not a
person ("kill the bill", "shoot down the idea"). Written from general knowledge, not from any corpus;
its precision is measured on data (see `moderation.threats` and `bench/threat_phrases.py`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThreatTable:
    # who means to do it, or wishes it done: phrases of whole words, lower-case
    intents: tuple[str, ...]
    # violent acts (a word or a phrase; inflected forms listed)
    acts: tuple[str, ...]
    # intimidation formulas that are threats on their own
    formulas: tuple[str, ...]
    # words that cancel an intent when they come between it and the act
    negations: tuple[str, ...]
    # objects right after an act that make it figurative ("kill the bill")
    things: tuple[str, ...]
    # a word right before an act that makes it a noun ("give it a shot", "the kill")
    noun_markers: tuple[str, ...]
    # most words allowed between the end of an intent and the start of an act
    window: int = 6


ENGLISH = ThreatTable(
    intents=(
        "i will", "i'll", "i am going to", "i'm going to", "im going to", "i'm gonna", "im gonna",
        "i am gonna", "i'm about to", "we will", "we'll", "we are going to", "we're going to", "we're gonna",
        "i want to", "i wanna", "i would love to", "i'd love to", "i'd like to", "i will personally",
        "someone should", "somebody should", "someone needs to", "somebody needs to", "someone ought to",
        "somebody ought to", "someone has to", "someone will", "somebody will", "someone is going to",
        "should be", "ought to be", "needs to be", "need to be", "deserve to be", "deserves to be",
        "deserve to", "deserves to", "hope you", "hope he", "hope she", "hope they", "hope someone",
        "wish someone would", "wish somebody would", "let's", "gonna", "you will", "you'll",
        "you are going to", "you're going to", "you're gonna", "he will", "she will", "they will",
        "i swear i", "i promise i", "or i", "or else i", "or we",
    ),
    acts=(
        "kill", "kills", "killed", "murder", "murdered", "shoot", "shot", "stab", "stabbed",
        "beat you up", "beat him up", "beat her up", "beat them up", "beat the hell out", "beat the crap out",
        "beat the shit out", "beat the living", "to death", "senseless", "to a pulp", "black and blue",
        "hurt", "burn", "burned", "burnt", "hang", "hanged", "hung", "lynch", "lynched",
        "strangle", "strangled", "punch", "punched", "slap", "slapped", "behead", "beheaded", "rape",
        "raped", "bomb", "bombed", "blow up", "blown up", "torch", "torched", "slit", "execute",
        "executed", "die", "bleed", "bleeds", "put a bullet", "a bullet in", "smash your", "break your",
        "break his", "break her", "run you over", "run him over", "run her over", "drown", "drowned",
        "castrate", "castrated", "set fire", "set on fire", "on fire", "take you out", "end you",
        "end your life", "exterminate", "exterminated", "cut your", "cut his", "cut her", "kick your",
        "hunt you", "hunt you down", "hunt him down", "hunt her down", "hunt them down", "rot in",
        "six feet under", "a beating", "in a body bag", "your throat", "his throat", "her throat",
        "their throats",
    ),
    formulas=(
        "i know where you live", "we know where you live", "i know where he lives",
        "i know where she lives", "watch your back", "your days are numbered", "you're dead",
        "you are dead", "you're a dead man", "you are a dead man", "dead man walking",
        "sleep with one eye open", "i'll find you", "i will find you", "we will find you",
        "we'll find you", "wake up with your house on fire", "you won't see it coming",
        "you will not see it coming", "i'm coming for you", "i am coming for you", "we're coming for you",
        "we are coming for you",
    ),
    negations=("not", "never", "no", "n't", "don't", "dont", "wouldn't", "wouldnt", "won't", "wont",
               "can't", "cant", "shouldn't", "shouldnt", "nobody", "no one", "if"),
    things=(
        "the bill", "this bill", "that bill", "a bill", "the deal", "this deal", "the idea", "that idea",
        "the proposal", "this proposal", "the plan", "this plan", "the deadline", "the odds", "the record",
        "the traffic", "the market", "inflation", "the project", "the motion", "the story", "the vote",
        "the budget", "the economy", "the country", "this town", "jobs", "business", "sales", "feelings",
        "the party", "your chances", "his chances", "her chances", "their chances", "our chances", "time",
        "the time", "the clock", "the lights", "the engine", "the drone", "a drone", "the plane",
        "the missile", "the messenger", "the mood", "the joke", "the argument", "calories", "the competition",
        "the game", "the season", "the opposition", "money", "the money", "bridges", "the bridge",
        "the midnight oil", "the candle", "down", "a tariff", "a fine", "a label", "on", "out", "up", "in there",
        "around", "tight", "through", "for a", "for an", "for some", "of", "laughing", "myself laughing", "on this hill", "trying",
        "happy", "waiting", "above", "line", "you an", "you a", "me an", "me a", "an email", "a message",
        "a note", "budget", "the deficit", "the debt", "the gains", "it", "itself",
    ),
    noun_markers=("a", "an", "the", "your", "my", "his", "her", "their", "our", "its", "big", "long", "flu",
                  "booster", "vaccine", "cheap", "parting", "good", "great", "best", "last", "first", "one"),
)

TABLES: dict[str, ThreatTable] = {"en": ENGLISH}
