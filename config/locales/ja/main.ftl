# treatybot の日本語の言葉。英語のカタログと同じキーをすべて持つこと(テストで確かめます)。
# 記事そのものの言葉は訳さず、引数($sentence, $value, $title …)として書かれたまま示します。

## 日付

month-1 = 1
month-2 = 2
month-3 = 3
month-4 = 4
month-5 = 5
month-6 = 6
month-7 = 7
month-8 = 8
month-9 = 9
month-10 = 10
month-11 = 11
month-12 = 12
date-day = { $year }年{ $month }月{ $day }日
date-month = { $year }年{ $month }月
date-year = { $year }年
undated = 日付不明
unknown-date = 日付不明

## /ask

not-answered = 記事はこの問いに直接答えていません。最も近い一節を下に示します。
sentence-answer = 記事にはこうあります:「{ $sentence }」
short-yes = はい
short-no = いいえ
short-yes-clause = はい ——「{ $clause }」
short-no-clause = いいえ ——「{ $clause }」
short-written = { $value }(「{ $written }」)
evidence = 出典 [1]:「{ $sentence }」
script-cyrillic = キリル文字
script-japanese = 日本語
script-other = ラテン文字以外の文字
ask-in-english = 記事は英語で書かれているため、{ $script }で書かれた質問では検索できません。英語で質問するか、{ $who }・{ $where }・{ $when } に名前を入れてください(名前はキリル文字や日本語でも構いません)。
try-instead = 次をお試しください: { $commands }

## 「言及なし」: $query は入力どおり。

no-mention = 記事には「{ $query }」への言及がありません。
hint-ask = 別の言葉でお試しいただくか、語句を { $search } で探してください。
hint-who = { $who } に姓を入れてお試しください(例: { $who } Karasin)。または { $search } をご利用ください。
hint-where = { $where } Kunashir、{ $where } 北方領土、{ $where } 北海道 などをお試しください。
hint-when = 年({ $when } 1956)、場所({ $when } Krasnoyarsk)、または { $timeline } をお試しください。
hint-search = 別の言葉、人名({ $who })、地名({ $where })、年({ $when })をお試しください。

## /who

who-no-title = { $name } —— 記事では肩書きなしで言及されています
who-roles = { $name } —— { $roles }
who-role-said = { $role }({ $outlet }、{ $date })
side-russia = ロシア
side-japan = 日本
who-nobody = 「{ $query }」という人物は記事に登場しません。その語句を含む一節を下に示します。

who-line = { $person }。
who-line-side = { $person }。立場: { $side }。
where-line = { $place }{ $details }。
where-details = ({ $list })
list-separator = {"、"}

## /where

where-place = { $place }
where-also = 別名: { $names }
where-part-of = { $parent }の一部
where-about = 地名辞典: { $about }
where-passages = { $count }件の一節で言及されています。
where-unknown = 「{ $query }」は地名辞典(config/places.toml)にありません。その語句を含む一節を下に示します。

## /when

when-relative = { $date }(「{ $words }」、{ $of }付けの記事)
when-dated = { $date }: { $sentence }
when-more = (ほか{ $count }件は下に)
when-event = { $query }: { $date }
when-undated-reported = 「{ $query }」に関する一節には日付がありません。{ $outlet }が{ $date }に報じています({ $basis })。
when-undated = 記事は「{ $query }」に触れていますが、日付は示していません。該当する一節を下に示します。
basis-inferred = 日付は推定
basis-printed = 日付は記載どおり

## /timeline

span-all = {""}
span-up-to = ({ $to }年まで)
span-from = ({ $from }年以降)
span-in = ({ $from }年)
span-between = ({ $from }年〜{ $to }年)
timeline-none = 記事には日付のある出来事がありません{ $span }。年を指定せずに { $timeline } を使うと、すべて表示されます。
timeline-some = 日付のある出来事{ $span }: { $total }件、古い順です。
timeline-part = 日付のある出来事{ $span }: { $total }件のうち{ $from }〜{ $to }件目を古い順に示します。
timeline-more-picker = ほかの出来事は下の「{ $later }」「{ $earlier }」で表示できます。
timeline-more-typed = 続きは --page { $next } を付けるとご覧になれます。
button-earlier = ◀ 前の出来事
button-later = 次の出来事 ▶
picture-title = 日付のある出来事{ $span }
picture-title-part = 日付のある出来事{ $span }({ $total }件中{ $from }〜{ $to }件目)

## /what, /search

search-found = 「{ $query }」に関する一節 { $count }件(関連の高い順)。

## /sources

sources-count = 記事 { $total }件:
sources-count-first = 記事 { $total }件のうち最初の{ $listed }件:
sources-own-empty = このサーバーの読書リストは空です(「サーバー管理」権限のあるメンバーが { $add } で追加できます)。
sources-own = このサーバーの読書リスト、{ $count }
sources-shared = すべてのサーバーで共有、{ $count }
sources-line = { $title }({ $outlet }、{ $date })
sources-line-inferred = { $title }({ $outlet }、{ $date }、日付は推定)
sources-cut = { $line } —— 省略: { $cut }
sources-id = { $id } —— { $line }
sources-duplicates = (ほぼ同じ内容の記事 { $count }件を除外しました。同じ記事は一度だけ引用します。)

## /help

help-intro = treatybot は、南クリル諸島(北方領土)をめぐる日露の領土問題についての質問に、記事の言葉そのものを媒体名・日付・段落とともに引用してお答えします。
help-who = { $command } 名前 —— 人物とその役職、その人に触れた一節(例: { $command } Karasin)
help-when = { $command } 年|日付|出来事 —— ある年や日付に起きたこと、またはある出来事の日付(例: { $command } 1956、{ $command } Krasnoyarsk)
help-where = { $command } 場所 —— 場所とその別名、そこで起きたこと(例: { $command } 国後島)
help-what = { $command } テーマ —— テーマに関する最も適切な一節(例: { $command } sovereignty)
help-search = { $command } 語句 —— 記事の全文検索(例: { $command } peace treaty)
help-ask = { $command } 質問 —— 英語で質問すると、出典付きの短い答えが返ります(例: { $command } When was the Joint Declaration signed?)
help-timeline = { $command } [開始年] [終了年] —— 日付のある出来事を順に(2つの年の間に絞ることもできます)
help-sources = { $command } —— treatybot が引用する記事
help-sources-list = { $command } —— 共有の記事とこのサーバーの読書リスト
help-sources-add = { $command } —— ウェブページやファイルをこのサーバーの読書リストに追加(「サーバー管理」権限)
help-sources-remove = { $command } —— このサーバーが追加した記事を外す(「サーバー管理」権限)
help-help = { $command } —— この一覧
help-quiz-start = { $command } [問題数] [テーマ] [秒数] [モード] [難易度] —— 記事から出題する勉強会向けのクイズ、または自分だけの練習
help-quiz-stop = { $command } —— このチャンネルのクイズを終える
help-quiz-leaderboard = { $command } —— このサーバーの通算成績表
help-quiz-me = { $command } —— このサーバーでのご自分の成績
help-quiz-terminal = 端末では treatybot quiz をご利用ください。

## 入力の誤り

usage-empty = コマンドを入力してください(例: /who Karasin、/when 1956)。一覧は /help でご覧になれます。
usage-unknown = 「{ $word }」というコマンドはありません。コマンド: /who, /when, /where, /what, /search, /ask, /timeline, /sources, /help
usage-missing = { $command } には調べる語句が必要です。使い方: { $usage }
usage-too-long = 入力が{ $len }文字あります。上限は{ $max }文字です。短くしてもう一度お試しください。
usage-control = 入力に制御文字が含まれています。普通の文字で入力してください(例: /who Karasin)。
usage-not-years = 「{ $query }」は1つまたは2つの年ではありません。使い方: { $usage }

## ページ、引用、エラー

no-answer = 答えはありません。
page = { $page } / { $pages } ページ · ボタンでページを切り替えられます
button-prev = ◀ 前へ
button-next = 次へ ▶
cited-for = { $date } について引用(「{ $words }」)
internal-error = 申し訳ありません。treatybot 側で問題が起きました。しばらくしてからもう一度お試しください。
not-our-command = このコマンドは treatybot のものではありません。一覧は /help でご覧になれます。
pages-expired = この結果は期限切れです。ページをめくるには、もう一度コマンドを実行してください。
could-not-answer = お答えできませんでした: { $error }

## ピッカーに表示されるコマンド名(Discord に登録する名前)

command-who = 誰
command-when = いつ
command-where = どこ
command-what = 何
command-search = 検索
command-ask = 質問
command-timeline = 年表
command-sources = 出典
command-help = ヘルプ
command-quiz = クイズ
command-quiz-start = 開始
command-quiz-stop = 停止
command-quiz-leaderboard = ランキング
command-quiz-me = 自分
command-sources-list = 一覧
command-sources-add = 追加
command-sources-remove = 削除

## クイズ: $n 問題番号、$total 問題数、$name プレイヤーの Discord 上の名前

quiz-seconds = { $seconds }秒
quiz-question-title = 第{ $n }問(全{ $total }問)
quiz-time-to-answer = 回答時間は{ $seconds }です。回答は1人1回、正解が早いほど高得点です。
quiz-answered = { $count }人が回答
quiz-about = テーマ:「{ $topic }」のクイズ
quiz-table-line = { $name } —— { $points }点({ $answered }問中{ $right }問正解)
quiz-stopped-by = { $name }さんが全{ $total }問中{ $asked }問の時点で終了しました。それまでの得点は残ります。
quiz-one-asked = 1問を出題しました。
quiz-all-asked = 全{ $asked }問を出題しました。
quiz-nobody-answered = 回答はありませんでした。
quiz-standings-title = クイズ終了: 成績
quiz-all-time = 通算成績表: { $leaderboard }
quiz-interrupted-title = クイズ中断
quiz-interrupted = treatybot の再起動によりこのクイズは中断されたため、終了しました。獲得済みの得点は残ります({ $leaderboard } でご覧になれます)。新しいクイズは { $start } で始められます。
quiz-start = **クイズ!** 全{ $count }問{ $topic }{ $fewer }、各{ $seconds }、{ $name }さんが開始しました。どなたでも回答できます。答えはすべて、根拠となる記事とともに示されます。`{ $stop }` で終了します。
quiz-start-topic = (テーマ:「{ $topic }」)
quiz-start-fewer = (見つかったのは{ $count }問のみ)
quiz-me-none = このサーバーではまだクイズに回答していません。{ $start } でお試しください。
quiz-streak = · 🔥 { $streak }問連続正解
quiz-me-streak = 現在{ $streak }問連続で正解しています。
quiz-me = { $name }: { $points }点、{ $answered }問中{ $right }問正解、参加したクイズ{ $quizzes }回。このサーバーの成績表で{ $rank }位です。
quiz-reveal-answer = 正解: { $answer }
quiz-nobody-got-it = 正解者なし
quiz-got-it = 正解者: { $names }
quiz-reveal-counts = 回答{ $total }人、正解{ $right }人
quiz-reveal-title = 第{ $n }問(全{ $total }問)· 時間切れ
quiz-lb-title = クイズ成績表
quiz-lb-you = { $name }さん: { $rank }位、{ $points }点
quiz-lb-you-none = { $name }さん: このサーバーではまだ回答がありません。
quiz-lb-empty = このサーバーではまだクイズの回答がありません。{ $start } で始めましょう。
quiz-lb-footer = { $page } / { $pages } ページ · 参加者{ $players }人
quiz-lb-another-server = これは別のサーバーの成績表です。このサーバーで { $leaderboard } を実行してください。
quiz-not-set-up = このボットではクイズが設定されていません。
quiz-in-dm = クイズはサーバーのチャンネルで行います。ダイレクトメッセージではできません。
quiz-none-running = このチャンネルで進行中のクイズはありません。
quiz-not-yours = このクイズを終了できるのは、開始した人か「メッセージの管理」権限のある人だけです。
quiz-stopped = { $name }さんがクイズを終了しました。それまでの得点は残ります。成績はこのあと表示されます。
quiz-stopping = クイズはすでに終了処理中です。
quiz-no-such = { $command } に「{ $sub }」はありません。
quiz-busy = このチャンネルではすでにクイズが進行中です。参加するか、終わるまでお待ちください({ $stop } で終了できます)。
quiz-no-questions = 「{ $topic }」に関する問題はありません。記事に登場する人物・場所・年(入力中に候補が表示されます)か、別の言葉でお試しください。
quiz-over = 時間切れです。このクイズは終了しました。
quiz-time-up = この問題の回答時間は終わりました。
quiz-already = この問題にはすでに回答済みです。
quiz-answer-in = 回答を受け付けました: { $choice }。正解は時間切れの後に表示されます。
quiz-practice-title = 練習 · 第{ $n }問(全{ $total }問)
quiz-practice-how = この練習はあなたにだけ表示され、記録されません。答えると次の問題に進みます。やめるときは「終了」を押してください。
quiz-practice-right = ✅ 正解: { $answer }
quiz-practice-wrong = ❌ 残念、あなたの回答は { $choice }、正解は { $answer } です
quiz-practice-stop = 終了
quiz-practice-over-title = 練習終了
quiz-practice-over = { $asked }問中{ $right }問正解。記録はされていません。もう一度練習するには { $start } をどうぞ。
quiz-practice-gone = この練習は終了しています。{ $start } で新しく始めてください。
quiz-practice-not-yours = この練習は別の人のものです。/quiz start で自分の練習を始めてください。

## クイズの問題: 空欄の種類ごとの問いかけと、空欄のある記事の一文(原文のまま引用)。
quiz-prompt-who = 空欄に入る人物は？
quiz-prompt-who-did = 空欄に入る人物は？
quiz-prompt-when = 空欄に入る年は？
quiz-prompt-where = 空欄に入る場所は？
quiz-prompt-what = 空欄に入る言葉は？
quiz-prompt-how-many = 空欄に入る数は？
quiz-question = { $prompt } { $outlet }({ $date })より:「{ $sentence }」
quiz-note-person = { $name }({ $role })
quiz-note-place = { $name }(別名: { $others })

## /sources add と remove: $why はリンク・ファイル・記事が受け付けられなかった理由

sources-in-dm = 読書リストはサーバーごとのものです。サーバーのチャンネルで { $sources } をお使いください。
sources-who-may-edit = このサーバーの読書リストを変更できるのは「サーバー管理」権限のあるメンバーだけです。その方に追加を依頼するか、{ $list } で内容をご確認ください。
sources-who-may-edit-roles = このサーバーの読書リストを変更できるのは「サーバー管理」権限のあるメンバーか、{ $roles } のメンバーだけです。その方に追加を依頼するか、{ $list } で内容をご確認ください。
sources-not-added = 追加できませんでした: { $why }
sources-not-removed = 削除できませんでした: { $why }
sources-give-id = 削除する記事のidを指定してください。
sources-link-and-file = リンクかファイルのどちらか一方を指定してください。
sources-link-or-file = 記事のウェブアドレス(link:)を指定するか、.txt・.md・.html ファイル(file:)を添付してください。
sources-server-busy = 今はできません。このサーバーの読書リストは現在変更中です。その変更が終わってからもう一度お試しください。
sources-bot-busy = 今はできません。読書リストが混み合っています。1分ほどしてからもう一度お試しください。
sources-added = このサーバーの読書リストに追加しました: **{ $title }** —— { $outlet }、{ $date }({ $paragraphs }段落)。id: { $id }。この記事は、このサーバーでのみ回答・引用・クイズに使われます。
sources-replaced = このサーバーの読書リストの以前の版を置き換えました: **{ $title }** —— { $outlet }、{ $date }({ $paragraphs }段落)。id: { $id }。この記事は、このサーバーでのみ回答・引用・クイズに使われます。
sources-not-all = { " " }全文ではありません: { $cut }。
sources-unchanged = 同じ内容ですでにこのサーバーの読書リストにあります(id: { $id })。変更はありません。
sources-duplicate = { $of } とほぼ同じ内容(語句の{ $percent }%が一致)のため除外しました。回答では代わりにそちらを引用します。この記事のidは { $id } です。
sources-removed = **{ $title }**({ $id })をこのサーバーの読書リストから削除しました。今後、回答・引用・クイズには使われません。
sources-not-found = このサーバーの読書リストに id が { $id } の記事はありません。id は { $list } でご覧になれます。

## リンク・ファイル・記事を受け付けなかった理由(sources-not-added と sources-not-removed の $why)、
## 長いページのうち残した分($cut)

refused-not-a-link = 「{ $link }」はウェブのリンクではありません。http:// または https:// で始まるアドレスを指定してください。
refused-not-a-file = { $name } は treatybot が読める形式のファイルではありません。.txt・.md・.html ファイルを添付してください。
refused-file-too-large = { $name } は { $size } バイトで、上限の { $limit } バイト(fetch.max_bytes)を超えています。
refused-not-an-attachment = 添付ファイルが Discord の添付ファイル用サーバー上にありません({ $host })。コマンドそのものにファイルを添付してください。
refused-fetch-not-web = 取得できるのは http:// と https:// のリンクだけです。
refused-fetch-host-unknown = リンク先のサイトが見つかりませんでした。アドレスをご確認ください。
refused-fetch-private = リンク先の { $address } は公開インターネット上にないプライベートまたは特殊用途のアドレスです。treatybot が取得するのは公開されたウェブページだけです。
refused-fetch-redirects = リンクのリダイレクトが { $limit } 回を超えたため、それ以上たどりませんでした。
refused-fetch-timeout = { $seconds } 秒以内にページを受け取れませんでした。しばらくしてからもう一度お試しください。
refused-fetch-too-large = ページが { $limit } バイト(fetch.max_bytes)を超えているため、それ以上読みませんでした。
refused-fetch-not-page = リンク先は { $type } で、ウェブページ(HTML またはテキスト)ではありません。
refused-fetch-status = サイトが HTTP ステータス { $status } を返しました。
refused-fetch-connection = サイトに接続できませんでした。リンクをご確認いただくか、しばらくしてからもう一度お試しください。
refused-page-unreadable = ページを HTML として読み取れませんでした。
refused-page-no-text = ページに記事の本文がありません(リンクの一覧、ログイン画面、スクリプトで組み立てるページなどの可能性があります)。
refused-page-not-text = ウェブページでもテキストでもありません(バイナリデータのようです)。
refused-page-too-many-elements = ページの要素が { $max } を超えており、記事のページとしては多すぎるため読みませんでした。
refused-page-too-slow = ページの読み取りに { $seconds } 秒以上かかりました。読み取りを遅らせるように作られたページかもしれません。
refused-page-busy = ほかのページの読み取りが { $seconds } 秒間続いていました。少ししてからもう一度お試しください。
refused-text-too-long = 本文が { $bytes } バイトで、上限の { $limit } バイト(ingest.max_article_bytes)を超えています。
refused-no-text = 本文が空です。
refused-unreadable = ファイルを記事として読み取れませんでした。
refused-keep-failed = ボットがファイルを読み取り用に保存できませんでした。しばらくしてからもう一度お試しください。
refused-busy = 読書リストが混み合っています。1分ほどしてからもう一度お試しください。
refused-write-failed = ボットが今は索引に書き込めませんでした。理由はホストのログにあります。しばらくしてからもう一度お試しください。
refused-list-full = このサーバーの読書リストにはすでに上限の { $count } 件の記事があります(discord.reading_list_max_articles)。先に { $remove } で1件削除してください。
refused-list-too-big = このサーバーの読書リストには本文が { $held } バイトあり、このページは { $adding } バイトあるため、このサーバーの上限 { $max } バイト(discord.reading_list_max_bytes)を超えます。先に { $remove } で記事を削除してください。
refused-no-article = ページは読み取れましたが、記事は得られませんでした。
refused-other-server = その記事は別のサーバーの読書リストのものです。サーバーが削除できるのは自分で追加した記事だけです(このサーバーの記事は { $list } でご覧になれます)。
cut-kept-of = { $of } 段落のうち最初の { $kept } 段落を残しました。ページの本文が、1ページから読む上限の { $bytes } バイトを超えています
cut-kept = 最初の { $kept } 段落を残しました。ページの本文が、1ページから読む上限の { $bytes } バイトを超えています

## コマンドラインの報告(ingest、remove、index、一括入力、--png)。ingest が読み飛ばした行の理由は
## ingest 自身の診断のまま表示する。

cli-progress = { $count } 件の記事を追加
cli-added = { $count } 件の記事({ $passages } 段落)を { $seconds } 秒で追加しました(本文 毎秒 { $rate } MB)。
cli-unchanged = { $count } 件の記事はすでに索引にあり、そのままにしました。
cli-replaced = { $count } 件の記事を新しい版に置き換えました(古い本文は消えています):
cli-duplicates = { $count } 件のほぼ重複する記事を除外しました(同じ記事は一度だけ引用します):
cli-duplicate-line = { $id }({ $origin })は { $of } と重複({ $percent }% が同じ)
cli-skipped = { $count } 件のレコードを読み飛ばしました:
cli-caveats = 注意つきで取り込んだもの:
cli-index-holds = 索引には現在 { $articles } 件の記事({ $passages } 段落)があります。
cli-indexed = { $articles } 件の記事(シードと取り込み分)の { $passages } 段落を { $folder } に索引しました。
cli-removed-duplicate = { $id } を削除しました(除外されていたほぼ重複する記事)。
cli-removed = { $id }「{ $title }」を削除しました({ $passages } 段落)。
cli-reinstated = 代わりに { $id } を索引しました(削除した記事のほぼ重複として除外されていたもの)。
cli-not-found = 見つかりません: { $id }(この id の記事も重複記事もありません。一覧は `/sources` で見られます)。
cli-refused = 拒否しました: { $id }: { $reason }
cli-check-sound = { $folder } の索引は正常です。
cli-check-damaged = { $folder } の索引は壊れています。`treatybot index` を実行すると、シードと取り込んだ記事から作り直します。
cli-status = 記事 { $articles } 件、段落 { $passages } 件、除外したほぼ重複 { $duplicates } 件。索引はディスク上で { $mb } MB、準備完了まで { $ms } ミリ秒{ $resident }。
cli-status-resident = 、常駐メモリ { $mb } MB
cli-png-one = --png で描けるのは一つの回答の図だけです。「-」ではなくコマンドを一つ指定してください
cli-line-too-long = { $line } 行目は { $len } バイトあり、コマンドの上限({ $cap } バイト。質問は最大 { $max } 文字)を超えています。短くしてください
cli-line-not-utf8 = { $line } 行目は UTF-8 のテキストではありません({ $byte } バイト目が不正)。入力を UTF-8 で保存し直してください
cli-no-picture = { $path } に図は書きませんでした。回答に描く日付つきの出来事がありません(/timeline、または日付つきの出来事が { $few } 件を超える /when にはあります)。
cli-picture-failed = { $path } に図は書きませんでした。図を描けませんでした(理由はログにあります)。
cli-picture-not-written = { $path } に図は書きませんでした: { $error }

## 端末での treatybot quiz

## コマンドラインが運用者に伝えること: エンジンとストアのエラー、migrate-store、clean、
## extract、serve。

cli-missing-token = Discord のボットトークンがありません。TREATYBOT__DISCORD__TOKEN(または config/local.toml の discord.token)を設定してください。ボットアプリケーションの作り方は README にあります
cli-missing-public-key = HTTP インタラクションのエンドポイントに使う Discord の公開鍵がありません。TREATYBOT__DISCORD__PUBLIC_KEY(または discord.public_key)に、開発者ポータル(General Information)にあるアプリケーションの公開鍵を設定してください
error-config = 設定: { $problem }
config-no-file = 設定ファイル { $path } がありません
config-unreadable = 設定を読めません: { $error }
config-wrong-type = { $key }: この設定に使えない種類の値です。config/default.toml の同じ設定を手本にしてください
config-bad-value = { $key }: この値は使えません。config/default.toml にある同じ設定の説明を見てください
config-syntax = { $file }: { $at }
config-out-of-range = { $key }: { $min } から { $max } の間にしてください
config-empty = { $key }: 空にはできません
config-database-url = database.url: { $problem }
config-shards-with-endpoint = discord.shards: シャードはゲートウェイのためのもので、discord.http_listen はゲートウェイにつながずに HTTP エンドポイントを提供します。どちらか一方だけを設定してください
config-bad-public-key = discord.public_key: 正しい Ed25519 の公開鍵ではありません
config-public-key-needed = discord.public_key: discord.http_listen を設定するときは必須です。開発者ポータル(General Information)にあるアプリケーションの公開鍵を設定してください
config-bad-proxy = discord.http_proxy: http:// か https:// で始まる URL にするか、空にしてください
error-io = { $path }: { $problem }
error-data = { $path }: { $problem }
data-unknown-parent = 地名「{ $place }」: part_of の「{ $parent }」はこのファイルにある地名ではありません
data-names = 地名が多すぎるか長すぎて、検索に使えません。地名を減らすか短くしてください
data-encode = 記録を JSON に符号化できませんでした。treatybot の不具合です
input-not-found = そのようなファイルやフォルダーはありません
input-not-regular = 通常のファイルではありません。treatybot が読むのは通常のファイルとフォルダーだけです
input-not-a-collection = treatybot が読める記事集ではありません。.txt/.md/.html ファイルのフォルダー、見出し行のある .csv/.tsv ファイル、.jsonl ファイル、または保存したウェブページ (.html) を指定してください
input-no-seeds = 記事ファイル (*.txt, *.md) が見つかりません。seeds_dir に記事のフォルダーを設定してください
input-no-articles = このフォルダーには記事ファイル (*.txt, *.md, *.html) がありません
input-no-column = { $field } の列「{ $column }」がありません。列は次のとおりです: { $columns }
input-no-text-column = 本文の列が見つかりません。--text-column で列名を指定してください (列: { $columns })
input-utf16-too-large = UTF-16 で { $mb } MB を超えており、大きすぎて変換できません。UTF-8 に変換してから (例: iconv -f UTF-16 -t UTF-8) 取り込んでください
input-utf16-invalid = UTF-16 のバイト順マークで始まりますが、正しい UTF-16 ではありません。UTF-8 に変換してから (例: iconv -f UTF-16 -t UTF-8) 取り込んでください
input-header-open = 見出し行が { $cap } バイト (ingest.max_article_bytes の 4 倍 + 64 KB) を過ぎても終わりません。引用符が閉じられていないか、CSV ではありません。ファイルの残りは読みません
input-header-unreadable = 見出し行を読めません: { $error }
input-metadata-too-large = { $mb } MB を超えています。メタデータファイルは題名・媒体・日付の一覧なので、これはメタデータファイルではありません
input-metadata-not-utf8 = UTF-8 のテキストではありません (先頭から { $valid } バイトまでが UTF-8 です)。UTF-8 で保存してください
toml-syntax-at = { $line } 行 { $column } 文字目から TOML の書き方が正しくないか、想定している形と違います
toml-syntax = TOML の書き方が正しくないか、想定している形と違います
input-metadata-date = 記事 { $file }: 日付「{ $date }」は YYYY、YYYY-MM、YYYY-MM-DD のどれでもありません
input-metadata-date-basis = 記事 { $file }: date_basis は "printed" か "inferred" にしてください (「{ $basis }」ではなく)
input-metadata-twice = 記事 { $file } が二度記載されています
error-interrupted = 取り込みが止まりました: { $reason }。それまでにコミットしたバッチは索引に残っています。同じ取り込みをもう一度実行すると残りを追加します
interrupted-simulated-after = 記事 { $count } 件の後、そのバッチをコミットする前に試験用の失敗を起こしました
interrupted-simulated-removal = 削除をコミットする前に試験用の失敗を起こしました
error-index = { $path } の検索索引: { $problem }
index-cannot-open = 索引のフォルダーを開けません ({ $error })
index-locked = 別の treatybot のプロセスが書き込み中です (取り込みか再構築)。終わるまで待ってください
index-failed = tantivy がエラーを返しました ({ $error })。繰り返し起きる場合は `treatybot index` で作り直してください
index-failed-io = 索引を読み書きできません: { $problem }
index-failed-io-other = 索引を読み書きできません ({ $error })。ディスクと、フォルダーを読み書きできるかを確かめてください
index-writer-failed = tantivy の索引ライターが失敗しました ({ $cause })。その分は何もコミットされておらず、索引は最後の完全なコミットのままです。`treatybot check` でファイルが壊れていないか確かめられます
index-earlier-commit-failed = 前のコミットが失敗しました。索引を開き直してください
index-encode = 保存するデータを符号化できません ({ $error })
error-busy = { $path } は別の treatybot が使用中です({ $holder })。終わるのを待つか、そのプロセスを止めてから、もう一度実行してください
error-damaged = { $path } の検索索引が壊れています。シードと取り込んだ記事から作り直します(`treatybot index` ですぐに作り直せます)
error-disk-full = { $folder }: ディスクがいっぱいで、索引を書き込めませんでした。{ $room }壊れたものはありません。索引は最後の完全なコミットのままです。そのディスクに空きを作る(または data_dir、TREATYBOT__DATA_DIR を空きのあるディスクのフォルダーにする)と、もう一度実行できます
error-disk-room-both = 必要なのは約 { $needed }(今の索引の大きさで、新しい索引ができるまで残ります)、空きは { $free } です。
error-disk-room-needed = 必要なのは約 { $needed }(今の索引の大きさ)です。
error-disk-room-free = 空きは { $free } です。
error-rebuild-failed = { $path } の検索索引が壊れていて、作り直せませんでした: { $error }
io-not-found = 存在しません
io-permission-denied = アクセスが拒否されました。treatybot を実行するユーザーに読み書きの権限を与えるか、data_dir(TREATYBOT__DATA_DIR)を使えるフォルダーにしてください
io-is-a-directory = ファイルではなくフォルダーです
io-not-a-directory = フォルダーではありません
io-disk-full = ディスクがいっぱいです。空きを作ってから、もう一度実行してください
io-read-only = ファイルシステムが読み取り専用です。data_dir(TREATYBOT__DATA_DIR)を書き込めるフォルダーにしてください
io-other = { $error }
store-open = クイズのデータベース { $path }: { $error }。ファイルを直すか、別の場所へ移してください(新しいものが作られます)。または quiz.database(TREATYBOT__QUIZ__DATABASE)を設定してください
store-query = クイズのストアでエラーが起きました: { $error }
store-unreachable = { $server } の PostgreSQL に接続できません: { $error }。サーバーが動いていて接続を受け付けているか、database.url(TREATYBOT__DATABASE__URL)が正しいか確かめてください
store-setup = { $server } の PostgreSQL: { $error }。database.url(TREATYBOT__DATABASE__URL)のユーザー、パスワード、データベースと、そのユーザーがテーブルを作れるかを確かめてください
store-too-new = クイズのストアのスキーマ版 { $found } は、この treatybot が知っている版({ $known })より新しいものです。それを書いた新しい treatybot を使うか、別のストアを指定してください
store-not-empty = { $server } の PostgreSQL にはすでに { $quizzes } 件のクイズがあります。migrate-store は空のストアにしかコピーしません。--to に新しいデータベースを指定するか(例: `createdb treatybot_quiz`)、先にこのデータベースを空にしてください
store-no-source = { $path } に SQLite のクイズデータベースがないため、移すものはありません。quiz.database(TREATYBOT__QUIZ__DATABASE)か --from に、`treatybot serve` が使ったファイルを指定してください
pg-url-not-postgres = 空(SQLite のファイルを使う)か、postgres://USER:PASSWORD@HOST:PORT/DATABASE の形の URL にしてください
pg-url-unusable = postgres://USER:PASSWORD@HOST:PORT/DATABASE の URL として使えません: { $error }
pg-url-no-host = URL にホストがありません: postgres://USER:PASSWORD@HOST:PORT/DATABASE
cli-migrated = { $from } から { $to } の PostgreSQL へ、クイズ { $quizzes } 件、問題 { $questions } 問、回答 { $answers } 件(計 { $points } 点)をコピーしました。
cli-migrated-next = `treatybot serve` で使うには、database.url(TREATYBOT__DATABASE__URL)に同じ URL を設定してください。
cli-migrated-lists = 取り込み記録から、サーバーごとの読書リストの項目(各サーバー独自の記事)を { $entries } 件コピーしました。
cli-migrated-lists-kept = 共有の読書リストにはすでに項目があるため、取り込み記録の項目はコピーしませんでした。
cli-migrate-failed = 移行は完了しませんでした: { $error }
cli-clean-article = { $id } —「{ $title }」(残した段落 { $kept }、削除した行 { $removed })
cli-clean-line = { $line } 行目  { $rule }「{ $text }」
cli-clean-rules = 規則:
cli-clean-no-article = { $file } という記事はありません。ファイル: { $files }
clean-rule-repeated = 他の記事にも繰り返し出てくる短い行(サイトの定型部分)
clean-rule-credit = 写真や著作権のクレジット
clean-rule-date-stamp = 単独の行にあるタイムスタンプや日付欄
clean-rule-headline = 見出し(タイトルとして保持)
clean-rule-repeats-text = 記事の本文を繰り返す要約やキャプション
clean-rule-call-to-action = 行動を促す文言(寄付、購読、移動)
clean-rule-not-prose = 文ではない(文末の句読点がない)
cli-extract-too-large = { $limit } バイトを超えています。保存したウェブページはずっと小さいはずです
cli-extract-refused = { $path }: { $reason }
row-field-count = フィールドが { $fields } 個あり、見出し行の { $header } 個と合いません
row-record-open = { $cap } バイト読んでもレコードが閉じません(上限は ingest.max_article_bytes の 4 倍 + 64 KB)。閉じていない引用符があるか、CSV ではありません。ファイルの残りは読みません
row-not-csv = CSV として読めません
row-line-too-long = この行は { $len } バイトで、JSON の 1 行の上限 { $cap } バイト(ingest.max_article_bytes の 6 倍 + 1 MB)を超えるため、読まずに飛ばしました
row-not-object = JSON のオブジェクトではありません
row-not-json = JSON として正しくありません
row-columns = 使える列がありません
row-not-string = 「{ $key }」の値が文字列ではないため、飛ばしました
row-no-value = 「{ $key }」の値がないため、飛ばしました
row-broken-link = 読めません。存在しないものへのリンクです
row-unreadable = 読めません
row-folder = 記事のファイルではなくフォルダーなので、飛ばしました
row-not-regular = 通常のファイルではありません。treatybot が読むのは通常のファイルだけです
row-file-too-large = ファイルが { $size } バイトあり、上限の { $limit } バイト(ingest.max_article_bytes)を超えるため、飛ばしました
row-file-too-large-unknown = ファイルが { $read } バイトを超え、上限の { $limit } バイト(ingest.max_article_bytes)を超えるため、飛ばしました
row-bad-utf16 = UTF-16 のバイト順マークで始まっていますが、UTF-16 として正しくありません。UTF-8 に変換してください
row-text-too-long = 本文が { $bytes } バイトあり、上限の { $limit } バイト(ingest.max_article_bytes)を超えています
row-empty-text = 本文が空です
row-not-web-link = リンク「{ $link }」は http:// や https:// のアドレスではないため、リンクなしで取り込みました
row-date-not-understood = 日付「{ $date }」を読み取れないため、日付なしで取り込みました
row-no-prose = 整形すると本文が残りません
row-id-again = ID「{ $id }」がこの入力の後ろにもう一度出てくるため、後のレコードを取り込みました。記事ごとに別の ID を付けてください(または --id-prefix)
row-seed-id = ID「{ $id }」はシードの記事です。シードのフォルダーを編集するか、この記事群に別の ID を付けてください(--id-prefix)
cli-migrated-pages = ページ送りボタン用に保存された長い問い合わせ(期限切れでないもの)を { $count } 件コピーしました。移行前に投稿された回答も引き続きページを送れます。
remove-refused-seed = シードの記事です。シードのフォルダーを編集してください(そこでファイルを削除または変更すれば、次の起動時に索引が作り直されます)
remove-refused-shared-list = サーバーの読書リストの記事で、読書リストはすべてのプロセスが PostgreSQL(database.url)を通じて共有しています。そのサーバーで `/sources remove` を使って削除してください。すべてのプロセスから削除されます

cli-quiz-intro = treatybot クイズ: 全{ $count }問(シード { $seed }。--seed { $seed } で同じ問題を再現できます)。A〜Dで答えてください。q で終了します。
cli-quiz-question = 第{ $n }問(全{ $total }問)。{ $question }
cli-quiz-your-answer = 回答:{ " " }
cli-quiz-type = A・B・C・D のいずれかを入力してください(q で終了)。
cli-quiz-right = 正解です!
cli-quiz-wrong = 残念、正解は { $answer } です。
cli-quiz-score = 成績: { $asked }問中{ $right }問正解。
cli-quiz-practice-intro = treatybot クイズ(練習): 最大{ $count }問(シード { $seed })。A〜Dで答えてください。q で終了します。
cli-quiz-practice-over = 練習終了: { $asked }問中{ $right }問正解。
cli-quiz-no-questions = 「{ $topic }」に関する問題はありません。記事に登場する人物・場所・年(`treatybot ask "/sources"` で記事を一覧できます)か、別の言葉でお試しください

## コマンド一覧に表示される説明、オプションの名前と説明(Discord の上限は100文字、名前は小文字)

command-who-desc = 人物とその役職、言及する記事の一節
command-when-desc = ある年・日付の出来事、または出来事の日付
command-where-desc = 場所とその別名、そこで起きたこと
command-what-desc = テーマに関する最も適切な一節
command-search-desc = 記事の全文検索
command-ask-desc = 質問すると、出典付きの短い答え
command-timeline-desc = 日付のある出来事を順に
command-sources-desc = 引用している記事の一覧
command-help-desc = 使い方
command-quiz-desc = 記事から出題するクイズ。答えは出典付き
command-quiz-start-desc = このチャンネルで記事からのクイズを始める
command-quiz-stop-desc = このチャンネルのクイズを終える(開始した人かメッセージ管理権限)
command-quiz-leaderboard-desc = このサーバーの通算成績表
command-quiz-me-desc = このサーバーでの自分の成績
command-sources-list-desc = 共有の記事とこのサーバーの読書リスト
command-sources-add-desc = ウェブページかファイルをこのサーバーの読書リストに追加
command-sources-remove-desc = このサーバーが追加した記事を外す
option-who-name = 名前
option-who-name-desc = 人名または姓(例: Karasin)
option-when-date = 日付
option-when-date-desc = 年・日付・出来事(例: 1956)
option-where-place = 場所
option-where-place-desc = 地名(どの呼び方でも可、例: 国後島)
option-what-topic = テーマ
option-what-topic-desc = テーマ(例: 島の管轄)
option-search-text = 語句
option-search-text-desc = 記事から探す語句
option-ask-question = 質問
option-ask-question-desc = 質問(英語で、例: Who signed the declaration?)
option-timeline-from = 開始年
option-timeline-from-desc = 最初の年(例: 1945)
option-timeline-to = 終了年
option-timeline-to-desc = 最後の年(例: 1960)
option-quiz-questions = 問題数
option-quiz-questions-desc = 問題の数(1〜20、既定は5)
option-quiz-topic = テーマ
option-quiz-topic-desc = 人物・場所・年・語句に関する問題だけ(例: Kunashir)
option-quiz-seconds = 秒数
option-quiz-seconds-desc = 1問あたりの秒数(10〜120、既定は20)
option-quiz-mode = モード
option-quiz-mode-desc = チャンネルで遊ぶゲームか、自分だけに表示される練習(記録なし)
quiz-mode-game = ゲーム(チャンネル全員、得点を記録)
quiz-mode-practice = 練習(自分だけ、記録なし)
option-quiz-difficulty = 難易度
option-quiz-difficulty-desc = やさしい: 複数の記事が伝える事実の人物・時・場所、むずかしい: すべて
quiz-difficulty-easy = やさしい(核心の事実)
quiz-difficulty-hard = むずかしい(すべて)
option-sources-link = リンク
option-sources-link-desc = 記事のウェブアドレス(https://…)
option-sources-file = ファイル
option-sources-file-desc = 記事の .txt / .md / .html ファイル
option-sources-id = id
option-sources-id-desc = 記事のid(/出典 一覧 に表示)

## A command of the command line that failed as a whole ($error says why, in the words
## above), and `treatybot check`'s findings, one line per damaged file.

cli-failed-open = 記事を開けませんでした: { $error }
cli-failed-index = 索引を作れませんでした: { $error }。今の索引はそのまま残っています
cli-failed-ingest = 取り込みが終わりませんでした: { $error }
cli-failed-remove = 削除が終わりませんでした。何も削除していません: { $error }
cli-failed-check = 索引を検査できませんでした: { $error }
cli-failed-status = 索引の中身を読めませんでした: { $error }
cli-failed-clean = 記事を読めませんでした: { $error }
cli-failed-serve = ボットが止まりました: { $error }
io-address-in-use = そのアドレスは別のプログラムが使用中です
io-address-not-available = このマシンにはそのアドレスがありません
serve-no-listen-address = HTTP インタラクションエンドポイントのアドレスがありません。discord.http_listen (TREATYBOT__DISCORD__HTTP_LISTEN) を設定するか、serve --http ADDR を指定してください
serve-listen-failed = HTTP インタラクションエンドポイントを { $address } で待ち受けられません: { $problem }
serve-proxy-unreachable = { $proxy } の Discord REST プロキシが GET /api/v10/gateway に応答しません。discord.http_proxy (TREATYBOT__DISCORD__HTTP_PROXY) を確かめてください
serve-token-refused = Discord がボットのトークンを拒否しました。TREATYBOT__DISCORD__TOKEN を開発者ポータルの Bot ページと照らし合わせてください (Reset Token で新しいトークンを発行できます)
serve-discord-status = Discord が HTTP ステータス { $status } を返しました。後でもう一度試すか、開発者ポータルでボットのアプリケーションを確かめてください
serve-discord-unreachable = Discord に接続できません。ネットワーク接続と discord.http_proxy (TREATYBOT__DISCORD__HTTP_PROXY) を確かめてください (詳細はログにあります: RUST_LOG=treatybot=info)
serve-client-failed = Discord クライアントが失敗しました (詳細はログにあります: RUST_LOG=treatybot=info)
serve-task-failed = 起動処理が予期せず止まりました (詳細はログにあります: RUST_LOG=treatybot=info)
cli-failed-runtime = ボットの実行環境を起動できませんでした: { $error }
cli-failed-quiz = クイズの問題を作れませんでした: { $error }
cli-failed-write = 出力を書き込めませんでした: { $error }
error-busy-serve = { $path }: このデータディレクトリでは別の treatybot serve がすでに動いています({ $holder })。先にそれを止めるか、このボットに専用の data_dir(TREATYBOT__DATA_DIR)を与えてください
check-finding = { $file }: { $problem }
check-no-index = ありません。ここには索引がありません(`treatybot index` で作れます)
check-no-knowledge-file = 最後のコミットが知識ファイルを指していません(または別の版の treatybot が書いたものです)
check-missing = 最後のコミットが指しているのに、ありません
check-checksum = チェックサムが中身と一致しません
check-undecodable = 読み解けません(デコーダー自身の説明はログと `check --json` にあります)
