//! A small fixed set of chars asked about once per char of a text: most chars
//! of a text are in no such set, so a 256-bit filter on the low byte of the
//! code point turns them away before the sorted list is searched. On it, a
//! table of words by their first char (set phrases, units after a number).

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

/// Items grouped by the first char of their word, each group in the order
/// the items were given; items with an empty word are left out.
pub(crate) struct ByFirstChar<T> {
    firsts: CharSet,
    /// The group of each char of `firsts`, in the same order.
    groups: Vec<Vec<T>>,
}

impl<T> ByFirstChar<T> {
    pub(crate) fn new(items: Vec<T>, word: impl Fn(&T) -> &str) -> Self {
        let firsts = CharSet::new(items.iter().filter_map(|item| word(item).chars().next()));
        let mut groups: Vec<Vec<T>> = firsts.chars().iter().map(|_| Vec::new()).collect();
        for item in items {
            if let Some(k) = word(&item).chars().next().and_then(|c| firsts.index_of(c)) {
                groups[k].push(item);
            }
        }
        ByFirstChar { firsts, groups }
    }

    /// The items whose word starts with `c`, in the order given.
    pub(crate) fn keyed_by(&self, c: char) -> &[T] {
        self.firsts
            .index_of(c)
            .map_or(&[], |k| self.groups[k].as_slice())
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

    #[test]
    fn words_by_first_char_in_their_order() {
        let table = ByFirstChar::new(vec!["件次", "家", "件", ""], |w| w);
        assert_eq!(table.keyed_by('件'), ["件次", "件"]);
        assert_eq!(table.keyed_by('家'), ["家"]);
        assert!(table.keyed_by('人').is_empty());
    }
}
