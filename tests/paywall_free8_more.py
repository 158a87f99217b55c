"""More pages for tests/test_paywall_free8.py: free blogs, docs, recipes, product pages, forums, Q&A, encyclopedia,
press releases, a PDF rendered as HTML, a live blog; eight pages that are no article (``unknown``) and nine walls
as controls. Written from how such pages are built; bodies are filler prose."""

from __future__ import annotations

from tests.paywall_free8_pages import (FREE, HIDDEN, SUBSCRIBE, _n, doc, free_page, ld, news_ld, prose,
                                       related)
from tests.paywall_probe_pages import Probe

# ----------------------------------------------------------------------------- blogs

WP_SIDEBAR = ("<aside id='secondary' class='widget-area'><section class='widget widget_blog_subscription'><h2>"
              "Subscribe to Blog via Email</h2><p>Enter your email address to subscribe to this blog and receive"
              " notifications of new posts by email.</p><form><input type='email' name='email'><button>Subscribe"
              "</button></form></section><section class='widget'><h2>Recent Posts</h2><ul><li><a href='/2026/11/"
              "fig-tree/'>Pruning the fig tree</a></li><li><a href='/2026/11/compost/'>Compost in winter</a></li>"
              "</ul></section></aside>")
WP_COMMENTS = ("<div id='comments'><h2>3 thoughts on this post</h2><ol class='comment-list'><li>Lovely photos!</li>"
               "</ol><div id='respond'><h3>Leave a Reply</h3><p class='must-log-in'>You must be <a href='/wp-login"
               ".php?redirect_to=post'>logged in</a> to post a comment.</p></div></div>")
SUBSTACK_CTA = ("<div class='subscription-widget-wrap'><p class='cta-caption'>Thanks for reading Harbour Notes!"
                " Subscribe for free to receive new posts and support my work.</p><form class='subscription-widget"
                "'><input type='email' placeholder='Type your email...'><button>Subscribe</button></form></div>")
GHOST_CTA = ("<section class='footer-cta'><h2>Sign up for more like this.</h2><p>Sign up now to get access to the"
             " library of members-only issues.</p><a href='#/portal/signup'>Subscribe</a></section>")
MEDIUM_FOOT = ("<div class='pw-signup-footer'><h2>Sign up to discover human stories that deepen your understanding"
               " of the world.</h2><h3>Free</h3><p>Distraction-free reading. No ads.</p><p>Organize your knowledge"
               " with lists and highlights.</p><a href='/m/signin?operation=register'>Sign up for free</a><h3>"
               "Membership</h3><p>Read member-only stories</p><p>Support writers you read most</p><a href='/plans'>"
               "Try for $5/month</a></div>")


def blog(name: str, why: str, site: str, url: str, inner: str, *, otype: str = "article", data: dict | None = None,
         account: str = "<a href='/wp-login.php'>Log in</a>", after: str = "", head: str = "") -> Probe:
    title = "What I learned restoring a harbour cottage"
    return Probe(name, "free", why, doc(site=site, title=title, url=url, otype=otype, data=data, account=account,
                                         head=head, main=inner, after=after), url)


PROBES_BLOGS = [
    blog("wordpress", "WordPress post; blog-subscription widget with an e-mail field, comments need a login",
         "Garden Notes", "https://gardennotes.example/2026/12/07/harbour-cottage/",
         "<article class='post type-post hentry'><h1 class='entry-title'>What I learned</h1><div class="
         "'entry-content'>" + _n(31, 700) + "</div></article>" + WP_COMMENTS + WP_SIDEBAR,
         data=news_ld("What I learned", "Garden Notes", "BlogPosting")),
    blog("blogger", "Blogger post with 'Subscribe to: Post Comments (Atom)'", "Harbour Ramblings",
         "https://harbourramblings.blogspot.com/2026/12/cottage.html", "<div class='post hentry'><h3 class='post-"
         "title'>Cottage</h3><div class='post-body entry-content'>" + _n(32, 500) + "</div></div><div class='feed-"
         "links'>Subscribe to: <a href='/feeds/posts/default'>Post Comments (Atom)</a></div>",
         account="<a href='https://www.blogger.com/'>Sign in</a>"),
    blog("substack-free", "Substack post for everyone; 'Subscribe for free' widget inside the post",
         "Harbour Notes", "https://harbournotes.substack.com/p/cottage", "<article class='post'><h1>Cottage</h1>"
         "<div class='available-content'><div class='body markup'>" + _n(33, 500) + SUBSTACK_CTA + _n(34, 400)
         + "</div></div></article>", account="<a href='/subscribe'>Subscribe</a><a href='/sign-in'>Sign in</a>",
         head="<script>window._preloads = {\"post\":{\"audience\":\"everyone\",\"type\":\"newsletter\"}}</script>"),
    blog("ghost-free", "Ghost public post; footer CTA speaks of members-only issues", "The Quay",
         "https://thequay.example/cottage/", "<article class='gh-article post'><h1>Cottage</h1><section class="
         "'gh-content gh-canvas'>" + _n(35, 800) + "</section></article>" + GHOST_CTA,
         account="<a href='#/portal/signin'>Sign in</a><a href='#/portal/signup'>Subscribe</a>",
         data=news_ld("Cottage", "The Quay", "Article")),
    blog("medium-free", "Medium story that is not member-only; the sign-up footer lists membership perks",
         "Medium", "https://medium.com/@writer/cottage-3f2a1b", "<article><div class='pw-post-body'><h1>Cottage"
         "</h1>" + _n(36, 900) + "</div></article>" + MEDIUM_FOOT,
         account="<a href='/m/signin?operation=register'>Sign up</a><a href='/m/signin'>Sign in</a>"),
    blog("tumblr-short", "short Tumblr text post, 140 words", "harbourdreams",
         "https://harbourdreams.tumblr.com/post/7301234/cottage", "<article class='post text'><h2>Cottage</h2>"
         + _n(37, 140) + "<footer class='notes'>12 notes</footer></article>", otype="tumblr-feed:entry",
         account="<a href='https://www.tumblr.com/login'>Log in</a><a href='https://www.tumblr.com/register'>"
         "Sign up</a>"),
]

# ----------------------------------------------------------------------------- docs, recipes, products, forums, reference

CODE = "<pre><code>pip install harbour\nharbour init --path ./site\nharbour build</code></pre>"
SPHINX = ("<div class='sphinxsidebar'><ul><li><a href='install.html'>Installation</a></li><li><a href='usage.html'>"
          "Usage</a></li><li><a href='api.html'>API reference</a></li></ul></div>")
RECIPE = {"@context": "https://schema.org", "@type": "Recipe", "name": "Harbour fish stew", "recipeIngredient":
          ["500 g white fish", "2 onions", "1 tin tomatoes"], "recipeInstructions": [
              {"@type": "HowToStep", "text": "Soften the onions in olive oil over a low heat for ten minutes, stirring."},
              {"@type": "HowToStep", "text": "Add the tomatoes and stock and simmer for twenty minutes until thick."},
              {"@type": "HowToStep", "text": "Add the fish, cover and cook gently for six minutes, then season well."}],
          "aggregateRating": {"@type": "AggregateRating", "ratingValue": 4.7, "ratingCount": 212}}
RECIPE_SAVE = ("<div class='save-recipe'><p>Log in or create a free account to save this recipe to your recipe box."
               "</p><a href='/account/login'>Log in</a><a href='/account/register'>Create account</a></div>")
PRODUCT = {"@context": "https://schema.org", "@type": "Product", "name": "Harbour 2 Kettle", "offers": {
    "@type": "Offer", "price": "49.99", "priceCurrency": "USD"}, "aggregateRating": {"@type": "AggregateRating",
                                                                                   "ratingValue": 4.4, "reviewCount": 87}}
REVIEWS = "".join(f"<div class='review'><h4>Great kettle, {i} stars</h4>{prose('en', 70, 40 + i)}</div>"
                  for i in range(5))
POSTS = "".join(f"<article class='message message--post' data-author='user{i}'><div class='message-user'>user{i}"
                f"</div><div class='bbWrapper'>{prose('en', 110, 50 + i)}</div></article>" for i in range(6))
QA = {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": {"@type": "Question", "name":
      "How do I reset the harbour config?", "answerCount": 2}}
WIKI_NAV = ("<div class='navbox'><table><tr><th>Ports of the region</th><td><a href='/wiki/A'>Aport</a> · <a href="
            "'/wiki/B'>Bport</a> · <a href='/wiki/C'>Cport</a></td></tr></table></div>")
PDF_PAGES = "".join(f"<div class='pf w0 h0' id='pf{i}'><div class='pc'>" + "".join(
    f"<div class='t m0 x1 h2 y{j}'>{s}</div>" for j, s in enumerate(prose('en', 300, 60 + i)[3:-4].split('. ')))
    + "</div></div>" for i in range(3))
LIVE = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Harbour vote: live updates",
        "coverageStartTime": "2026-12-07T08:00:00Z"}
LIVE_ENTRIES = "".join(f"<article class='block' id='block-{i}'><time>{10 + i}:05</time><h3>Update {i}</h3>"
                       f"{prose('en', 90, 70 + i)}</article>" for i in range(8))
INLINE_PROMO = ("<aside class='inline-promo'><p>Subscribe to The Review: get unlimited access for $1 a week."
                " <a href='/subscribe?source=inline'>Subscribe</a></p></aside>")


def page(name: str, why: str, site: str, url: str, main: str, *, otype: str = "website", data: dict | None = None,
         account: str = "<a href='/login'>Log in</a><a href='/signup'>Sign up</a>", after: str = "",
         title: str = "Harbour", expected: str = "free") -> Probe:
    return Probe(name, expected, why, doc(site=site, title=title, url=url, otype=otype, data=data, account=account,
                                           main=main, after=after), url)


PROBES_OTHER = [
    page("sphinx-docs", "documentation page, no og article, code blocks, sidebar", "harbour 2.1 documentation",
         "https://harbour.readthedocs.io/en/latest/usage.html", "<div class='document'><div class='body' role="
         "'main'><section id='usage'><h1>Usage</h1>" + _n(38, 350) + CODE + _n(39, 250) + "</section></div></div>"
         + SPHINX, account="<a href='https://github.com/x/harbour/edit/main/docs/usage.rst'>Edit on GitHub</a>"),
    page("mdn-howto", "how-to reference with 'Sign up for free' in the header", "MDN Web Docs",
         "https://developer.mozilla.org/en-US/docs/Web/API/Harbour_API/Using", "<article class='main-page-content'>"
         "<h1>Using the Harbour API</h1>" + _n(40, 600) + CODE + "</article>", account="<a href='/users/fxa/login/"
         "authenticate/'>Log in</a><a href='/plus'>Sign up for free</a>"),
    page("wikihow", "steps, 'Did this help?' and co-author line", "wikiHow",
         "https://www.wikihow.com/Restore-a-Harbour-Cottage", "<div class='steps'><h1>How to Restore a Cottage</h1>"
         + "".join(f"<div class='step'><b>Step {i}.</b>{prose('en', 80, 41 + i)}</div>" for i in range(6))
         + "</div><p>Co-authored by Pat Lee</p><div class='helpful'>Did this help? <button>Yes</button><button>No"
         "</button></div>", data={"@context": "https://schema.org", "@type": "HowTo", "name": "Restore a cottage"}),
    page("recipe", "recipe with JSON-LD steps, ratings, 'Log in ... to save this recipe'", "Simply Stews",
         "https://www.simplystews.example/harbour-fish-stew/", "<article class='recipe'><a href='#recipe'>Jump to"
         " Recipe</a><h1>Harbour fish stew</h1>" + _n(42, 450) + "<div id='recipe' class='wprm-recipe'><ul><li>500 g"
         " white fish</li><li>2 onions</li></ul><ol><li>Soften the onions.</li><li>Add the fish.</li></ol></div>"
         + RECIPE_SAVE + "</article>", data=RECIPE, otype="article", title="Harbour fish stew"),
    page("product-reviews", "product page with description and five customer reviews", "KitchenShop",
         "https://www.kitchenshop.example/p/harbour-2-kettle", "<div class='product'><h1>Harbour 2 Kettle</h1><p"
         " class='price'>$49.99</p><button>Add to cart</button><div class='description'>" + _n(43, 250)
         + "</div><section class='reviews'><h2>Customer reviews</h2>" + REVIEWS + "<a href='/login?next=review'>Sign"
         " in to write a review</a></section></div>", data=PRODUCT, otype="product", title="Harbour 2 Kettle"),
    page("forum-xenforo", "forum thread; 'You must log in or register to reply here.'", "Boating Forums",
         "https://www.boatingforums.example/threads/harbour-fees.12345/", "<div class='p-body'><h1>Harbour fees"
         " going up?</h1>" + POSTS + "<div class='block-outer'>You must log in or register to reply here.</div>"
         "</div>", data={"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "Harbour"
                         " fees going up?"}),
    page("qa-page", "Q&A page; 'Sign up or log in' beside the answer form", "Stack Harbour",
         "https://harbour.stackexchange.example/questions/4321/how-do-i-reset", "<div id='question' class='question'>"
         "<h1>How do I reset the harbour config?</h1><div class='s-prose'>" + _n(44, 120) + "</div></div><div id="
         "'answers'>" + "".join(f"<div class='answer'><div class='s-prose'>{prose('en', 160, 45 + i)}</div></div>"
                                for i in range(2)) + "</div><form id='post-form'><h2>Your Answer</h2><textarea>"
         "</textarea><h4>Sign up or log in</h4><a href='/users/signup'>Sign up using Google</a><a href='/users/"
         "signup'>Sign up using Email and Password</a><h4>Post as a guest</h4><input name='email'></form>", data=QA),
    page("wikipedia", "encyclopedia article; Create account / Log in; navbox", "Wikipedia",
         "https://en.wikipedia.org/wiki/Harbour_of_Example", "<div id='mw-content-text'><div class='mw-parser-"
         "output'><h1>Harbour of Example</h1>" + _n(46, 900) + "<h2>References</h2><ol class='references'><li>"
         "Port report 2024</li></ol>" + WIKI_NAV + "</div></div>", data={"@context": "https://schema.org", "@type":
                                                                        "Article", "name": "Harbour of Example"},
         account="<a href='/w/index.php?title=Special:CreateAccount'>Create account</a><a href='/w/index.php?"
         "title=Special:UserLogin'>Log in</a>"),
    page("press-release", "wire press release with 'NEWS PROVIDED BY' and SOURCE", "PR Newswire",
         "https://www.prnewswire.example/news-releases/harbour-corp-results-302001.html", "<article class='news-"
         "release'><h1>Harbour Corp reports results</h1><p>NEWS PROVIDED BY Harbour Corp</p>" + _n(47, 550)
         + "<p>SOURCE Harbour Corp</p></article>", otype="article"),
    page("govuk-release", "government press release with a cookie banner", "GOV.UK",
         "https://www.gov.uk/government/news/harbour-plan-update", "<div class='govuk-cookie-banner' role='region'>"
         "<p>Cookies on GOV.UK</p><button>Accept additional cookies</button></div><div class='gem-c-govspeak"
         " govspeak'><h1>Harbour plan update</h1><p>Press release</p>" + _n(48, 450) + "</div>", otype="article"),
    page("pdf-as-html", "a PDF rendered to HTML (pdf2htmlEX pages of text lines)", "Harbour Authority",
         "https://www.harbourauthority.example/docs/annual-report-2026.html", "<div id='page-container'>"
         + PDF_PAGES + "</div>", account=""),
    page("liveblog", "live blog: eight timed updates inside one story", "The Guardian",
         "https://www.theguardian.com/politics/live/2026/dec/07/harbour-vote-live", "<article class='live'>"
         "<h1>Harbour vote: live updates</h1><div class='article-body'>" + LIVE_ENTRIES + "</div></article>"
         + related(), data=LIVE, otype="article"),
    free_page("inline-promo", "a subscription ad in the flow of a whole free story, body continues after it",
              "The Review", "https://www.thereview.example/2026/12/07/harbour-plan-delay", "<div class="
              "'article-body'>" + _n(49, 400) + INLINE_PROMO + _n(50, 500) + "</div>", account=SUBSCRIBE),
]

# ----------------------------------------------------------------------------- not an article: unknown

CARDS = "".join(f"<article class='card'><h3><a href='/2026/12/07/story-{i}'>Story {i} about the harbour</a></h3>"
                f"{prose('en', 35, 80 + i)}<a href='/2026/12/07/story-{i}'>Continue reading &rarr;</a></article>"
                for i in range(12))
LOGIN = ("<div class='login'><h1>Log in to your account</h1><form action='/login' method='post'><input type='email'"
         " name='email'><input type='password' name='password'><button>Log in</button></form><p>Don't have an"
         " account? <a href='/register'>Register for free</a></p><p>Subscribe for unlimited access. <a href="
         "'/subscribe'>See offers</a></p></div>")

PROBES_UNKNOWN = [
    page("home", "front page with story cards", "Daily Ledger", "https://www.dailyledger.example/",
         "<section class='top-stories'>" + CARDS + "</section>", expected="unknown"),
    page("section-front", "section front: twelve story cards with summaries", "Daily Ledger",
         "https://www.dailyledger.example/world", "<h1>World</h1><section>" + CARDS + "</section>",
         expected="unknown"),
    page("tag-page", "WordPress tag archive, excerpts with 'Continue reading'", "Garden Notes",
         "https://gardennotes.example/tag/harbour/", "<h1 class='page-title'>Tag: harbour</h1>" + CARDS.replace(
             "class='card'", "class='post type-post hentry'"), expected="unknown"),
    page("search", "search results page", "Daily Ledger", "https://www.dailyledger.example/search?q=harbour",
         "<h1>Search results for 'harbour'</h1><p>About 128 results</p><ol class='results'>" + CARDS.replace(
             "article", "li") + "</ol>", expected="unknown"),
    page("not-found", "404 page served with status 200 and popular stories", "Daily Ledger",
         "https://www.dailyledger.example/2026/12/07/no-such-story", "<h1>Page not found</h1><p>Sorry, the page you"
         " were looking for does not exist or has been moved.</p>" + related(heading="Most popular"),
         title="404 - Page not found", expected="unknown"),
    page("login", "login page: a form, not a wall over an article", "Daily Ledger",
         "https://www.dailyledger.example/login?redirect=%2F2026%2F12%2F07%2Fstory", LOGIN, title="Log in",
         expected="unknown"),
    page("sitemap-list", "a day's archive list of links", "Daily Ledger",
         "https://www.dailyledger.example/sitemap/2026/12/07/", "<h1>Archive: 7 December 2026</h1><ul>" + "".join(
             f"<li><a href='/2026/12/07/story-{i}'>Story {i}: harbour, rail and council news</a></li>"
             for i in range(60)) + "</ul>", expected="unknown"),
    page("author-page", "author page: short bio and a list of her stories", "Daily Ledger",
         "https://www.dailyledger.example/author/sam-carter", "<div class='author-bio'><h1>Sam Carter</h1><p>Sam"
         " covers transport and the harbour.</p></div><section>" + CARDS + "</section>", otype="profile",
         expected="unknown"),
]

# ----------------------------------------------------------------------------- real walls as controls

NOT_FREE = {"isAccessibleForFree": False}
PART = {"isAccessibleForFree": False, "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False,
                                                  "cssSelector": ".paywalled-content"}}
PAY_BOX = ("<div class='paywall-prompt'><h3>Subscribe to continue reading</h3><p>Get unlimited access for $1 a"
           " week.</p><a href='/subscribe'>Subscribe now</a><a href='/login'>Log in</a></div>")
REG_BOX = ("<div class='regwall'><h3>Register for free to continue reading</h3><p>Create a free account to read the"
           " rest of this story.</p><form><input type='email'><button>Continue</button></form><a href='/login'>"
           "Already registered? Log in</a></div>")
VISIBLE_METER = ("<div class='meter-banner'><p>You have 3 free articles left this month.</p><a href='/subscribe'>"
                 "Subscribe for unlimited access</a></div>")

PROBES_WALLS = [
    free_page("wall-soft-haspart", "declared not free, hasPart element holds the whole body", "The Ledger",
              "https://www.ledger.example/2026/12/07/harbour", "<div class='paywalled-content'>" + _n(51, 800)
              + "</div>", declared=PART, expected="soft"),
    free_page("wall-soft-metered", "content_tier metered, whole body", "The Ledger",
              "https://www.ledger.example/2026/12/07/harbour-2", "<div class='article-body'>" + _n(52, 800)
              + "</div>", head="<meta property='article:content_tier' content='metered'>", expected="soft"),
    free_page("wall-soft-visible-meter", "a live meter for this article (labelling rules: a gate), whole body",
              "The Monthly", "https://www.themonthly.example/2026/12/harbour", "<div class='article-body'>"
              + _n(53, 900) + "</div>" + VISIBLE_METER, declared=FREE, account=SUBSCRIBE, expected="soft"),
    free_page("wall-preview", "declared not free, 200-word lead then a subscribe box", "The Ledger",
              "https://www.ledger.example/2026/12/07/harbour-3", "<div class='article-body'>" + _n(54, 220)
              + "</div>" + PAY_BOX, declared=NOT_FREE, expected="preview"),
    free_page("wall-preview-lemonde", "Le Monde's cut: 'Il vous reste 78% de cet article à lire'", "Le Monde",
              "https://www.lemonde.fr/politique/article/2026/12/07/le-port_6124_823448.html", "<div class='article__"
              "content'>" + prose("fr", 230, 8) + "</div><div class='paywall'><p>Il vous reste 78.5% de cet article"
              " à lire. La suite est réservée aux abonnés.</p><a href='/abonnement/'>S'abonner</a></div>", lang="fr",
              declared=NOT_FREE, expected="preview"),
    free_page("wall-hard", "a 40-word teaser and a paid box", "The Ledger",
              "https://www.ledger.example/2026/12/07/harbour-4", "<p class='standfirst'>" + _n(55, 40)[3:-4]
              + "</p>" + PAY_BOX.replace("Subscribe to continue reading", "This article is for subscribers only"),
              declared=NOT_FREE, expected="hard"),
    free_page("wall-hard-de", "a German standfirst and an Abo box, no body", "Rheinische Nachrichten",
              "https://www.rn-zeitung.example/politik/hafen-plus-123", "<p class='intro'>" + prose("de", 35, 9)[3:-4]
              + "</p><div class='paywall'><p>Dieser Artikel ist nur mit Abo lesbar.</p><a href='/abo'>Jetzt für 0,99 €"
              " testen</a></div>", lang="de", declared=NOT_FREE, expected="hard"),
    free_page("wall-registration", "a register-for-free box after a lead", "The Ledger",
              "https://www.ledger.example/2026/12/07/harbour-5", "<div class='article-body'>" + _n(56, 200)
              + "</div>" + REG_BOX, expected="registration"),
    blog("wall-substack-free-only", "Substack post for free subscribers only", "Harbour Notes",
         "https://harbournotes.substack.com/p/members", "<article class='post'><div class='available-content'>"
         + _n(57, 150) + "</div></article>", head="<script>window._preloads = {\"post\":{\"audience\":"
         "\"only_free\"}}</script>"),
]
PROBES_WALLS[-1] = Probe(PROBES_WALLS[-1].name, "registration", PROBES_WALLS[-1].why, PROBES_WALLS[-1].html,
                         PROBES_WALLS[-1].url)

PROBES_MORE = PROBES_BLOGS + PROBES_OTHER + PROBES_UNKNOWN + PROBES_WALLS
__all__ = ["PROBES_MORE", "FREE", "HIDDEN", "ld"]
