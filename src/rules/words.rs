//! Word lists of the rule files. A list keeps its words in file order (some
//! callers want the first word of the list that occurs) and builds, on first
//! need, what asking whether any word stands in a text takes: a dictionary of
//! its words for a short text (one pass over its chars for all the words;
//! for a list of one or two words, as most that a rule needs, a vector search
//! for each word's last byte costs less) and a substring finder per word for
//! a long one (where a vector search per word skips most bytes), unless the
//! list has many words (a rule's refused words: one pass for all of them
//! costs less than a search each) — so no search is set up anew at every
//! question. The
//! dictionary also gives the longest word a text starts with; an index of the
//! words by their last char, the longest it ends with.

use std::ops::Deref;

use memchr::memmem::Finder;

use super::dictionary::SmallDictionary;
use crate::lookup::ByChar;
use once_cell::sync::OnceCell;
use serde::Deserialize;

/// From this many bytes on, a text is searched word by word (memchr's
/// vector search skips most of it) instead of char by char.
const LONG_TEXT: usize = 64;

/// From this many words on, even a long text is read once for all of them
/// (the dictionary) rather than searched once a word.
const MANY_WORDS: usize = 4;

/// Up to this many words, a short text is searched word by word (a vector
/// search for the word's last byte) rather than char by char: most lists of
/// words a rule needs have one or two.
const FEW_WORDS: usize = 2;

/// A list of words from a rule file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(from = "Vec<String>")]
pub struct Words {
    list: Vec<String>,
    dictionary: OnceCell<(SmallDictionary, bool)>,
    finders: OnceCell<Vec<Finder<'static>>>,
    /// Indexes into `list` by each word's last char.
    by_last: OnceCell<ByChar<usize>>,
}

impl From<Vec<String>> for Words {
    fn from(list: Vec<String>) -> Words {
        Words {
            list,
            dictionary: OnceCell::new(),
            finders: OnceCell::new(),
            by_last: OnceCell::new(),
        }
    }
}

impl Deref for Words {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.list
    }
}

impl<'a> IntoIterator for &'a Words {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl IntoIterator for Words {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

impl Words {
    /// Add a word at the end of the list.
    pub fn push(&mut self, word: String) {
        self.list.push(word);
        self.dictionary = OnceCell::new();
        self.finders = OnceCell::new();
        self.by_last = OnceCell::new();
    }

    /// The longest word that `text` starts with, among those `allowed`.
    pub fn longest_prefix(&self, text: &str, allowed: impl Fn(&str) -> bool) -> Option<&str> {
        self.longest_prefix_by_index(text, |i| allowed(&self.list[i]))
    }

    /// The longest word that `text` starts with, among those whose index in
    /// the list is `allowed`.
    pub fn longest_prefix_by_index(
        &self,
        text: &str,
        allowed: impl Fn(usize) -> bool,
    ) -> Option<&str> {
        let (dictionary, _) = self.dictionary();
        let id = dictionary.longest_prefix(text, allowed)?;
        Some(&self.list[id])
    }

    /// Does `text` start with any of the words? (One probe of the dictionary
    /// by its first bytes, where comparing every word costs one compare each.)
    pub fn starts(&self, text: &str) -> bool {
        let (dictionary, has_empty) = self.dictionary();
        *has_empty || dictionary.longest_prefix(text, |_| true).is_some()
    }

    /// The longest word that `text` ends with.
    pub fn longest_suffix(&self, text: &str) -> Option<&str> {
        self.longest_suffix_by_index(text, |_| true)
    }

    /// The longest word that `text` ends with, among those whose index in
    /// the list is `allowed`.
    pub fn longest_suffix_by_index(
        &self,
        text: &str,
        allowed: impl Fn(usize) -> bool,
    ) -> Option<&str> {
        let words = self.by_last().keyed_by(text.chars().next_back()?).iter();
        words
            .filter(|&&i| allowed(i))
            .map(|&i| self.list[i].as_str())
            .filter(|w| text.ends_with(w))
            .max_by_key(|w| w.len())
    }

    /// Is `text` one of the words? (Only the words ending with its last char
    /// are compared.)
    pub fn has(&self, text: &str) -> bool {
        let Some(last) = text.chars().next_back() else {
            return self.list.iter().any(String::is_empty);
        };
        let words = self.by_last().keyed_by(last).iter();
        words.map(|&i| self.list[i].as_str()).any(|w| w == text)
    }

    fn by_last(&self) -> &ByChar<usize> {
        self.by_last.get_or_init(|| {
            ByChar::keyed(0..self.list.len(), |&i| self.list[i].chars().next_back())
        })
    }

    /// Does any of the words stand in `text`? (An empty word stands anywhere.)
    pub fn found_in(&self, text: &str) -> bool {
        if text.len() >= LONG_TEXT && self.list.len() < MANY_WORDS {
            return self
                .finders()
                .iter()
                .any(|f| f.find(text.as_bytes()).is_some());
        }
        if self.list.len() <= FEW_WORDS {
            return self.list.iter().any(|w| find_word(text, w).is_some());
        }
        let (dictionary, has_empty) = self.dictionary();
        *has_empty || dictionary.any_in(text)
    }

    fn finders(&self) -> &[Finder<'static>] {
        self.finders.get_or_init(|| {
            self.list
                .iter()
                .map(|w| Finder::new(w.as_bytes()).into_owned())
                .collect()
        })
    }

    fn dictionary(&self) -> &(SmallDictionary, bool) {
        self.dictionary.get_or_init(|| {
            let has_empty = self.list.iter().any(String::is_empty);
            (SmallDictionary::new(&self.list), has_empty)
        })
    }
}

/// Where `word` first stands in `text`. The engine's texts and words are
/// short: looking for the word's last byte and comparing there costs less
/// than setting up a substring searcher, as `str::find` does at every call.
pub(super) fn find_word(text: &str, word: &str) -> Option<usize> {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let Some((&last, head)) = word.split_last() else {
        return Some(0);
    };
    let tail = text.get(head.len()..)?;
    memchr::memchr_iter(last, tail).find(|&i| stands_at(text, i, word))
}

/// Where `word` last stands in `text` (see [`find_word`]).
pub(super) fn rfind_word(text: &str, word: &str) -> Option<usize> {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let Some((&last, head)) = word.split_last() else {
        return Some(text.len());
    };
    let tail = text.get(head.len()..)?;
    memchr::memrchr_iter(last, tail).find(|&i| stands_at(text, i, word))
}

/// Does the word, not empty, stand at `at` in `text`, which has room for
/// it? The last byte of a Chinese word is a continuation byte, one of 64
/// that make two thirds of Chinese text, so it is found at many places: the
/// word's first two bytes (its first char's lead and the byte that most
/// often tells the char) are tested before the call to `memcmp` that
/// compares them all.
fn stands_at(text: &[u8], at: usize, word: &[u8]) -> bool {
    text[at] == word[0]
        && (word.len() < 2 || text[at + 1] == word[1])
        && text[at..at + word.len()] == *word
}

/// Several word lists asked about at once: one pass over a text's chars says
/// which of them have a word in it, where asking each list would read the
/// text once a list.
#[derive(Debug, Clone, Default)]
pub struct WordLists {
    /// The words of every list, one list after the other.
    dictionary: SmallDictionary,
    /// For each word of the dictionary, the bit of its list.
    list_of: Vec<u32>,
    /// The bits of the lists with an empty word (it stands anywhere).
    anywhere: u32,
}

impl WordLists {
    /// At most 32 lists; list `i` answers in bit `i`.
    pub fn new(lists: &[&Words]) -> WordLists {
        assert!(lists.len() <= 32, "at most 32 word lists");
        let bit = |i: usize| 1u32 << i;
        let words: Vec<&str> = lists
            .iter()
            .flat_map(|l| l.iter().map(String::as_str))
            .collect();
        let list_of = lists
            .iter()
            .enumerate()
            .flat_map(|(i, l)| std::iter::repeat_n(bit(i), l.len()))
            .collect();
        let anywhere = lists
            .iter()
            .enumerate()
            .filter(|(_, l)| l.iter().any(String::is_empty))
            .fold(0, |bits, (i, _)| bits | bit(i));
        WordLists {
            dictionary: SmallDictionary::new(&words),
            list_of,
            anywhere,
        }
    }

    /// The bits of the lists that have a word in `text`.
    pub fn found_in(&self, text: &str) -> u32 {
        let mut bits = self.anywhere;
        self.dictionary.each_in(text, |id| bits |= self.list_of[id]);
        bits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_any_word_and_keeps_the_order() {
        let mut words = Words::from(vec!["同比".to_string(), "去年".to_string()]);
        assert!(words.found_in("较去年增加"));
        assert!(!words.found_in("全年检查"));
        words.push("上年".to_string());
        assert!(words.found_in("上年度"));
        assert_eq!(words[2], "上年");
        assert!(!Words::default().found_in("任何文字"));
        let noise = Words::from(vec![
            "共".to_string(),
            "共计".to_string(),
            "案件".to_string(),
        ]);
        assert_eq!(noise.longest_prefix("共计检查", |_| true), Some("共计"));
        assert_eq!(
            noise.longest_prefix("共计检查", |w| w != "共计"),
            Some("共")
        );
        assert_eq!(noise.longest_suffix("违法案件"), Some("案件"));
        assert_eq!(noise.longest_suffix(""), None);
        assert!(noise.has("共计") && noise.has("共") && !noise.has("共计检查") && !noise.has(""));
        assert!(Words::from(vec![String::new()]).has(""));
        assert!(noise.starts("共计检查"));
        assert!(!noise.starts("检查"));
        assert!(!noise.starts(""));
    }

    #[test]
    fn finds_a_word_as_str_does() {
        for text in ["", "其中", "检查其中其中含", "a其中b", "其"] {
            for word in ["", "其中", "中", "含", "其中含", "b", "其中其中含x"] {
                assert_eq!(find_word(text, word), text.find(word), "{text} {word}");
                assert_eq!(rfind_word(text, word), text.rfind(word), "{text} {word}");
            }
        }
    }

    #[test]
    fn tells_which_lists_have_a_word() {
        let period = Words::from(vec!["去年".to_string(), "同比".to_string()]);
        let plan = Words::from(vec!["计划".to_string(), "年计划".to_string()]);
        let lists = WordLists::new(&[&period, &plan]);
        assert_eq!(lists.found_in("全年检查"), 0);
        assert_eq!(lists.found_in("同比增长"), 0b01);
        // `年计划` overlaps `去年`: both lists have a word here.
        assert_eq!(lists.found_in("去年计划"), 0b11);
        assert_eq!(lists.found_in("下年计划"), 0b10);
        let anything = Words::from(vec![String::new()]);
        assert_eq!(WordLists::new(&[&plan, &anything]).found_in("无"), 0b10);
    }
}
