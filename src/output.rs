//! Writing the site: into a staging folder beside the destination, then swapped in.
//!
//! A build that fails at any point drops its staging folder and leaves the previous
//! output exactly as it was. Every path is joined through `safe_join`, so no slug or
//! template name can put a file outside the staging folder.
//!
//! A build replaces its destination whole, so the destination is checked first
//! (`check_destination`): it must be missing, empty, or a folder that rotsystem wrote,
//! which the `MARKER` file at its top names along with the top-level entries it wrote.
//! A symbolic link, a file, a folder of other files, a marked folder with something
//! foreign at its top, or anything overlapping the site's sources is refused, and the
//! check runs again just before the swap. Nothing here follows a link: the old output
//! is moved aside by name and removed without following links, and `merge` refuses a
//! link anywhere on the way to a file it moves in.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};

/// The file that names a folder as rotsystem's output. It sits in the site folder
/// itself (so it travels with it), and lists the top-level entries the build wrote.
pub const MARKER: &str = ".rotsystem-output";

const MARKER_HEAD: &str = "# Written by rotsystem. A build replaces this folder whole, and refuses to\n\
# when its top level holds anything not named below.\n";

/// A destination that passed `check_destination`: where it really is (links in its
/// parent folders resolved) and the path as the user gave it, for messages.
#[derive(Debug, Clone)]
pub struct Dest {
    real: PathBuf,
    shown: PathBuf,
}

/// What the caller is about to do with the destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `build`: replace it whole.
    Replace,
    /// `handouts`: move files into an existing output.
    Merge,
}

/// Refuses a destination that is a link, a file, a folder rotsystem did not write, or
/// that overlaps one of `protected` (the site's sources); for `Mode::Merge` it must be
/// an existing output.
pub fn check_destination(dest: &Path, protected: &[PathBuf], mode: Mode) -> Result<Dest> {
    let abs = std::path::absolute(dest).with_context(|| format!("cannot resolve {}", dest.display()))?;
    let (Some(Component::Normal(name)), Some(parent)) = (abs.components().next_back(), abs.parent()) else {
        bail!(say("out_no_folder", &[("dest", &dest.display().to_string())]));
    };
    // The folder itself is never resolved: a link there is refused, not followed.
    let real = real_path(parent)?.join(name);
    for p in protected {
        let p = real_path(p)?;
        if real == p || p.starts_with(&real) || real.starts_with(&p) {
            let (dest, path) = (dest.display().to_string(), p.display().to_string());
            bail!(say("out_overlaps", &[("dest", &dest), ("path", &path)]));
        }
    }
    let dest = Dest {
        real,
        shown: dest.to_path_buf(),
    };
    let ours = inspect(&dest)?;
    if mode == Mode::Merge && ours.is_none() {
        bail!(say("out_no_site", &[("dest", &dest.shown.display().to_string())]));
    }
    Ok(dest)
}

/// `None` for a missing or empty folder, the marker's names for rotsystem's output,
/// and an error for anything else.
fn inspect(dest: &Dest) -> Result<Option<BTreeSet<String>>> {
    let shown = dest.shown.display();
    let dest_arg = shown.to_string();
    let meta = match std::fs::symlink_metadata(&dest.real) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {shown}")),
    };
    if meta.file_type().is_symlink() {
        let to = std::fs::read_link(&dest.real).map_or_else(|_| "?".into(), |t| t.display().to_string());
        bail!(say("out_symlink", &[("dest", &dest_arg), ("to", &to)]));
    }
    if !meta.is_dir() {
        bail!(say("out_file", &[("dest", &dest_arg)]));
    }
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(&dest.real).with_context(|| format!("cannot list {shown}"))? {
        let entry = entry.with_context(|| format!("cannot list {shown}"))?;
        let link = entry.file_type().is_ok_and(|t| t.is_symlink());
        entries.push((entry.file_name().to_string_lossy().into_owned(), link));
    }
    entries.sort();
    if entries.is_empty() {
        return Ok(None);
    }
    let Some(written) = read_marker(&dest.real) else {
        let names = some(entries.iter().map(|(n, _)| n));
        bail!(say(
            "out_foreign_folder",
            &[("dest", &dest_arg), ("names", &names)]
        ));
    };
    let foreign: Vec<&String> = entries
        .iter()
        .filter(|(name, link)| *link || (name != MARKER && !written.contains(name)))
        .map(|(name, _)| name)
        .collect();
    if !foreign.is_empty() {
        let names = some(foreign);
        bail!(say(
            "out_foreign_entries",
            &[("dest", &dest_arg), ("names", &names)]
        ));
    }
    Ok(Some(written))
}

/// A refusal as an interface string (`out_*`), which `cmd` says in the site's language.
pub(crate) fn say(key: &str, args: &[(&str, &str)]) -> String {
    crate::i18n::encode(key, args)
}

/// Up to three names, quoted, for a message.
fn some<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    let names: Vec<&String> = names.into_iter().collect();
    let mut out: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    if names.len() > 3 {
        // Said without words, since the sentence around it is in the site's language.
        out.push(format!("… +{}", names.len() - 3));
    }
    out.join(", ")
}

/// The names in `dir`'s marker, if it has one that rotsystem wrote: a regular file
/// (never a link) that starts with `MARKER_HEAD`.
fn read_marker(dir: &Path) -> Option<BTreeSet<String>> {
    let path = dir.join(MARKER);
    if !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    std::fs::File::open(&path)
        .ok()?
        .take(1 << 20)
        .read_to_string(&mut text)
        .ok()?;
    let names = text.strip_prefix(MARKER_HEAD)?;
    Some(
        names
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// The top-level entries a rotsystem output at `dir` names in its marker; `None` for
/// a folder that is not one. For commands that read a built site (`rotsystem diff`).
pub fn written_entries(dir: &Path) -> Option<BTreeSet<String>> {
    read_marker(dir)
}

fn marker_text(names: &BTreeSet<String>) -> String {
    let mut text = MARKER_HEAD.to_string();
    for name in names {
        text.push_str(name);
        text.push('\n');
    }
    text
}

/// `p` made absolute, with its longest existing ancestor resolved through links (and
/// `..` in it resolved as the file system does) and the rest of it taken lexically.
fn real_path(p: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(p).with_context(|| format!("cannot resolve {}", p.display()))?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        match std::fs::canonicalize(existing) {
            Ok(mut real) => {
                for c in rest.iter().rev() {
                    match c {
                        Component::ParentDir => {
                            real.pop();
                        }
                        Component::Normal(n) => real.push(n),
                        _ => {}
                    }
                }
                return Ok(real);
            }
            Err(_) => match (existing.parent(), existing.components().next_back()) {
                (Some(parent), Some(last)) => {
                    rest.push(last);
                    existing = parent;
                }
                _ => return Ok(abs),
            },
        }
    }
}

pub struct Staging {
    dir: PathBuf,
    dest: Dest,
    committed: bool,
    /// The folders made so far: asking the kernel to make a folder that exists, for
    /// each of 35,000 files, was a tenth of a 10,000-case build.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    pub fn new(dest: &Dest) -> Result<Staging> {
        let dir = dest.beside("staging");
        let parent = dir.parent().expect("beside the destination");
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        // A leftover of a killed build with the same process id; a link there is
        // removed, never followed.
        if std::fs::symlink_metadata(&dir).is_ok() {
            std::fs::remove_dir_all(&dir)
                .or_else(|_| std::fs::remove_file(&dir))
                .with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging {
            dir,
            dest: dest.clone(),
            committed: false,
            made: Default::default(),
        })
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path_for(rel)?;
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Writes `rel` as `make` makes it, through a buffer.
    pub fn stream(
        &self,
        rel: &str,
        make: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        use std::io::Write as _;
        let path = self.path_for(rel)?;
        let file =
            std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        make(&mut out)
            .and_then(|()| out.flush())
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// Where `rel` goes in the staging folder, its folder made.
    fn path_for(&self, rel: &str) -> Result<PathBuf> {
        let path = safe_join(&self.dir, rel)?;
        if let Some(parent) = path.parent() {
            let made = self.made.lock().expect("no panics while held").contains(parent);
            if !made {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
                self.made
                    .lock()
                    .expect("no panics while held")
                    .insert(parent.to_path_buf());
            }
        }
        Ok(path)
    }

    /// Replaces the destination with the staged site. The old output is checked once
    /// more, moved aside, and deleted only once the new one is in place.
    pub fn commit(mut self) -> Result<()> {
        let mut names = BTreeSet::new();
        for entry in std::fs::read_dir(&self.dir).context("cannot list the staged files")? {
            names.insert(entry?.file_name().to_string_lossy().into_owned());
        }
        self.write(MARKER, marker_text(&names).as_bytes())?;
        // The folder may have changed while the site rendered.
        inspect(&self.dest)?;
        let real = &self.dest.real;
        let old = self.dest.beside("old");
        let had_old = std::fs::symlink_metadata(real).is_ok();
        if had_old {
            std::fs::rename(real, &old)
                .with_context(|| format!("cannot move the old output {} aside", self.dest.shown.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, real) {
            if had_old {
                let _ = std::fs::rename(&old, real);
            }
            return Err(e)
                .with_context(|| format!("cannot move the new output into {}", self.dest.shown.display()));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(())
    }

    /// Moves every staged file over its counterpart in the existing destination, for
    /// rebuilding part of a site (`rotsystem handouts`). Everything was rendered and
    /// written, and every target checked, before the first move, and each move is one
    /// rename within the same file system, so a reader never sees a half-written file.
    pub fn merge(mut self) -> Result<usize> {
        let Some(mut names) = inspect(&self.dest)? else {
            bail!(say(
                "out_no_site",
                &[("dest", &self.dest.shown.display().to_string())]
            ));
        };
        let mut moves = Vec::new();
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
            let target = self.real_target(&rel)?;
            names.insert(rel.split('/').next().unwrap_or_default().to_string());
            moves.push((entry.into_path(), target, rel));
        }
        for (from, to, rel) in &moves {
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::rename(from, to).with_context(|| format!("cannot move {rel} into place"))?;
        }
        // The marker last, so it names every top-level entry now in the folder.
        let marker = safe_join(&self.dir, MARKER)?;
        std::fs::write(&marker, marker_text(&names)).context("cannot write the output marker")?;
        std::fs::rename(&marker, self.dest.real.join(MARKER)).context("cannot update the output marker")?;
        std::fs::remove_dir_all(&self.dir)
            .with_context(|| format!("cannot remove {}", self.dir.display()))?;
        self.committed = true;
        Ok(moves.len())
    }

    /// Where `rel` goes in the destination, with every folder on the way that exists
    /// checked to be a real folder (never a link), and the file there, if any, a
    /// regular file. Nothing is created yet, so a refusal leaves no trace.
    fn real_target(&self, rel: &str) -> Result<PathBuf> {
        let target = safe_join(&self.dest.real, rel)?;
        let refuse = |what: &Path| {
            let (dest, path) = (self.dest.shown.display().to_string(), what.display().to_string());
            anyhow::anyhow!(say(
                "out_foreign_target",
                &[("file", rel), ("dest", &dest), ("path", &path)]
            ))
        };
        let mut dir = self.dest.real.clone();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            dir.push(part);
            match std::fs::symlink_metadata(&dir) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Err(refuse(&dir)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(target),
                Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
            }
        }
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if !meta.is_file() => Err(refuse(&target)),
            _ => Ok(target),
        }
    }
}

impl Dest {
    /// A hidden sibling of the destination for this process: `.public.staging-123`.
    fn beside(&self, what: &str) -> PathBuf {
        let name = self.real.file_name().expect("checked to name a folder");
        let name = name.to_string_lossy();
        self.real
            .with_file_name(format!(".{name}.{what}-{}", std::process::id()))
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
/// No link is followed: `dir` itself and every entry are looked at, not through.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    if !std::fs::symlink_metadata(dir)?.is_dir() {
        return std::fs::remove_file(dir);
    }
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

    #[test]
    fn a_marker_lists_names_and_only_its_own_head_counts() {
        let names: BTreeSet<String> = ["fall", "index.html"].map(String::from).into();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MARKER), marker_text(&names)).unwrap();
        assert_eq!(read_marker(dir.path()), Some(names));
        std::fs::write(dir.path().join(MARKER), "fall\nindex.html\n").unwrap();
        assert_eq!(read_marker(dir.path()), None);
    }
}
