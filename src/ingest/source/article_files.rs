//! Reading article files: a folder of `.txt`, `.md` and saved web pages with the seeds'
//! `metadata.toml`, or one such file, each read through a cap so a huge file is never read whole.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::encoding::{decode_utf16, field_text};
use super::page::page_incoming;
use super::{file_name, special_kind, BadRow, Incoming, Sink, WHOLE_FILE};
use crate::corpus::html::ReadLimits;
use crate::corpus::metadata;
use crate::error::{Error, InputProblem, Result};
use crate::ingest::RowProblem;

pub(super) fn read_folder(
    dir: &Path,
    max_article_bytes: usize,
    pages: &ReadLimits,
    sink: &mut Sink,
) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("reading the folder", dir, e))?;
    // Every entry named like an article is taken, even one that turns out not to be a readable
    // file (a broken link, a folder, a device): it is reported, not silently passed over.
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x.to_lowercase().as_str(), "txt" | "md" | "html" | "htm"))
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Error::Input {
            path: dir.to_path_buf(),
            problem: InputProblem::NoArticles,
        });
    }
    read_text_files(dir, &paths, max_article_bytes, pages, sink)
}

/// The bytes of one article file, read through a cap of `times` × `max_article_bytes` so a huge
/// or endless file is never read whole, or why it cannot be used.
fn read_capped(
    path: &Path,
    max_article_bytes: usize,
    times: u64,
) -> std::result::Result<Vec<u8>, RowProblem> {
    let unreadable = |e: std::io::Error| RowProblem::Unreadable(e.to_string());
    let meta = std::fs::metadata(path).map_err(|e| match std::fs::symlink_metadata(path) {
        Ok(_) if e.kind() == std::io::ErrorKind::NotFound => RowProblem::BrokenLink,
        _ => unreadable(e),
    })?;
    if meta.is_dir() {
        return Err(RowProblem::Folder);
    }
    if let Some(kind) = special_kind(&meta) {
        return Err(RowProblem::NotRegular(kind));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let cap = (max_article_bytes as u64)
        .saturating_mul(times)
        .saturating_add(2);
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > cap {
        return Err(RowProblem::FileTooLarge {
            size: Some(meta.len()).filter(|n| *n > 0),
            read: cap,
            limit: max_article_bytes,
        });
    }
    Ok(bytes)
}

/// Whether a file is a saved web page.
fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| matches!(x.to_lowercase().as_str(), "html" | "htm"))
}

/// Markup takes several times the bytes of the text it holds.
const HTML_BYTES_PER_TEXT_BYTE: u64 = 4;

/// The article in a saved web page, as an incoming record (the folder's metadata, when it has
/// an entry for the file, overrides what the page says), or why there is none.
fn read_html_file(
    path: &Path,
    max_article_bytes: usize,
    pages: &ReadLimits,
) -> std::result::Result<crate::corpus::html::WebPage, RowProblem> {
    let bytes = read_capped(path, max_article_bytes, HTML_BYTES_PER_TEXT_BYTE)?;
    crate::corpus::html::read_page(&bytes, None, pages).map_err(RowProblem::Page)
}

/// The text of one article file, read through a cap of `max_article_bytes` (and decoded from
/// UTF-16 when it says it is), or why it cannot be used.
fn read_article_file(
    path: &Path,
    max_article_bytes: usize,
) -> std::result::Result<String, RowProblem> {
    // UTF-16 takes up to twice the bytes of the same text in UTF-8.
    let bytes = read_capped(path, max_article_bytes, 2)?;
    let text = match bytes.as_slice() {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => {
            decode_utf16(&bytes, bytes[0] == 0xFE).ok_or(RowProblem::BadUtf16)?
        }
        [0xEF, 0xBB, 0xBF, rest @ ..] => field_text(rest),
        _ => field_text(&bytes),
    };
    if text.len() > max_article_bytes {
        return Err(RowProblem::FileTooLarge {
            size: Some(text.len() as u64),
            read: text.len() as u64,
            limit: max_article_bytes,
        });
    }
    Ok(text)
}

pub(super) fn read_text_files(
    dir: &Path,
    paths: &[PathBuf],
    max_article_bytes: usize,
    pages: &ReadLimits,
    sink: &mut Sink,
) -> Result<()> {
    let metas = metadata::load(dir)?;
    let mut done = 0u64;
    for p in paths {
        let file = file_name(p);
        if is_html(p) {
            let incoming = read_html_file(p, max_article_bytes, pages)
                .map(|page| page_incoming(&file, &file, page, metas.get(&file)));
            match incoming {
                Ok(i) => {
                    done += i.text.len() as u64;
                    sink(Ok(i), done)?;
                }
                Err(reason) => skip_file(sink, &p.display().to_string(), file, reason, done)?,
            }
            continue;
        }
        let text = match read_article_file(p, max_article_bytes) {
            Ok(t) => t,
            Err(reason) => {
                skip_file(sink, &p.display().to_string(), file, reason, done)?;
                continue;
            }
        };
        done += text.len() as u64;
        let meta = metas.get(&file);
        let incoming = Incoming {
            id: file.clone(),
            title: meta.map(|m| m.title.clone()).unwrap_or_default(),
            date: meta
                .and_then(|m| m.date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            url: meta.and_then(|m| m.url.clone()).unwrap_or_default(),
            outlet: meta.map(|m| m.outlet.clone()).unwrap_or_default(),
            text,
            file,
            line: 1,
            date_basis: meta.map(|m| m.date_basis.clone()),
            date_note: meta.and_then(|m| m.date_note.clone()),
            server: None,
            cut: None,
        };
        sink(Ok(incoming), done)?;
    }
    Ok(())
}

/// Reports a whole file (or link) as skipped, with why, and goes on.
pub(super) fn skip_file(
    sink: &mut Sink,
    shown: &str,
    file: String,
    reason: RowProblem,
    done: u64,
) -> Result<()> {
    tracing::warn!(file = %shown, "{reason}");
    sink(
        Err(BadRow {
            file,
            line: WHOLE_FILE,
            reason,
        }),
        done,
    )
}
