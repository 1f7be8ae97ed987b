//! `treatybot serve` as its own process against the Discord stand-in, and a bounded wait for it
//! to exit. Include beside `common` and `discord_standin` (as `#[path]` modules of the test crate).
#![allow(dead_code)]

use std::time::Duration;

use crate::discord_standin::StandIn;

/// Runs `treatybot serve` as its own process against the stand-in.
pub fn serve_process(standin: &StandIn, data: &std::path::Path) -> std::process::Child {
    serve_process_with(standin, data, &[])
}

/// [`serve_process`] with more environment variables (e.g. `RUST_LOG`).
pub fn serve_process_with(
    standin: &StandIn,
    data: &std::path::Path,
    env: &[(&str, &str)],
) -> std::process::Child {
    std::process::Command::new(crate::common::bin())
        .current_dir(crate::common::root())
        .arg("serve")
        .envs(env.iter().copied())
        .env("TREATYBOT__DATA_DIR", data)
        .env("TREATYBOT__DISCORD__TOKEN", "test-token")
        .env("TREATYBOT__DISCORD__HTTP_PROXY", standin.base_url())
        .env(
            "TREATYBOT__DISCORD__GUILD_IDS",
            standin.config().guild_id.to_string(),
        )
        // Loopback only: no system proxy may carry the bot's traffic elsewhere.
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("all_proxy")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("treatybot serve starts")
}

/// Waits for a child to exit, at most `limit`.
pub async fn wait_exit(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let deadline = tokio::time::Instant::now() + limit;
    while tokio::time::Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("child status") {
            return Some(status);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}
