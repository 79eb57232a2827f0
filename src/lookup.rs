//! Word tables looked up by the char a word starts with: at each place of a
//! text only the few words that start with the char there are compared, not
//! the whole table (unit words after a number, name suffixes and boundary
//! words in agency detection).

use std::collections::HashMap;

/// Items keyed by the first char of their word, each list in the order the
/// items were given.
#[derive(Debug)]
pub struct ByFirstChar<T> {
    lists: HashMap<char, Vec<T>>,
}

impl<T> ByFirstChar<T> {
    /// Index `items` by the first char of `word(item)`; items with an empty
    /// word are left out (they start with no char).
    pub fn new(items: impl IntoIterator<Item = T>, word: impl Fn(&T) -> &str) -> Self {
        let mut lists: HashMap<char, Vec<T>> = HashMap::new();
        for item in items {
            if let Some(first) = word(&item).chars().next() {
                lists.entry(first).or_default().push(item);
            }
        }
        ByFirstChar { lists }
    }

    /// The items whose word starts with `c`, in the order given.
    pub fn starting_with(&self, c: char) -> &[T] {
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
        let table = ByFirstChar::new(["件次", "件", "家", ""], |w| w);
        assert_eq!(table.starting_with('件'), ["件次", "件"]);
        assert_eq!(table.starting_with('家'), ["家"]);
        assert!(table.starting_with('人').is_empty());
        assert_eq!(table.iter().count(), 3);
    }
}
