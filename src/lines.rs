//! Reading input one line at a time with a cap on its length, as bytes: a line that is not
//! UTF-8 or is far too long is one bad line, not the end of the input, and a 200 MB line is
//! never held in memory whole.

use std::io::{BufRead, ErrorKind};

/// One line read by [`read_line`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes, without its `\n` (or `\r\n`).
    Bytes(Vec<u8>),
    /// The line was longer than the cap; it was skipped up to its newline. Holds its length in
    /// bytes (without the newline).
    TooLong(u64),
}

/// Reads the next line of `input`, keeping at most `cap` bytes of it. `None` at the end of the
/// input. A longer line is read through to its newline and dropped (only `cap` bytes are ever
/// buffered), so the next call starts on the next line.
pub fn read_line(input: &mut impl BufRead, cap: usize) -> std::io::Result<Option<Line>> {
    let mut kept = Vec::new();
    let mut len = 0u64;
    let mut any = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, newline) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], true),
            None => (buf, false),
        };
        len += chunk.len() as u64;
        // One byte over the cap is kept, in case it is the `\r` of a CRLF line.
        let room = (cap + 1).saturating_sub(kept.len()).min(chunk.len());
        kept.extend_from_slice(&chunk[..room]);
        let used = chunk.len() + usize::from(newline);
        input.consume(used);
        if newline {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    // A CRLF line's carriage return is part of its newline, not of the line.
    if kept.len() as u64 == len && kept.last() == Some(&b'\r') {
        kept.pop();
        len -= 1;
    }
    if len > cap as u64 {
        return Ok(Some(Line::TooLong(len)));
    }
    Ok(Some(Line::Bytes(kept)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8], cap: usize) -> Vec<Line> {
        let mut r = std::io::BufReader::with_capacity(4, input);
        std::iter::from_fn(|| read_line(&mut r, cap).unwrap()).collect()
    }

    #[test]
    fn long_lines_are_refused_and_the_next_line_read() {
        let lines = all(b"ab\r\n0123456789\nc", 5);
        assert_eq!(
            lines,
            vec![
                Line::Bytes(b"ab".to_vec()),
                Line::TooLong(10),
                Line::Bytes(b"c".to_vec()),
            ]
        );
        assert_eq!(all(b"abcde\r\n", 5), vec![Line::Bytes(b"abcde".to_vec())]);
        assert_eq!(all(b"\n\n", 5).len(), 2);
        assert!(all(b"", 5).is_empty());
    }
}
