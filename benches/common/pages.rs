//! Pages of the benches' own words, served on loopback: what `/sources add` fetches when a
//! bench measures a server's reading list.

// Each bench including this uses part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

/// An article of its own words for page `n`: five paragraphs of sentences drawn from a
/// vocabulary by a generator seeded with `n`.
pub fn article(n: u64) -> String {
    let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut text = format!("Bench article {n}\n\n");
    for _ in 0..5 {
        for _ in 0..4 {
            let words: Vec<String> = (0..12).map(|_| format!("w{}", next() % 20_000)).collect();
            text.push_str(&format!("Word {}. ", words.join(" ")));
        }
        text.push_str("\n\n");
    }
    text
}

/// Serves `/a/N.txt` (the article of page N) on a free loopback port, for at most `requests`
/// requests; returns its base address.
pub fn page_server(requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            for _ in 0..100 {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if line.trim().is_empty() => break,
                    Ok(_) => {}
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let n: u64 = path
                .trim_start_matches("/a/")
                .trim_end_matches(".txt")
                .parse()
                .unwrap_or(0);
            let body = article(n);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

/// The words of page `n`'s first sentence after its opening "Word": a search for two of them
/// finds that page alone, and its answer then quotes the others.
pub fn first_sentence_words(n: u64) -> Vec<String> {
    let text = article(n);
    let body = text.split("\n\n").nth(1).unwrap_or_default();
    let sentence = body.split(". ").next().unwrap_or_default();
    sentence
        .split_whitespace()
        .skip(1)
        .map(|w| w.trim_end_matches('.').to_string())
        .collect()
}
