# treatybot's words in English. Every key here must be in the Japanese and Russian catalogues
# too (a test fails otherwise). The articles' own words are never translated: they arrive as
# arguments ($sentence, $value, $title …) and are shown as written.

## Dates

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
# A day: $day, $month (a month-N above), $year.
date-day = { $day } { $month } { $year }
date-month = { $month } { $year }
date-year = { $year }
undated = undated
unknown-date = unknown date

## /ask

not-answered = The articles do not answer that directly; the closest passages are below.
sentence-answer = The articles say: “{ $sentence }”
short-yes = Yes
short-no = No
short-yes-clause = Yes — { $clause }
short-no-clause = No — { $clause }
short-written = { $value } ({ $written })
evidence = From [1]: “{ $sentence }”
script-cyrillic = Cyrillic
script-japanese = Japanese
script-other = another script than Latin
ask-in-english = The articles are in English, so a question written in { $script } cannot be searched for in them. Ask in English, or use { $who }, { $where } or { $when } with a name: names in Cyrillic and Japanese script work there.
try-instead = Try { $commands }.

## "No mention": $query as typed, then what to try.

no-mention = No mention of “{ $query }” in the articles.
hint-ask = Try other words, or { $search } for a phrase.
hint-who = Try { $who } with a surname, e.g. { $who } Karasin, or { $search }.
hint-where = Try { $where } Kunashir, { $where } Northern Territories or { $where } Hokkaido.
hint-when = Try a year ({ $when } 1956), a place ({ $when } Krasnoyarsk) or { $timeline }.
hint-search = Try other words, a name ({ $who }), a place ({ $where }) or a year ({ $when }).

## /who

who-no-title = { $name } — named in the articles without a title
who-roles = { $name } — { $roles }
who-role-said = { $role } ({ $outlet }, { $date })
side-russia = Russia
side-japan = Japan
who-nobody = No person called “{ $query }” is named in the articles; passages with those words are below.

who-line = { $person }.
who-line-side = { $person }. Side: { $side }.
where-line = { $place }{ $details }.
where-details = { " " }({ $list })
list-separator = {"; "}

## /where

where-place = { $place }
where-also = also: { $names }
where-part-of = part of { $parent }
where-about = Gazetteer: { $about }
where-passages = { $count ->
    [one] Mentioned in { $count } passage.
   *[other] Mentioned in { $count } passages.
}
where-unknown = “{ $query }” is not in the gazetteer (config/places.toml); passages with those words are below.

## /when

when-relative = { $date } (“{ $words }”, in an article of { $of })
when-dated = { $date }: { $sentence }
when-more = { $count ->
    [one] (+{ $count } more below)
   *[other] (+{ $count } more below)
}
when-event = { $query }: { $date }
when-undated-reported = The passages about “{ $query }” give no date for it; it is reported in { $outlet } of { $date } ({ $basis }).
when-undated = The articles mention “{ $query }” but give no date for it; the passages are below.
basis-inferred = date inferred
basis-printed = date printed

## /timeline: $span is one of the span-… lines (empty for every year).

span-all = {""}
span-up-to = { " " }up to { $to }
span-from = { " " }from { $from } on
span-in = { " " }in { $from }
span-between = { " " }from { $from } to { $to }
timeline-none = No dated events{ $span } in the articles. Try { $timeline } with no years to see them all.
timeline-some = { $total ->
    [one] { $total } dated event{ $span }, earliest first.
   *[other] { $total } dated events{ $span }, earliest first.
}
timeline-first = { $total } dated events{ $span }; the first { $shown }, earliest first. Narrow the years to see the rest.
picture-title = Dated events{ $span }
picture-title-part = Dated events{ $span } ({ $shown } of { $total })

## /what, /search

search-found = { $count ->
    [one] { $count } passage about “{ $query }”, best first.
   *[other] { $count } passages about “{ $query }”, best first.
}

## /sources

sources-count = { $total ->
    [one] { $total } article:
   *[other] { $total } articles:
}
sources-count-first = { $total } articles; the first { $listed }:
sources-own-empty = This server's reading list is empty (members with Manage Server add to it with { $add }).
sources-own = This server's reading list, { $count }
sources-shared = Shared by every server, { $count }
sources-line = { $title } ({ $outlet }, { $date })
sources-line-inferred = { $title } ({ $outlet }, { $date }, date inferred)
sources-cut = { $line } — cut: { $cut }
sources-id = { $id } — { $line }
sources-duplicates = { $count ->
    [one] ({ $count } near-duplicate article set aside: each story is cited once.)
   *[other] ({ $count } near-duplicate articles set aside: each story is cited once.)
}

## /help: $command is the command as the reader's picker shows it.

help-intro = treatybot answers questions about the Russia–Japan dispute over the southern Kuril Islands (the Northern Territories) with the articles' own words, cited by outlet, date and paragraph.
help-who = { $command } NAME — who a person is, with the passages that mention them (e.g. { $command } Karasin)
help-when = { $command } YEAR | DATE | EVENT — what happened in a year or on a date, or when an event happened (e.g. { $command } 1956, { $command } Krasnoyarsk)
help-where = { $command } PLACE — where a place is, its other names, and what happened there (e.g. { $command } Kunashir)
help-what = { $command } TOPIC — the best passages about a topic (e.g. { $command } jurisdiction of the islands)
help-search = { $command } TEXT — full-text search over the articles (e.g. { $command } southern Sakhalin)
help-ask = { $command } QUESTION — ask a question in English; get a short answer with its sources (e.g. { $command } How many islands are in dispute?)
help-timeline = { $command } [FROM] [TO] — dated events in order, optionally between two years (e.g. { $command } 1945 1960)
help-sources = { $command } — the articles treatybot quotes
help-sources-list = { $command } — the shared articles and this server's reading list
help-sources-add = { $command } — add a web page or a file to this server's reading list (Manage Server)
help-sources-remove = { $command } — remove an article this server added (Manage Server)
help-help = { $command } — this list
help-quiz-start = { $command } [questions] [topic] [seconds] — a study-group quiz drawn from the articles
help-quiz-stop = { $command } — end this channel's quiz now
help-quiz-leaderboard = { $command } — this server's all-time quiz table
help-quiz-me = { $command } — your own quiz record in this server
help-quiz-terminal = In a terminal: treatybot quiz.

## Usage errors

usage-empty = Type a command, for example /who Karasin or /when 1956. Type /help for the list.
usage-unknown = Unknown command “{ $word }”. Commands: /who, /when, /where, /what, /search, /ask, /timeline, /sources, /help.
usage-missing = { $command } needs something to look for. Usage: { $usage }
usage-too-long = That query is { $len } characters long; the limit is { $max }. Shorten it and try again.
usage-control = The query contains control characters. Type plain text, for example /who Karasin.
usage-not-years = “{ $query }” is not one or two years. Usage: { $usage }

## Pages, citations and errors

no-answer = No answer.
page = Page { $page } of { $pages } · use the buttons to turn pages
button-prev = ◀ Prev
button-next = Next ▶
cited-for = cited for { $date } (“{ $words }”)
internal-error = Sorry, something went wrong on treatybot's side. Please try again in a moment.
not-our-command = That command is not one of treatybot's. Type /help for the list.
pages-expired = These results have expired. Run the command again to page through them.
could-not-answer = Could not answer: { $error }

## Command names as the reader's picker shows them (Discord registers these).

command-who = who
command-when = when
command-where = where
command-what = what
command-search = search
command-ask = ask
command-timeline = timeline
command-sources = sources
command-help = help
command-quiz = quiz
command-quiz-start = start
command-quiz-stop = stop
command-quiz-leaderboard = leaderboard
command-quiz-me = me
command-sources-list = list
command-sources-add = add
command-sources-remove = remove
