"""The words comment systems print around comments, one table per language (en, de, es, fr).

A comment system is translated, not redesigned: "Reply" becomes "Antworten", "Responder" or
"Répondre", "Jane says:" becomes "Jane sagt:", "3 hours ago" becomes "vor 3 Stunden". Keeping those
words as data per language lets `patterns` compile one set of anchored regexes for all of them, and
lets a new language be added by writing a table, not code. Entries are lower-case phrases (regex
fragments where noted); nothing here is taken from any page set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageTable:
    # verbs after an author name that open a comment ("Jane says:"); regex fragments
    header_verbs: tuple[str, ...]
    # button words of a comment's control row (matched as whole tokens, lower-case)
    controls: tuple[str, ...]
    # control phrases of several words ("gefällt mir", "me gusta", "j'aime")
    control_phrases: tuple[str, ...]
    # nouns a comment counter uses ("5 Kommentare", "Comentarios (3)")
    count_nouns: tuple[str, ...]
    # headings and prompts of a comment section; regex fragments, whole line
    section_markers: tuple[str, ...]
    # lines of a comment form or comment policy: they end a comment section; regex fragments, line start
    form_lines: tuple[str, ...]
    # headings of what follows a comment section (rails, widgets, footers); regex fragments, whole line
    closing_headings: tuple[str, ...]
    # relative times as comment systems print them; regex fragments, whole time expression
    relative_times: tuple[str, ...]
    # month names and abbreviations (regex fragments)
    months: tuple[str, ...]
    # words that introduce a byline or a recipe card field, never a comment's author
    not_author_prefixes: tuple[str, ...]
    # "In reply to Jane", "Antwort an Jane": the words before the name of the author being answered
    reply_to_phrases: tuple[str, ...] = ()
    # "Jane wrote:", "Jane schrieb:": the verb after a quoted author's name, opening a quotation
    quote_verbs: tuple[str, ...] = ()
    # "posted by Jane", "Soumis par Jane": the words before the author's name in a header
    posted_by_phrases: tuple[str, ...] = ()
    # "Jane on May 5", "Jane, le 5 mai", "小鳳 於 2013/12/28": a word between a name and its time
    time_prepositions: tuple[str, ...] = ()
    # weekday names printed before a date ("lundi 29 octobre 2012"); regex fragments
    weekdays: tuple[str, ...] = ()
    # badges printed on their own line above or below a name ("Subscriber", "Abonné")
    badges: tuple[str, ...] = ()
    # header verbs that say the comment answers another ("Jane a répondu le ..."); regex fragments
    reply_verbs: tuple[str, ...] = ()
    # words that open a comment addressed to someone ("Hey Jane", "Hallo Jane"); lower-case
    salutations: tuple[str, ...] = ()
    # words before a comment count ("There are 13 comments", "Es gibt 3 Kommentare"); regex fragments
    count_prefixes: tuple[str, ...] = ()
    # "Susan from Toledo, OH", "Jana aus Köln": the word between a reader's name and their place
    place_prepositions: tuple[str, ...] = ()
    # headings over a list of story links ("Related stories", "Lesen Sie auch", "Czytaj również"): the
    # short lines under one are page chrome, not comments; regex fragments, whole line
    link_list_headings: tuple[str, ...] = ()
    # words that open such a heading in any wording ("More from Sport", "Top stories this week");
    # regex fragments, line start, checked only on lines already read as chrome
    link_list_prefixes: tuple[str, ...] = ()


_NUM = r"(?:\d{1,3}|an?|one|a few|ein(?:e[mnr]?)?|un[ao]?|une?)"
# counters spelled out ("One Response to ...", "Two comments")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "no")

EN = LanguageTable(
    header_verbs=("says", "said", "wrote", "writes", "commented", "replied"),
    controls=(
        "reply",
        "replies",
        "report",
        "quote",
        "like",
        "likes",
        "liked",
        "unlike",
        "flag",
        "permalink",
        "respond",
        "moderate",
    ),
    control_phrases=(
        r"(?:feature|flag|report|moderate) this comment",
        r"score: ?[+\-−]?\d{1,6}(?:/[+\-−]?\d{1,6})?",
        r"liked by \d[\d,]* (?:people|persons?|others?|readers?)",
        r"\d[\d,]* (?:people|persons?|others?) (?:like|liked) this",
        r"(?:be the first to )?like this\.?",
    ),
    count_nouns=(
        "comments?",
        "responses?",
        "replies",
        "reactions",
        "(?:thoughts?|responses?|comments?) (?:on|to)\\b.{0,150}",
    ),
    section_markers=(
        "comments?",
        "reader comments",
        "leave a (?:reply|comment|response)",
        "join the (?:conversation|discussion)",
        "add a comment",
        "post a comment",
        "what do you think\\??",
        "have your say",
    ),
    form_lines=(
        "(?:your )?name ?\\*",
        "(?:your )?e-?mail(?: address)? ?\\*",
        "(?:your )?e-?mail \\(?(?:required|will not be published|optional).{0,40}",
        "name \\(required\\)",
        "website",
        "(?:author|your) (?:name|e-?mail|url|website)\\b.{0,40}",
        "post:",
        "comment:",
        "your email address will not be published.{0,120}",
        "required fields are marked.{0,60}",
        "notify me of (?:follow-up|new) (?:comments|posts).{0,80}",
        "save my name, email.{0,120}",
        "(?:post|submit|add|publish) (?:a |your )?comment",
        "you must be (?:logged in|signed in|registered) to (?:post|leave|add|write) a comment.{0,60}",
        "(?:log|sign) in or (?:create an account|register|sign up).{0,60}",
        "(?:the )?(?:opinions|views) expressed (?:in|by) (?:reader |user )?comments.{0,200}",
        "can'?t see (?:the )?comments\\??",
        "some html (?:is )?allowed.{0,200}",
        "you may use these html tags.{0,300}",
        "allowed html tags.{0,200}",
        "comment moderation (?:is )?enabled.{0,100}",
        "your comment (?:will|is awaiting|may).{0,120}",
        "enter your (?:information|comment|name).{0,100}",
        "subscribe to (?:comments|this comment feed|post comments).{0,60}",
        "remember (?:me|my personal information).{0,60}",
        "this site uses akismet.{0,120}",
        "comments? (?:are|is) closed.{0,60}",
        "leave a (?:reply|comment)(?: to .{1,60})?",
        "cancel reply",
        "click here to cancel reply\\.?",
    ),
    closing_headings=(
        "(?:recent|related|popular|latest|similar|previous|next|more|top) (?:posts?|articles?|stories|entries|news)",
        "recent comments",
        "categories",
        "archives?",
        "tags?:?.{0,80}",
        "blogroll",
        "meta",
        "about (?:the|this) (?:author|blog)",
        "(?:you (?:may|might) )?also like",
        "share this:?",
        "like this:?",
        "search(?: this (?:site|blog))?",
        "follow us.{0,40}",
        "subscribe(?: to .{1,40})?",
        "newsletter",
        "(?:this website|we) uses? cookies.{0,200}",
        "about us",
        "contact(?: us)?",
        "privacy policy",
        "(?:« |‹ )?(?:older|newer|previous|next) (?:posts?|entries|entry|article)\\b.{0,120}",
    ),
    relative_times=(
        rf"{_NUM} (?:second|sec|minute|min|hour|hr|day|week|wk|month|year|yr)s?\.? ago",
        "(?:today|yesterday)",
        "just now",
    ),
    months=(
        "jan(?:uary)?",
        "feb(?:ruary)?",
        "mar(?:ch)?",
        "apr(?:il)?",
        "may",
        "june?",
        "july?",
        "aug(?:ust)?",
        "sep(?:t(?:ember)?)?",
        "oct(?:ober)?",
        "nov(?:ember)?",
        "dec(?:ember)?",
    ),
    not_author_prefixes=(
        "author",
        "written by",
        "posted in",
        "filed under",
        "published",
        "updated",
        "prep(?:aration)? time",
        "cook(?:ing)? time",
        "total time",
        "ready in",
        "active time",
        "inactive time",
        "bake time",
        "chill time",
        "rest(?:ing)? time",
        "servings?",
        "serves",
        "yield",
        "duration",
        "run ?time",
        "length",
        "reading time",
        "read time",
        "time",
    ),
    reply_to_phrases=("(?:in )?(?:reply|replying|replied|responding|response) to",),
    quote_verbs=("wrote", "said", "writes", "says"),
    posted_by_phrases=("posted by", "comment by", "reply by", "submitted by"),
    time_prepositions=("on", "at"),
    badges=("subscriber", "premium member", "top commenter"),
    reply_verbs=("replied", "responded"),
    salutations=("hey", "hi", "hello", "dear"),
    count_prefixes=("there (?:are|is)", "showing"),
    place_prepositions=("from",),
    link_list_headings=(
        "(?:read|see) (?:more|also)",
        "related(?: articles| stories| coverage| content| posts)?",
        "most (?:read|popular|viewed)",
        "(?:you )?(?:may|might) also (?:like|enjoy)",
    ),
    link_list_prefixes=(
        "related",
        "more",
        "most",
        "recommended",
        "trending",
        "popular",
        "latest",
        "top",
        "read",
        "see",
        "also",
        "further",
        "you (?:may|might)",
        "editor'?s",
    ),
)

DE = LanguageTable(
    header_verbs=("sagt", "sagte", "schreibt", "schrieb", "meint", "meinte", "kommentierte", "antwortete"),
    controls=("antworten", "antwort", "melden", "teilen", "zitieren", "empfehlen", "bewerten"),
    control_phrases=(
        "gefällt mir",
        "auf kommentar antworten",
        "kommentar melden",
        r"\d[\d,]* personen gefällt das",
    ),
    count_nouns=("kommentare?", "antworten", "leserkommentare?", "reaktionen"),
    section_markers=(
        "kommentare?",
        "leserkommentare?",
        "diskussion",
        "(?:schreiben sie|hinterlasse|hinterlassen sie) (?:einen|eine) (?:kommentar|antwort)",
        "kommentar (?:schreiben|verfassen)",
        "ihre meinung",
    ),
    form_lines=(
        "(?:ihr )?name ?\\*",
        "e-?mail(?:-adresse)? ?\\*",
        "webseite|website",
        "(?:deine|ihre) e-?mail-adresse wird nicht veröffentlicht.{0,120}",
        "erforderliche felder sind.{0,60}|pflichtfelder sind.{0,60}",
        "kommentar (?:abschicken|absenden|senden)",
        "benachrichtige mich.{0,120}",
        "meinen namen, (?:meine )?e-?mail.{0,160}",
        "sie müssen (?:angemeldet|eingeloggt) sein.{0,80}",
        "die kommentarfunktion (?:ist|wurde).{0,100}",
        "antworten abbrechen",
    ),
    closing_headings=(
        "(?:neueste|ähnliche|verwandte|letzte|beliebte) (?:beiträge|artikel|einträge)",
        "neueste kommentare",
        "kategorien",
        "archive?",
        "schlagwörter.{0,80}",
        "über (?:den autor|die autorin|uns)",
        "das könnte sie auch interessieren",
        "teilen mit:?",
        "impressum",
        "datenschutz(?:erklärung)?",
        "diese (?:website|seite) verwendet cookies.{0,200}",
    ),
    relative_times=(
        rf"vor {_NUM} (?:sekunden?|min(?:uten?|\.)?|std\.?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)",
        "(?:heute|gestern)(?:,? (?:um )?\\d{1,2}[:.]\\d{2}(?: uhr)?)?",
        "gerade eben",
    ),
    months=(
        "jan(?:uar)?",
        "jänner",
        "feb(?:ruar)?",
        "märz|mär",
        "apr(?:il)?",
        "mai",
        "juni?",
        "juli?",
        "aug(?:ust)?",
        "sep(?:t(?:ember)?)?",
        "okt(?:ober)?",
        "nov(?:ember)?",
        "dez(?:ember)?",
    ),
    not_author_prefixes=(
        "von",
        "autor(?:in)?",
        "veröffentlicht",
        "aktualisiert",
        "zubereitungszeit",
        "kochzeit",
    ),
    reply_to_phrases=("(?:als )?antwort (?:an|auf)", "antwortete (?:an|auf)", "als antwort auf",),
    quote_verbs=("schrieb", "schreibt", "sagte"),
    posted_by_phrases=("geschrieben von", "eingereicht von", "kommentar von"),
    time_prepositions=("am", "um"),
    weekdays=("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    badges=("abonnent(?:in)?", "premium-?mitglied"),
    reply_verbs=("antwortete", "antwortet"),
    salutations=("hallo", "hi", "hey", "liebe", "lieber"),
    count_prefixes=("es gibt",),
    place_prepositions=("aus",),
    link_list_headings=(
        "lesen sie (?:auch|mehr)",
        "auch interessant",
        "mehr zum thema(?: .{1,40})?",
        "das könnte sie (?:auch )?interessieren",
        "meistgelesen(?:e)?(?: artikel| nachrichten)?",
        "weitere (?:artikel|nachrichten|meldungen|themen)",
        "verwandte (?:artikel|themen)",
    ),
)

ES = LanguageTable(
    header_verbs=("dijo", "dice", "escribió", "escribe", "comentó", "respondió", "opina"),
    controls=("responder", "respuesta", "denunciar", "reportar", "compartir", "citar", "votar"),
    control_phrases=("me gusta", "no me gusta", r"a \d[\d,]* personas les gusta esto"),
    count_nouns=("comentarios?", "respuestas?", "opiniones"),
    section_markers=(
        "comentarios?",
        "(?:deja|dejar|escribe|añade|publica) (?:un|tu|su) (?:comentario|respuesta)",
        "participa(?: en la conversación)?",
        "opiniones",
        "tu opinión",
    ),
    form_lines=(
        "nombre ?\\*",
        "correo(?: electrónico)? ?\\*",
        "(?:sitio )?web",
        "tu (?:dirección de )?correo electrónico no será publicad[ao].{0,120}",
        "los campos (?:obligatorios|requeridos) están marcados.{0,60}",
        "(?:publicar|enviar) (?:el )?comentario",
        "notificarme.{0,120}",
        "guarda mi nombre.{0,160}",
        "debes (?:estar registrado|iniciar sesión).{0,80}",
        "los comentarios están cerrados.{0,60}",
        "cancelar respuesta",
    ),
    closing_headings=(
        "(?:entradas|artículos|noticias|publicaciones) (?:recientes|relacionad[ao]s|populares|similares)",
        "comentarios recientes",
        "categorías",
        "archivos?",
        "etiquetas:?.{0,80}",
        "sobre (?:el autor|nosotros)",
        "te puede interesar|también te puede interesar",
        "compartir esto:?",
        "aviso legal",
        "política de (?:privacidad|cookies)",
        "(?:este sitio|esta web) (?:web )?utiliza cookies.{0,200}",
    ),
    relative_times=(
        rf"hace {_NUM} (?:segundos?|minutos?|min\.?|horas?|días?|semanas?|mes(?:es)?|años?)",
        "(?:hoy|ayer)(?:,? (?:a las )?\\d{1,2}[:.]\\d{2})?",
    ),
    months=(
        "ene(?:ro)?",
        "feb(?:rero)?",
        "mar(?:zo)?",
        "abr(?:il)?",
        "may(?:o)?",
        "jun(?:io)?",
        "jul(?:io)?",
        "ago(?:sto)?",
        "sep(?:tiembre)?|set(?:iembre)?",
        "oct(?:ubre)?",
        "nov(?:iembre)?",
        "dic(?:iembre)?",
    ),
    not_author_prefixes=(
        "por",
        "autor(?:a)?",
        "publicado",
        "actualizado",
        "tiempo de (?:preparación|cocción)",
    ),
    reply_to_phrases=("en respuesta a", "respondiendo a", "responde a",),
    quote_verbs=("escribió", "dijo", "escribe"),
    posted_by_phrases=("publicado por", "enviado por", "escrito por", "comentario de"),
    time_prepositions=("el", "a las"),
    weekdays=("lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo"),
    badges=("suscriptora?", "abonad[oa]"),
    reply_verbs=("respondió", "contestó"),
    salutations=("hola", "querido", "querida", "estimado", "estimada"),
    count_prefixes=("hay",),
    place_prepositions=("desde",),
    link_list_headings=(
        "le[ae] (?:también|más)",
        "(?:también )?te puede interesar",
        "lo más (?:leído|visto|popular)",
        "(?:noticias|artículos) relacionad[oa]s",
        "más noticias(?: de .{1,40})?",
    ),
)

FR = LanguageTable(
    header_verbs=("a dit", "dit", "a écrit", "écrit", "a commenté", "commente", "a répondu"),
    controls=("répondre", "réponse", "signaler", "alerter", "partager", "citer", "voter"),
    control_phrases=(
        "j'aime",
        "j’aime",
        "je n'aime pas",
        r"\d[\d,]* personnes aiment ça",
        r"(?:lire|voir|afficher) (?:la |les )?(?:\d+ )?réponses? (?:à ce commentaire)?",
    ),
    count_nouns=("commentaires?", "réactions?", "réponses?"),
    section_markers=(
        "commentaires?",
        "réactions?",
        "(?:laisser|laissez|ajouter|écrire|rédiger) (?:un|votre) (?:commentaire|réponse)",
        "réagissez(?: à cet article)?",
        "réagir",
        "votre avis",
    ),
    form_lines=(
        "nom ?\\*",
        "(?:adresse )?e-?mail ?\\*|courriel ?\\*",
        "site (?:web|internet)",
        "votre adresse (?:e-?mail|de messagerie) ne sera pas publiée.{0,120}",
        "les champs obligatoires sont indiqués.{0,60}",
        "(?:publier|envoyer|laisser) (?:le |un |votre )?commentaire",
        "prévenez-moi.{0,120}|avertissez-moi.{0,120}",
        "enregistrer mon nom.{0,160}",
        "vous devez (?:être connecté|vous connecter).{0,80}",
        "les commentaires sont fermés.{0,60}",
        "annuler la réponse",
    ),
    closing_headings=(
        "(?:articles|billets|articles) (?:récents|similaires|liés|populaires)",
        "commentaires récents",
        "catégories",
        "archives?",
        "étiquettes:?.{0,80}|mots-clés:?.{0,80}",
        "à propos(?: de l'auteur| de nous)?",
        "vous aimerez aussi|à lire aussi|sur le même sujet",
        "partager(?: cet article)?:?",
        "mentions légales",
        "politique de (?:confidentialité|cookies)",
        "ce site utilise des cookies.{0,200}",
    ),
    relative_times=(
        rf"il y a {_NUM} (?:secondes?|minutes?|min\.?|heures?|h|jours?|semaines?|mois|ans?)",
        "(?:aujourd['’]hui|hier)(?:,? (?:à )?\\d{1,2}[:h.]\\d{2})?",
        "à l['’]instant",
    ),
    months=(
        "janv(?:ier|\\.)?",
        "févr(?:ier|\\.)?|fev(?:rier)?",
        "mars",
        "avr(?:il|\\.)?",
        "mai",
        "juin",
        "juil(?:let|\\.)?",
        "août|aout",
        "sept(?:embre|\\.)?",
        "oct(?:obre|\\.)?",
        "nov(?:embre|\\.)?",
        "déc(?:embre|\\.)?|dec(?:embre)?",
    ),
    not_author_prefixes=("par", "auteur", "publié", "mis à jour", "temps de (?:préparation|cuisson)"),
    reply_to_phrases=("en réponse à", "répondre à", "réponse à",),
    quote_verbs=("a écrit", "écrit", "a dit"),
    posted_by_phrases=("soumis par", "posté par", "publié par", "envoyé par"),
    time_prepositions=("le", "à"),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    badges=("abonnée?", "membre premium"),
    reply_verbs=("a répondu", "répond"),
    salutations=("salut", "bonjour", "cher", "chère"),
    count_prefixes=("il y a",),
    link_list_headings=(
        "(?:à )?lire (?:aussi|également|la suite)",
        "(?:à )?voir aussi",
        "les (?:plus lus|articles les plus lus)",
        "sur le même (?:sujet|thème)",
        "(?:articles|contenus) similaires",
        "dans la même rubrique",
    ),
)

# Polish: so far only the rails that stand between a story and its tags ("Czytaj również")
PL = LanguageTable(
    header_verbs=(),
    controls=(),
    control_phrases=(),
    count_nouns=(),
    section_markers=(),
    form_lines=(),
    closing_headings=(),
    relative_times=(),
    months=(),
    not_author_prefixes=(),
    link_list_headings=(
        "(?:czytaj|przeczytaj|zobacz) (?:również|także|też|więcej)",
        "polecamy",
        "warto przeczytać",
        "najczęściej (?:czytane|komentowane)",
        "najpopularniejsze",
        "powiązane (?:artykuły|tematy)",
    ),
)

# Chinese comment systems (PIXNET, Xuite): "#3 Name 於 2013/12/28 10:28", "留言列表 (42)", "發表留言"
ZH = LanguageTable(
    header_verbs=(),
    controls=(),
    control_phrases=(),
    count_nouns=("留言(?:列表)?", "回應", "評論", "评论"),
    section_markers=("留言(?:列表)?", "回應", "評論", "评论"),
    form_lines=("發表留言", "发表评论", "發表評論"),
    closing_headings=(),
    relative_times=(),
    months=(),
    not_author_prefixes=(),
    time_prepositions=("於", "于"),
)

TABLES: dict[str, LanguageTable] = {"en": EN, "de": DE, "es": ES, "fr": FR, "pl": PL, "zh": ZH}


def union(field: str) -> tuple[str, ...]:
    """One field of every table, English first, without duplicates."""
    seen: dict[str, None] = {}
    for table in TABLES.values():
        for entry in getattr(table, field):
            seen.setdefault(entry, None)
    return tuple(seen)


def alternation(field: str) -> str:
    return "(?:" + "|".join(union(field)) + ")"
