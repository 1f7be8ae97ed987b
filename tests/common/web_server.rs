//! A small HTTP server on 127.0.0.1 for the fetch tests: pages of our own, redirect chains, an
//! endless redirect loop, a huge page, a PDF, a page in another charset, gzip and deflate
//! bodies (and a gzip bomb), and redirects to private addresses, IPv4 and IPv6. It answers at most `MAX_CONNECTIONS` connections, each with a read timeout,
//! then stops: nothing outlives the test binary and no loop is unbounded.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// Connections served before the server stops.
const MAX_CONNECTIONS: usize = 200;
/// Bytes the huge page sends at most (the fetcher's cap in the tests is far smaller).
const HUGE_BYTES: usize = 20 * 1024 * 1024;

/// A running server; its base URL is `http://127.0.0.1:PORT`.
pub struct WebServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl WebServer {
    /// Starts the server on a free loopback port.
    pub fn start() -> WebServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming().take(MAX_CONNECTIONS) {
                let Ok(stream) = stream else { continue };
                std::thread::spawn(move || serve(stream));
            }
        });
        WebServer { base }
    }

    /// The full link of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(crate::common::root().join("tests/fixtures/web").join(name)).expect("fixture")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("deflate");
    e.finish().expect("deflate")
}

fn serve(mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Headers, up to the blank line (bounded: at most 100 lines).
    for _ in 0..100 {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let redirect = |to: &str| -> Vec<u8> {
        format!("HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .into_bytes()
    };
    let ok = |content_type: &str, body: &[u8]| -> Vec<u8> {
        let mut out = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        out.extend_from_slice(body);
        out
    };
    let response = match path.as_str() {
        "/page" => ok("text/html; charset=utf-8", &fixture("harbour_talks.html")),
        "/r1" => redirect("/r2"),
        "/r2" => redirect("/r3"),
        "/r3" => redirect("/page"),
        "/pdf" => ok("application/pdf", b"%PDF-1.4 not a web page"),
        "/cp1252" => ok(
            "text/html; charset=windows-1252",
            &fixture("quay_protest_cp1252.html"),
        ),
        "/to-private" => redirect("http://10.255.255.1/admin"),
        p if p.starts_with("/to-v6/") => {
            // A redirect to an IPv6 literal, e.g. /to-v6/::ffff:0:7f00:1.
            redirect(&format!("http://[{}]/", &p["/to-v6/".len()..]))
        }
        "/gzip" | "/deflate" => {
            let page = fixture("harbour_talks.html");
            let (encoding, body) = if path == "/gzip" {
                ("gzip", gzip(&page))
            } else {
                ("deflate", zlib(&page))
            };
            let mut out = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: {encoding}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            out.extend_from_slice(&body);
            out
        }
        p if p.starts_with("/long/") => {
            // An article of `n` paragraphs of about 200 bytes each.
            let n: usize = p["/long/".len()..].parse().unwrap_or(0).min(100_000);
            let mut body = String::from(
                "<html><head><title>The long harbour report</title></head><body><article>",
            );
            for i in 0..n {
                body.push_str(&format!(
                    "<p>Paragraph {i} of the harbour report: the pilots measured the channel \
                     again, found the sandbar had moved north, and asked the board for a \
                     second dredger before the autumn storms.</p>"
                ));
            }
            body.push_str("</article></body></html>");
            ok("text/html; charset=utf-8", body.as_bytes())
        }
        p if p.starts_with("/deep/") => {
            // An article inside `n` nested <div>s, never closed until the end.
            let n: usize = p["/deep/".len()..].parse().unwrap_or(0).min(2_000_000);
            let mut body = String::with_capacity(n * 11 + 1000);
            body.push_str("<html><head><title>Deep kelp page</title></head><body>");
            body.push_str(&"<div>".repeat(n));
            body.push_str(
                "<p>The kelp cooperative in Rausu voted on Monday to extend its harvest season by \
                 two weeks, after divers reported thick beds along the northern shore.</p>\
                 <p>Members said the longer season would let them meet orders from Sapporo \
                 restaurants that had gone unfilled for three years.</p>",
            );
            body.push_str(&"</div>".repeat(n));
            body.push_str("</body></html>");
            ok("text/html; charset=utf-8", body.as_bytes())
        }
        "/gzip-bomb" => {
            // 40 MB of the same byte, a few tens of KB on the wire.
            let body = gzip(&vec![b'a'; 40 * 1024 * 1024]);
            let mut out = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            out.extend_from_slice(&body);
            out
        }
        "/to-metadata" => redirect("http://169.254.169.254/latest/meta-data/"),
        "/huge" => {
            // No length given: the fetcher must stop reading at its cap.
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>";
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let chunk = vec![b'a'; 64 * 1024];
            let mut sent = 0;
            while sent < HUGE_BYTES {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
                sent += chunk.len();
            }
            return;
        }
        p if p.starts_with("/reading/") => {
            // The reading-list fixtures, with the type their ending says.
            let name = &p["/reading/".len()..];
            let kind = match name.rsplit('.').next() {
                Some("html") => "text/html; charset=utf-8",
                Some("md") => "text/markdown; charset=utf-8",
                _ => "text/plain; charset=utf-8",
            };
            match std::fs::read(
                crate::common::root()
                    .join("tests/fixtures/reading_list")
                    .join(name.replace(['/', '\\'], "")),
            ) {
                Ok(body) => ok(kind, &body),
                Err(_) => {
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .to_vec()
                }
            }
        }
        p if p.starts_with("/loop/") => {
            let n: usize = p["/loop/".len()..].parse().unwrap_or(0);
            redirect(&format!("/loop/{}", n + 1))
        }
        _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&response);
}
