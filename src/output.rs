//! Writing the site: into a staging folder beside the destination, then swapped in.
//!
//! A build that fails at any point drops its staging folder and leaves the previous
//! output exactly as it was. Every path is joined through `safe_join`, so no slug or
//! template name can put a file outside the staging folder, and the destination is
//! refused outright if it is, holds, or sits inside the site's own sources.

use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};

pub struct Staging {
    dir: PathBuf,
    dest: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(dest: &Path) -> Result<Staging> {
        let name = dest
            .file_name()
            .context("the destination has no folder name")?
            .to_string_lossy();
        let parent = dest.parent().map(Path::to_path_buf).unwrap_or_default();
        let parent = if parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            parent
        };
        std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging {
            dir,
            dest: dest.to_path_buf(),
            committed: false,
        })
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = safe_join(&self.dir, rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Replaces the destination with the staged site. The old output is moved aside
    /// first and deleted only once the new one is in place.
    pub fn commit(mut self) -> Result<()> {
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.dest
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.dest.exists();
        if had_old {
            std::fs::rename(&self.dest, &old)
                .with_context(|| format!("cannot move the old output {} aside", self.dest.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.dest) {
            if had_old {
                let _ = std::fs::rename(&old, &self.dest);
            }
            return Err(e)
                .with_context(|| format!("cannot move the new output into {}", self.dest.display()));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(())
    }
}

impl Staging {
    /// Moves every staged file over its counterpart in the existing destination, for
    /// rebuilding part of a site (`rotsystem handouts`). Everything was rendered and
    /// written before the first move, and each move is one rename within the same
    /// file system, so a reader never sees a half-written file.
    pub fn merge(mut self) -> Result<usize> {
        if !self.dest.is_dir() {
            bail!(
                "there is no built site in {}; run `rotsystem build` first",
                self.dest.display()
            );
        }
        let mut moved = 0;
        for entry in walkdir::WalkDir::new(&self.dir).sort_by_file_name() {
            let entry = entry.context("cannot list the staged files")?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&self.dir)
                .expect("walked under the staging folder")
                .to_string_lossy()
                .replace('\\', "/");
            let target = safe_join(&self.dest, &rel)?;
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::rename(entry.path(), &target)
                .with_context(|| format!("cannot move {rel} into place"))?;
            moved += 1;
        }
        std::fs::remove_dir_all(&self.dir)
            .with_context(|| format!("cannot remove {}", self.dir.display()))?;
        self.committed = true;
        Ok(moved)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// `remove_dir_all`, but with the top-level entries removed in parallel: a site is
/// one folder per page, and on a virtual disk each removal waits on the device.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            // One level deeper too, so `fall/` with its thousands of pages is split.
            for inner in std::fs::read_dir(entry.path())? {
                entries.push(inner?.path());
            }
        } else {
            entries.push(entry.path());
        }
    }
    entries
        .par_iter()
        .try_for_each(|p| match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(p),
            Ok(_) => std::fs::remove_file(p),
            Err(e) => Err(e),
        })?;
    // What is left is the emptied top-level folders.
    std::fs::remove_dir_all(dir)
}

/// Joins a relative `/`-separated path under `dir`, refusing anything that could
/// leave it: absolute paths, `..`, prefixes and empty names.
pub fn safe_join(dir: &Path, rel: &str) -> Result<PathBuf> {
    let mut out = dir.to_path_buf();
    for part in rel.split('/') {
        let mut comps = Path::new(part).components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(c)), None) => out.push(c),
            _ => bail!("refusing to write outside the output folder: `{rel}`"),
        }
    }
    Ok(out)
}

/// Refuses a destination that would overwrite the site's sources.
pub fn check_destination(dest: &Path, protected: &[PathBuf]) -> Result<()> {
    let dest = absolute(dest);
    for p in protected {
        let p = absolute(p);
        if dest == p || p.starts_with(&dest) || dest.starts_with(&p) {
            bail!(
                "refusing to build into {}: it overlaps {}, which the build must never overwrite",
                dest.display(),
                p.display()
            );
        }
    }
    if dest.join("book.toml").exists() {
        bail!(
            "refusing to build into {}: it holds a book.toml, so it is a site's sources",
            dest.display()
        );
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let d = Path::new("/tmp/out");
        assert!(safe_join(d, "fall/vara/index.html").is_ok());
        for bad in ["../x", "fall/../../x", "/etc/passwd", "a//b", ""] {
            assert!(safe_join(d, bad).is_err(), "{bad}");
        }
    }
}
