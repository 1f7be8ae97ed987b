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
timeline-part = { $total } dated events{ $span }; here { $from }–{ $to }, earliest first.
timeline-more-picker = { $later } and { $earlier } below show the other events.
timeline-more-typed = Add --page { $next } for the next ones.
button-earlier = ◀ Earlier events
button-later = Later events ▶
picture-title = Dated events{ $span }
picture-title-part = Dated events{ $span } ({ $from }–{ $to } of { $total })

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
help-quiz-start = { $command } [questions] [topic] [seconds] [mode] [difficulty] — a study-group quiz drawn from the articles, or a private practice
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

## Quizzes: $n question number, $total questions, $name a player's Discord name.

quiz-seconds = { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}
quiz-question-title = Question { $n } of { $total }
quiz-time-to-answer = { $seconds } to answer. One answer each; faster right answers score more.
quiz-answered = { $count } answered
quiz-about = Quiz about “{ $topic }”
quiz-table-line = { $name } — { $points } points ({ $right } of { $answered } right)
quiz-stopped-by = Stopped by { $name } after { $asked } of { $total } questions; points won so far are kept.
quiz-one-asked = The question has been asked.
quiz-all-asked = All { $asked } questions asked.
quiz-nobody-answered = Nobody answered.
quiz-standings-title = Quiz over: standings
quiz-all-time = All-time table: { $leaderboard }
quiz-interrupted-title = Quiz interrupted
quiz-interrupted = This quiz was interrupted when treatybot restarted, so it has been closed. Points already won are kept: see { $leaderboard }. Start a new one with { $start }.
quiz-start = **Quiz!** { $count ->
    [one] { $count } question
   *[other] { $count } questions
}{ $topic }{ $fewer }, { $seconds } each, started by { $name }. Anyone here may answer; every answer is shown with the article that proves it. `{ $stop }` ends it.
quiz-start-topic = { " " }about “{ $topic }”
quiz-start-fewer = { " " }(only { $count } found)
quiz-streak = · 🔥 { $streak } in a row
quiz-me-streak = Current streak: { $streak } right in a row.
quiz-me-none = You have not answered a quiz question in this server yet. Try { $start }.
quiz-me = { $name }: { $points } points, { $right } of { $answered } answers right, in { $quizzes ->
    [one] { $quizzes } quiz
   *[other] { $quizzes } quizzes
}. Place { $rank } on this server's leaderboard.
quiz-reveal-answer = Answer: { $answer }
quiz-nobody-got-it = Nobody got it
quiz-got-it = Got it: { $names }
quiz-reveal-counts = { $total } answered, { $right } right
quiz-reveal-title = Question { $n } of { $total } · time's up
quiz-lb-title = Quiz leaderboard
quiz-lb-you = You ({ $name }): #{ $rank }, { $points ->
    [one] { $points } point
   *[other] { $points } points
}
quiz-lb-you-none = You ({ $name }): no answers in this server yet.
quiz-lb-empty = No quiz answers in this server yet. Start one with { $start }.
quiz-lb-footer = Page { $page } of { $pages } · { $players } players
quiz-lb-another-server = This leaderboard belongs to another server. Run { $leaderboard } here.
quiz-not-set-up = Quizzes are not set up on this bot.
quiz-in-dm = Quizzes are played in a server channel, not in direct messages.
quiz-none-running = No quiz is running in this channel.
quiz-not-yours = Only the person who started this quiz, or someone with Manage Messages, can stop it.
quiz-stopped = Quiz stopped by { $name }. Points won so far are kept; the standings follow.
quiz-stopping = The quiz is already stopping.
quiz-no-such = { $command } has no “{ $sub }”.
quiz-busy = A quiz is already running in this channel. Join in, or wait for it to end ({ $stop } ends it).
quiz-no-questions = No question is about “{ $topic }”. Try a person, a place or a year the articles name (the topic box suggests some as you type), or other words.
quiz-over = Time's up: this quiz is over.
quiz-time-up = Time's up for this question.
quiz-already = You already answered this question.
quiz-answer-in = Your answer is in: { $choice }. The right one is shown when time is up.
quiz-practice-title = Practice · question { $n } of { $total }
quiz-practice-how = Only you see this practice, and nothing is recorded. Answer to go on, or Stop.
quiz-practice-right = ✅ Right: { $answer }
quiz-practice-wrong = ❌ Not quite: you chose { $choice }; the answer is { $answer }
quiz-practice-stop = Stop
quiz-practice-over-title = Practice over
quiz-practice-over = { $right } of { $asked } right. Nothing was recorded; practise again with { $start }.
quiz-practice-gone = This practice has ended. Start another with { $start }.
quiz-practice-not-yours = This practice belongs to someone else: start your own with /quiz start.

## A quiz question: a prompt for its kind of blank, then the article's sentence with the blank,
## quoted as written. who-did asks outright about what the sentence says the person did.
quiz-prompt-who = Who fills the blank?
quiz-prompt-who-did = Who { $predicate }?
quiz-prompt-when = Which year fills the blank?
quiz-prompt-where = Which place fills the blank?
quiz-prompt-what = Which words fill the blank?
quiz-prompt-how-many = How many? Fill the blank.
quiz-question = { $prompt } In { $outlet } ({ $date }): “{ $sentence }”
quiz-note-person = { $name } — { $role }
quiz-note-place = { $name } — also called { $others }

## /sources add and remove: $why is the reason a link, file or article was refused.

sources-in-dm = A reading list belongs to a server: use { $sources } in a server channel.
sources-who-may-edit = Only members with the Manage Server permission can change this server's reading list. Ask one of them to add it, or use { $list } to see what is there.
sources-who-may-edit-roles = Only members with the Manage Server permission can change this server's reading list, or members of { $roles }. Ask one of them to add it, or use { $list } to see what is there.
sources-not-added = Not added: { $why }
sources-not-removed = Not removed: { $why }
sources-give-id = Give the id of the article to remove.
sources-link-and-file = Give a link or a file, not both.
sources-link-or-file = Give the article's web address (link:) or attach its .txt, .md or .html file (file:).
sources-server-busy = Not now: this server's reading list is being changed right now; try again when that change is done.
sources-bot-busy = Not now: the reading list is busy, try again in a minute.
sources-added = Added to this server's reading list: **{ $title }** — { $outlet }, { $date } ({ $paragraphs ->
    [one] { $paragraphs } paragraph
   *[other] { $paragraphs } paragraphs
}). Id: { $id }. It is answered from, cited and quizzed in this server only.
sources-replaced = Replaced the earlier version on this server's reading list: **{ $title }** — { $outlet }, { $date } ({ $paragraphs ->
    [one] { $paragraphs } paragraph
   *[other] { $paragraphs } paragraphs
}). Id: { $id }. It is answered from, cited and quizzed in this server only.
sources-not-all = { " " }Not all of it: { $cut }.
sources-unchanged = Already on this server's reading list with the same words, as { $id }: nothing changed.
sources-duplicate = Set aside as a near-duplicate of { $of } ({ $percent }% the same words), which answers cite instead. Its id is { $id }.
sources-removed = Removed **{ $title }** ({ $id }) from this server's reading list: no answer, citation or quiz draws on it any more.
sources-not-found = This server's reading list has no article with the id { $id }. { $list } shows the ids.

## Why a link, file or article was refused ($why of sources-not-added and sources-not-removed),
## and how much of a long page was kept ($cut).

refused-not-a-link = “{ $link }” is not a web link: give an http:// or https:// address.
refused-not-a-file = { $name } is not a file treatybot reads: attach a .txt, .md or .html file.
refused-file-too-large = { $name } is { $size } bytes, over the limit of { $limit } (fetch.max_bytes).
refused-not-an-attachment = the attachment is not on Discord's attachment servers ({ $host }); attach the file to the command itself.
refused-fetch-not-web = only http:// and https:// links are fetched.
refused-fetch-host-unknown = the link's site could not be found; check the address.
refused-fetch-private = the link leads to { $address }, a private or special-purpose address, not the public internet; treatybot fetches only public web pages.
refused-fetch-redirects = the link redirects more than { $limit } times; it was not followed further.
refused-fetch-timeout = the page did not arrive within { $seconds } s; try again later.
refused-fetch-too-large = the page is larger than { $limit } bytes (fetch.max_bytes); it was not read further.
refused-fetch-not-page = the link gives { $type }, not a web page (HTML or text).
refused-fetch-status = the site answered with HTTP status { $status }.
refused-fetch-connection = the site could not be reached; check the link, or try again later.
refused-page-unreadable = the page could not be read as HTML.
refused-page-no-text = the page has no article text (it may be a list of links, a login wall or a page built by scripts).
refused-page-not-text = it is not a web page or text (it looks like binary data).
refused-page-too-many-elements = the page has more than { $max } elements, far more than an article page; it was not read.
refused-page-too-slow = the page took longer than { $seconds } s to read; it may be built to slow readers down.
refused-page-busy = other pages were being read for { $seconds } s; try again shortly.
refused-text-too-long = the text is { $bytes } bytes, over the limit of { $limit } (ingest.max_article_bytes).
refused-no-text = the text is empty.
refused-unreadable = the file could not be read as an article.
refused-keep-failed = the bot could not keep the file for reading; try again later.
refused-busy = the reading list is busy, try again in a minute.
refused-write-failed = the bot could not write its index just now; the host's log says why. Try again later.
refused-list-full = this server's reading list already holds { $count } articles, the most it may (discord.reading_list_max_articles). Remove one with { $remove } first.
refused-list-too-big = this server's reading list holds { $held } bytes of text and this page has { $adding }, over the { $max } this server may keep (discord.reading_list_max_bytes). Remove an article with { $remove } first.
refused-no-article = the page was read, but no article came of it.
refused-other-server = that article belongs to another server's reading list; a server can remove only what it added ({ $list } shows this server's).
cut-kept-of = kept the first { $kept } of { $of } paragraphs: the page's text is longer than the { $bytes } bytes read from one page
cut-kept = kept the first { $kept } paragraphs: the page's text is longer than the { $bytes } bytes read from one page

## The command line's own reports (ingest, remove, index, batches, --png). Rows an ingest
## skipped keep the ingest's own diagnostics.

cli-progress = { $count } articles added
cli-added = { $count ->
    [one] Added { $count } article ({ $passages } passages) in { $seconds } s ({ $rate } MB of text per second).
   *[other] Added { $count } articles ({ $passages } passages) in { $seconds } s ({ $rate } MB of text per second).
}
cli-unchanged = { $count ->
    [one] { $count } article already in the index, left as they were.
   *[other] { $count } articles already in the index, left as they were.
}
cli-replaced = { $count ->
    [one] { $count } article replaced by a new version (the old words are gone):
   *[other] { $count } articles replaced by a new version (the old words are gone):
}
cli-duplicates = { $count ->
    [one] { $count } near-duplicate set aside (each story is cited once):
   *[other] { $count } near-duplicates set aside (each story is cited once):
}
cli-duplicate-line = { $id } ({ $origin }) repeats { $of } ({ $percent }% the same)
cli-skipped = { $count ->
    [one] { $count } record skipped:
   *[other] { $count } records skipped:
}
cli-caveats = Taken with a caveat:
cli-index-holds = The index now holds { $articles } articles ({ $passages } passages).
cli-indexed = Indexed { $passages } passages from { $articles } articles (seeds and ingested) into { $folder }.
cli-removed-duplicate = Removed { $id } (a near-duplicate that was set aside).
cli-removed = { $passages ->
    [one] Removed { $id } "{ $title }" ({ $passages } passage).
   *[other] Removed { $id } "{ $title }" ({ $passages } passages).
}
cli-reinstated = Indexed { $id } in its place (it had been set aside as a near-duplicate of a removed article).
cli-not-found = Not found: { $id } (no article or near-duplicate has this id; `/sources` lists them).
cli-refused = Refused: { $id }: { $reason }
cli-check-sound = The index at { $folder } is sound.
cli-check-damaged = The index at { $folder } is damaged; run `treatybot index` to rebuild it from the seeds and the ingested articles.
cli-status = { $articles } articles, { $passages } passages, { $duplicates } near-duplicates set aside; index { $mb } MB on disk; ready in { $ms } ms{ $resident }.
cli-status-resident = , { $mb } MB resident
cli-png-one = --png draws the picture of one answer: give one command, not "-"
cli-line-too-long = line { $line } is { $len } bytes long, more than a command can be ({ $cap } bytes; queries are at most { $max } characters): shorten it
cli-line-not-utf8 = line { $line } is not UTF-8 text (byte { $byte } is not valid): save the input as UTF-8 and try again
cli-no-picture = No picture written to { $path }: the answer has no dated events to draw (/timeline, or /when with more than { $few } dated events, has).
cli-picture-failed = No picture written to { $path }: the picture could not be drawn (the log says why).
cli-picture-not-written = No picture written to { $path }: { $error }

## treatybot quiz in a terminal

## The command line's operator output: engine and store errors, migrate-store, clean,
## extract, serve.

cli-missing-token = no Discord bot token: set TREATYBOT__DISCORD__TOKEN (or discord.token in config/local.toml). See the README for how to create a bot application
cli-missing-public-key = no Discord public key for the HTTP interactions endpoint: set TREATYBOT__DISCORD__PUBLIC_KEY (or discord.public_key) to the application's public key from the developer portal (General Information)
error-config = configuration: { $problem }
config-no-file = the config file { $path } does not exist
config-unreadable = { $error }
config-wrong-type = { $error }
config-bad-value = { $error } for key `{ $key }`
config-syntax = { $file }: { $at }
config-out-of-range = { $key }: must be between { $min } and { $max }
config-empty = { $key }: must not be empty
config-database-url = database.url: { $problem }
config-shards-with-endpoint = discord.shards: shards belong to the gateway, and discord.http_listen serves the HTTP endpoint instead of connecting to it: set one of the two
config-bad-public-key = discord.public_key: is not a valid Ed25519 public key
config-public-key-needed = discord.public_key: must be set when discord.http_listen is: the application's public key, from the developer portal (General Information)
config-bad-proxy = discord.http_proxy: must be a URL starting with http:// or https://, or empty
error-io = { $path }: { $problem }
error-data = { $path }: { $problem }
data-unknown-parent = place "{ $place }": part_of "{ $parent }" is not a place in the file
data-names = the place names cannot be searched for ({ $error }); give fewer or shorter names
data-encode = a record could not be encoded as JSON ({ $error })
input-not-found = no such file or folder
input-not-regular = is { $kind }, not a regular file: treatybot reads only regular files and folders
input-not-a-collection = not a collection treatybot reads: give a folder of .txt/.md/.html files, a .csv/.tsv file with a header row, a .jsonl file, or a saved web page (.html)
input-no-seeds = no article files (*.txt, *.md) found; set seeds_dir to the folder of articles
input-no-articles = no article files (*.txt, *.md, *.html) in this folder
input-no-column = no column "{ $column }" for the { $field }; the columns are: { $columns }
input-no-text-column = no text column found; name it with --text-column (the columns are: { $columns })
input-utf16-too-large = is UTF-16 and over { $mb } MB, too large to decode; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and ingest that
input-utf16-invalid = starts with a UTF-16 byte-order mark but is not valid UTF-16; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and ingest that
input-header-open = the header row is still open after { $cap } bytes (4 × ingest.max_article_bytes + 64 KB): a quote that is never closed, or not CSV at all; the rest of the file is not read
input-header-unreadable = the header row cannot be read: { $error }
input-metadata-too-large = is over { $mb } MB; a metadata file lists titles, outlets and dates, so this is not one
input-metadata-not-utf8 = is not UTF-8 text (the first { $valid } bytes are); save it as UTF-8
toml-syntax-at = TOML error at line { $line }, column { $column }: { $error }
toml-syntax = TOML error: { $error }
input-metadata-date = article { $file }: date "{ $date }" is not YYYY, YYYY-MM or YYYY-MM-DD
input-metadata-date-basis = article { $file }: date_basis must be "printed" or "inferred", not "{ $basis }"
input-metadata-twice = article { $file } is listed twice
error-interrupted = ingest stopped: { $reason }. Batches committed before this stay in the index; run the same ingest again to add the rest
interrupted-simulated-after = simulated failure after { $count } articles, before their batch was committed
interrupted-simulated-removal = simulated failure before the removal was committed
error-index = search index at { $path }: { $problem }
index-cannot-open = cannot open the index folder ({ $error })
index-locked = another treatybot process is writing to it (an ingest or a rebuild); wait for it to finish
index-failed = { $during }{ $error }. If this happens again, run `treatybot index` to rebuild it
index-failed-io = { $during }{ $error }. { $problem }
index-failed-io-other = { $during }{ $error }. Check the disk, and that the folder can be read and written
index-writer-failed = tantivy's index writer failed while { $during }{ $thread } ({ $cause }). Nothing of it was committed: the index keeps its last whole commit. `treatybot check` tells whether one of its files is damaged
index-earlier-commit-failed = an earlier commit failed; reopen the index
index-encode = what was to be stored could not be encoded ({ $error })
error-busy = { $path } is in use by another treatybot ({ $holder }). Wait for it to finish, or stop it, then try again
error-damaged = search index at { $path } is damaged; it is rebuilt from the seeds and the ingested articles (`treatybot index` does it now)
error-disk-full = { $folder }: the disk is full, so the index could not be written.{ $room } Nothing is damaged: the index keeps its last whole commit. Free some space on that disk (or set data_dir, TREATYBOT__DATA_DIR, to a folder on a disk with room), then try again
error-disk-room-both = { " " }It needs about { $needed } (the size of the index in place, which stays until the new one is whole); { $free } is free.
error-disk-room-needed = { " " }It needs about { $needed } (the size of the index in place).
error-disk-room-free = { " " }{ $free } is free.
error-rebuild-failed = search index at { $path } is damaged and could not be rebuilt: { $error }
io-not-found = it does not exist
io-permission-denied = Permission denied. Give the user running treatybot read and write access to it, or set data_dir (TREATYBOT__DATA_DIR) to a folder it may use
io-is-a-directory = it is a folder, not a file
io-not-a-directory = it is not a folder
io-disk-full = the disk is full: free some space, then try again
io-read-only = the file system is read-only: set data_dir (TREATYBOT__DATA_DIR) to a writable folder
io-other = { $error }
store-open = quiz database { $path }: { $error }. Fix the file or move it aside (a new one is made), or set quiz.database (TREATYBOT__QUIZ__DATABASE)
store-query = the quiz store failed: { $error }
store-unreachable = cannot reach PostgreSQL at { $server }: { $error }. Check that the server runs and accepts connections there, and database.url (TREATYBOT__DATABASE__URL)
store-setup = PostgreSQL at { $server }: { $error }. Check the user, password and database in database.url (TREATYBOT__DATABASE__URL) and that the user may create tables
store-too-new = the quiz store's schema version { $found } is newer than this treatybot knows ({ $known }). Run the newer treatybot that wrote it, or point this one at another store
store-not-empty = PostgreSQL at { $server } already holds { $quizzes } quizzes; migrate-store copies only into an empty store. Point --to at a new database (e.g. `createdb treatybot_quiz`), or empty this one first
store-no-source = no SQLite quiz database at { $path }: nothing to migrate. Set quiz.database (TREATYBOT__QUIZ__DATABASE) or --from to the file `treatybot serve` used
pg-url-not-postgres = must be empty (the SQLite file) or a URL postgres://USER:PASSWORD@HOST:PORT/DATABASE
pg-url-unusable = not a usable postgres://USER:PASSWORD@HOST:PORT/DATABASE URL: { $error }
pg-url-no-host = the URL names no host: postgres://USER:PASSWORD@HOST:PORT/DATABASE
cli-migrated = Copied { $quizzes } quizzes, { $questions } questions and { $answers } answers ({ $points } points) from { $from } to PostgreSQL at { $to }.
cli-migrated-next = Set database.url (TREATYBOT__DATABASE__URL) to the same URL for `treatybot serve` to use it.
cli-migrated-lists = Copied { $entries } reading list entries (servers' own articles) from the ingest journal.
cli-migrated-lists-kept = The shared reading lists there already hold entries: the ingest journal's were not copied.
cli-migrate-failed = the migration did not finish: { $error }
cli-clean-article = { $id } — “{ $title }” ({ $kept } paragraphs kept, { $removed } lines removed)
cli-clean-line = line { $line }  { $rule } “{ $text }”
cli-clean-rules = Rules:
cli-clean-no-article = No article called { $file }. Files: { $files }
clean-rule-repeated = short line repeated in another article (site furniture)
clean-rule-credit = photo or copyright credit
clean-rule-date-stamp = timestamp or dateline on its own line
clean-rule-headline = headline (kept as the title)
clean-rule-repeats-text = summary or caption repeating the article's own text
clean-rule-call-to-action = call to act (donate, subscribe, navigate)
clean-rule-not-prose = not a sentence (no closing punctuation)
cli-extract-too-large = larger than { $limit } bytes; a saved web page is far smaller
cli-extract-refused = { $path }: { $reason }
row-field-count = has { $fields } fields where the header has { $header }
row-record-open = the record is still open after { $cap } bytes (4 × ingest.max_article_bytes + 64 KB): a quote that is never closed, or not CSV at all; the rest of the file is not read
row-not-csv = cannot be read as CSV ({ $error })
row-line-too-long = the line is { $len } bytes, over the { $cap } a JSON line may hold (6 × ingest.max_article_bytes + 1 MB); skipped unread
row-not-object = is not a JSON object
row-not-json = is not valid JSON ({ $error })
row-columns = { $error }
row-not-string = the "{ $key }" value is { $kind }, not a string; skipped
row-no-value = has no "{ $key }" value; skipped
row-broken-link = cannot be read: it is a link to something that does not exist
row-unreadable = cannot be read ({ $error })
row-folder = is a folder, not an article file; skipped
row-not-regular = is { $kind }, not a regular file; treatybot reads only regular files
row-file-too-large = the file is { $size } bytes, over the limit of { $limit } (ingest.max_article_bytes); skipped
row-file-too-large-unknown = the file is more than { $read } bytes, over the limit of { $limit } (ingest.max_article_bytes); skipped
row-bad-utf16 = starts with a UTF-16 byte-order mark but is not valid UTF-16; convert it to UTF-8
row-text-too-long = the text is { $bytes } bytes, over the limit of { $limit } (ingest.max_article_bytes)
row-empty-text = the text is empty
row-not-web-link = link "{ $link }" is not an http:// or https:// address; kept without a link
row-date-not-understood = date "{ $date }" not understood; kept undated
row-no-prose = no prose left after cleaning
row-id-again = the id "{ $id }" comes again later in this input, and the later record was taken; give each article its own id (or --id-prefix)
row-seed-id = the id "{ $id }" is a seed article; edit the seeds folder instead (or give this collection its own ids with --id-prefix)
cli-migrated-pages = Copied { $count } long queries kept for page buttons (those not yet expired), so answers posted before the move keep turning their pages.
remove-refused-seed = it is a seed article; edit the seeds folder instead (remove or change its file there and the index is rebuilt on the next start)
remove-refused-shared-list = it is on a server's reading list, which every process shares through PostgreSQL (database.url); remove it with `/sources remove` in that server, and every process removes it

cli-quiz-intro = treatybot quiz: { $count } questions (seed { $seed }; replay with --seed { $seed }). Answer A–D, or q to stop.
cli-quiz-question = Question { $n } of { $total }. { $question }
cli-quiz-your-answer = Your answer:{ " " }
cli-quiz-type = Type A, B, C or D (or q to stop).
cli-quiz-right = Right!
cli-quiz-wrong = Not quite: the answer is { $answer }.
cli-quiz-score = Score: { $right } of { $asked } right.
cli-quiz-practice-intro = treatybot quiz, practice: up to { $count } questions (seed { $seed }). Answer A–D, or q to stop.
cli-quiz-practice-over = Practice over: { $right } of { $asked } right.
cli-quiz-no-questions = no question is about “{ $topic }”. Try a person, a place or a year the articles name (`treatybot ask "/sources"` lists them), or other words

## The command picker's descriptions, and options' names and descriptions (Discord allows
## 100 characters; option names are lower case).

command-who-desc = Who a person is, with the passages that mention them
command-when-desc = What happened in a year or on a date, or when an event happened
command-where-desc = Where a place is, its other names, and what happened there
command-what-desc = The best passages about a topic
command-search-desc = Full-text search over the articles
command-ask-desc = Ask a question; get a short answer with its sources
command-timeline-desc = Dated events in order, optionally between two years
command-sources-desc = The articles treatybot quotes
command-help-desc = How to use treatybot
command-quiz-desc = Quiz your study group on the articles, with the cited answer after each question
command-quiz-start-desc = Start a quiz in this channel, drawn from the articles
command-quiz-stop-desc = End this channel's quiz now (its starter or Manage Messages)
command-quiz-leaderboard-desc = This server's all-time quiz table
command-quiz-me-desc = Your own quiz record in this server
command-sources-list-desc = The shared articles and this server's reading list
command-sources-add-desc = Add a web page or a file to this server's reading list (Manage Server)
command-sources-remove-desc = Remove an article this server added (Manage Server)
option-who-name = name
option-who-name-desc = A person's name or surname, e.g. Karasin
option-when-date = date
option-when-date-desc = A year, a date or an event, e.g. 1956 or Krasnoyarsk
option-where-place = place
option-where-place-desc = A place under any of its names, e.g. Kunashiri
option-what-topic = topic
option-what-topic-desc = A topic, e.g. jurisdiction of the islands
option-search-text = text
option-search-text-desc = Words to look for in the articles
option-ask-question = question
option-ask-question-desc = Your question, e.g. How many islands are in dispute?
option-timeline-from = from
option-timeline-from-desc = First year, e.g. 1945
option-timeline-to = to
option-timeline-to-desc = Last year, e.g. 1960
option-quiz-questions = questions
option-quiz-questions-desc = How many questions (1–20, default 5)
option-quiz-topic = topic
option-quiz-topic-desc = Only questions about a person, place, year or words, e.g. Kunashir
option-quiz-seconds = seconds
option-quiz-seconds-desc = Seconds per question (10–120, default 20)
option-quiz-mode = mode
option-quiz-mode-desc = A game for the channel, or a practice only you see (nothing recorded)
quiz-mode-game = game (the channel plays, points kept)
quiz-mode-practice = practice (only you, nothing recorded)
option-quiz-difficulty = difficulty
option-quiz-difficulty-desc = easy: who, when and where of the facts several articles report; hard: everything
quiz-difficulty-easy = easy (core facts)
quiz-difficulty-hard = hard (everything)
option-sources-link = link
option-sources-link-desc = The article's web address, https://…
option-sources-file = file
option-sources-file-desc = A .txt, .md or .html file of the article
option-sources-id = id
option-sources-id-desc = The article's id, as /sources list shows it

## A command of the command line that failed as a whole ($error says why, in the words
## above), and `treatybot check`'s findings, one line per damaged file.

cli-failed-open = could not open the articles: { $error }
cli-failed-index = could not build the index: { $error }. The index in place is kept as it was
cli-failed-ingest = the ingest did not finish: { $error }
cli-failed-remove = the removal did not finish, and nothing was removed: { $error }
cli-failed-check = could not check the index: { $error }
cli-failed-status = could not read what the index holds: { $error }
cli-failed-clean = could not read the articles: { $error }
cli-failed-serve = the bot stopped: { $error }
io-address-in-use = the address is already in use by another program
io-address-not-available = this machine has no such address
serve-no-listen-address = no address for the HTTP interactions endpoint: set discord.http_listen (TREATYBOT__DISCORD__HTTP_LISTEN) or pass serve --http ADDR
serve-listen-failed = could not listen on { $address } for the HTTP interactions endpoint: { $problem }
serve-proxy-unreachable = the Discord REST proxy at { $proxy } did not answer GET /api/v10/gateway; check discord.http_proxy (TREATYBOT__DISCORD__HTTP_PROXY)
serve-token-refused = Discord refused the bot token: check TREATYBOT__DISCORD__TOKEN against the Bot page of the developer portal (Reset Token gives a new one)
serve-discord-status = Discord answered with HTTP status { $status }; try again later, or check the bot's application in the developer portal
serve-discord-unreachable = could not reach Discord ({ $error }); check the network connection and discord.http_proxy (TREATYBOT__DISCORD__HTTP_PROXY)
serve-client-failed = the Discord client failed: { $error }
serve-task-failed = { $what } stopped unexpectedly: { $error }
cli-failed-runtime = could not start the bot's runtime: { $error }
cli-failed-quiz = could not draw the quiz's questions: { $error }
cli-failed-write = could not write the output: { $error }
error-busy-serve = { $path }: another treatybot serve is already running on this data directory ({ $holder }). Stop it first, or give this bot its own data_dir (TREATYBOT__DATA_DIR)
check-finding = { $file }: { $problem }
check-no-index = missing: there is no index here (`treatybot index` builds one)
check-no-knowledge-file = its last commit names no knowledge file (or another version of treatybot wrote it)
check-missing = missing, though the last commit names it
check-checksum = its checksum does not match its contents
check-undecodable = cannot be decoded (the log and `check --json` give the decoder's own words)
