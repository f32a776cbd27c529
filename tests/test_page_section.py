"""Where a text dump's comment section starts and ends, in four languages (pages written for these tests).

Each page imitates a real layout: an article, then a comment system's furniture, the comments, and
then what real pages print after them (the reply form, "Recent posts", a footer, cookie text). The
splitter must keep every comment and nothing after the last one; a page with only a counter or an
empty reply form has no comments.
"""

from __future__ import annotations

import pytest

from moderation.page import split_page
from moderation.page.depth import flatten_deep_nesting
from moderation.page.language import detect_language
from moderation.page.lines import Kind, classify

ARTICLE = {
    "en": (
        "Harbour ferry fares will rise by nine per cent in April, the transport board said on Monday.\n\n"
        "The board said fuel and crew costs had grown faster than ticket income for three years running.\n\n"
        "Commuter groups said the rise would push more people back into cars on the coast road.\n"
    ),
    "de": (
        "Die Fährpreise im Hafen steigen im April um neun Prozent, teilte die Verkehrsbehörde am Montag mit.\n\n"
        "Die Behörde sagte, die Kosten für Treibstoff und Personal seien schneller gestiegen als die Einnahmen.\n\n"
        "Pendlerverbände erklärten, die Erhöhung werde mehr Menschen zurück in das Auto auf der Küstenstraße treiben.\n"
    ),
    "es": (
        "Las tarifas del ferry del puerto subirán un nueve por ciento en abril, según informó el lunes la junta.\n\n"
        "La junta dijo que los costes de combustible y tripulación han crecido más que los ingresos por billetes.\n\n"
        "Los grupos de usuarios dijeron que la subida llevará a más personas de vuelta al coche por la costa.\n"
    ),
    "fr": (
        "Les tarifs du ferry du port augmenteront de neuf pour cent en avril, a annoncé lundi la régie des transports.\n\n"
        "La régie a indiqué que les coûts du carburant et des équipages ont progressé plus vite que les recettes.\n\n"
        "Les associations d'usagers estiment que la hausse poussera davantage de gens vers la voiture sur la côte.\n"
    ),
}

COMMENTS = {
    "en": [
        ("Maria Lopez", "3 hours ago", "Nine per cent is a lot for people who cross twice a day."),
        ("Tom Becker", "2 hours ago", "The board has not published the crew cost figures it mentions."),
        ("Maria Lopez", "1 hour ago", "Tom, they were in last year's annual report, page twelve."),
    ],
    "de": [
        ("Hans Müller", "vor 3 Stunden", "Neun Prozent sind viel für Leute, die zweimal am Tag übersetzen."),
        ("Petra Schulz", "vor 2 Stunden", "Die Behörde hat die Personalkosten nie veröffentlicht."),
        (
            "Hans Müller",
            "vor 1 Stunde",
            "Petra, die Zahlen standen im letzten Jahresbericht auf Seite zwölf.",
        ),
    ],
    "es": [
        ("María García", "hace 3 horas", "Un nueve por ciento es mucho para quien cruza dos veces al día."),
        ("Jorge Ruiz", "hace 2 horas", "La junta no ha publicado las cifras de tripulación que menciona."),
        (
            "María García",
            "hace 1 hora",
            "Jorge, estaban en el informe anual del año pasado, en la página doce.",
        ),
    ],
    "fr": [
        (
            "Claire Martin",
            "il y a 3 heures",
            "Neuf pour cent, c'est beaucoup pour ceux qui traversent deux fois par jour.",
        ),
        (
            "Luc Bernard",
            "il y a 2 heures",
            "La régie n'a jamais publié les chiffres des équipages qu'elle cite.",
        ),
        (
            "Claire Martin",
            "il y a 1 heure",
            "Luc, ils figuraient dans le rapport annuel de l'an dernier, page douze.",
        ),
    ],
}

MARKER = {"en": "3 Comments", "de": "3 Kommentare", "es": "3 comentarios", "fr": "3 commentaires"}
CONTROLS = {
    "en": "Reply  Like",
    "de": "Antworten  Gefällt mir",
    "es": "Responder  Me gusta",
    "fr": "Répondre  J'aime",
}
AFTER = {
    "en": (
        "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nName *\n\n"
        "Email *\n\nWebsite\n\nPost Comment\n\nRecent Posts\n\nCity council votes on the new bus lanes\n\n"
        "Bridge repairs to start in May\n\nLibrary opening hours extended\n\n© 2025 Harbour Gazette\n"
    ),
    "de": (
        "Schreiben Sie einen Kommentar\n\nIhre E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind "
        "mit * markiert\n\nName *\n\nE-Mail *\n\nKommentar abschicken\n\nNeueste Beiträge\n\n"
        "Stadtrat stimmt über neue Busspuren ab\n\nBrückensanierung beginnt im Mai\n\nImpressum\n"
    ),
    "es": (
        "Deja un comentario\n\nTu dirección de correo electrónico no será publicada. Los campos obligatorios están "
        "marcados con *\n\nNombre *\n\nPublicar comentario\n\nEntradas recientes\n\n"
        "El ayuntamiento vota los nuevos carriles bus\n\nLas obras del puente empiezan en mayo\n\nAviso legal\n"
    ),
    "fr": (
        "Laisser un commentaire\n\nVotre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués "
        "avec *\n\nNom *\n\nPublier le commentaire\n\nArticles récents\n\n"
        "Le conseil municipal vote les nouvelles voies de bus\n\nLes travaux du pont commencent en mai\n\n"
        "Mentions légales\n"
    ),
}
LANGUAGES = list(ARTICLE)


def comment_page(language: str) -> str:
    blocks = [f"{name} · {when}\n{text}\n\n{CONTROLS[language]}" for name, when, text in COMMENTS[language]]
    return (
        "Harbour Gazette\n\n"
        + ARTICLE[language]
        + "\n"
        + MARKER[language]
        + "\n\n"
        + "\n\n".join(blocks)
        + "\n\n"
        + AFTER[language]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_section_ends_before_the_form_and_the_rail(language: str) -> None:
    page = split_page(comment_page(language))
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == COMMENTS[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_language_is_reported(language: str) -> None:
    assert split_page(comment_page(language)).language == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_counter_and_an_empty_form_make_no_comments(language: str) -> None:
    page = split_page(
        "Harbour Gazette\n\n" + ARTICLE[language] + "\n" + MARKER[language] + "\n\n" + AFTER[language]
    )
    assert page.comments == ()
    assert all(p in page.article.paragraphs for p in ARTICLE[language].strip().split("\n\n"))


def test_a_dated_byline_and_teasers_are_not_comments() -> None:
    page = split_page(
        "Harbour Gazette\n\nBy Ann Reyes | Jan. 2, 2025\n\n"
        + ARTICLE["en"]
        + "\nMore News\n\nBy Tom Risen | Jan. 2, 2025\n\nBridge repairs to start in May\n\n"
        + "By Lea Wong | Jan. 1, 2025\n\nLibrary opening hours extended\n"
    )
    assert page.comments == ()


@pytest.mark.parametrize(
    "line",
    ["Cook Time 20 mins", "Prep Time: 10 mins", "Total Time 1 hour ago", "Author: Jane Doe May 5, 2012"],
)
def test_recipe_fields_and_bylines_are_not_comment_headers(line: str) -> None:
    assert classify(line, gap_before=True).kind is not Kind.HEADER


@pytest.mark.parametrize(
    ("line", "author", "time"),
    [
        ("Hans Müller sagt:", "Hans Müller", None),
        ("María García dijo:", "María García", None),
        ("Claire Martin a dit :", "Claire Martin", None),
        ("Petra Schulz · vor 8 Stunden", "Petra Schulz", "vor 8 Stunden"),
        ("Jorge Ruiz | hace 2 horas", "Jorge Ruiz", "hace 2 horas"),
        ("Luc Bernard le 5 mai 2012 à 10h32", "Luc Bernard", "le 5 mai 2012 à 10h32"),
        ("Anna Weber 12. März 2024, 10:32", "Anna Weber", "12. März 2024, 10:32"),
    ],
    ids=["de-sagt", "es-dijo", "fr-a-dit", "de-vor", "es-hace", "fr-date", "de-date"],
)
def test_headers_in_four_languages(line: str, author: str, time: str | None) -> None:
    parsed = classify(line, gap_before=True)
    assert (parsed.kind, parsed.author, parsed.posted_at) == (Kind.HEADER, author, time)


@pytest.mark.parametrize(
    "line",
    [
        "Reply",
        "LikeLiked by 3 people",
        "Liked by 12 people",
        "Antworten",
        "Responder",
        "Répondre",
        "Gefällt mir",
    ],
)
def test_like_and_reply_controls_are_widgets(line: str) -> None:
    assert classify(line, gap_before=True).kind is Kind.WIDGET


def test_comment_text_keeps_no_like_row() -> None:
    page = split_page(comment_page("en").replace("Reply  Like", "LikeLiked by 2 people\nReply"))
    assert all("Liked" not in c.text for c in page.comments)
    assert len(page.comments) == 3


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ARTICLE["de"], "de"),
        (ARTICLE["fr"], "fr"),
        ("这是一个关于港口渡轮票价的新闻报道，读者可以发表评论。", "zh"),
        ("ok", None),
    ],
    ids=["de", "fr", "zh", "too-short"],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_flattening_keeps_every_word_and_shallow_pages_untouched() -> None:
    shallow = "<html><body><div><p>one</p></div></body></html>"
    assert flatten_deep_nesting(shallow) == (shallow, 0)
    deep = "<div>" * 1000 + "<p>deep words</p>" + "</div>" * 1000
    flat, deepest = flatten_deep_nesting(deep, max_depth=50)
    assert deepest == 1001
    assert "deep words" in flat and flat.count("<div>") == 50 and flat.count("</div>") == 50
