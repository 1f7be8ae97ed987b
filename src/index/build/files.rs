//! Files written beside tantivy's: a knowledge file replaced whole or not at all, and a fresh
//! index built in a folder of its own, then swapped into place.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes a file under a temporary name, syncs it, then renames it into place.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("json.tmp");
    let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io("creating", &tmp, e))?;
    if let Err(e) = f.write_all(bytes).and_then(|_| f.sync_all()) {
        // On a full disk the half-written file would hold on to the space it took.
        drop(f);
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io("writing", &tmp, e));
    }
    std::fs::rename(&tmp, path).map_err(|e| Error::io("renaming", path, e))
}

/// A fresh temporary folder next to `dir`, for building a replacement index.
pub fn temp_dir_beside(dir: &Path) -> Result<PathBuf> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    let tmp = parent.join(format!(".{name}.building-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| Error::io("creating", &tmp, e))?;
    Ok(tmp)
}

/// Replaces `dir` with `tmp`. The old index is moved aside first and removed last.
pub fn swap_into_place(tmp: &Path, dir: &Path) -> Result<()> {
    let old = dir.with_extension(format!("old-{}", std::process::id()));
    if dir.exists() {
        std::fs::rename(dir, &old).map_err(|e| Error::io("moving aside the old index", dir, e))?;
    }
    if let Err(e) = std::fs::rename(tmp, dir) {
        // Put the old index back so the next start still finds one.
        let _ = std::fs::rename(&old, dir);
        return Err(Error::io("moving the new index into place", dir, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}
