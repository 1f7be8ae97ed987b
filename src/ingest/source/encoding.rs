//! A collection's bytes as text: a byte-order mark skipped, UTF-16 decoded, CRLF line ends read
//! as LF, and a field that is not UTF-8 read as Windows-1252.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::open;
use crate::error::{Error, InputProblem, Result};
use crate::ingest::repair::decode_cp1252;

/// Largest UTF-16 collection decoded (in memory, as UTF-8); a larger one is refused with how
/// to convert it.
const MAX_UTF16_FILE_BYTES: u64 = 1 << 30;

/// Opens a collection file as UTF-8: a UTF-8 byte-order mark is skipped, and a UTF-16 file
/// (mark `FF FE` or `FE FF`) is decoded whole, so its columns are read as written.
pub(super) fn open_text(path: &Path) -> Result<Box<dyn BufRead>> {
    let mut reader = BufReader::with_capacity(1 << 20, open(path)?);
    let head = reader
        .fill_buf()
        .map_err(|e| Error::io("reading", path, e))?;
    let big_endian = match head {
        [0xFF, 0xFE, ..] => false,
        [0xFE, 0xFF, ..] => true,
        [0xEF, 0xBB, 0xBF, ..] => {
            reader.consume(3);
            return Ok(Box::new(reader));
        }
        _ => return Ok(Box::new(reader)),
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_UTF16_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("reading", path, e))?;
    let refuse = |problem: InputProblem| Error::Input {
        path: path.to_path_buf(),
        problem,
    };
    if bytes.len() as u64 > MAX_UTF16_FILE_BYTES {
        return Err(refuse(InputProblem::Utf16TooLarge {
            mb: MAX_UTF16_FILE_BYTES >> 20,
        }));
    }
    let text =
        decode_utf16(&bytes, big_endian).ok_or_else(|| refuse(InputProblem::Utf16Invalid))?;
    Ok(Box::new(std::io::Cursor::new(text.into_bytes())))
}

/// UTF-16 bytes (byte-order mark first) as text; `None` when they are not valid UTF-16.
pub(super) fn decode_utf16(bytes: &[u8], big_endian: bool) -> Option<String> {
    let body = bytes.get(2..)?;
    if body.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|p| {
            if big_endian {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        })
        .collect();
    String::from_utf16(&units).ok()
}

/// A reader that turns each CRLF into LF, so the CSV reader counts a CRLF file's lines as it
/// counts any other's (it would otherwise report a record's line one too low).
pub(super) struct CrlfToLf<R> {
    pub(super) inner: R,
    /// A `\r` ended the last chunk; whether it is a line break depends on the next byte.
    pub(super) held_cr: bool,
}

impl<R: BufRead> Read for CrlfToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                if std::mem::take(&mut self.held_cr) {
                    out[0] = b'\r';
                    return Ok(1);
                }
                return Ok(0);
            }
            let mut written = 0;
            let mut i = 0;
            if std::mem::take(&mut self.held_cr) && buf[0] != b'\n' {
                out[0] = b'\r';
                written = 1;
            }
            while i < buf.len() && written < out.len() {
                let b = buf[i];
                i += 1;
                if b == b'\r' {
                    match buf.get(i) {
                        Some(b'\n') => continue,
                        Some(_) => {}
                        None => {
                            self.held_cr = true;
                            break;
                        }
                    }
                }
                out[written] = b;
                written += 1;
            }
            self.inner.consume(i);
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

/// Text of a field: UTF-8 as it is, anything else read as Windows-1252.
pub(super) fn field_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => decode_cp1252(bytes),
    }
}
