//! Reading a CSV (or TSV) collection with a header row, one record at a time, a record still
//! open past its cap refused rather than buffered.

use std::io::Read;
use std::path::Path;

use super::columns::Columns;
use super::encoding::{field_text, open_text, CrlfToLf};
use super::{file_name, BadRow, Incoming, Sink};
use crate::error::{Error, InputProblem, Result};
use crate::ingest::RowProblem;

/// Longest CSV record read, for articles of at most `max_article_bytes`: room for the text in
/// any encoding and the other fields. A record still open past it (a quote never closed, a
/// file of zeros) is not buffered further.
fn max_csv_record_bytes(max_article_bytes: usize) -> u64 {
    (max_article_bytes as u64)
        .saturating_mul(4)
        .saturating_add(64 << 10)
}

/// A reader that fails once more than `cap` bytes are read since the caller last reset `used`
/// (after each record), so the CSV reader never holds an endless record in memory.
struct Capped<R> {
    inner: R,
    used: std::rc::Rc<std::cell::Cell<u64>>,
    cap: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.used.get() > self.cap {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "record too long",
            ));
        }
        let n = self.inner.read(out)?;
        self.used.set(self.used.get() + n as u64);
        Ok(n)
    }
}

pub(super) fn read_csv(
    path: &Path,
    delimiter: u8,
    columns: &Columns,
    max_article_bytes: usize,
    sink: &mut Sink,
) -> Result<()> {
    let file = file_name(path);
    let used = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let cap = max_csv_record_bytes(max_article_bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(Capped {
            inner: CrlfToLf {
                inner: open_text(path)?,
                held_cr: false,
            },
            used: used.clone(),
            cap,
        });
    let header: Vec<String> = reader
        .byte_headers()
        .map_err(|e| {
            let input = |problem| Error::Input {
                path: path.to_path_buf(),
                problem,
            };
            if used.get() > cap {
                return input(InputProblem::HeaderOpen { cap });
            }
            // Headers are read as bytes, so what fails is the file's reading: the system's
            // error, worded by its kind like any other.
            let words = e.to_string();
            match e.into_kind() {
                csv::ErrorKind::Io(io) => Error::io("reading", path, io),
                _ => input(InputProblem::HeaderUnreadable(words)),
            }
        })?
        .iter()
        .map(field_text)
        .collect();
    let at = columns.resolve(&header, &file)?;
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line() as usize;
        used.set(0);
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line() as usize);
                let done = reader.position().byte();
                let get = |i: Option<usize>| -> String {
                    i.and_then(|i| record.get(i))
                        .map(field_text)
                        .unwrap_or_default()
                };
                let item = if record.len() != header.len() {
                    Err(BadRow {
                        file: file.clone(),
                        line,
                        reason: RowProblem::FieldCount {
                            fields: record.len(),
                            header: header.len(),
                        },
                    })
                } else {
                    Ok(Incoming {
                        id: get(at.id),
                        title: get(at.title),
                        date: get(at.date),
                        url: get(at.url),
                        outlet: get(at.outlet),
                        text: get(Some(at.text)),
                        file: file.clone(),
                        line,
                        ..Incoming::default()
                    })
                };
                sink(item, done)?;
            }
            Err(_) if used.get() > cap => {
                let done = reader.position().byte();
                sink(
                    Err(BadRow {
                        file: file.clone(),
                        line,
                        reason: RowProblem::RecordOpen { cap },
                    }),
                    done,
                )?;
                return Ok(());
            }
            Err(e) => {
                let done = reader.position().byte();
                let line = e.position().map_or(line, |p| p.line() as usize);
                sink(
                    Err(BadRow {
                        file: file.clone(),
                        line,
                        reason: RowProblem::NotCsv(e.to_string()),
                    }),
                    done,
                )?;
                // The file itself failed to read: the system's error, worded by its kind.
                if let csv::ErrorKind::Io(io) = e.into_kind() {
                    return Err(Error::io("reading", path, io));
                }
            }
        }
    }
    Ok(())
}
