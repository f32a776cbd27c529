"""Where a sentence names its source: the words around the claim that say who or what backs it.

Data, per language (only English exists: the claims heads are trained on English corpora). Used by
`moderation.claims.attribution` to cut the attribution off a sentence so the claim itself can be judged.
- `lead_ins`: "<lead-in> <source>, <claim>" ("According to the SBU, ...", "Per the CDC's data, ...").
- `tail_ins`: "<claim>, <tail-in> <source>." ("..., according to CMHC rental market data.").
- `speech_tails`: "<claim>, <source> <verb>." ("..., the minister said.").
- `evidence_verbs`: "<source> <verb> (that) <claim>" when the subject names a source: a document or
  measurement noun below, or a name ("Reuters reported that ...", "Police statistics show ...").
- `source_nouns`: what a subject must contain (or a capitalised name) for its verb to introduce evidence.
- `not_sources`: subjects that are no source: a pronoun first ("I said", "they say", "it shows") or
  a word that names nobody ("History shows", "People say").
"""

from __future__ import annotations

ATTRIBUTION: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "lead_ins": ("according to", "per", "as reported by", "as reported in", "as reported on", "citing",
                     "based on", "as shown by", "as documented by", "as confirmed by", "in the words of"),
        "tail_ins": ("according to", "as reported by", "as reported in", "per", "citing", "as shown by",
                     "as documented by", "as confirmed by", "based on", "sources:", "source:"),
        "speech_tails": ("said", "says", "reported", "reports", "told", "confirmed", "confirms", "wrote",
                         "writes", "found", "estimated", "estimates", "noted", "notes", "announced"),
        "evidence_verbs": ("show", "shows", "showed", "shown", "found", "finds", "find", "report", "reports",
                           "reported", "say", "says", "said", "put", "puts", "estimate", "estimates", "estimated",
                           "confirm", "confirms", "confirmed", "indicate", "indicates", "indicated", "reveal",
                           "reveals", "revealed", "list", "lists", "listed", "document", "documents",
                           "documented", "record", "records", "recorded", "suggest", "suggests", "suggested",
                           "conclude", "concludes", "concluded", "state", "states", "stated", "note", "notes",
                           "noted", "announced", "announces", "wrote", "writes"),
        "source_nouns": ("data", "study", "studies", "report", "reports", "survey", "surveys", "poll", "polls",
                         "polling", "statistics", "stats", "figures", "numbers", "record", "records", "filing",
                         "filings", "audit", "audits", "minutes", "census", "analysis", "analyses", "research",
                         "researchers", "scientists", "documents", "document", "testing", "tests", "review",
                         "inquiry", "investigation", "records", "transcript", "transcripts", "budget", "register",
                         "registry", "database", "paper", "papers", "journal", "article", "website", "site",
                         "release", "statement", "ruling", "judgment", "court", "commission", "agency",
                         "department", "ministry", "office", "institute", "bureau", "authority", "officials",
                         "spokesperson", "spokesman", "spokeswoman", "experts", "economists", "auditor",
                         "watchdog", "regulator", "police", "archive", "archives", "evidence", "footage",
                         "video", "photos", "receipts", "invoice", "invoices", "contract", "contracts",
                         "legislation", "law", "bill", "act", "section", "clause", "estimates", "forecast",
                         "model", "models", "index", "tally", "count", "results", "findings", "measurements",
                         "mayor", "minister", "premier", "president", "governor", "senator", "councillor",
                         "councilor", "chief", "ceo", "chair", "chairman", "chairwoman", "director", "spokesperson",
                         "secretary", "judge", "coroner", "officer", "prosecutor", "prosecutors", "attorney",
                         "scientist", "doctor", "doctors", "professor", "economist", "analyst", "analysts",
                         "reporter", "reporters", "newspaper", "broadcaster", "company", "government", "council",
                         "board", "university", "hospital", "union", "association", "organization",
                         "organisation", "nato"),
        "not_sources": ("i", "we", "you", "he", "she", "it", "they", "this", "that", "these", "those", "one",
                        "someone", "somebody", "everyone", "everybody", "people", "nobody", "history", "god",
                        "everything", "nothing", "anyone", "anybody", "which", "what", "me", "us", "him",
                        "them", "common"),
    },
}
