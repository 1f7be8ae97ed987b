//! Interactions per second through the HTTP interactions endpoint (`serve --http`), one process,
//! at p99 under 100 ms: signed POSTs over loopback from `C` clients at once, each sending its
//! next request when the last is answered, for a few seconds per `C`. Baselines in the same run:
//! a signed PING (the endpoint's own cost: HTTP, signature, parsing) and the engine answering the
//! same commands directly on the blocking pool with the same concurrency.
//!
//! Run: `cargo bench --bench http_endpoint` (`HTTP_BENCH_SECONDS` per step, default 5).
//! Everything runs on 127.0.0.1; the answers are the bodies (no REST call is needed).

#[path = "common/cases.rs"]
mod cases;
#[path = "../tests/common/discord_standin.rs"]
mod discord_standin;
#[path = "common/load.rs"]
mod load;

use std::sync::Arc;

use discord_standin::StandIn;
use ed25519_dalek::{Signer, SigningKey};
use load::{best_under_aim, closed_loop, report, step_seconds};
use serde_json::{json, Value};
use treatybot::config::PublicKey;
use treatybot::discord::http::Endpoint;
use treatybot::engine::{Command, Engine};

const CONCURRENCY: [usize; 5] = [1, 2, 4, 8, 16];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let seconds = step_seconds("HTTP_BENCH_SECONDS", 5);
    let data = tempfile::tempdir().expect("temp dir");
    let mut s = cases::settings(data.path());
    let engine = Arc::new(Engine::open(&s).expect("engine").0);
    let standin = StandIn::start().await;
    let key = SigningKey::from_bytes(&[7u8; 32]);
    s.discord.token = "bench-token".into();
    s.discord.http_proxy = standin.base_url();
    s.discord.guild_ids = vec![standin.config().guild_id];
    s.discord.http_listen = Some("127.0.0.1:0".parse().unwrap());
    s.discord.public_key = Some(PublicKey(key.verifying_key().to_bytes()));
    let store = treatybot::discord::open_store(&s).await.expect("store");
    let endpoint = Endpoint::start(&s, Arc::clone(&store))
        .await
        .expect("endpoint");
    let url = format!("http://{}/interactions", endpoint.local_addr());
    endpoint
        .ready(
            &s,
            Arc::clone(&engine),
            store,
            Some(standin.loopback_only_client()),
        )
        .await
        .expect("ready");

    // Requests signed once (Discord signs on its side); a timestamp stays fresh for minutes.
    let sign = |v: &Value| {
        let body = serde_json::to_vec(v).unwrap();
        let ts = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        let sig = hex(&key.sign(&[ts.as_bytes(), &body].concat()).to_bytes());
        (body, ts, sig)
    };
    let ping = Arc::new(sign(&json!({
        "id": "1", "application_id": standin.config().application_id.to_string(),
        "type": 1, "token": "t", "version": 1,
    })));
    let commands: Arc<Vec<_>> = Arc::new(
        cases::SLASH
            .iter()
            .map(|(name, option, value)| {
                sign(&standin.slash_command(
                    1,
                    name,
                    json!([{ "name": option, "type": 3, "value": value }]),
                    42,
                ))
            })
            .collect(),
    );
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();
    let post = {
        let url = url.clone();
        move |client: reqwest::Client, signed: (Vec<u8>, String, String)| {
            let url = url.clone();
            async move {
                let res = client
                    .post(&url)
                    .header("x-signature-ed25519", signed.2)
                    .header("x-signature-timestamp", signed.1)
                    .body(signed.0)
                    .send()
                    .await
                    .expect("answered");
                assert_eq!(res.status(), 200);
                let body = res.bytes().await.expect("body");
                assert!(!body.is_empty());
            }
        }
    };
    // Warm up: every command once.
    for signed in commands.iter() {
        post(client.clone(), signed.clone()).await;
    }

    println!("HTTP interactions endpoint, one process, 2 runtime threads; {seconds:?} a step");
    let mut steps = Vec::new();
    for c in CONCURRENCY {
        let (times, wall) = {
            let (client, ping, post) = (client.clone(), Arc::clone(&ping), post.clone());
            closed_loop(c, seconds, move |_| post(client.clone(), (*ping).clone())).await
        };
        let pinged = report("ping", c, times, wall);

        let (times, wall) = {
            let (client, commands, post) = (client.clone(), Arc::clone(&commands), post.clone());
            closed_loop(c, seconds, move |n| {
                post(client.clone(), commands[n % commands.len()].clone())
            })
            .await
        };
        let served = report("endpoint", c, times, wall);

        let (times, wall) = {
            let engine = Arc::clone(&engine);
            closed_loop(c, seconds, move |n| {
                let engine = Arc::clone(&engine);
                async move {
                    let (kind, _, value) = cases::SLASH[n % cases::SLASH.len()];
                    tokio::task::spawn_blocking(move || {
                        let command = Command::parse(&format!("/{kind} {value}"), 200).unwrap();
                        let answer = engine
                            .seen_by(treatybot::engine::Audience::server(
                                treatybot::engine::ServerId(1),
                            ))
                            .answer(&command)
                            .unwrap();
                        // The endpoint draws a picture for answers with enough dated events.
                        let _ = treatybot::picture::drawing(&answer, treatybot::present::Lang::En)
                            .map(|d| treatybot::picture::render(&d));
                    })
                    .await
                    .unwrap();
                }
            })
            .await
        };
        let direct = report("engine", c, times, wall);
        println!(
            "           C={c:<3} endpoint/engine throughput {:.2}, p99 ratio {:.2}; ping {:.0}/s",
            served.per_second / direct.per_second,
            served.p99.as_secs_f64() / direct.p99.as_secs_f64(),
            pinged.per_second
        );
        steps.push((c, served));
    }
    match best_under_aim(&steps) {
        Some((c, best)) => println!(
            "best at p99 < 100 ms: {:.1} interactions/s with {c} at once (p99 {:.2?})",
            best.per_second, best.p99
        ),
        None => println!("no step kept p99 under 100 ms"),
    }
    endpoint.stop().await;
}
