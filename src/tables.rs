//! Tables flattened into text (pipes, one cell per line, two-line headers):
//! each value cell is handed to the rules as a sentence of its row label, its
//! column header and the value, so that one rule set serves prose and tables.
//! (Stub: the reader is being written.)

use std::ops::Range;

use crate::segment::Sentence;

/// What the table reader found in a document.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// One assembled sentence per value cell (see [`Sentence::assembled`]).
    pub sentences: Vec<Sentence>,
    /// Clean byte ranges of the lines the tables take; prose skips them.
    pub claimed: Vec<Range<usize>>,
}

impl Tables {
    /// Is the clean offset inside a table?
    pub fn claims(&self, offset: usize) -> bool {
        self.claimed.iter().any(|r| r.contains(&offset))
    }
}

/// Find the tables of a document's clean text.
pub fn read(_clean: &str) -> Tables {
    Tables::default()
}
