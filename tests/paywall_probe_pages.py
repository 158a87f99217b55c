"""Pages for the paywall probes (tests/test_paywall_probes7.py): filler prose in nine languages and a
whole news page around a story (head with og/JSON-LD, the site's header and footer with account links),
so each probe differs from the next only in its wall."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import pytest

from crawler.analysis.analyze import analyze

HTML = {"content-type": "text/html; charset=utf-8"}

# ----------------------------------------------------------------------------- filler prose per language

_PARTS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "en": (["The council", "Local officials", "The company's chief executive", "Analysts at the bank",
            "Residents of the district", "The regulator", "Union leaders", "The ministry"],
           ["said on Tuesday that", "argued in a statement that", "warned last week that", "told reporters that"],
           ["the new rules would take effect before the end of the year", "costs had risen sharply since the spring",
            "the plan still needed approval from the board", "several hundred jobs could be affected by the change",
            "talks with the neighbouring towns would resume in March", "the budget left little room for new projects"]),
    "de": (["Der Stadtrat", "Die Geschäftsführung", "Vertreter der Gewerkschaft", "Das Ministerium",
            "Anwohner des Viertels", "Die Aufsichtsbehörde"],
           ["teilte am Dienstag mit, dass", "betonte in einer Erklärung, dass", "warnte vergangene Woche, dass",
            "sagte gegenüber Journalisten, dass"],
           ["die neuen Regeln noch vor Jahresende gelten sollen", "die Kosten seit dem Frühjahr deutlich gestiegen sind",
            "der Plan noch vom Vorstand gebilligt werden muss", "mehrere hundert Stellen betroffen sein könnten",
            "die Gespräche mit den Nachbargemeinden im März weitergehen", "der Haushalt kaum Spielraum lässt"]),
    "fr": (["Le conseil municipal", "La direction de l'entreprise", "Les représentants syndicaux", "Le ministère",
            "Les habitants du quartier", "Le régulateur"],
           ["a indiqué mardi que", "a souligné dans un communiqué que", "a averti la semaine dernière que",
            "a déclaré aux journalistes que"],
           ["les nouvelles règles entreront en vigueur avant la fin de l'année",
            "les coûts ont fortement augmenté depuis le printemps", "le projet doit encore être approuvé par le conseil",
            "plusieurs centaines d'emplois pourraient être touchés", "les discussions reprendront au mois de mars",
            "le budget laisse peu de place aux nouveaux projets"]),
    "es": (["El ayuntamiento", "La dirección de la empresa", "Los representantes sindicales", "El ministerio",
            "Los vecinos del barrio", "El regulador"],
           ["afirmó el martes que", "subrayó en un comunicado que", "advirtió la semana pasada que",
            "explicó a los periodistas que"],
           ["las nuevas normas entrarán en vigor antes de fin de año", "los costes han subido mucho desde la primavera",
            "el plan todavía necesita la aprobación del consejo", "varios cientos de empleos podrían verse afectados",
            "las conversaciones se reanudarán en marzo", "el presupuesto deja poco margen para nuevos proyectos"]),
    "it": (["Il consiglio comunale", "La direzione dell'azienda", "I rappresentanti sindacali", "Il ministero",
            "Gli abitanti del quartiere", "L'autorità di vigilanza"],
           ["ha dichiarato martedì che", "ha sottolineato in una nota che", "ha avvertito la settimana scorsa che",
            "ha spiegato ai giornalisti che"],
           ["le nuove regole entreranno in vigore entro la fine dell'anno", "i costi sono aumentati molto dalla primavera",
            "il piano deve ancora essere approvato dal consiglio", "diverse centinaia di posti di lavoro sono a rischio",
            "i colloqui riprenderanno a marzo", "il bilancio lascia poco spazio a nuovi progetti"]),
    "nl": (["De gemeenteraad", "De directie van het bedrijf", "Vakbondsvertegenwoordigers", "Het ministerie",
            "Bewoners van de wijk", "De toezichthouder"],
           ["zei dinsdag dat", "benadrukte in een verklaring dat", "waarschuwde vorige week dat",
            "vertelde aan verslaggevers dat"],
           ["de nieuwe regels voor het einde van het jaar ingaan", "de kosten sinds het voorjaar sterk zijn gestegen",
            "het plan nog door het bestuur moet worden goedgekeurd", "enkele honderden banen op het spel staan",
            "de gesprekken in maart worden hervat", "de begroting weinig ruimte laat voor nieuwe projecten"]),
    "pt": (["A prefeitura", "A diretoria da empresa", "Os representantes sindicais", "O ministério",
            "Os moradores do bairro", "A agência reguladora"],
           ["afirmou na terça-feira que", "destacou em nota que", "alertou na semana passada que",
            "disse aos jornalistas que"],
           ["as novas regras entram em vigor antes do fim do ano", "os custos subiram muito desde a primavera",
            "o plano ainda precisa ser aprovado pelo conselho", "várias centenas de empregos podem ser afetados",
            "as negociações serão retomadas em março", "o orçamento deixa pouca margem para novos projetos"]),
    "pl": (["Rada miasta", "Zarząd spółki", "Przedstawiciele związków", "Ministerstwo",
            "Mieszkańcy dzielnicy", "Regulator"],
           ["poinformował we wtorek, że", "podkreślił w komunikacie, że", "ostrzegł w zeszłym tygodniu, że",
            "powiedział dziennikarzom, że"],
           ["nowe przepisy wejdą w życie przed końcem roku", "koszty mocno wzrosły od wiosny",
            "plan wciąż wymaga zgody zarządu", "kilkaset miejsc pracy może być zagrożonych",
            "rozmowy zostaną wznowione w marcu", "budżet zostawia niewiele miejsca na nowe projekty"]),
    "ja": (["市議会は", "同社の経営陣は", "労働組合の代表は", "国土交通省は", "地元の住民は", "規制当局は"],
           ["火曜日に発表し、", "声明の中で強調し、", "先週の会見で警告し、", "記者団に対して説明し、"],
           ["新しい規則が年内に施行される見通しだと述べた。", "春以降に費用が大幅に増えたことを明らかにした。",
            "計画にはまだ取締役会の承認が必要だと語った。", "数百人の雇用に影響が出る可能性があると指摘した。",
            "近隣の自治体との協議を三月に再開すると話した。", "予算には新たな事業の余地がほとんどないと述べた。"]),
}


def sentences(lang: str, n: int, seed: int = 0) -> list[str]:
    subjects, verbs, clauses = _PARTS[lang]
    out = []
    for i in range(seed, seed + n):
        s = subjects[i % len(subjects)]
        v = verbs[(i // len(subjects)) % len(verbs)]
        c = clauses[(i * 5 + i // 3) % len(clauses)]
        out.append(f"{s}{v}{c}" if lang == "ja" else f"{s} {v} {c}.")
    return out


def body(lang: str, words: int, seed: int = 0) -> str:
    """Paragraphs of about ``words`` words (Japanese counts two characters a word, as the classifier does)."""
    per = 15 if lang != "ja" else 17
    sents = sentences(lang, words // per + 1, seed)
    paras = [" ".join(sents[i:i + 4]) for i in range(0, len(sents), 4)]
    return "".join(f"<p>{p}</p>" for p in paras)


# ----------------------------------------------------------------------------- the page around a story

SITE_HEADER = ('<header class="site-header"><a class="logo" href="/">{site}</a><nav class="main-nav"><ul>'
               '<li><a href="/news">News</a></li><li><a href="/business">Business</a></li>'
               '<li><a href="/opinion">Opinion</a></li></ul></nav>{account}</header>')
ACCOUNT_LINKS = ('<div class="account"><a href="/register">Register</a> / <a href="/login">Log in</a>'
                 '<a class="btn" href="/subscribe">Subscribe</a></div>')
SITE_FOOTER = ('<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">'
               'Contact</a></li><li><a href="/account">My account</a></li><li><a href="/login">Log in</a></li>'
               '<li><a href="/register">Create a free account</a></li><li><a href="/privacy">Privacy</a></li></ul>'
               '<p>&copy; 2026 {site}. All rights reserved.</p></footer>')


def ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def story(*, lang: str = "en", site: str = "The Daily Ledger", title: str = "Harbour plan faces new delay",
          article: str, after: str = "", head: str = "", header: str | None = None, footer: str | None = None,
          declared: dict | None = None) -> str:
    """A whole news page: head with og/JSON-LD, the site's header, one article, the site's footer."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
            "datePublished": "2026-11-30T08:00:00Z", "author": {"@type": "Person", "name": "A. Writer"},
            "publisher": {"@type": "Organization", "name": site}, **(declared or {})}
    head_html = (f'<meta charset="utf-8"><title>{title} | {site}</title>'
                 f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
                 f'<meta property="og:site_name" content="{site}">{ld(data)}{head}')
    header_html = SITE_HEADER.format(site=site, account=ACCOUNT_LINKS) if header is None else header
    footer_html = SITE_FOOTER.format(site=site) if footer is None else footer
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{head_html}</head><body>{header_html}'
            f'<main id="main"><article class="article"><header class="article-header"><h1>{title}</h1>'
            f'<p class="byline">By A. Writer &middot; 30 November 2026</p></header>{article}</article>'
            f"{after}</main>{footer_html}</body></html>")


@dataclass(frozen=True)
class Probe:
    name: str
    expected: str
    why: str
    html: str
    url: str = "https://news.example.com/2026/11/30/harbour-plan-faces-new-delay"


def body_div(lang: str, words: int, cls: str = "article-body", seed: int = 0) -> str:
    return f'<div class="{cls}" itemprop="articleBody">{body(lang, words, seed)}</div>'


LEAD_WORDS = 180
WHOLE_WORDS = 700


def lead(lang: str = "en", words: int = LEAD_WORDS) -> str:
    return body_div(lang, words)


def whole(lang: str = "en", words: int = WHOLE_WORDS, cls: str = "article-body") -> str:
    return body_div(lang, words, cls)


def overlay(inner: str, cls: str = "gate-overlay") -> str:
    """A wall drawn over a delivered body: a fixed layer outside the story's text."""
    return (f'<div class="{cls}" role="dialog" aria-modal="true" style="position:fixed;inset:0;z-index:999">'
            f'<div class="{cls}__box">{inner}</div></div>')


def box(inner: str, cls: str = "article-wall") -> str:
    return f'<div class="{cls}">{inner}</div>'


def cut(wall: str, lang: str = "en", words: int = LEAD_WORDS) -> str:
    """A lead and the wall where the server cut the story."""
    return story(lang=lang, article=lead(lang, words) + wall)


def under(layer: str, lang: str = "en") -> str:
    """The whole story and a layer after it (a wall drawn over it, or a promo box)."""
    return story(lang=lang, article=whole(lang), after=layer)


def probe_params(probes: Iterable[Probe], known_misses: Collection[str]) -> list[Any]:
    """One test case a probe, named by it; a known miss is a strict xfail, so that it shows once it passes."""
    miss = pytest.mark.xfail(strict=True, reason="known miss")
    return [pytest.param(p, id=p.name, marks=miss if p.name in known_misses else ()) for p in probes]


def classify_all(probes: Iterable[Probe]) -> dict[str, Any]:
    """Each probe's verdict, as a capture gets it (:func:`crawler.analysis.analyze.analyze`)."""
    return {p.name: analyze(p.html.encode("utf-8"), url=p.url, status=200, headers=HTML).verdict for p in probes}
