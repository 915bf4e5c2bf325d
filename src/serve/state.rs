//! What the server publishes: the built files, the errors, and per output the version
//! in which its bytes last changed, behind one lock whose condition variable wakes
//! the long polls.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};

use crate::incremental::Files;

#[derive(Default)]
pub struct Snapshot {
    pub version: u64,
    pub files: Arc<Files>,
    pub errors: Vec<String>,
    /// By output path: the version in which its bytes last changed, or it came or went.
    changed: HashMap<String, u64>,
    /// The version in which `errors` last changed.
    pub errors_changed: u64,
    /// A derived step is running or waiting to.
    pub busy: bool,
}

impl Snapshot {
    /// A new version: `files` and `errors` when given, the rest as it was.
    pub fn publish(&mut self, files: Option<Arc<Files>>, errors: Option<Vec<String>>) {
        self.version += 1;
        let version = self.version;
        if let Some(files) = files.filter(|f| !Arc::ptr_eq(f, &self.files)) {
            for (path, bytes) in files.iter() {
                let same = self
                    .files
                    .get(path)
                    .is_some_and(|old| Arc::ptr_eq(old, bytes) || old[..] == bytes[..]);
                if !same {
                    self.changed.insert(path.clone(), version);
                }
            }
            for path in self.files.keys().filter(|p| !files.contains_key(*p)) {
                self.changed.insert(path.clone(), version);
            }
            self.files = files;
        }
        if let Some(errors) = errors.filter(|e| *e != self.errors) {
            self.errors = errors;
            self.errors_changed = version;
        }
    }

    /// The version in which what is served for `key` last changed: the file, or the
    /// 404 page while there is no such file.
    pub fn last_change(&self, key: &str) -> u64 {
        let own = self.changed.get(key).copied().unwrap_or(0);
        if self.files.contains_key(key) {
            own
        } else {
            own.max(self.changed.get("404.html").copied().unwrap_or(0))
        }
    }
}

#[derive(Default)]
pub struct State {
    pub snapshot: Mutex<Snapshot>,
    pub changed: Condvar,
}
