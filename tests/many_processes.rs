//! Several `treatybot serve` processes as one bot: gateway shard ranges split between processes
//! on the Discord stand-in. Every process is a child started here and stopped here; every wait
//! is bounded.

mod common;
#[path = "common/discord_standin.rs"]
mod discord_standin;
#[path = "common/serve_process.rs"]
mod serve_process;

use std::time::Duration;

use discord_standin::StandIn;

/// Long enough for a process to build its index over the seeds in a debug build.
const STARTS_WITHIN: Duration = Duration::from_secs(120);

/// A child process that is stopped (SIGTERM, then SIGKILL) however the test ends.
struct Running(std::process::Child);

impl Running {
    async fn stop(mut self) -> Option<i32> {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let status = serve_process::wait_exit(&mut self.0, Duration::from_secs(10)).await;
        status.and_then(|s| s.code())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_each_identify_with_their_own_shard() {
    let standin = StandIn::start().await;
    let (a_data, b_data) = (common::temp_data_dir(), common::temp_data_dir());
    let a = Running(serve_process::serve_process_with(
        &standin,
        a_data.path(),
        &[("TREATYBOT__DISCORD__SHARDS", "0-0/2")],
    ));
    let b = Running(serve_process::serve_process_with(
        &standin,
        b_data.path(),
        &[("TREATYBOT__DISCORD__SHARDS", "1-1/2")],
    ));
    let stats = standin
        .wait_for_gateway(|s| s.identifies >= 2, STARTS_WITHIN)
        .await
        .unwrap_or_else(|s| panic!("both processes never identified: {s:?}"));
    // A moment more: a process that identified twice (a shard too many) would show it here.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut shards = standin.identified_shards();
    shards.sort();
    assert_eq!(
        shards,
        vec![Some([0, 2]), Some([1, 2])],
        "each process runs exactly its own shard of two ({stats:?})"
    );
    assert_eq!(a.stop().await, Some(0));
    assert_eq!(b.stop().await, Some(0));
    assert!(standin.egress_attempts().is_empty());
}

#[test]
fn a_bad_shard_range_stops_serve_at_once_saying_how_to_write_it() {
    let data = common::temp_data_dir();
    let out = common::treatybot_command(data.path())
        .arg("serve")
        .env("TREATYBOT__DISCORD__TOKEN", "test-token")
        .env("TREATYBOT__DISCORD__SHARDS", "4-2/3")
        .output()
        .expect("treatybot runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("discord.shards"), "{err}");
    assert!(err.contains("comes after"), "{err}");
    assert!(!data.path().join("index").exists(), "nothing opened");
}
