# Слова treatybot по-русски. Здесь должны быть все ключи английского каталога (это проверяет
# тест). Слова самих статей не переводятся: они приходят аргументами ($sentence, $value,
# $title …) и показываются как написаны.

## Даты: month-N — для «октябрь 1956»; date-day берёт родительный падеж по номеру месяца $m.

month-1 = январь
month-2 = февраль
month-3 = март
month-4 = апрель
month-5 = май
month-6 = июнь
month-7 = июль
month-8 = август
month-9 = сентябрь
month-10 = октябрь
month-11 = ноябрь
month-12 = декабрь
date-day = { $day } { $m ->
    [1] января
    [2] февраля
    [3] марта
    [4] апреля
    [5] мая
    [6] июня
    [7] июля
    [8] августа
    [9] сентября
    [10] октября
    [11] ноября
   *[12] декабря
} { $year } г.
date-month = { $month } { $year } г.
date-year = { $year } г.
undated = без даты
unknown-date = неизвестной даты

## /ask

not-answered = Прямого ответа в статьях нет; ниже — самые близкие отрывки.
sentence-answer = В статьях сказано: «{ $sentence }»
short-yes = Да
short-no = Нет
short-yes-clause = Да — «{ $clause }»
short-no-clause = Нет — «{ $clause }»
short-written = { $value } («{ $written }»)
evidence = Источник [1]: «{ $sentence }»
script-cyrillic = кириллицей
script-japanese = по-японски
script-other = не латиницей
ask-in-english = Статьи написаны по-английски, поэтому вопрос, написанный { $script }, по ним не найти: задайте вопрос по-английски или используйте { $who }, { $where } или { $when } с именем: там имена можно писать кириллицей и японским письмом.
try-instead = Попробуйте: { $commands }.

## «Не упоминается»: $query — как набрано, затем что попробовать.

no-mention = В статьях нет упоминаний «{ $query }».
hint-ask = Попробуйте другие слова или { $search } для поиска фразы.
hint-who = Попробуйте { $who } с фамилией, например { $who } Karasin, или { $search }.
hint-where = Попробуйте { $where } Kunashir, { $where } Кунашир или { $where } Hokkaido.
hint-when = Попробуйте год ({ $when } 1956), место ({ $when } Krasnoyarsk) или { $timeline }.
hint-search = Попробуйте другие слова, имя ({ $who }), место ({ $where }) или год ({ $when }).

## /who

who-no-title = { $name } — упоминается в статьях без должности
who-roles = { $name } — { $roles }
who-role-said = { $role } ({ $outlet }, { $date })
side-russia = Россия
side-japan = Япония
who-nobody = Человек по имени «{ $query }» в статьях не упоминается; ниже — отрывки с этими словами.

who-line = { $person }.
who-line-side = { $person }. Сторона: { $side }.
where-line = { $place }{ $details }.
where-details = { " " }({ $list })
list-separator = {"; "}

## /where

where-place = { $place }
where-also = другие названия: { $names }
where-part-of = входит в { $parent }
where-about = Справочник мест: { $about }
where-passages = { $count ->
    [one] Упоминается в { $count } отрывке.
   *[other] Упоминается в { $count } отрывках.
}
where-unknown = «{ $query }» нет в справочнике мест (config/places.toml); ниже — отрывки с этими словами.

## /when

when-relative = { $date } («{ $words }», в статье от { $of })
when-dated = { $date }: { $sentence }
when-more = { $count ->
    [one] (ещё { $count } ниже)
    [few] (ещё { $count } ниже)
   *[other] (ещё { $count } ниже)
}
when-event = { $query }: { $date }
when-undated-reported = В отрывках о «{ $query }» нет даты; об этом сообщает { $outlet } от { $date } ({ $basis }).
when-undated = Статьи упоминают «{ $query }», но без даты; отрывки ниже.
basis-inferred = дата установлена косвенно
basis-printed = дата указана в статье

## /timeline

span-all = {""}
span-up-to = { " " }до { $to } г.
span-from = { " " }с { $from } г.
span-in = { " " }за { $from } г.
span-between = { " " }с { $from } по { $to } г.
timeline-none = В статьях нет датированных событий{ $span }. Используйте { $timeline } без лет, чтобы увидеть все.
timeline-some = { $total ->
    [one] { $total } датированное событие{ $span }, от ранних к поздним.
    [few] { $total } датированных события{ $span }, от ранних к поздним.
   *[other] { $total } датированных событий{ $span }, от ранних к поздним.
}
timeline-part = Датированных событий{ $span }: { $total }; здесь с { $from }-го по { $to }-е, от ранних к поздним.
timeline-more-picker = Остальные события — по кнопкам «{ $later }» и «{ $earlier }» ниже.
timeline-more-typed = Следующие — с --page { $next }.
button-earlier = ◀ Более ранние
button-later = Более поздние ▶
picture-title = Датированные события{ $span }
picture-title-part = Датированные события{ $span } ({ $from }–{ $to } из { $total })

## /what, /search

search-found = { $count ->
    [one] { $count } отрывок о «{ $query }», сначала лучшие.
    [few] { $count } отрывка о «{ $query }», сначала лучшие.
   *[other] { $count } отрывков о «{ $query }», сначала лучшие.
}

## /sources

sources-count = { $total ->
    [one] { $total } статья:
    [few] { $total } статьи:
   *[other] { $total } статей:
}
sources-count-first = Статей: { $total }; первые { $listed }:
sources-own-empty = Список чтения этого сервера пуст (участники с правом «Управлять сервером» добавляют в него через { $add }).
sources-own = Список чтения этого сервера. { $count }
sources-shared = Общие для всех серверов. { $count }
sources-line = { $title } ({ $outlet }, { $date })
sources-line-inferred = { $title } ({ $outlet }, { $date }, дата установлена косвенно)
sources-cut = { $line } — сокращено: { $cut }
sources-id = { $id } — { $line }
sources-duplicates = (Почти одинаковых статей отложено: { $count }; каждый материал цитируется один раз.)

## /help

help-intro = treatybot отвечает на вопросы о российско-японском споре о южных Курильских островах («северных территориях») словами самих статей, с указанием издания, даты и абзаца.
help-who = { $command } ИМЯ — кто этот человек и отрывки, где он упоминается (например, { $command } Karasin)
help-when = { $command } ГОД | ДАТА | СОБЫТИЕ — что произошло в этот год или день, или когда было событие (например, { $command } 1956, { $command } Krasnoyarsk)
help-where = { $command } МЕСТО — где это место, другие его названия и что там происходило (например, { $command } Кунашир)
help-what = { $command } ТЕМА — лучшие отрывки по теме (например, { $command } sovereignty)
help-search = { $command } ТЕКСТ — полнотекстовый поиск по статьям (например, { $command } peace treaty)
help-ask = { $command } ВОПРОС — задайте вопрос по-английски и получите краткий ответ с источниками (например, { $command } When was the Joint Declaration signed?)
help-timeline = { $command } [С] [ПО] — датированные события по порядку, можно между двумя годами
help-sources = { $command } — статьи, которые цитирует treatybot
help-sources-list = { $command } — общие статьи и список чтения этого сервера
help-sources-add = { $command } — добавить страницу или файл в список чтения сервера (право «Управлять сервером»)
help-sources-remove = { $command } — убрать статью, добавленную этим сервером (право «Управлять сервером»)
help-help = { $command } — этот список
help-quiz-start = { $command } [вопросы] [тема] [секунды] [режим] [сложность] — викторина по статьям для учебной группы или личная тренировка
help-quiz-stop = { $command } — закончить викторину в этом канале
help-quiz-leaderboard = { $command } — общая таблица викторин этого сервера
help-quiz-me = { $command } — ваши результаты в викторинах на этом сервере
help-quiz-terminal = В терминале: treatybot quiz.

## Ошибки ввода

usage-empty = Введите команду, например /who Karasin или /when 1956. Список команд — /help.
usage-unknown = Неизвестная команда «{ $word }». Команды: /who, /when, /where, /what, /search, /ask, /timeline, /sources, /help.
usage-missing = Для { $command } нужно указать, что искать. Как пользоваться: { $usage }
usage-too-long = Запрос длиной { $len } символов; предел — { $max }. Сократите его и попробуйте снова.
usage-control = В запросе есть управляющие символы. Введите обычный текст, например /who Karasin.
usage-not-years = «{ $query }» — это не один или два года. Как пользоваться: { $usage }

## Страницы, цитаты и ошибки

no-answer = Ответа нет.
page = Страница { $page } из { $pages } · листайте кнопками
button-prev = ◀ Назад
button-next = Вперёд ▶
cited-for = приведено ради даты { $date } («{ $words }»)
internal-error = Извините, на стороне treatybot что-то пошло не так. Попробуйте ещё раз чуть позже.
not-our-command = Эта команда не относится к treatybot. Список команд — /help.
pages-expired = Срок этих результатов истёк. Выполните команду ещё раз, чтобы листать их.
could-not-answer = Не удалось ответить: { $error }

## Названия команд, как их показывает список команд Discord

command-who = кто
command-when = когда
command-where = где
command-what = что
command-search = поиск
command-ask = спросить
command-timeline = хронология
command-sources = источники
command-help = помощь
command-quiz = викторина
command-quiz-start = начать
command-quiz-stop = стоп
command-quiz-leaderboard = рейтинг
command-quiz-me = мои
command-sources-list = список
command-sources-add = добавить
command-sources-remove = удалить

## Викторины: $n — номер вопроса, $total — вопросов всего, $name — имя игрока в Discord

quiz-seconds = { $seconds ->
    [one] { $seconds } секунда
    [few] { $seconds } секунды
   *[other] { $seconds } секунд
}
quiz-question-title = Вопрос { $n } из { $total }
quiz-time-to-answer = На ответ: { $seconds }. Один ответ на человека; за быстрый верный ответ — больше очков.
quiz-answered = Ответили: { $count }
quiz-about = Викторина на тему «{ $topic }»
quiz-table-line = { $name } — { $points ->
    [one] { $points } очко
    [few] { $points } очка
   *[other] { $points } очков
} (верно { $right } из { $answered })
quiz-stopped-by = { $name } остановил(а) викторину после { $asked } из { $total } вопросов; набранные очки сохраняются.
quiz-one-asked = Вопрос задан.
quiz-all-asked = Заданы все вопросы: { $asked }.
quiz-nobody-answered = Никто не ответил.
quiz-standings-title = Викторина окончена: итоги
quiz-all-time = Общая таблица: { $leaderboard }
quiz-interrupted-title = Викторина прервана
quiz-interrupted = Эта викторина прервалась при перезапуске treatybot и поэтому закрыта. Набранные очки сохраняются: см. { $leaderboard }. Новую можно начать командой { $start }.
quiz-start = **Викторина!** { $count ->
    [one] { $count } вопрос
    [few] { $count } вопроса
   *[other] { $count } вопросов
}{ $topic }{ $fewer }, на каждый — { $seconds }, начал(а) { $name }. Отвечать может любой; каждый ответ показывается со статьёй, которая его подтверждает. `{ $stop }` завершает её.
quiz-start-topic = { " " }на тему «{ $topic }»
quiz-start-fewer = { " " }(нашлось только { $count })
quiz-me-none = Вы ещё не отвечали на вопросы викторин на этом сервере. Попробуйте { $start }.
quiz-streak = · 🔥 { $streak } подряд
quiz-me-streak = Текущая серия: { $streak ->
    [one] { $streak } верный ответ
    [few] { $streak } верных ответа
   *[other] { $streak } верных ответов
} подряд.
quiz-me = { $name }: очков — { $points }, верных ответов — { $right } из { $answered }, викторин — { $quizzes }. Место в таблице этого сервера: { $rank }.
quiz-reveal-answer = Ответ: { $answer }
quiz-nobody-got-it = Никто не угадал
quiz-got-it = Угадали: { $names }
quiz-reveal-counts = ответили { $total }, верно { $right }
quiz-reveal-title = Вопрос { $n } из { $total } · время вышло
quiz-lb-title = Таблица викторин
quiz-lb-you = Вы ({ $name }): место { $rank }, { $points ->
    [one] { $points } очко
    [few] { $points } очка
   *[other] { $points } очков
}
quiz-lb-you-none = Вы ({ $name }): на этом сервере ещё нет ответов.
quiz-lb-empty = На этом сервере ещё нет ответов в викторинах. Начните с { $start }.
quiz-lb-footer = Страница { $page } из { $pages } · игроков: { $players }
quiz-lb-another-server = Эта таблица относится к другому серверу. Выполните { $leaderboard } здесь.
quiz-not-set-up = Викторины на этом боте не настроены.
quiz-in-dm = Викторины проводятся в каналах сервера, а не в личных сообщениях.
quiz-none-running = В этом канале нет идущей викторины.
quiz-not-yours = Остановить эту викторину может только тот, кто её начал, или участник с правом «Управлять сообщениями».
quiz-stopped = { $name } остановил(а) викторину. Набранные очки сохраняются; итоги ниже.
quiz-stopping = Викторина уже останавливается.
quiz-no-such = У { $command } нет «{ $sub }».
quiz-busy = В этом канале уже идёт викторина. Присоединяйтесь или дождитесь её конца ({ $stop } завершает её).
quiz-no-questions = Нет вопросов на тему «{ $topic }». Попробуйте человека, место или год из статей (подсказки появляются при вводе темы) или другие слова.
quiz-over = Время вышло: викторина окончена.
quiz-time-up = Время на этот вопрос вышло.
quiz-already = Вы уже ответили на этот вопрос.
quiz-answer-in = Ваш ответ принят: { $choice }. Верный ответ покажут, когда время выйдет.
quiz-practice-title = Тренировка · вопрос { $n } из { $total }
quiz-practice-how = Эту тренировку видите только вы, и ничего не записывается. Отвечайте, чтобы продолжить, или нажмите «Стоп».
quiz-practice-right = ✅ Верно: { $answer }
quiz-practice-wrong = ❌ Не совсем: вы выбрали { $choice }, правильный ответ — { $answer }
quiz-practice-stop = Стоп
quiz-practice-over-title = Тренировка окончена
quiz-practice-over = Верно { $right } из { $asked }. Ничего не записано; потренироваться ещё раз: { $start }.
quiz-practice-gone = Эта тренировка окончена. Начните новую командой { $start }.
quiz-practice-not-yours = Это чужая тренировка: начните свою командой /quiz start.

## Вопрос викторины: вопрос по виду пропуска, затем фраза из статьи с пропуском, как написано.
quiz-prompt-who = Чьё имя пропущено?
quiz-prompt-who-did = Чьё имя пропущено?
quiz-prompt-when = Какой год пропущен?
quiz-prompt-where = Какое место пропущено?
quiz-prompt-what = Какие слова пропущены?
quiz-prompt-how-many = Какое число пропущено?
quiz-question = { $prompt } { $outlet } ({ $date }): «{ $sentence }»
quiz-note-person = { $name } — { $role }
quiz-note-place = { $name } — другие названия: { $others }

## /sources add и remove: $why — почему ссылку, файл или статью не приняли

sources-in-dm = Список чтения принадлежит серверу: используйте { $sources } в канале сервера.
sources-who-may-edit = Менять список чтения этого сервера могут только участники с правом «Управлять сервером». Попросите кого-то из них добавить статью или посмотрите, что в списке, через { $list }.
sources-who-may-edit-roles = Менять список чтения этого сервера могут только участники с правом «Управлять сервером» или с ролями { $roles }. Попросите кого-то из них добавить статью или посмотрите, что в списке, через { $list }.
sources-not-added = Не добавлено: { $why }
sources-not-removed = Не удалено: { $why }
sources-give-id = Укажите id статьи, которую нужно убрать.
sources-link-and-file = Укажите ссылку или файл, но не то и другое сразу.
sources-link-or-file = Укажите адрес статьи в интернете (link:) или приложите её файл .txt, .md или .html (file:).
sources-server-busy = Не сейчас: список чтения этого сервера как раз меняется; попробуйте снова, когда это изменение закончится.
sources-bot-busy = Не сейчас: список чтения занят, попробуйте через минуту.
sources-added = Добавлено в список чтения этого сервера: **{ $title }** — { $outlet }, { $date } (абзацев: { $paragraphs }). Id: { $id }. По ней отвечают, её цитируют и по ней составляют викторины только на этом сервере.
sources-replaced = Прежняя версия в списке чтения этого сервера заменена: **{ $title }** — { $outlet }, { $date } (абзацев: { $paragraphs }). Id: { $id }. По ней отвечают, её цитируют и по ней составляют викторины только на этом сервере.
sources-not-all = { " " }Не целиком: { $cut }.
sources-unchanged = Уже есть в списке чтения этого сервера с теми же словами, как { $id }: ничего не изменилось.
sources-duplicate = Отложено как почти копия { $of } ({ $percent }% тех же слов); в ответах цитируется она. Id этой статьи: { $id }.
sources-removed = **{ $title }** ({ $id }) убрана из списка чтения этого сервера: ни ответы, ни цитаты, ни викторины больше на неё не опираются.
sources-not-found = В списке чтения этого сервера нет статьи с id { $id }. id показывает { $list }.

## Почему ссылку, файл или статью не приняли ($why в sources-not-added и sources-not-removed),
## и сколько осталось от длинной страницы ($cut).

refused-not-a-link = «{ $link }» — не ссылка на веб-страницу: укажите адрес, начинающийся с http:// или https://.
refused-not-a-file = { $name } — файл, который treatybot не читает: приложите файл .txt, .md или .html.
refused-file-too-large = { $name } весит { $size } байт, больше предела в { $limit } (fetch.max_bytes).
refused-not-an-attachment = вложение лежит не на серверах вложений Discord ({ $host }); приложите файл к самой команде.
refused-fetch-not-web = загружаются только ссылки http:// и https://.
refused-fetch-host-unknown = сайт по ссылке не найден; проверьте адрес.
refused-fetch-private = ссылка ведёт на { $address } — частный или служебный адрес, а не в открытый интернет; treatybot загружает только общедоступные страницы.
refused-fetch-redirects = ссылка перенаправляет больше { $limit } раз; дальше не пошли.
refused-fetch-timeout = страница не пришла за { $seconds } с; попробуйте позже.
refused-fetch-too-large = страница больше { $limit } байт (fetch.max_bytes); дальше её не читали.
refused-fetch-not-page = по ссылке лежит { $type }, а не веб-страница (HTML или текст).
refused-fetch-status = сайт ответил кодом HTTP { $status }.
refused-fetch-connection = не удалось связаться с сайтом; проверьте ссылку или попробуйте позже.
refused-page-unreadable = страницу не удалось прочитать как HTML.
refused-page-no-text = на странице нет текста статьи (возможно, это список ссылок, страница входа или страница, которую собирают скрипты).
refused-page-not-text = это не веб-страница и не текст (похоже на двоичные данные).
refused-page-too-many-elements = на странице больше { $max } элементов — намного больше, чем на странице статьи; её не читали.
refused-page-too-slow = страница читалась дольше { $seconds } с; возможно, она сделана так, чтобы тормозить чтение.
refused-page-busy = другие страницы читались { $seconds } с подряд; попробуйте чуть позже.
refused-text-too-long = в тексте { $bytes } байт, больше предела в { $limit } (ingest.max_article_bytes).
refused-no-text = текст пуст.
refused-unreadable = файл не удалось прочитать как статью.
refused-keep-failed = бот не смог сохранить файл для чтения; попробуйте позже.
refused-busy = список чтения занят, попробуйте через минуту.
refused-write-failed = бот сейчас не смог записать индекс; причина — в журнале хоста. Попробуйте позже.
refused-list-full = в списке чтения этого сервера уже { $count } статей — больше нельзя (discord.reading_list_max_articles). Сначала уберите одну через { $remove }.
refused-list-too-big = в списке чтения этого сервера { $held } байт текста, а на этой странице { $adding } — больше { $max }, которые может хранить сервер (discord.reading_list_max_bytes). Сначала уберите статью через { $remove }.
refused-no-article = страницу прочитали, но статьи из неё не получилось.
refused-other-server = эта статья из списка чтения другого сервера; сервер может убрать только то, что добавил сам (статьи этого сервера показывает { $list }).
cut-kept-of = оставлены первые { $kept } из { $of } абзацев: текст страницы длиннее { $bytes } байт, которые читаются с одной страницы
cut-kept = оставлены первые { $kept } абзацев: текст страницы длиннее { $bytes } байт, которые читаются с одной страницы

## Отчёты командной строки (ingest, remove, index, пакетный ввод, --png). Причины пропуска строк
## при ingest — его собственная диагностика, показываются как есть.

cli-progress = добавлено статей: { $count }
cli-added = Добавлено статей: { $count } (отрывков: { $passages }) за { $seconds } с ({ $rate } МБ текста в секунду).
cli-unchanged = { $count ->
    [one] { $count } статья уже есть в индексе и оставлена как была.
    [few] { $count } статьи уже есть в индексе и оставлены как были.
   *[other] { $count } статей уже есть в индексе и оставлены как были.
}
cli-replaced = Заменено новой версией статей: { $count } (прежних слов больше нет):
cli-duplicates = Отложено почти-копий: { $count } (каждая история цитируется один раз):
cli-duplicate-line = { $id } ({ $origin }) повторяет { $of } ({ $percent }% совпадает)
cli-skipped = Пропущено записей: { $count }:
cli-caveats = Принято с оговоркой:
cli-index-holds = Сейчас в индексе статей: { $articles } (отрывков: { $passages }).
cli-indexed = Проиндексировано отрывков: { $passages } из статей: { $articles } (исходные и добавленные), в { $folder }.
cli-removed-duplicate = Убрана { $id } (почти копия, которая была отложена).
cli-removed = Убрана { $id } «{ $title }» (отрывков: { $passages }).
cli-reinstated = Вместо неё проиндексирована { $id } (была отложена как почти копия убранной статьи).
cli-not-found = Не найдено: { $id } (ни статьи, ни почти копии с таким id нет; их перечисляет `/sources`).
cli-refused = Отказано: { $id }: { $reason }
cli-check-sound = Индекс в { $folder } исправен.
cli-check-damaged = Индекс в { $folder } повреждён; запустите `treatybot index`, чтобы собрать его заново из исходных и добавленных статей.
cli-status = Статей: { $articles }, отрывков: { $passages }, отложено почти-копий: { $duplicates }; индекс занимает { $mb } МБ на диске; готов за { $ms } мс{ $resident }.
cli-status-resident = , в памяти { $mb } МБ
cli-png-one = --png рисует картинку одного ответа: укажите одну команду, а не «-»
cli-line-too-long = строка { $line } длиной { $len } байт — длиннее, чем может быть команда ({ $cap } байт; запрос — не больше { $max } символов): сократите её
cli-line-not-utf8 = строка { $line } — не текст в UTF-8 (байт { $byte } недопустим): сохраните ввод в UTF-8 и попробуйте снова
cli-no-picture = Картинка в { $path } не записана: в ответе нет датированных событий (они есть у /timeline и у /when, если событий больше { $few }).
cli-picture-failed = Картинка в { $path } не записана: её не удалось нарисовать (причина — в журнале).
cli-picture-not-written = Картинка в { $path } не записана: { $error }

## treatybot quiz в терминале

## Что командная строка сообщает оператору: ошибки движка и хранилища, migrate-store, clean,
## extract, serve.

cli-missing-token = нет токена бота Discord: задайте TREATYBOT__DISCORD__TOKEN (или discord.token в config/local.toml). Как создать приложение бота, описано в README
cli-missing-public-key = нет открытого ключа Discord для HTTP-эндпоинта взаимодействий: задайте в TREATYBOT__DISCORD__PUBLIC_KEY (или discord.public_key) открытый ключ приложения с портала разработчика (General Information)
error-config = настройки: { $problem }
config-no-file = файла настроек { $path } нет
config-unreadable = настройки не читаются: { $error }
config-wrong-type = { $key }: значение не того вида, что принимает эта настройка; образец — та же настройка в config/default.toml
config-bad-value = { $key }: это значение нельзя использовать; см. описание этой настройки в config/default.toml
config-syntax = { $file }: { $at }
config-out-of-range = { $key }: должно быть от { $min } до { $max }
config-empty = { $key }: не может быть пустым
config-database-url = database.url: { $problem }
config-shards-with-endpoint = discord.shards: шарды относятся к шлюзу, а discord.http_listen обслуживает HTTP-эндпоинт вместо подключения к нему; задайте что-то одно
config-bad-public-key = discord.public_key: это не корректный открытый ключ Ed25519
config-public-key-needed = discord.public_key: обязателен, когда задан discord.http_listen; это открытый ключ приложения с портала разработчика (General Information)
config-bad-proxy = discord.http_proxy: должен быть URL, начинающийся с http:// или https://, или пустым
error-io = { $path }: { $problem }
error-data = { $path }: { $problem }
data-unknown-parent = место «{ $place }»: part_of «{ $parent }» — такого места в файле нет
data-names = по названиям мест нельзя искать: их слишком много или они слишком длинные; сократите их число или длину
data-encode = запись не удалось закодировать в JSON; это ошибка самого treatybot
input-not-found = нет такого файла или папки
input-not-regular = это не обычный файл: treatybot читает только обычные файлы и папки
input-not-a-collection = treatybot не читает такие собрания: укажите папку файлов .txt/.md/.html, файл .csv/.tsv со строкой заголовков, файл .jsonl или сохранённую веб-страницу (.html)
input-no-seeds = не найдено файлов статей (*.txt, *.md); укажите в seeds_dir папку со статьями
input-no-articles = в этой папке нет файлов статей (*.txt, *.md, *.html)
input-no-column = нет столбца «{ $column }» для поля { $field }; столбцы: { $columns }
input-no-text-column = не найден столбец с текстом; укажите его через --text-column (столбцы: { $columns })
input-utf16-too-large = файл в UTF-16 больше { $mb } МБ, слишком велик для перекодировки; перекодируйте его в UTF-8 (например, iconv -f UTF-16 -t UTF-8) и загрузите результат
input-utf16-invalid = начинается с метки порядка байтов UTF-16, но это не корректный UTF-16; перекодируйте его в UTF-8 (например, iconv -f UTF-16 -t UTF-8) и загрузите результат
input-header-open = строка заголовков не закончилась и после { $cap } байт (4 × ingest.max_article_bytes + 64 КБ): кавычка не закрыта, или это вовсе не CSV; остаток файла не читается
input-header-unreadable = не удаётся прочитать строку заголовков: { $error }
input-metadata-too-large = больше { $mb } МБ; файл метаданных перечисляет заголовки, издания и даты, так что это не он
input-metadata-not-utf8 = это не текст в UTF-8 (в UTF-8 только первые { $valid } байт); сохраните его в UTF-8
toml-syntax-at = строка { $line }, столбец { $column }: здесь файл перестаёт быть TOML ожидаемого вида
toml-syntax = файл не является TOML ожидаемого вида
input-metadata-date = статья { $file }: дата «{ $date }» не в виде YYYY, YYYY-MM или YYYY-MM-DD
input-metadata-date-basis = статья { $file }: date_basis должен быть "printed" или "inferred", а не «{ $basis }»
input-metadata-twice = статья { $file } указана дважды
error-interrupted = загрузка остановлена: { $reason }. Пакеты, записанные до этого, остаются в индексе; запустите ту же загрузку снова, чтобы добавить остальное
interrupted-simulated-after = имитированный сбой после { $count } статей, до записи их пакета
interrupted-simulated-removal = имитированный сбой до записи удаления
error-index = поисковый индекс в { $path }: { $problem }
index-cannot-open = не удаётся открыть папку индекса ({ $error })
index-locked = в него пишет другой процесс treatybot (загрузка или перестройка); дождитесь его завершения
index-failed = tantivy вернул ошибку ({ $error }). Если это повторится, перестройте индекс командой `treatybot index`
index-failed-io = не удаётся прочитать или записать индекс: { $problem }
index-failed-io-other = не удаётся прочитать или записать индекс ({ $error }). Проверьте диск и права на чтение и запись папки
index-writer-failed = модуль записи индекса tantivy завершился с ошибкой ({ $cause }). Ничего из этого не записано: индекс остаётся на последней полной записи. `treatybot check` покажет, повреждён ли какой-либо его файл
index-earlier-commit-failed = предыдущая запись не удалась; откройте индекс заново
index-encode = не удаётся закодировать данные для хранения ({ $error })
error-busy = { $path } занят другим treatybot ({ $holder }). Дождитесь его завершения или остановите его, затем повторите
error-damaged = поисковый индекс в { $path } повреждён; он будет пересобран из исходных и загруженных статей (`treatybot index` сделает это сразу)
error-disk-full = { $folder }: диск заполнен, индекс записать не удалось.{ $room } Ничего не повреждено: индекс хранит последнюю целую запись. Освободите место на этом диске (или укажите в data_dir, TREATYBOT__DATA_DIR, папку на диске, где есть место) и повторите
error-disk-room-both = { " " }Нужно около { $needed } (размер нынешнего индекса, который остаётся, пока новый не готов); свободно { $free }.
error-disk-room-needed = { " " }Нужно около { $needed } (размер нынешнего индекса).
error-disk-room-free = { " " }Свободно { $free }.
error-rebuild-failed = поисковый индекс в { $path } повреждён, и пересобрать его не удалось: { $error }
io-not-found = не существует
io-permission-denied = доступ запрещён. Дайте пользователю, от имени которого работает treatybot, права на чтение и запись или укажите в data_dir (TREATYBOT__DATA_DIR) доступную ему папку
io-is-a-directory = это папка, а не файл
io-not-a-directory = это не папка
io-disk-full = диск заполнен: освободите место и повторите
io-read-only = файловая система только для чтения: укажите в data_dir (TREATYBOT__DATA_DIR) папку, доступную для записи
io-other = { $error }
store-open = база викторин { $path }: { $error }. Исправьте файл или уберите его в сторону (будет создан новый) либо задайте quiz.database (TREATYBOT__QUIZ__DATABASE)
store-query = ошибка хранилища викторин: { $error }
store-unreachable = не удаётся подключиться к PostgreSQL на { $server }: { $error }. Проверьте, что сервер запущен и принимает там подключения, и database.url (TREATYBOT__DATABASE__URL)
store-setup = PostgreSQL на { $server }: { $error }. Проверьте пользователя, пароль и базу в database.url (TREATYBOT__DATABASE__URL) и что пользователь может создавать таблицы
store-too-new = версия схемы хранилища викторин { $found } новее, чем знает этот treatybot ({ $known }). Запустите более новый treatybot, который её записал, или укажите другое хранилище
store-not-empty = в PostgreSQL на { $server } уже есть викторины ({ $quizzes }); migrate-store копирует только в пустое хранилище. Укажите в --to новую базу (например, `createdb treatybot_quiz`) или сначала очистите эту
store-no-source = по пути { $path } нет базы викторин SQLite: переносить нечего. Укажите в quiz.database (TREATYBOT__QUIZ__DATABASE) или --from файл, которым пользовался `treatybot serve`
pg-url-not-postgres = должно быть пусто (файл SQLite) или URL вида postgres://USER:PASSWORD@HOST:PORT/DATABASE
pg-url-unusable = это не годится как URL postgres://USER:PASSWORD@HOST:PORT/DATABASE: { $error }
pg-url-no-host = в URL нет хоста: postgres://USER:PASSWORD@HOST:PORT/DATABASE
cli-migrated = Скопировано из { $from } в PostgreSQL на { $to }: викторин — { $quizzes }, вопросов — { $questions }, ответов — { $answers } (очков — { $points }).
cli-migrated-next = Чтобы `treatybot serve` пользовался им, задайте в database.url (TREATYBOT__DATABASE__URL) тот же URL.
cli-migrated-lists = Из журнала загрузки скопировано записей списков чтения (собственных статей серверов): { $entries }.
cli-migrated-lists-kept = В общих списках чтения там уже есть записи: записи журнала загрузки не копировались.
cli-migrate-failed = перенос не завершён: { $error }
cli-clean-article = { $id } — «{ $title }» (оставлено абзацев: { $kept }, убрано строк: { $removed })
cli-clean-line = строка { $line }  { $rule } «{ $text }»
cli-clean-rules = Правила:
cli-clean-no-article = Статьи { $file } нет. Файлы: { $files }
clean-rule-repeated = короткая строка, повторяющаяся в другой статье (оформление сайта)
clean-rule-credit = подпись к фото или об авторских правах
clean-rule-date-stamp = отметка времени или дата отдельной строкой
clean-rule-headline = заголовок (сохранён как название)
clean-rule-repeats-text = аннотация или подпись, повторяющая текст статьи
clean-rule-call-to-action = призыв к действию (пожертвовать, подписаться, перейти)
clean-rule-not-prose = не предложение (нет знака в конце)
cli-extract-too-large = больше { $limit } байт; сохранённая веб-страница гораздо меньше
cli-extract-refused = { $path }: { $reason }
row-field-count = полей { $fields }, а в заголовке { $header }
row-record-open = запись не закрылась и после { $cap } байт (4 × ingest.max_article_bytes + 64 КБ): незакрытая кавычка или вообще не CSV; остаток файла не читается
row-not-csv = не читается как CSV
row-line-too-long = строка длиной { $len } байт больше предела { $cap } для строки JSON (6 × ingest.max_article_bytes + 1 МБ); пропущена без чтения
row-not-object = не объект JSON
row-not-json = некорректный JSON
row-columns = нет подходящих столбцов
row-not-string = значение «{ $key }» не строка; пропущено
row-no-value = нет значения «{ $key }»; пропущено
row-broken-link = не читается: это ссылка на несуществующий файл
row-unreadable = не читается
row-folder = это папка, а не файл статьи; пропущено
row-not-regular = это не обычный файл; treatybot читает только обычные файлы
row-file-too-large = файл размером { $size } байт больше предела { $limit } (ingest.max_article_bytes); пропущен
row-file-too-large-unknown = файл больше { $read } байт, что превышает предел { $limit } (ingest.max_article_bytes); пропущен
row-bad-utf16 = начинается с метки порядка байтов UTF-16, но это некорректный UTF-16; преобразуйте файл в UTF-8
row-text-too-long = текст размером { $bytes } байт больше предела { $limit } (ingest.max_article_bytes)
row-empty-text = текст пуст
row-not-web-link = ссылка «{ $link }» не адрес http:// или https://; статья взята без ссылки
row-date-not-understood = дата «{ $date }» не распознана; статья взята без даты
row-no-prose = после очистки не осталось текста
row-id-again = id «{ $id }» встречается в этих данных ещё раз ниже, взята более поздняя запись; дайте каждой статье свой id (или --id-prefix)
row-seed-id = id «{ $id }» принадлежит исходной статье; правьте папку исходных статей (или дайте этой коллекции свои id через --id-prefix)
cli-migrated-pages = Скопировано длинных запросов, сохранённых для кнопок листания (ещё не истёкших): { $count }; ответы, отправленные до переноса, по-прежнему листаются.
remove-refused-seed = это исходная статья; правьте папку исходных статей (уберите или измените там её файл, и индекс перестроится при следующем запуске)
remove-refused-shared-list = статья из списка чтения сервера, а списки чтения все процессы делят через PostgreSQL (database.url); уберите её командой `/sources remove` на том сервере, и её уберут все процессы

cli-quiz-intro = Викторина treatybot: вопросов — { $count } (зерно { $seed }; повторить: --seed { $seed }). Отвечайте A–D или q, чтобы закончить.
cli-quiz-question = Вопрос { $n } из { $total }. { $question }
cli-quiz-your-answer = Ваш ответ:{ " " }
cli-quiz-type = Введите A, B, C или D (или q, чтобы закончить).
cli-quiz-right = Верно!
cli-quiz-wrong = Не совсем: правильный ответ — { $answer }.
cli-quiz-score = Итог: верно { $right } из { $asked }.
cli-quiz-practice-intro = Викторина treatybot, тренировка: до { $count } вопросов (зерно { $seed }). Отвечайте A–D или q, чтобы закончить.
cli-quiz-practice-over = Тренировка окончена: верно { $right } из { $asked }.
cli-quiz-no-questions = нет вопросов на тему «{ $topic }». Попробуйте человека, место или год из статей (`treatybot ask "/sources"` их перечисляет) или другие слова

## Описания в списке команд, названия и описания параметров (до 100 символов, названия строчными)

command-who-desc = Кто этот человек и где о нём пишут
command-when-desc = Что случилось в этот год или день, или когда было событие
command-where-desc = Где это место, другие его названия и что там было
command-what-desc = Лучшие отрывки по теме
command-search-desc = Полнотекстовый поиск по статьям
command-ask-desc = Задайте вопрос и получите краткий ответ с источниками
command-timeline-desc = События по порядку, можно между двумя годами
command-sources-desc = Статьи, которые цитирует бот
command-help-desc = Как пользоваться ботом
command-quiz-desc = Викторина по статьям, ответ с цитатой после каждого вопроса
command-quiz-start-desc = Начать викторину по статьям в этом канале
command-quiz-stop-desc = Закончить викторину в этом канале
command-quiz-leaderboard-desc = Общая таблица викторин на этом сервере
command-quiz-me-desc = Ваши результаты в викторинах на этом сервере
command-sources-list-desc = Общие статьи и список чтения этого сервера
command-sources-add-desc = Добавить страницу или файл в список чтения сервера
command-sources-remove-desc = Убрать статью, добавленную этим сервером
option-who-name = имя
option-who-name-desc = Имя или фамилия, например Karasin
option-when-date = дата
option-when-date-desc = Год, дата или событие, например 1956
option-where-place = место
option-where-place-desc = Название места, например Кунашир
option-what-topic = тема
option-what-topic-desc = Тема, например юрисдикция островов
option-search-text = текст
option-search-text-desc = Слова для поиска в статьях
option-ask-question = вопрос
option-ask-question-desc = Вопрос (по-английски), например Who signed the declaration?
option-timeline-from = с
option-timeline-from-desc = Первый год, например 1945
option-timeline-to = по
option-timeline-to-desc = Последний год, например 1960
option-quiz-questions = вопросы
option-quiz-questions-desc = Сколько вопросов (1–20, по умолчанию 5)
option-quiz-topic = тема
option-quiz-topic-desc = Только вопросы о человеке, месте, годе или словах
option-quiz-seconds = секунды
option-quiz-seconds-desc = Секунд на вопрос (10–120, по умолчанию 20)
option-quiz-mode = режим
option-quiz-mode-desc = Игра для всего канала или тренировка, которую видите только вы (без записи)
quiz-mode-game = игра (весь канал, очки записываются)
quiz-mode-practice = тренировка (только вы, без записи)
option-quiz-difficulty = сложность
option-quiz-difficulty-desc = легко: кто, когда и где в фактах из нескольких статей; сложно: всё
quiz-difficulty-easy = легко (главные факты)
quiz-difficulty-hard = сложно (всё)
option-sources-link = ссылка
option-sources-link-desc = Адрес статьи в интернете, https://…
option-sources-file = файл
option-sources-file-desc = Файл статьи: .txt, .md или .html
option-sources-id = id
option-sources-id-desc = id статьи, как в /источники список

## A command of the command line that failed as a whole ($error says why, in the words
## above), and `treatybot check`'s findings, one line per damaged file.

cli-failed-open = не удалось открыть статьи: { $error }
cli-failed-index = не удалось построить индекс: { $error }. Прежний индекс остался как был
cli-failed-ingest = загрузка не завершилась: { $error }
cli-failed-remove = удаление не завершилось, ничего не удалено: { $error }
cli-failed-check = не удалось проверить индекс: { $error }
cli-failed-status = не удалось прочитать, что хранит индекс: { $error }
cli-failed-clean = не удалось прочитать статьи: { $error }
cli-failed-serve = бот остановился: { $error }
io-address-in-use = этот адрес уже занят другой программой
io-address-not-available = на этой машине нет такого адреса
serve-no-listen-address = нет адреса для HTTP-конечной точки взаимодействий: задайте discord.http_listen (TREATYBOT__DISCORD__HTTP_LISTEN) или передайте serve --http ADDR
serve-listen-failed = не удаётся слушать { $address } для HTTP-конечной точки взаимодействий: { $problem }
serve-proxy-unreachable = REST-прокси Discord по адресу { $proxy } не ответил на GET /api/v10/gateway; проверьте discord.http_proxy (TREATYBOT__DISCORD__HTTP_PROXY)
serve-token-refused = Discord отклонил токен бота: сверьте TREATYBOT__DISCORD__TOKEN со страницей Bot на портале разработчиков (Reset Token выдаёт новый)
serve-discord-status = Discord ответил HTTP-статусом { $status }; попробуйте позже или проверьте приложение бота на портале разработчиков
serve-discord-unreachable = не удаётся связаться с Discord; проверьте подключение к сети и discord.http_proxy (TREATYBOT__DISCORD__HTTP_PROXY) (подробности в журнале: RUST_LOG=treatybot=info)
serve-client-failed = клиент Discord завершился с ошибкой (подробности в журнале: RUST_LOG=treatybot=info)
serve-task-failed = запуск неожиданно остановился (подробности в журнале: RUST_LOG=treatybot=info)
cli-failed-runtime = не удалось запустить среду выполнения бота: { $error }
cli-failed-quiz = не удалось составить вопросы викторины: { $error }
cli-failed-write = не удалось записать вывод: { $error }
error-busy-serve = { $path }: в этой папке данных уже работает другой treatybot serve ({ $holder }). Сначала остановите его или дайте этому боту собственный data_dir (TREATYBOT__DATA_DIR)
check-finding = { $file }: { $problem }
check-no-index = отсутствует: здесь нет индекса (`treatybot index` построит его)
check-no-knowledge-file = последняя запись не называет файл знаний (или её сделала другая версия treatybot)
check-missing = отсутствует, хотя последняя запись его называет
check-checksum = контрольная сумма не совпадает с содержимым
check-undecodable = не читается (слова самого декодера — в журнале и в `check --json`)
