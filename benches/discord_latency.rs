//! Time from interaction dispatch to the bot's callback on the Discord stand-in, and the bot's
//! resident memory once ready, next to the engine answering the same commands directly.
//!
//! Run: `cargo bench --bench discord_latency` (set `LATENCY_ROUNDS` for more than 200).
//! Everything runs on 127.0.0.1.

#[path = "common/cases.rs"]
mod cases;
#[path = "../tests/common/discord_standin.rs"]
mod discord_standin;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use discord_standin::StandIn;
use serde_json::json;
use treatybot::discord::Bot;
use treatybot::engine::{Command, Engine};

const STEP: Duration = Duration::from_secs(20);

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn summary(name: &str, mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let (median, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
    println!(
        "{name:<34} n={:<5} median {:>9.1?}  p99 {:>9.1?}",
        times.len(),
        median,
        p99
    );
    (median, p99)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rounds: usize = std::env::var("LATENCY_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let data = tempfile::tempdir().expect("temp dir");
    let mut s = cases::settings(data.path());
    let engine = Arc::new(Engine::open(&s).expect("engine").0);

    // Baseline in the same run: the engine answering the same commands with no Discord at all.
    let mut direct = Vec::new();
    for n in 0..rounds {
        let (kind, _, q) = cases::SLASH[n % cases::SLASH.len()];
        let cmd = Command::parse(&format!("/{kind} {q}"), 200).expect("command");
        let t = Instant::now();
        engine
            .seen_by(treatybot::engine::Audience::SHARED)
            .answer(&cmd)
            .expect("answer");
        direct.push(t.elapsed());
    }

    let standin = StandIn::start().await;
    s.discord.token = "bench-token".into();
    s.discord.http_proxy = standin.base_url();
    s.discord.guild_ids = vec![standin.config().guild_id];
    let bot = Bot::connect(
        &s,
        Arc::clone(&engine),
        Some(standin.loopback_only_client()),
    )
    .await
    .expect("bot connects");
    assert_eq!(
        bot.gateway_url().await,
        standin.gateway_url(),
        "loopback gateway only"
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bot.run_until(async {
        let _ = stopped.await;
    }));
    standin.wait_ready(STEP).await.expect("ready");

    let mut via_discord = Vec::new();
    for n in 0..rounds {
        let (kind, option, q) = cases::SLASH[n % cases::SLASH.len()];
        let i = standin.slash_command(
            1,
            kind,
            json!([{ "name": option, "type": 3, "value": q }]),
            7,
        );
        let t = Instant::now();
        standin
            .dispatch("INTERACTION_CREATE", i.clone())
            .await
            .expect("dispatch");
        let cb = standin.wait_for_callback(&i, STEP).await.expect("callback");
        via_discord.push(cb.received_at.duration_since(t));
    }
    let _ = stop.send(());
    let _ = tokio::time::timeout(STEP, task).await;

    println!("treatybot Discord latency on the stand-in (127.0.0.1), {rounds} interactions, 5 command kinds");
    let (dm, dp) = summary("engine.answer (baseline)", direct);
    let (vm, vp) = summary("dispatch -> callback", via_discord);
    println!(
        "ratio to baseline: median {:.1}x, p99 {:.1}x",
        vm.as_secs_f64() / dm.as_secs_f64(),
        vp.as_secs_f64() / dp.as_secs_f64()
    );

    // Resident memory of `treatybot serve` as its own process once READY, next to `treatybot ask`.
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/treatybot");
    if !bin.exists() {
        println!(
            "(build the release binary with `cargo build --release` to measure resident memory)"
        );
        return;
    }
    let standin = StandIn::start().await;
    let mut child = std::process::Command::new(&bin)
        .arg("serve")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TREATYBOT__DATA_DIR", data.path())
        .env("TREATYBOT__DISCORD__TOKEN", "bench-token")
        .env("TREATYBOT__DISCORD__HTTP_PROXY", standin.base_url())
        .env(
            "TREATYBOT__DISCORD__GUILD_IDS",
            standin.config().guild_id.to_string(),
        )
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve starts");
    let ready = standin.wait_ready(STEP).await.is_ok();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let serve_rss = rss_kib(child.id());
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    // Baseline: the command line with the same engine open, after answering one command.
    let cli_rss = cli_rss_kib(&bin, data.path());
    match (ready, serve_rss, cli_rss) {
        (true, Some(rss), Some(cli)) => println!(
            "resident memory once ready: treatybot serve {rss} KiB, treatybot ask {cli} KiB (ratio {:.2}x)",
            rss as f64 / cli as f64
        ),
        _ => println!("could not measure resident memory (ready: {ready})"),
    }
}

/// Resident memory of `treatybot ask --json -` after it has answered one line.
fn cli_rss_kib(bin: &Path, data: &Path) -> Option<u64> {
    use std::io::{BufRead, Write};
    let mut child = std::process::Command::new(bin)
        .args(["ask", "--json", "-"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TREATYBOT__DATA_DIR", data)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    writeln!(stdin, "/who Karasin").ok()?;
    stdin.flush().ok()?;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take()?)
        .read_line(&mut line)
        .ok()?;
    let rss = rss_kib(child.id());
    drop(stdin);
    let _ = child.wait();
    rss
}
