//! Reading a page within its budget ([`treatybot::corpus::html::read_page`]): a hostile page
//! read from a thread with a small stack, a page that takes longer than its time, and the bound
//! on readers at once. The tests share the process's readers, so they run one at a time.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use treatybot::corpus::html::{read_page, readers_running, HtmlError, ReadLimits};

/// One test at a time: they count the process's readers.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const ARTICLE: &str = "The harbour commission met on Tuesday to settle the dredging dispute. \
    Both port cities agreed to share the cost of the channel for the next ten years.";

fn nested_page(depth: usize) -> Vec<u8> {
    format!(
        "<html><body>{}<p>{ARTICLE}</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
    .into_bytes()
}

/// A legitimate but long page (2.4 MB of paragraphs in a table): seconds to read in a debug build.
fn slow_page() -> Vec<u8> {
    let rows: String = (0..12_000)
        .map(|i| {
            format!(
                "<tr><td><p>Row {i}: the pilots logged the tide at quay {} and the cargo \
                 weighed on landing, as every day.</p></td><td>{i}</td></tr>",
                i % 89
            )
        })
        .collect();
    format!("<html><body><article><table>{rows}</table></article></body></html>").into_bytes()
}

fn limits(seconds: u64, threads: usize) -> ReadLimits {
    ReadLimits {
        seconds,
        threads,
        ..ReadLimits::default()
    }
}

#[test]
fn a_deep_page_is_read_from_a_thread_with_a_small_stack() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let page = nested_page(50_000);
    let read = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || read_page(&page, None, &limits(60, 2)))
        .unwrap()
        .join()
        .expect("the calling thread survives");
    let page = read.expect("the article is read");
    assert_eq!(page.paragraphs, vec![ARTICLE.to_string()]);
}

#[test]
fn a_page_over_its_time_is_refused_on_time_and_keeps_its_reader_until_it_ends() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let page = slow_page();
    let started = Instant::now();
    let read = read_page(&page, None, &limits(1, 2));
    let took = started.elapsed();
    assert!(
        matches!(read, Err(HtmlError::TooSlow { seconds: 1 })),
        "{read:?} after {took:?}"
    );
    assert!(took < Duration::from_millis(1500), "{took:?}");
    assert_eq!(
        read.unwrap_err().to_string(),
        "the page took longer than 1 s to read (fetch.extract_seconds); it may be built to slow \
         readers down"
    );
    // The abandoned reader still holds its place.
    assert_eq!(readers_running(), 1);
    wait_for_no_readers();
}

#[test]
fn no_more_readers_than_allowed_run_at_once() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let page = std::sync::Arc::new(slow_page());
    let callers: Vec<_> = (0..3)
        .map(|_| {
            let page = page.clone();
            std::thread::spawn(move || read_page(&page, None, &limits(120, 2)))
        })
        .collect();
    let mut most = 0;
    while callers.iter().any(|c| !c.is_finished()) {
        most = most.max(readers_running());
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(most, 2, "two readers at most, and both used");
    for c in callers {
        let page = c.join().unwrap().expect("each caller is served in turn");
        assert!(page.paragraphs.len() > 1000);
    }
    // A caller that cannot get a reader within its time is told so.
    let busy: Vec<_> = (0..2)
        .map(|_| {
            let page = page.clone();
            std::thread::spawn(move || read_page(&page, None, &limits(1, 1)))
        })
        .collect();
    let results: Vec<_> = busy.into_iter().map(|c| c.join().unwrap()).collect();
    assert!(
        results
            .iter()
            .any(|r| matches!(r, Err(HtmlError::Busy { seconds: 1 }))),
        "{results:?}"
    );
    wait_for_no_readers();
}

fn wait_for_no_readers() {
    let started = Instant::now();
    while readers_running() > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "a reader never ended"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
