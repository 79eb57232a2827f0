//! Bytes to text (stub: being written).

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for DecodeError {}

/// Decode bytes, detecting the encoding; `forced` names an encoding to use instead.
pub fn decode(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, DecodeError> {
    let _ = forced;
    String::from_utf8(bytes.to_vec())
        .map(|text| Decoded {
            text,
            encoding: "UTF-8",
        })
        .map_err(|_| DecodeError("not UTF-8".into()))
}
