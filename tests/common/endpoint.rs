//! `treatybot serve` as its own process serving the HTTP interactions endpoint, and requests
//! signed as Discord signs them (a key pair made per run). Include beside `common`,
//! `discord_standin` and `serve_process` (as `#[path]` modules of the test crate).
#![allow(dead_code)]

use std::io::{BufRead, Read};
use std::time::{Duration, Instant};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;

use crate::discord_standin::StandIn;

/// A key pair of this run's own: 32 bytes from the system's random source.
pub fn fresh_key() -> SigningKey {
    let mut seed = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut seed))
        .expect("random bytes");
    SigningKey::from_bytes(&seed)
}

/// Bytes as lower-case hex, as the developer portal shows a public key.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The signature and timestamp headers for `body` at `timestamp`, signed with `key`.
pub fn signed_with(key: &SigningKey, body: &[u8], timestamp: i64) -> Vec<(&'static str, String)> {
    let ts = timestamp.to_string();
    let signature = key.sign(&[ts.as_bytes(), body].concat());
    vec![
        ("x-signature-ed25519", hex(&signature.to_bytes())),
        ("x-signature-timestamp", ts),
    ]
}

/// A `serve` process with the endpoint on a port of its choosing, its REST calls going to the
/// stand-in. Killed (SIGKILL) when dropped, if still running.
pub struct EndpointProcess {
    /// The process.
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    key: SigningKey,
    client: reqwest::Client,
}

impl EndpointProcess {
    /// Starts `serve` with the endpoint, signing for `key`, with more environment `env`, and
    /// waits until it says where it listens and `/healthz` says it is ready (`within`).
    pub async fn start(
        standin: &StandIn,
        data: &std::path::Path,
        key: &SigningKey,
        env: &[(&str, &str)],
        within: Duration,
    ) -> EndpointProcess {
        let public = hex(&key.verifying_key().to_bytes());
        let mut all = vec![
            ("RUST_LOG", "treatybot=info"),
            ("TREATYBOT__DISCORD__HTTP_LISTEN", "127.0.0.1:0"),
            ("TREATYBOT__DISCORD__PUBLIC_KEY", public.as_str()),
        ];
        all.extend_from_slice(env);
        let mut child = crate::serve_process::serve_process_with(standin, data, &all);
        let (lines_tx, mut lines) = tokio::sync::mpsc::unbounded_channel();
        let pipe = child.stderr.take().expect("stderr is piped");
        // Read to the end, so the process never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = lines_tx.send(line);
            }
        });
        let port = tokio::time::timeout(within, async {
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
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        let served = EndpointProcess {
            child,
            url: format!("http://127.0.0.1:{port}"),
            key: key.clone(),
            client,
        };
        let deadline = Instant::now() + within;
        loop {
            let res = served
                .client
                .get(format!("{}/healthz", served.url))
                .send()
                .await;
            if res.is_ok_and(|r| r.status() == 200) {
                break;
            }
            assert!(Instant::now() < deadline, "serve never became healthy");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        served
    }

    /// POSTs `interaction` signed now, as Discord does, records it on the stand-in, and returns
    /// the interaction response the endpoint answered with (JSON bodies only).
    pub async fn interact(&self, standin: &StandIn, interaction: &Value) -> Value {
        let body = serde_json::to_vec(interaction).unwrap();
        let mut req = self
            .client
            .post(format!("{}/interactions", self.url))
            .header("content-type", "application/json");
        for (name, value) in signed_with(&self.key, &body, unix_now()) {
            req = req.header(name, value);
        }
        standin.sent_over_http(interaction);
        let res = req.body(body).send().await.expect("the endpoint answers");
        assert_eq!(res.status(), 200);
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let raw = res.bytes().await.expect("a body").to_vec();
        standin.answered_over_http(interaction, &content_type, &raw);
        serde_json::from_slice(&raw).expect("a JSON interaction response")
    }

    /// Ends the process at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for EndpointProcess {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.kill();
        }
    }
}

/// The port in a `serve` log line naming where it listens (it asked for port 0).
pub fn served_port(line: &str) -> Option<u16> {
    let at = line.find("127.0.0.1:")? + "127.0.0.1:".len();
    let digits: String = line[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}
