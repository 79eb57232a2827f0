//! Traditional characters folded to simplified ones, char for char, so that one
//! rule set serves both scripts and offsets into the text stay put. The
//! conversion tables are zhconv's (MediaWiki and OpenCC); each character's
//! simplified form is looked up once per thread and cached.

use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    static CACHE: RefCell<HashMap<char, char>> = RefCell::new(HashMap::new());
}

/// The simplified form of `c`, or `c` itself when it has none of one character.
pub fn simplified(c: char) -> char {
    if (c as u32) < 0x3400 {
        return c;
    }
    CACHE.with(|cache| {
        *cache.borrow_mut().entry(c).or_insert_with(|| {
            let mut buf = [0u8; 4];
            let out = zhconv::zhconv(c.encode_utf8(&mut buf), zhconv::Variant::ZhCN);
            let mut chars = out.chars();
            match (chars.next(), chars.next()) {
                (Some(s), None) => s,
                _ => c,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::simplified;

    fn fold(s: &str) -> String {
        s.chars().map(simplified).collect()
    }

    #[test]
    fn folds_enforcement_words() {
        assert_eq!(fold("行政處罰罰沒款萬元"), "行政处罚罚没款万元");
        assert_eq!(fold("衛生監督意見書"), "卫生监督意见书");
    }

    #[test]
    fn leaves_simplified_and_ascii_alone() {
        assert_eq!(fold("罚款60万元，abc"), "罚款60万元，abc");
    }
}
