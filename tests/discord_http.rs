//! The HTTP interactions endpoint (`serve --http`): requests signed with a key pair made here,
//! POSTed over loopback as Discord would, answers read from the response body, and everything
//! after the first response (deferred answers) delivered to the Discord stand-in by REST.
//!
//! Every wait is bounded; the bot's HTTP client can reach nothing but loopback.

mod common;
#[path = "common/discord_checks.rs"]
mod discord_checks;
#[path = "common/discord_standin.rs"]
mod discord_standin;
#[path = "common/endpoint.rs"]
mod endpoint;

use std::sync::Arc;
use std::time::{Duration, Instant};

use discord_checks::check_limits;
use discord_standin::{CapturedRequest, StandIn};
use ed25519_dalek::{Signer, SigningKey};
use endpoint::{fresh_key, hex, served_port, unix_now};
use serde_json::{json, Value};
use treatybot::config::{PublicKey, Settings};
use treatybot::discord::http::Endpoint;
use treatybot::engine::Engine;

const STEP: Duration = Duration::from_secs(20);
const COMMAND_ID: u64 = 1_300_000_000_000_000_001;
const USER: u64 = 1_300_000_000_000_000_777;

/// Request headers as the tests send them.
type Headers = Vec<(&'static str, String)>;

/// What the endpoint answered: status, content type and body.
struct Answered {
    status: u16,
    content_type: String,
    body: Vec<u8>,
}

impl Answered {
    /// The interaction response: the JSON body, or a multipart body's `payload_json`.
    fn json(&self) -> Value {
        if self.content_type.starts_with("multipart/") {
            let text = String::from_utf8_lossy(&self.body);
            let start = text.find("\r\n\r\n").expect("a part header") + 4;
            let end = text[start..].find("\r\n--").expect("a part end") + start;
            return serde_json::from_str(&text[start..end]).expect("payload_json");
        }
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// An endpoint answering from `engine`, its stand-in, and the key that signs for Discord.
struct Served {
    standin: StandIn,
    endpoint: Option<Endpoint>,
    url: String,
    key: SigningKey,
    client: reqwest::Client,
    _data: tempfile::TempDir,
}

impl Served {
    async fn start() -> Served {
        Served::start_with(common::shared_engine(), common::temp_data_dir(), |_| {}).await
    }

    async fn start_with(
        engine: Arc<Engine>,
        data: tempfile::TempDir,
        tweak: impl FnOnce(&mut Settings),
    ) -> Served {
        let standin = StandIn::start().await;
        let key = fresh_key();
        let mut settings = common::settings(data.path());
        settings.discord.token = "test-token".into();
        settings.discord.http_proxy = standin.base_url();
        settings.discord.guild_ids = vec![standin.config().guild_id];
        settings.discord.http_listen = Some("127.0.0.1:0".parse().unwrap());
        settings.discord.public_key = Some(PublicKey(key.verifying_key().to_bytes()));
        tweak(&mut settings);
        let store = treatybot::discord::open_store(&settings)
            .await
            .expect("store opens");
        let endpoint = Endpoint::start(&settings, Arc::clone(&store))
            .await
            .expect("endpoint listens");
        let url = format!("http://{}", endpoint.local_addr());
        endpoint
            .ready(
                &settings,
                engine,
                store,
                Some(standin.loopback_only_client()),
            )
            .await
            .expect("endpoint ready");
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(STEP)
            .build()
            .unwrap();
        Served {
            standin,
            endpoint: Some(endpoint),
            url,
            key,
            client,
            _data: data,
        }
    }

    /// Signature and timestamp headers for `body` at `timestamp`, signed with `key`.
    fn signed_with(key: &SigningKey, body: &[u8], timestamp: i64) -> Headers {
        let ts = timestamp.to_string();
        let signature = key.sign(&[ts.as_bytes(), body].concat());
        vec![
            ("x-signature-ed25519", hex(&signature.to_bytes())),
            ("x-signature-timestamp", ts),
        ]
    }

    async fn post(&self, body: Vec<u8>, headers: &[(&'static str, String)]) -> Answered {
        let mut req = self
            .client
            .post(format!("{}/interactions", self.url))
            .header("content-type", "application/json");
        for (name, value) in headers {
            req = req.header(*name, value);
        }
        let res = req.body(body).send().await.expect("the endpoint answers");
        let status = res.status().as_u16();
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = res.bytes().await.expect("a body").to_vec();
        Answered {
            status,
            content_type,
            body,
        }
    }

    /// POSTs `interaction` signed now, as Discord does, and records the answer on the stand-in.
    async fn interact(&self, interaction: &Value) -> Answered {
        let body = serde_json::to_vec(interaction).unwrap();
        let headers = Served::signed_with(&self.key, &body, unix_now());
        self.standin.sent_over_http(interaction);
        let answered = self.post(body, &headers).await;
        self.standin
            .answered_over_http(interaction, &answered.content_type, &answered.body);
        answered
    }

    fn slash(&self, name: &str, options: Value) -> Value {
        self.standin.slash_command(COMMAND_ID, name, options, USER)
    }

    async fn health(&self) -> (u16, Value) {
        let res = self
            .client
            .get(format!("{}/healthz", self.url))
            .send()
            .await
            .expect("healthz answers");
        let status = res.status().as_u16();
        let body = res.bytes().await.expect("healthz body");
        (status, serde_json::from_slice(&body).expect("healthz JSON"))
    }

    async fn stop(mut self) {
        if let Some(e) = self.endpoint.take() {
            tokio::time::timeout(STEP, e.stop())
                .await
                .expect("the endpoint stops in time");
        }
        assert!(
            self.standin.egress_attempts().is_empty(),
            "traffic tried to leave loopback"
        );
    }
}

fn ping() -> Value {
    json!({
        "id": "1300000000000000100",
        "application_id": "1300000000000000200",
        "type": 1,
        "token": "ping-token",
        "version": 1,
    })
}

fn text_of(v: &Value) -> String {
    v.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ping_gets_pong() {
    let served = Served::start().await;
    let body = serde_json::to_vec(&ping()).unwrap();
    let answered = served
        .post(
            body.clone(),
            &Served::signed_with(&served.key, &body, unix_now()),
        )
        .await;
    assert_eq!(answered.status, 200);
    assert_eq!(answered.json(), json!({ "type": 1 }));
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unsigned_stale_and_oversized_requests_are_refused_before_parsing() {
    let served = Served::start().await;
    // A PING, which the endpoint answers with PONG once it has read it: a 401 shows it did not.
    let body = serde_json::to_vec(&ping()).unwrap();
    let now = unix_now();

    let another = fresh_key();
    let wrong = served
        .post(body.clone(), &Served::signed_with(&another, &body, now))
        .await;
    assert_eq!(wrong.status, 401, "signed with another key");

    // Signed right, but over other bytes than the ones sent.
    let mut tampered = body.clone();
    tampered.push(b' ');
    let tampered = served
        .post(tampered, &Served::signed_with(&served.key, &body, now))
        .await;
    assert_eq!(tampered.status, 401, "a body changed after signing");

    let stale = served
        .post(
            body.clone(),
            &Served::signed_with(&served.key, &body, now - 3600),
        )
        .await;
    assert_eq!(stale.status, 401, "an hour-old timestamp, signed right");

    let mut headers = Served::signed_with(&served.key, &body, now);
    let missing_timestamp = served.post(body.clone(), &headers[..1]).await;
    assert_eq!(missing_timestamp.status, 401, "no timestamp header");
    headers.remove(0);
    let missing_signature = served.post(body.clone(), &headers).await;
    assert_eq!(missing_signature.status, 401, "no signature header");
    let neither = served.post(body.clone(), &[]).await;
    assert_eq!(neither.status, 401, "no headers at all");

    // Not JSON at all, unsigned: refused for its signature, never read as JSON (which is 400).
    let garbage = b"{not json".to_vec();
    let unparsed = served
        .post(
            garbage.clone(),
            &Served::signed_with(&another, &garbage, now),
        )
        .await;
    assert_eq!(unparsed.status, 401);

    // A signed interaction padded past the cap: 413, and the command is never run.
    let mut big = served.slash(
        "who",
        json!([{ "name": "name", "type": 3, "value": "Karasin" }]),
    );
    big["padding"] = json!("x".repeat(300 * 1024));
    let big_body = serde_json::to_vec(&big).unwrap();
    let oversized = served
        .post(
            big_body.clone(),
            &Served::signed_with(&served.key, &big_body, now),
        )
        .await;
    assert_eq!(oversized.status, 413);

    for refused in [
        &wrong,
        &tampered,
        &stale,
        &missing_timestamp,
        &missing_signature,
        &neither,
        &unparsed,
        &oversized,
    ] {
        assert!(
            !String::from_utf8_lossy(&refused.body).contains("\"type\""),
            "a refusal says nothing of the interaction"
        );
    }
    // Nothing reached the stand-in for any of them: no callback, no edit.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        served
            .standin
            .requests()
            .iter()
            .all(|r| !r.path.contains("/interactions/") && !r.path.contains("/webhooks/")),
        "a refused request was acted on"
    );
    // The same PING, signed right, is answered: the refusals were for the signature.
    let ok = served
        .post(body.clone(), &Served::signed_with(&served.key, &body, now))
        .await;
    assert_eq!(ok.status, 200);
    served.stop().await;
}

/// Reads what the endpoint sends on `stream` until it closes the connection or `within` passes:
/// the bytes, and whether it closed.
async fn read_until_closed(stream: &mut tokio::net::TcpStream, within: Duration) -> (String, bool) {
    use tokio::io::AsyncReadExt;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&got).into(), true),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => return (String::from_utf8_lossy(&got).into(), false),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_body_or_headers_sent_too_slowly_are_cut_off_and_never_run() {
    use tokio::io::AsyncWriteExt;
    let served = Served::start().await;
    let addr = served.url.trim_start_matches("http://").to_string();
    let who = served.slash(
        "who",
        json!([{ "name": "name", "type": 3, "value": "Karasin" }]),
    );
    let body = serde_json::to_vec(&who).unwrap();
    let mut head = format!(
        "POST /interactions HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n",
        body.len()
    );
    for (name, value) in Served::signed_with(&served.key, &body, unix_now()) {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");

    // Signed headers, then half the body, then nothing: 408 once the body's time is up.
    let mut slow_body = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow_body.write_all(head.as_bytes()).await.unwrap();
    slow_body.write_all(&body[..body.len() / 2]).await.unwrap();
    let started = Instant::now();
    let (said, _) = read_until_closed(&mut slow_body, Duration::from_secs(6)).await;
    let took = started.elapsed();
    assert!(said.starts_with("HTTP/1.1 408"), "{said:?}");
    assert!(
        took >= Duration::from_millis(1_500) && took < Duration::from_secs(4),
        "cut off after about 2 s: {took:?}"
    );

    // Half a request line and a header, then nothing: the connection is closed once the headers'
    // time is up, whatever comes.
    let mut slow_head = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow_head
        .write_all(format!("POST /interactions HTTP/1.1\r\nHost: {addr}\r\n").as_bytes())
        .await
        .unwrap();
    let started = Instant::now();
    let (said, closed) = read_until_closed(&mut slow_head, Duration::from_secs(10)).await;
    let took = started.elapsed();
    assert!(closed, "the connection is closed: {said:?}");
    assert!(
        took >= Duration::from_secs(4) && took < Duration::from_secs(8),
        "closed after about 5 s: {took:?}"
    );
    assert!(!said.contains("\"type\""), "{said:?}");

    // Neither ran: nothing reached the stand-in; the same request sent whole is answered.
    assert!(
        served
            .standin
            .requests()
            .iter()
            .all(|r| !r.path.contains("/interactions/") && !r.path.contains("/webhooks/")),
        "a cut-off request was acted on"
    );
    let answered = served.interact(&who).await;
    assert_eq!(answered.status, 200);
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_slash_command_is_answered_in_the_response_body() {
    let served = Served::start().await;
    let i = served.slash(
        "who",
        json!([{ "name": "name", "type": 3, "value": "Karasin" }]),
    );
    let answered = served.interact(&i).await;
    assert_eq!(answered.status, 200);
    let response = answered.json();
    let kind = response["type"].as_u64();
    let text = if kind == Some(4) {
        check_limits(&response["data"]);
        assert_eq!(response["data"]["allowed_mentions"]["parse"], json!([]));
        text_of(&response["data"])
    } else {
        // A machine this loaded answers late: deferred, then edited in by REST.
        assert_eq!(kind, Some(5), "answered or deferred: {response}");
        let edit = wait_for_edit(&served, &i).await;
        text_of(edit.body.as_ref().unwrap())
    };
    assert!(text.contains("Grigory Karasin"), "{text}");
    // The stand-in took the body as the interaction's callback.
    let cb = served
        .standin
        .wait_for_callback(&i, STEP)
        .await
        .expect("recorded");
    assert_eq!(cb.status, 204);
    let (status, health) = served.health().await;
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    served.stop().await;
}

/// The `PATCH …/messages/@original` that edits `i`'s deferred answer in.
async fn wait_for_edit(served: &Served, i: &Value) -> CapturedRequest {
    let original = format!(
        "/api/v10/webhooks/{}/{}/messages/@original",
        served.standin.config().application_id,
        i["token"].as_str().unwrap()
    );
    let edit = served
        .standin
        .wait_for_request(|r| r.is("PATCH", &original), Duration::from_secs(60))
        .await
        .expect("the answer is edited in");
    assert_eq!(edit.status, 200, "the stand-in took the edit");
    edit
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_slow_answer_is_deferred_then_delivered_to_the_standin() {
    let data = common::temp_data_dir();
    let mut settings = common::settings(data.path());
    settings.answers.test_delay_ms = Some(3000);
    let engine = tokio::task::spawn_blocking(move || Engine::open(&settings).map(|(e, _)| e))
        .await
        .unwrap()
        .expect("engine opens");
    let served = Served::start_with(Arc::new(engine), data, |_| {}).await;
    let i = served.slash(
        "who",
        json!([{ "name": "name", "type": 3, "value": "Karasin" }]),
    );
    let started = Instant::now();
    let answered = served.interact(&i).await;
    let took = started.elapsed();
    assert_eq!(answered.status, 200);
    assert_eq!(answered.json()["type"], 5, "deferred");
    assert!(
        took < Duration::from_secs(3),
        "deferred within Discord's 3 s: {took:?}"
    );
    let edit = wait_for_edit(&served, &i).await;
    let body = edit.body.clone().expect("edit body");
    check_limits(&body);
    assert!(text_of(&body).contains("Grigory Karasin"));
    assert_eq!(body["allowed_mentions"]["parse"], json!([]));

    // A slow timeline: the picture comes with the edit, as a file.
    let t = served.slash("timeline", json!([]));
    let answered = served.interact(&t).await;
    assert_eq!(answered.json()["type"], 5);
    let edit = wait_for_edit(&served, &t).await;
    let files = edit.files();
    assert_eq!(files.len(), 1, "the edit carries the picture");
    assert_eq!(common::timeline_markers(&files[0].bytes), 25);
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_picture_in_the_first_response_comes_as_a_multipart_body() {
    let served = Served::start().await;
    let t = served.slash("timeline", json!([]));
    let answered = served.interact(&t).await;
    assert_eq!(answered.status, 200);
    let response = answered.json();
    let files = if response["type"] == 4 {
        assert!(
            answered.content_type.starts_with("multipart/form-data"),
            "{}",
            answered.content_type
        );
        assert_eq!(
            response["data"]["attachments"][0]["filename"],
            "timeline.png"
        );
        served
            .standin
            .wait_for_callback(&t, STEP)
            .await
            .expect("recorded")
            .files()
    } else {
        assert_eq!(response["type"], 5);
        wait_for_edit(&served, &t).await.files()
    };
    assert_eq!(files.len(), 1);
    assert_eq!(common::timeline_markers(&files[0].bytes), 25);
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_signed_interactions_at_once_are_all_answered_within_three_seconds() {
    let served = Arc::new(Served::start().await);
    // Warm the engine's caches and the connection path once.
    let warm = served.slash(
        "when",
        json!([{ "name": "query", "type": 3, "value": "1956" }]),
    );
    assert_eq!(served.interact(&warm).await.status, 200);

    let names = ["Karasin", "Lavrov", "Abe", "Putin", "Kono"];
    let interactions: Vec<Value> = (0..200)
        .map(|n| {
            served.slash(
                "who",
                json!([{ "name": "name", "type": 3, "value": names[n % names.len()] }]),
            )
        })
        .collect();
    // Signed beforehand, as Discord's requests arrive signed.
    let signed: Vec<(Value, Vec<u8>, Headers)> = interactions
        .into_iter()
        .map(|i| {
            let body = serde_json::to_vec(&i).unwrap();
            let headers = Served::signed_with(&served.key, &body, unix_now());
            (i, body, headers)
        })
        .collect();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, body, headers) in signed {
        let served = Arc::clone(&served);
        tasks.spawn(async move {
            served.standin.sent_over_http(&i);
            let answered = served.post(body, &headers).await;
            let at = started.elapsed();
            served
                .standin
                .answered_over_http(&i, &answered.content_type, &answered.body);
            (i, answered, at)
        });
    }
    let mut deferred = Vec::new();
    let mut slowest = Duration::ZERO;
    let mut answered_count = 0;
    let all = async {
        while let Some(done) = tasks.join_next().await {
            let (i, answered, at) = done.expect("a request task");
            assert_eq!(answered.status, 200);
            let kind = answered.json()["type"].as_u64();
            assert!(
                matches!(kind, Some(4 | 5)),
                "answered or deferred: {kind:?}"
            );
            if kind == Some(5) {
                deferred.push(i);
            }
            slowest = slowest.max(at);
            answered_count += 1;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), all)
        .await
        .expect("every request is answered (bounded)");
    eprintln!(
        "200 at once: slowest answered after {slowest:?}, {} deferred",
        deferred.len()
    );
    assert_eq!(answered_count, 200);
    assert!(
        slowest < Duration::from_secs(3),
        "every interaction answered within Discord's 3 s; the slowest took {slowest:?}"
    );
    // A deferred one gets its answer too.
    for i in &deferred {
        let edit = wait_for_edit(&served, i).await;
        assert!(edit.body.as_ref().unwrap()["embeds"].is_array());
    }
    let served = Arc::into_inner(served).expect("no request task holds it");
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn healthz_says_whether_the_index_is_open_and_the_store_reachable() {
    let standin = StandIn::start().await;
    let key = fresh_key();
    let data = common::temp_data_dir();
    let mut settings = common::settings(data.path());
    settings.discord.token = "test-token".into();
    settings.discord.http_proxy = standin.base_url();
    settings.discord.http_listen = Some("127.0.0.1:0".parse().unwrap());
    settings.discord.public_key = Some(PublicKey(key.verifying_key().to_bytes()));
    let store = treatybot::discord::open_store(&settings).await.unwrap();
    let endpoint = Endpoint::start(&settings, Arc::clone(&store))
        .await
        .unwrap();
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(STEP)
        .build()
        .unwrap();
    let url = format!("http://{}/healthz", endpoint.local_addr());
    // Listening, the index not open yet.
    let res = client.get(&url).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 503);
    let body: Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(body["reason"], "the index is opening");
    // An interaction meanwhile is refused, not half answered.
    let i = standin.slash_command(COMMAND_ID, "help", json!([]), USER);
    let raw = serde_json::to_vec(&i).unwrap();
    let mut req = client.post(format!("http://{}/", endpoint.local_addr()));
    for (k, v) in Served::signed_with(&key, &raw, unix_now()) {
        req = req.header(k, v);
    }
    assert_eq!(req.body(raw).send().await.unwrap().status().as_u16(), 503);

    endpoint
        .ready(
            &settings,
            common::shared_engine(),
            store,
            Some(standin.loopback_only_client()),
        )
        .await
        .unwrap();
    let res = client.get(&url).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let body: Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(body["status"], "ok");
    // Only GET, and nothing else is served.
    let post = client.post(&url).send().await.unwrap();
    assert_eq!(post.status().as_u16(), 405);
    let other = client
        .get(format!("http://{}/status", endpoint.local_addr()))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status().as_u16(), 404);
    tokio::time::timeout(STEP, endpoint.stop()).await.unwrap();
}

/// The text a member reads for `i`: the body's message, or the edit a deferral was followed by.
async fn read_by_member(served: &Served, i: &Value, answered: &Answered) -> String {
    let response = answered.json();
    match response["type"].as_u64() {
        Some(4) => text_of(&response["data"]),
        Some(5) => text_of(wait_for_edit(served, i).await.body.as_ref().unwrap()),
        other => panic!("not an answer: {other:?} {response}"),
    }
}

fn quiz(sub: &str) -> Value {
    json!([{ "name": sub, "type": 1, "options": [] }])
}

const OTHER_PLAYER: u64 = 1_300_000_000_000_000_778;
const OTHER_CHANNEL: u64 = 1_300_000_000_000_000_779;

/// `i` as sent from `channel` of the same server.
fn in_channel(mut i: Value, channel: u64) -> Value {
    i["channel_id"] = json!(channel.to_string());
    i["channel"]["id"] = json!(channel.to_string());
    i
}

/// The answer buttons' custom ids (`tb:qz:QUIZ:QUESTION:CHOICE`) of the first quiz question
/// posted in the stand-in's channel.
async fn quiz_buttons(served: &Served) -> Vec<String> {
    let path = format!(
        "/api/v10/channels/{}/messages",
        served.standin.config().channel_id
    );
    let asked = served
        .standin
        .wait_for_request(
            |r| {
                r.is("POST", &path)
                    && r.body
                        .as_ref()
                        .is_some_and(|b| b["components"][0]["components"].is_array())
            },
            STEP,
        )
        .await
        .expect("a question is posted");
    asked.body.unwrap()["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn while_the_store_is_down_commands_that_need_it_say_try_again_and_work_once_it_is_back() {
    // A private PostgreSQL on loopback; starting and stopping it is blocking work.
    let (cluster, url) = common::postgres::PgCluster::start_with_database("quiz").await;
    let cluster = Arc::new(cluster);
    let served = Served::start_with(common::shared_engine(), common::temp_data_dir(), |s| {
        s.database.url = url.clone();
    })
    .await;
    let me = served.slash("quiz", quiz("me"));
    let text = read_by_member(&served, &me, &served.interact(&me).await).await;
    assert!(!text.contains("try again"), "the store is up: {text}");

    // A quiz running when the store goes away (one question open for two minutes), answered by
    // this member before it does.
    let start = served.slash(
        "quiz",
        json!([{ "name": "start", "type": 1, "options": [
            { "name": "questions", "type": 4, "value": 1 },
            { "name": "seconds", "type": 4, "value": 120 },
        ] }]),
    );
    let started = read_by_member(&served, &start, &served.interact(&start).await).await;
    assert!(!started.contains("try again"), "{started}");
    let buttons = quiz_buttons(&served).await;
    let quiz_id: i64 = buttons[0].split(':').nth(2).unwrap().parse().unwrap();
    // The question opens once its message is posted: wait for the store to say so.
    let opened = tokio::task::spawn_blocking({
        let url = url.clone();
        move || {
            use treatybot::quiz::QuizStore;
            let store = treatybot::quiz::PostgresStore::connect(&url).unwrap();
            let deadline = Instant::now() + STEP;
            while Instant::now() < deadline {
                if store.open_question(quiz_id).unwrap().is_some() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            false
        }
    })
    .await
    .unwrap();
    assert!(opened, "the question opens");
    let click = |user: u64, n: usize| served.standin.component_click(&buttons[n], 42, user);
    let mine = click(USER, 0);
    let said = read_by_member(&served, &mine, &served.interact(&mine).await).await;
    assert!(said.contains("Your answer is in"), "{said}");
    let me = served.slash("quiz", quiz("me"));
    let me_before = read_by_member(&served, &me, &served.interact(&me).await).await;
    assert_ne!(me_before, text, "the answer is on the member's record");

    let stopping = Arc::clone(&cluster);
    tokio::task::spawn_blocking(move || stopping.stop())
        .await
        .unwrap();
    // A click on the running quiz cannot be recorded: "try again", and it is not held as
    // answered, so the same click counts once the store is back.
    let theirs = click(OTHER_PLAYER, 1);
    let said = read_by_member(&served, &theirs, &served.interact(&theirs).await).await;
    assert!(said.contains("try again in a moment"), "{said}");
    for sub in ["me", "leaderboard", "start"] {
        // `/quiz start` in another channel (this one has its quiz).
        let i = in_channel(served.slash("quiz", quiz(sub)), OTHER_CHANNEL);
        let started = Instant::now();
        let answered = served.interact(&i).await;
        let took = started.elapsed();
        assert_eq!(answered.status, 200);
        assert!(
            took < Duration::from_secs(3),
            "/quiz {sub} answered within Discord's 3 s while the store is down: {took:?}"
        );
        let text = read_by_member(&served, &i, &answered).await;
        assert!(
            text.contains("try again in a moment"),
            "/quiz {sub} with the store down: {text}"
        );
        assert!(
            !text.contains("127.0.0.1") && !text.contains("postgres"),
            "{text}"
        );
    }
    // A health check made after the store went away says so (checks are reused for 1 s).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, health) = served.health().await;
    assert_eq!(status, 503);
    assert_eq!(health["reason"], "the quiz store is unreachable");
    assert!(!health.to_string().contains("127.0.0.1"));
    // Answers need no store: still given.
    let who = served.slash(
        "who",
        json!([{ "name": "name", "type": 3, "value": "Karasin" }]),
    );
    let answered = served.interact(&who).await;
    assert!(read_by_member(&served, &who, &answered)
        .await
        .contains("Grigory Karasin"));

    let starting = Arc::clone(&cluster);
    tokio::task::spawn_blocking(move || starting.restart())
        .await
        .unwrap();
    // The store reconnects by itself: within a bounded number of tries, /quiz me works again.
    let deadline = Instant::now() + Duration::from_secs(20);
    let text = loop {
        let i = served.slash("quiz", quiz("me"));
        let text = read_by_member(&served, &i, &served.interact(&i).await).await;
        if !text.contains("try again") || Instant::now() > deadline {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(!text.contains("try again"), "the store is back: {text}");
    assert_eq!(text, me_before, "the member's record is as it was");
    let theirs = click(OTHER_PLAYER, 1);
    let said = read_by_member(&served, &theirs, &served.interact(&theirs).await).await;
    assert!(said.contains("Your answer is in"), "{said}");
    let again = click(USER, 1);
    let said = read_by_member(&served, &again, &served.interact(&again).await).await;
    assert!(said.contains("already answered"), "{said}");
    let kept = tokio::task::spawn_blocking({
        let url = url.clone();
        move || {
            use treatybot::quiz::QuizStore;
            let store = treatybot::quiz::PostgresStore::connect(&url).unwrap();
            store.answers(quiz_id, 0).unwrap()
        }
    })
    .await
    .unwrap();
    assert_eq!(
        kept.iter()
            .map(|a| (a.user_id, a.choice))
            .collect::<Vec<_>>(),
        [(USER, 0), (OTHER_PLAYER, 1)],
        "both answers, each once"
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(served.health().await.0, 200);
    served.stop().await;
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
}

#[path = "common/serve_process.rs"]
mod serve_process;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn serve_with_http_listen_answers_signed_requests_and_stops_on_sigterm() {
    use std::io::BufRead;
    let standin = StandIn::start().await;
    let data = common::temp_data_dir();
    let key = fresh_key();
    let public = hex(&key.verifying_key().to_bytes());
    let mut child = serve_process::serve_process_with(
        &standin,
        data.path(),
        &[
            ("RUST_LOG", "treatybot=info"),
            ("TREATYBOT__DISCORD__HTTP_LISTEN", "127.0.0.1:0"),
            ("TREATYBOT__DISCORD__PUBLIC_KEY", &public),
        ],
    );
    let (lines_tx, mut lines) = tokio::sync::mpsc::unbounded_channel();
    let pipe = child.stderr.take().expect("stderr is piped");
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let port = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.recv().await {
            if line.contains("serving the interactions endpoint") {
                return served_port(&line);
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
    .expect("serve says where it listens");
    let url = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(STEP)
        .build()
        .unwrap();
    // Listening at once; healthy once the index is open (built here on first start).
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let status = client
            .get(format!("{url}/healthz"))
            .send()
            .await
            .unwrap()
            .status();
        if status == 200 {
            break;
        }
        assert_eq!(status, 503, "not ready yet");
        assert!(Instant::now() < deadline, "serve never became healthy");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let i = standin.slash_command(
        COMMAND_ID,
        "who",
        json!([{ "name": "name", "type": 3, "value": "Karasin" }]),
        USER,
    );
    let body = serde_json::to_vec(&i).unwrap();
    let mut req = client.post(format!("{url}/interactions"));
    for (k, v) in Served::signed_with(&key, &body, unix_now()) {
        req = req.header(k, v);
    }
    let res = req.body(body).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let answer: Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert!(matches!(answer["type"].as_u64(), Some(4 | 5)), "{answer}");
    // No gateway connection is made: Discord brings every interaction.
    assert_eq!(standin.gateway_connections(), 0);

    let sent = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = serve_process::wait_exit(&mut child, Duration::from_secs(5)).await;
    if status.is_none() {
        let _ = child.kill();
    }
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(0),
        "exit 0 after SIGTERM"
    );
    assert!(standin.egress_attempts().is_empty());
}

#[test]
fn serve_http_without_a_public_key_says_which_variable_to_set() {
    let data = common::temp_data_dir();
    let out = common::treatybot_command(data.path())
        .args(["serve", "--http", "127.0.0.1:0"])
        .env("TREATYBOT__DISCORD__TOKEN", "test-token")
        .env_remove("TREATYBOT__DISCORD__PUBLIC_KEY")
        .output()
        .expect("treatybot runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("TREATYBOT__DISCORD__PUBLIC_KEY"), "{err}");

    let bad = common::treatybot_command(data.path())
        .args(["serve"])
        .env("TREATYBOT__DISCORD__TOKEN", "test-token")
        .env("TREATYBOT__DISCORD__HTTP_LISTEN", "127.0.0.1:0")
        .env("TREATYBOT__DISCORD__PUBLIC_KEY", "not-hex")
        .output()
        .expect("treatybot runs");
    assert_ne!(bad.status.code(), Some(0));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("public_key"), "the bad key is named: {err}");
}

/// A loopback TCP relay in front of the store that can be frozen: while frozen it passes no byte
/// either way and keeps every connection open, as a server that stopped answering would.
struct Relay {
    port: u16,
    frozen: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    async fn to(upstream: u16) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (frozen, watch) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(async move {
            let mut pumps = tokio::task::JoinSet::new();
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = tokio::net::TcpStream::connect(("127.0.0.1", upstream)).await
                else {
                    continue;
                };
                let (cr, cw) = client.into_split();
                let (sr, sw) = server.into_split();
                pumps.spawn(pump(cr, sw, watch.clone()));
                pumps.spawn(pump(sr, cw, watch.clone()));
            }
        });
        Relay { port, frozen, task }
    }

    fn freeze(&self, frozen: bool) {
        self.frozen.send_replace(frozen);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        // Dropping the accept loop's JoinSet aborts every pump with it.
        self.task.abort();
    }
}

/// Copies `from` to `to`, holding each read while frozen.
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    mut frozen: tokio::sync::watch::Receiver<bool>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if frozen.wait_for(|f| !*f).await.is_err() {
            return;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_store_that_stops_answering_never_holds_an_interaction_past_three_seconds() {
    let (cluster, url) = common::postgres::PgCluster::start_with_database("quiz").await;
    let relay = Relay::to(cluster.port()).await;
    let url = url.replace(
        &format!(":{}/", cluster.port()),
        &format!(":{}/", relay.port),
    );
    let served = Served::start_with(common::shared_engine(), common::temp_data_dir(), |s| {
        s.database.url = url.clone();
    })
    .await;
    let me = served.slash("quiz", quiz("me"));
    let text = read_by_member(&served, &me, &served.interact(&me).await).await;
    assert!(!text.contains("try again"), "the store answers: {text}");

    relay.freeze(true);
    // The leaderboard reads the store more than once: each read may wait 2.5 s, so the endpoint
    // defers by itself and the reply follows by REST.
    for sub in ["leaderboard", "me"] {
        let i = served.slash("quiz", quiz(sub));
        let started = Instant::now();
        let answered = served.interact(&i).await;
        let took = started.elapsed();
        assert_eq!(answered.status, 200);
        assert!(
            took < Duration::from_secs(3),
            "/quiz {sub} answered within Discord's 3 s while the store hangs: {took:?}"
        );
        let text = read_by_member(&served, &i, &answered).await;
        assert!(
            text.contains("try again in a moment"),
            "/quiz {sub} with the store hanging: {text}"
        );
    }
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let started = Instant::now();
    let (status, health) = served.health().await;
    assert_eq!(status, 503, "{health}");
    assert!(started.elapsed() < Duration::from_secs(3));

    relay.freeze(false);
    let deadline = Instant::now() + Duration::from_secs(30);
    let text = loop {
        let i = served.slash("quiz", quiz("me"));
        let text = read_by_member(&served, &i, &served.interact(&i).await).await;
        if !text.contains("try again") || Instant::now() > deadline {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(
        !text.contains("try again"),
        "the store answers again: {text}"
    );
    served.stop().await;
    drop(relay);
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
}
