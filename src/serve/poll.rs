//! The live-reload long poll, answered without a thread per waiting client.
//!
//! A poll names its page and the version that page was served in; it is answered when
//! that page's bytes or the errors changed since, or after `POLL_WAIT`. A poll that
//! must wait is parked here, its socket and all, and one hub thread answers the parked
//! polls when a publish wakes it (or, for the timeouts, once a second). At most
//! `MAX_PARKED` wait at once; a poll past that is answered at once with the state as
//! it is, and the script waits a second before it asks again.

use std::net::TcpStream;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::http::{write_response, Response};
use super::state::{Snapshot, State};

pub const POLL_WAIT: Duration = Duration::from_secs(25);
pub const MAX_PARKED: usize = 128;
const TICK: Duration = Duration::from_secs(1);

/// A poll's question: since which version, about which output.
pub struct Poll {
    /// The output the page is (its key in the built files); `None`: any change.
    pub key: Option<String>,
    /// `None`: answer at once.
    pub seen: Option<u64>,
}

impl Poll {
    fn changed(&self, s: &Snapshot) -> u64 {
        self.key.as_deref().map_or(s.version, |k| s.last_change(k))
    }

    fn due(&self, s: &Snapshot) -> bool {
        self.seen
            .is_none_or(|seen| self.changed(s) > seen || s.errors_changed > seen)
    }

    fn answer(&self, s: &Snapshot) -> Response {
        let body = serde_json::json!({
            "version": s.version,
            "page": self.changed(s),
            "errors": s.errors,
            "busy": s.busy,
        });
        Response::new(200, "application/json", body.to_string().into_bytes())
    }
}

struct Parked {
    poll: Poll,
    stream: TcpStream,
    head_only: bool,
    deadline: Instant,
}

#[derive(Default)]
pub struct Hub {
    parked: Mutex<Vec<Parked>>,
}

impl Hub {
    /// The answer to `poll` now, or `None` when its stream was parked to be answered
    /// later.
    pub fn take(
        &self,
        state: &State,
        poll: Poll,
        stream: TcpStream,
        head_only: bool,
    ) -> Option<(Response, TcpStream)> {
        let snap = state.snapshot.lock().expect("lock");
        let mut parked = self.parked.lock().expect("lock");
        if poll.due(&snap) || parked.len() >= MAX_PARKED {
            return Some((poll.answer(&snap), stream));
        }
        parked.push(Parked {
            poll,
            stream,
            head_only,
            deadline: Instant::now() + POLL_WAIT,
        });
        None
    }

    /// The hub thread: answers parked polls as they fall due, forever. Checking under
    /// the snapshot's lock before each wait means no publish goes unseen.
    pub fn run(&self, state: &State) {
        let mut snap = state.snapshot.lock().expect("lock");
        loop {
            let due: Vec<(Response, Parked)> = {
                let mut parked = self.parked.lock().expect("lock");
                let now = Instant::now();
                let (due, waiting): (Vec<Parked>, Vec<Parked>) = parked
                    .drain(..)
                    .partition(|p| p.poll.due(&snap) || p.deadline <= now);
                *parked = waiting;
                due.into_iter().map(|p| (p.poll.answer(&snap), p)).collect()
            };
            if due.is_empty() {
                snap = state.changed.wait_timeout(snap, TICK).expect("lock").0;
                continue;
            }
            drop(snap);
            for (response, p) in due {
                write_response(p.stream, &response, p.head_only);
            }
            snap = state.snapshot.lock().expect("lock");
        }
    }
}
