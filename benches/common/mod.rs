//! Shared by the benchmarks: a deterministic generator and one timed run of
//! check + frontier + Nash + welfare.

#![allow(dead_code)]

use neg::analysis::{bargaining, frontier, space::Space};
use neg::diagnostics::Sources;
use std::time::{Duration, Instant};

/// A deterministic xorshift generator.
pub struct Rng(pub u64);

impl Rng {
    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// One run over a plan's text: (the check's time, the whole time, the
/// frontier's size).
pub fn analyse(text: &str) -> (Duration, Duration, usize) {
    let start = Instant::now();
    let mut sources = Sources::default();
    let s = neg::load_text(&mut sources, "bench.neg", text)
        .expect("checks")
        .scenario;
    let checked = start.elapsed();
    let space = Space::build(&s).expect("space");
    let points = frontier::frontier(&space, s.slots.len());
    let batnas: Vec<f64> = s.parties.iter().map(|p| p.batna).collect();
    std::hint::black_box((
        bargaining::nash(&points, &batnas),
        bargaining::welfare(&points, &batnas),
    ));
    (checked, start.elapsed(), points.len())
}
