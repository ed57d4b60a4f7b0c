//! Packages to draw: every feasible package when there are few, else a
//! reproducible random sample of them.

use crate::eval;
use crate::model::{Package, Scenario};

/// Feasible packages: all of them when there are at most `limit`, else
/// `limit` drawn uniformly (fixed seed, so a plot is the same on every run).
/// Returns the packages and whether they are a sample.
pub fn packages(s: &Scenario, limit: usize) -> (Vec<Package>, bool) {
    let sizes: Vec<u32> = s
        .slots
        .iter()
        .map(|sl| s.issues[sl.issue].domain.len() as u32)
        .collect();
    if s.package_count() <= limit as f64 {
        return (enumerate(s, &sizes), false);
    }
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move |n: u32| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as u32
    };
    let mut out = Vec::with_capacity(limit);
    // Rules may reject most draws; give up after a bounded number of tries.
    for _ in 0..limit * 20 {
        let p: Package = sizes.iter().map(|&n| next(n)).collect();
        if eval::broken_rules(s, &p).is_empty() {
            out.push(p);
            if out.len() == limit {
                break;
            }
        }
    }
    (out, true)
}

fn enumerate(s: &Scenario, sizes: &[u32]) -> Vec<Package> {
    let mut p = vec![0u32; sizes.len()];
    let mut out = vec![];
    loop {
        if eval::broken_rules(s, &p).is_empty() {
            out.push(p.clone());
        }
        let mut k = sizes.len();
        loop {
            if k == 0 {
                return out;
            }
            k -= 1;
            p[k] += 1;
            if p[k] < sizes[k] {
                break;
            }
            p[k] = 0;
        }
    }
}
