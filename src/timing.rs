//! Stage times of a build, which `ROTSYSTEM_TIMINGS=1` makes `cmd` print: laps of one
//! stopwatch, so the stages of `Site::load` and of `build` add up to the whole.

use std::time::{Duration, Instant};

pub struct Laps {
    last: Instant,
    /// Each stage's name and duration, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Default for Laps {
    fn default() -> Laps {
        Laps {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }
}

impl Laps {
    /// Records the stage that ends now.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last));
        self.last = now;
    }

    /// Records a time measured elsewhere (work beside the stages, or summed over
    /// threads), without ending a lap.
    pub fn note(&mut self, name: &'static str, d: Duration) {
        self.stages.push((name, d));
    }
}
