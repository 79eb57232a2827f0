//! Agency, year and period of a document (stub: being written).

/// What a document says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentInfo {
    /// The reporting department, full name as written; `None` when unknown.
    pub agency: Option<String>,
    /// The year reported on; `None` when unknown.
    pub year: Option<i32>,
    /// Empty for a whole year, else the span stated (`第三季度`, `上半年`, `1-6月`).
    pub period: Option<String>,
}

/// Detect agency, year and period from the normalized text of a whole document.
pub fn detect(_text: &str) -> DocumentInfo {
    DocumentInfo::default()
}
