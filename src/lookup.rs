//! Word tables looked up by the char a word starts (or ends) with: at each
//! place of a text only the few words that start with the char there are
//! compared, not the whole table (unit words after a number, name suffixes and
//! boundary words in agency detection, noise words around a category).

use std::collections::HashMap;

/// Items keyed by one char of their word (the first, or the last), each list
/// in the order the items were given.
#[derive(Debug, Clone)]
pub struct ByChar<T> {
    lists: HashMap<char, Vec<T>>,
}

impl<T> ByChar<T> {
    /// Index `items` by the first char of `word(item)`; items with an empty
    /// word are left out (they start with no char).
    pub fn new(items: impl IntoIterator<Item = T>, word: impl Fn(&T) -> &str) -> Self {
        Self::keyed(items, |item| word(item).chars().next())
    }

    /// Index `items` by the char `key` gives each (none: left out).
    pub fn keyed(items: impl IntoIterator<Item = T>, key: impl Fn(&T) -> Option<char>) -> Self {
        let mut lists: HashMap<char, Vec<T>> = HashMap::new();
        for item in items {
            if let Some(c) = key(&item) {
                lists.entry(c).or_default().push(item);
            }
        }
        ByChar { lists }
    }

    /// The items keyed by `c`, in the order given.
    pub fn keyed_by(&self, c: char) -> &[T] {
        self.lists.get(&c).map_or(&[], Vec::as_slice)
    }

    /// Every item, lists in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.lists.values().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_words_of_a_first_char_in_their_order() {
        let table = ByChar::new(["件次", "件", "家", ""], |w| w);
        assert_eq!(table.keyed_by('件'), ["件次", "件"]);
        assert_eq!(table.keyed_by('家'), ["家"]);
        assert!(table.keyed_by('人').is_empty());
        assert_eq!(table.iter().count(), 3);
        let by_last = ByChar::keyed(["件次", "人次", "件"], |w| w.chars().next_back());
        assert_eq!(by_last.keyed_by('次'), ["件次", "人次"]);
    }
}
