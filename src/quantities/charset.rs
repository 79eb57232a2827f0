//! A small fixed set of chars asked about once per char of a text: most chars
//! of a text are in no such set, so a 256-bit filter on the low byte of the
//! code point turns them away before the sorted list is searched.

/// A set of chars, each with its index in the sorted list of members.
pub(crate) struct CharSet {
    sorted: Vec<char>,
    /// Bit `c & 255` is set for each member `c`.
    filter: [u64; 4],
}

impl CharSet {
    pub(crate) fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut sorted: Vec<char> = chars.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut filter = [0u64; 4];
        for &c in &sorted {
            let low = c as usize & 255;
            filter[low >> 6] |= 1 << (low & 63);
        }
        CharSet { sorted, filter }
    }

    /// The index of `c` among the members in char order, if it is one.
    pub(crate) fn index_of(&self, c: char) -> Option<usize> {
        let low = c as usize & 255;
        if self.filter[low >> 6] & (1 << (low & 63)) == 0 {
            return None;
        }
        self.sorted.binary_search(&c).ok()
    }

    pub(crate) fn len(&self) -> usize {
        self.sorted.len()
    }

    /// The members in char order.
    pub(crate) fn chars(&self) -> &[char] {
        &self.sorted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_their_order() {
        let set = CharSet::new("号码.一一".chars());
        assert_eq!(set.len(), 4);
        assert_eq!(set.index_of('.'), Some(0));
        assert!(set.index_of('号').is_some() && set.index_of('一').is_some());
        assert!(set.index_of('二').is_none() && set.index_of('/').is_none());
        assert_eq!(set.chars()[set.index_of('码').unwrap()], '码');
    }
}
