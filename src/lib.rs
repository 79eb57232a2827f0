//! zhibiao: read Chinese government reports and turn the figures in their prose
//! into indicator rows.
//!
//! The pipeline follows the data, one module per stage:
//! `decode` (bytes → text) → `normalize` (clean text + offset map) → `segment`
//! (sentences with heading context) → `quantities` (number + unit mentions) →
//! `rules` (indicator rows from the rule files in `patterns/`) → `document`
//! (agency, year, period) → `output` (csv, json, jsonl). `extract` ties the
//! stages together for one document; `input` reads files and folders; `batch`
//! runs many documents on every core in a deterministic order; `cmd` is the
//! command line. `explain` says what became of every number. Downstream
//! of extraction, `readback` reads extract outputs back for `diff` (two outputs
//! compared) and `pivot` (a wide table).

pub mod batch;
pub mod cmd;
pub mod decode;
pub mod diff;
pub mod document;
pub mod explain;
pub mod extract;
pub mod input;
pub mod lookup;
pub mod normalize;
pub mod output;
pub mod pivot;
pub mod quantities;
pub mod readback;
pub mod rules;
pub mod scan;
pub mod script;
pub mod segment;
pub mod tables;
