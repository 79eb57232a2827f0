//! Traditional characters folded to simplified ones, char for char, so that one
//! rule set serves both scripts and offsets into the text stay put. The table
//! is zhconv's (MediaWiki and OpenCC), flattened at build time by `build.rs`
//! into a sorted static array: a lookup is a bit test (most chars have no
//! other form) and then a binary search, with nothing to load when the
//! program starts.

include!(concat!(env!("OUT_DIR"), "/t2s.rs"));

/// The simplified form of `c`, or `c` itself when it has none of one character.
pub fn simplified(c: char) -> char {
    let cp = c as u32;
    if cp < 0x3400 || (cp < 0x10000 && IN_T2S[cp as usize >> 6] & (1 << (cp & 63)) == 0) {
        return c;
    }
    T2S.binary_search_by_key(&c, |&(t, _)| t)
        .map_or(c, |i| T2S[i].1)
}

#[cfg(test)]
mod tests {
    use super::{simplified, IN_T2S, T2S};

    fn fold(s: &str) -> String {
        s.chars().map(simplified).collect()
    }

    #[test]
    fn folds_enforcement_words() {
        assert_eq!(fold("行政處罰罰沒款萬元"), "行政处罚罚没款万元");
        assert_eq!(fold("衛生監督意見書"), "卫生监督意见书");
        assert_eq!(fold("棲霞區交通運輸局"), "栖霞区交通运输局");
    }

    #[test]
    fn leaves_simplified_and_ascii_alone() {
        assert_eq!(fold("罚款60万元，abc"), "罚款60万元，abc");
    }

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(T2S.len() > 2000);
        assert!(T2S.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn the_bitset_holds_every_bmp_char_of_the_table() {
        let bmp = T2S.iter().filter(|(t, _)| (*t as u32) < 0x10000);
        for (t, _) in bmp {
            let cp = *t as usize;
            assert!(IN_T2S[cp >> 6] & (1 << (cp & 63)) != 0, "{t}");
        }
        let set: u32 = IN_T2S.iter().map(|w| w.count_ones()).sum();
        assert_eq!(
            set as usize,
            T2S.iter().filter(|(t, _)| (*t as u32) < 0x10000).count()
        );
    }
}
