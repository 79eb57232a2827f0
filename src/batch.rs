//! Many files on every core, results in the order of a single-threaded run.
//!
//! [`ordered`] runs `work` over a slice of items on `jobs` threads and hands
//! each result to `sink` on the calling thread, in item order, as soon as it
//! and every result before it are done. Workers take items in order from a
//! shared counter; a result that arrives early waits in a small reorder buffer.
//! At most [`window`]`(jobs)` items are in flight at once (being worked on,
//! queued, or waiting for an earlier one), so memory does not grow with the
//! number of items however slow one item is; a worker that would run further
//! ahead waits for the sink to catch up.
//!
//! A panic in `work` is caught and handed to the sink as [`Panicked`] in that
//! item's place, so one bad item never loses the others. When the sink fails
//! (say, a closed pipe) the workers stop after their current item.
//!
//! [`report`] holds what a batch tells the user on stderr: progress, warnings,
//! errors and the closing summary.

pub mod report;

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::thread;

/// A worker's stack: the size of the main thread's, so that a document that
/// extracts with `--jobs 1` never overflows a worker's stack.
const WORKER_STACK: usize = 8 << 20;

/// How many items may be in flight for `jobs` workers: enough that the other
/// workers keep going through short reports while one works on a report a few
/// hundred times longer (a worker that reaches the end of the window waits for
/// the slow one), and few enough that the waiting documents' rows stay small
/// (a few MB for typical reports).
pub fn window(jobs: usize) -> usize {
    jobs.max(1) * 64
}

/// The worker count for "all cores".
pub fn all_cores() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// `work` panicked on an item; the panic's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panicked(pub String);

/// Run `work` over `items` on `jobs` threads and give every result to `sink`
/// in item order, with its index. Stops at the first error of `sink`.
pub fn ordered<T, R, E>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(usize, Result<R, Panicked>) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let jobs = jobs.min(items.len());
    if jobs <= 1 {
        return items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| sink(i, guarded(&work, item)));
    }
    let permits = Permits::new(window(jobs));
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::sync_channel(window(jobs));
    let mut sink = Some(sink);
    let result = thread::scope(|scope| {
        let spawned = (0..jobs)
            .filter(|_| {
                let (tx, work, permits, next) = (tx.clone(), &work, &permits, &next);
                thread::Builder::new()
                    .name("zhibiao-worker".into())
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, move || worker(items, work, permits, next, tx))
                    .is_ok()
            })
            .count();
        drop(tx);
        if spawned == 0 {
            return None; // no thread to be had: the caller runs the batch itself
        }
        let result = reorder(rx, &permits, sink.take().expect("sink unused"));
        permits.close();
        Some(result)
    });
    match (result, sink) {
        (Some(result), _) => result,
        (None, Some(sink)) => ordered(items, 1, work, sink),
        (None, None) => unreachable!("the sink is only taken when workers run"),
    }
}

/// `work` on one item, a panic caught and turned into [`Panicked`].
fn guarded<T, R>(work: &impl Fn(&T) -> R, item: &T) -> Result<R, Panicked> {
    panic::catch_unwind(AssertUnwindSafe(|| work(item))).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Panicked(message)
    })
}

/// One worker: take the next item while a permit is free, work, send.
fn worker<T, R>(
    items: &[T],
    work: &impl Fn(&T) -> R,
    permits: &Permits,
    next: &AtomicUsize,
    tx: mpsc::SyncSender<(usize, Result<R, Panicked>)>,
) {
    while permits.acquire() {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else {
            permits.release();
            return;
        };
        if tx.send((i, guarded(work, item))).is_err() {
            return; // the sink has stopped
        }
    }
}

/// Hand results to `sink` in index order, releasing a permit for each.
fn reorder<R, E>(
    rx: mpsc::Receiver<(usize, R)>,
    permits: &Permits,
    mut sink: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (i, result) in rx {
        waiting.insert(i, result);
        while let Some(result) = waiting.remove(&next) {
            sink(next, result)?;
            permits.release();
            next += 1;
        }
    }
    Ok(())
}

/// A counting semaphore that can be closed: the in-flight bound.
struct Permits {
    state: Mutex<(usize, bool)>,
    changed: Condvar,
}

impl Permits {
    fn new(count: usize) -> Permits {
        Permits {
            state: Mutex::new((count, false)),
            changed: Condvar::new(),
        }
    }

    /// Wait for a permit; false once closed.
    fn acquire(&self) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            match *state {
                (_, true) => return false,
                (0, false) => state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner()),
                (ref mut free, false) => {
                    *free -= 1;
                    return true;
                }
            }
        }
    }

    fn release(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0 += 1;
        self.changed.notify_one();
    }

    /// Refuse every further permit and wake every waiting worker.
    fn close(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Work whose time falls with the index, so late items finish first.
    fn slow_start(i: &usize) -> usize {
        thread::sleep(Duration::from_micros(((50 - i % 50) * 40) as u64));
        i * 2
    }

    #[test]
    fn results_come_in_item_order_whatever_the_jobs() {
        let items: Vec<usize> = (0..500).collect();
        for jobs in [1, 2, 3, 8, 64] {
            let mut seen = Vec::new();
            ordered(&items, jobs, slow_start, |i, r| {
                seen.push((i, r.unwrap()));
                Ok::<(), ()>(())
            })
            .unwrap();
            let expected: Vec<(usize, usize)> = items.iter().map(|&i| (i, i * 2)).collect();
            assert_eq!(seen, expected, "jobs {jobs}");
        }
    }

    #[test]
    fn no_more_than_a_window_is_in_flight() {
        let items: Vec<usize> = (0..2000).collect();
        let started = AtomicUsize::new(0);
        let mut written = 0;
        let mut worst = 0;
        ordered(
            &items,
            4,
            |&i| {
                started.fetch_add(1, Ordering::SeqCst);
                // The first item is slow: the others must not run far ahead of it.
                thread::sleep(Duration::from_millis(if i == 0 { 50 } else { 0 }));
            },
            |_, _| {
                written += 1;
                worst = worst.max(started.load(Ordering::SeqCst) - (written - 1));
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(written, 2000);
        assert!(worst <= window(4), "{worst} in flight");
    }

    #[test]
    fn a_panic_is_one_item_lost_not_the_batch() {
        let items: Vec<usize> = (0..100).collect();
        for jobs in [1, 4] {
            let mut seen = Vec::new();
            ordered(
                &items,
                jobs,
                |&i| {
                    assert!(i != 37, "item {i} is bad");
                    i
                },
                |i, r| {
                    seen.push((i, r));
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(seen.len(), 100);
            assert_eq!(seen[37].1, Err(Panicked("item 37 is bad".to_string())));
            assert_eq!(seen[38].1, Ok(38));
        }
    }

    #[test]
    fn a_failing_sink_stops_the_workers() {
        let items: Vec<usize> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let result = ordered(
            &items,
            4,
            |_| done.fetch_add(1, Ordering::SeqCst),
            |i, _| if i == 10 { Err(i) } else { Ok(()) },
        );
        assert_eq!(result, Err(10));
        assert!(done.load(Ordering::SeqCst) <= 11 + window(4));
    }
}
