//! Indicator rules: loaded from the TOML files in `patterns/` (embedded in the
//! binary at build time, and made by the code the build wrote for them) and
//! from a user's own directory, gathered into one dictionary of triggers, and
//! applied to sentences by the engine.

pub mod dictionary;
mod engine;
pub mod examples;
pub mod file;
pub mod words;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use crate::quantities::Kind;
use crate::scan::eight_bytes;
use dictionary::Dictionary;
use words::{WordLists, Words};

/// The bit of [`RuleSet::period_and_plan`] for a word of another period.
pub(crate) const OTHER_PERIOD: u32 = 1;
/// The bit of [`RuleSet::period_and_plan`] for a plan word.
pub(crate) const PLAN: u32 = 2;
pub use engine::{apply, apply_each, apply_traced, Binding, Fate, Trace};
pub use file::{CategoryFrom, ExampleSpec, Look, RuleFile, RuleSpec, SettingsSpec, Window};

/// A rule file shipped inside the binary (listed by the build in `patterns.rs`).
struct EmbeddedFile {
    name: &'static str,
    toml: &'static str,
    /// Makes the file's tables, without the rules' about texts, examples and
    /// negatives, as the build read them (at every start: no parsing);
    /// `None` when the build had no code for them (the TOML is read then).
    built: Option<fn() -> RuleFile>,
    /// For each rule, in order, the JSON of its about text, examples and
    /// negatives (`null` for none): read on first use.
    docs: &'static [[&'static str; 3]],
}

/// A list of the build's strings as owned ones (for `patterns.rs`).
fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

include!(concat!(env!("OUT_DIR"), "/patterns.rs"));

/// A rule ready to apply.
#[derive(Debug, Clone)]
pub struct Rule {
    pub spec: RuleSpec,
    /// The file the rule came from.
    pub file: String,
    kinds: Vec<Kind>,
    units: CountUnits,
}

impl Rule {
    /// Does the rule take a number of this kind and unit?
    pub fn accepts(&self, kind: Kind, unit: &str) -> bool {
        self.kinds.contains(&kind) || (kind == Kind::Count && self.units.contains(unit))
    }
}

/// The count units a rule takes by name (`家次`, `户`), each with its bytes
/// as one number (zeros after a unit of fewer than eight): a number's unit of
/// eight bytes or fewer is then told by one comparison a unit, not a call to
/// `memcmp` (the question is asked for the rules of each trigger before each
/// number). [`Words::has`] answers the same question for any word list, by
/// the words' last chars; for these few short units it cost 0.33 M more
/// instructions on the benchmark's mix and 1.019× the time (round 14).
#[derive(Debug, Clone, Default)]
struct CountUnits(Vec<(String, u64)>);

impl CountUnits {
    fn push(&mut self, unit: &str) {
        self.0
            .push((unit.to_string(), eight_bytes(unit.as_bytes(), 0)));
    }

    fn contains(&self, unit: &str) -> bool {
        let short = (unit.len() <= 8).then(|| eight_bytes(unit.as_bytes(), 0));
        self.0.iter().any(|(u, bytes)| {
            u.len() == unit.len() && short.map_or_else(|| u == unit, |short| short == *bytes)
        })
    }
}

/// A broken rule file or rule: the file, the line when known, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for RuleError {}

/// Every rule in force, with the dictionary of their triggers.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub settings: SettingsSpec,
    /// The settings' words of another period ([`OTHER_PERIOD`]) and of a
    /// plan ([`PLAN`]), looked for in one pass over a number's clause.
    pub(crate) period_and_plan: WordLists,
    /// The settings' category noise, then their breakdown words (noise too
    /// in a part's category): one list, so that a look at either end of a
    /// part's words asks one list, not two, and one list is set up for both.
    pub(crate) noise: Words,
    triggers: Dictionary,
    /// For each trigger of the dictionary, the rules it triggers, highest priority first.
    trigger_rules: Vec<Vec<usize>>,
}

/// A rule file's name and text.
pub type Source = (String, String);

impl RuleSet {
    /// The rule files shipped inside the binary.
    pub fn embedded_sources() -> Vec<Source> {
        EMBEDDED_PATTERNS
            .iter()
            .map(|f| (f.name.to_string(), f.toml.to_string()))
            .collect()
    }

    /// The rule files of a user directory, in name order.
    pub fn directory_sources(dir: &Path) -> Result<Vec<Source>, RuleError> {
        let err = |message: String| RuleError {
            file: dir.display().to_string(),
            line: None,
            message,
        };
        let entries =
            std::fs::read_dir(dir).map_err(|e| err(format!("cannot read rule directory: {e}")))?;
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let name = p.display().to_string();
                std::fs::read_to_string(&p)
                    .map(|text| (name.clone(), text))
                    .map_err(|e| RuleError {
                        file: name,
                        line: None,
                        message: format!("cannot read: {e}"),
                    })
            })
            .collect()
    }

    /// The embedded rules.
    pub fn embedded() -> Result<RuleSet, RuleError> {
        RuleSet::load(true, None)
    }

    /// The embedded rules (with `embedded`), then the rule files of `dir`; a
    /// later rule with the same id replaces an earlier one.
    pub fn load(embedded: bool, dir: Option<&Path>) -> Result<RuleSet, RuleError> {
        // (A rule file and a rule are big: a list of them is made once, at
        // its size, not grown and copied.)
        let mut files = Vec::with_capacity(EMBEDDED_PATTERNS.len());
        if embedded {
            for embedded in EMBEDDED_PATTERNS {
                files.push(embedded.parse()?);
            }
        }
        let sources = match dir {
            Some(dir) => RuleSet::directory_sources(dir)?,
            None => Vec::new(),
        };
        for (name, text) in &sources {
            files.push(ParsedFile::checked(name, text, parse(name, text)?));
        }
        RuleSet::compile_files(files)
    }

    /// Parse and compile rule files; a later rule with the same id replaces an earlier one.
    pub fn from_sources(sources: &[Source]) -> Result<RuleSet, RuleError> {
        let files = sources
            .iter()
            .map(|(name, text)| Ok(ParsedFile::checked(name, text, parse(name, text)?)))
            .collect::<Result<_, RuleError>>()?;
        RuleSet::compile_files(files)
    }

    /// Compile parsed rule files.
    fn compile_files(files: Vec<ParsedFile>) -> Result<RuleSet, RuleError> {
        let count = files.iter().map(|f| f.parsed.rule.len()).sum();
        let mut rules: Vec<Rule> = Vec::with_capacity(count);
        let mut by_id: HashMap<String, usize> = HashMap::with_capacity(count);
        let mut settings = SettingsSpec::default();
        for file in files {
            if let Some(s) = file.parsed.settings {
                merge_settings(&mut settings, s);
            }
            for spec in file.parsed.rule {
                let rule = compile(spec, &file.name, file.text, file.check_examples)?;
                match by_id.get(&rule.spec.id) {
                    Some(&i) => rules[i] = rule,
                    None => {
                        by_id.insert(rule.spec.id.clone(), rules.len());
                        rules.push(rule);
                    }
                }
            }
        }
        let (patterns, trigger_rules) = triggers_and_rules(&rules);
        let triggers = Dictionary::new(&patterns);
        Ok(RuleSet {
            rules,
            period_and_plan: WordLists::new(&[&settings.other_period, &settings.plan]),
            noise: Words::from(
                settings
                    .category_noise
                    .iter()
                    .chain(&settings.breakdown)
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
            settings,
            triggers,
            trigger_rules,
        })
    }

    /// Trigger hits in `text`: `(start, end, rules)`, leftmost-longest. The
    /// rules outlive the text (a caller may keep them past it).
    pub(crate) fn triggers_in<'r: 't, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, usize, &'r [usize])> + 't {
        self.triggers
            .find_iter(text)
            .map(move |f| (f.start, f.end, self.trigger_rules[f.id].as_slice()))
    }
}

/// Every trigger once, in the order of first appearance, and for each the
/// rules it triggers, highest priority first (in rule order among equals).
/// Sorting the (trigger, rule) pairs groups them with no map of the
/// triggers nor a list grown per trigger.
fn triggers_and_rules(rules: &[Rule]) -> (Vec<&str>, Vec<Vec<usize>>) {
    let mut pairs: Vec<(&str, usize)> =
        Vec::with_capacity(rules.iter().map(|r| r.spec.triggers.len()).sum());
    pairs.extend(
        rules
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.spec.triggers.iter().map(move |t| (t.as_str(), i))),
    );
    // Stable: a trigger's rules stay in rule order, its first pair first.
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    order.sort_by(|&a, &b| pairs[a].0.cmp(pairs[b].0));
    let mut groups: Vec<&[usize]> = order.chunk_by(|&a, &b| pairs[a].0 == pairs[b].0).collect();
    groups.sort_unstable_by_key(|group| group[0]);
    let patterns = groups.iter().map(|group| pairs[group[0]].0).collect();
    let trigger_rules = groups
        .iter()
        .map(|group| {
            let mut list: Vec<usize> = group.iter().map(|&p| pairs[p].1).collect();
            list.dedup();
            list.sort_by_key(|&i| std::cmp::Reverse(rules[i].spec.priority));
            list
        })
        .collect();
    (patterns, trigger_rules)
}

/// A rule file read, with its name and text.
struct ParsedFile<'t> {
    name: String,
    text: &'t str,
    parsed: RuleFile,
    /// Whether the rows of its examples are to be checked as its rules are
    /// compiled: not for the embedded files, whose examples the tests check.
    check_examples: bool,
}

impl<'t> ParsedFile<'t> {
    fn checked(name: &str, text: &'t str, parsed: RuleFile) -> ParsedFile<'t> {
        ParsedFile {
            name: name.to_string(),
            text,
            parsed,
            check_examples: true,
        }
    }
}

impl EmbeddedFile {
    /// The file as the build made it, its rules' examples left to be read
    /// on first use. Should the build have had no code for it, the TOML
    /// is read (and tells what is wrong and where).
    fn parse(&self) -> Result<ParsedFile<'static>, RuleError> {
        let Some(built) = self.built else {
            return Ok(ParsedFile::checked(
                self.name,
                self.toml,
                parse(self.name, self.toml)?,
            ));
        };
        let mut parsed = built();
        debug_assert_eq!(parsed.rule.len(), self.docs.len());
        for (spec, &docs) in parsed.rule.iter_mut().zip(self.docs) {
            spec.docs_from_json(docs);
        }
        Ok(ParsedFile {
            check_examples: false,
            ..ParsedFile::checked(self.name, self.toml, parsed)
        })
    }
}

/// A rule file's TOML text as a rule file, or what is wrong with it and where.
fn parse(name: &str, text: &str) -> Result<RuleFile, RuleError> {
    toml::from_str(text).map_err(|e| RuleError {
        file: name.to_string(),
        line: e.span().map(|s| line_of(text, s.start)),
        message: e.message().to_string(),
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn compile(
    spec: RuleSpec,
    file: &str,
    text: &str,
    check_examples: bool,
) -> Result<Rule, RuleError> {
    // The rule's line is looked up only for an error (a search of the file per rule).
    let err = |message: String| RuleError {
        file: file.to_string(),
        line: text
            .find(&format!("\"{}\"", spec.id))
            .map(|o| line_of(text, o)),
        message,
    };
    if spec.id.trim().is_empty() || spec.indicator.trim().is_empty() {
        return Err(err("a rule needs an id and an indicator".into()));
    }
    if spec.triggers.iter().any(|t| t.is_empty()) || spec.triggers.is_empty() {
        return Err(err(format!(
            "rule {}: triggers must be a non-empty list of non-empty words",
            spec.id
        )));
    }
    if spec.accepts.is_empty() {
        return Err(err(format!(
            "rule {}: accepts must name at least one kind or unit",
            spec.id
        )));
    }
    let mut kinds = Vec::new();
    let mut units = CountUnits::default();
    for a in &spec.accepts {
        match a.as_str() {
            "money" => kinds.push(Kind::Money),
            "rate" => kinds.push(Kind::Rate),
            "count" => kinds.push(Kind::Count),
            "number" => kinds.push(Kind::Number),
            unit => units.push(unit),
        }
    }
    // (Reading an embedded rule's examples would cost every start.)
    if check_examples {
        for e in spec.examples.iter() {
            for g in &e.gives {
                if examples::parse_expected(g).is_none() {
                    return Err(err(format!(
                        "rule {}: example row {g:?} is not `indicator|category|value`",
                        spec.id
                    )));
                }
            }
        }
    }
    Ok(Rule {
        spec,
        file: file.to_string(),
        kinds,
        units,
    })
}

fn merge_settings(into: &mut SettingsSpec, from: SettingsSpec) {
    let lists = [
        (&mut into.other_period, from.other_period),
        (&mut into.plan_done, from.plan_done),
        (&mut into.plan, from.plan),
        (&mut into.change, from.change),
        (&mut into.breakdown, from.breakdown),
        (&mut into.shared, from.shared),
        (&mut into.respective, from.respective),
        (&mut into.joiners, from.joiners),
        (&mut into.category_noise, from.category_noise),
        (&mut into.not_a_category, from.not_a_category),
        (&mut into.generic_category, from.generic_category),
        (&mut into.list_openers, from.list_openers),
    ];
    for (list, more) in lists {
        if list.is_empty() && !has_repeats(&more) {
            // The first file's list (as for the embedded rules): taken whole,
            // not compared word by word with the words before.
            *list = more;
            continue;
        }
        for w in more {
            if !list.contains(&w) {
                list.push(w);
            }
        }
    }
}

/// Does a word stand twice in `words`?
fn has_repeats(words: &Words) -> bool {
    let mut sorted: Vec<&str> = words.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.windows(2).any(|pair| pair[0] == pair[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_units_are_told_as_by_their_text() {
        let taken = ["件", "家次", "人次", "户", "个单位次", "家医疗机构"];
        let mut units = CountUnits::default();
        taken.iter().for_each(|u| units.push(u));
        for unit in
            taken
                .iter()
                .chain(&["人", "次", "家", "家次数", "个单位", "", "件件", "家医疗机"])
        {
            assert_eq!(units.contains(unit), taken.contains(unit), "{unit}");
        }
    }

    /// An embedded rule file is built as its TOML reads, every field of
    /// every rule and the settings (the build's code follows the serde
    /// attributes of the rule-file types); the about text, examples and
    /// negatives, read on first use, too; and the example rows are well
    /// formed (no start checks them).
    #[test]
    fn embedded_files_read_as_the_toml_says() {
        for file in EMBEDDED_PATTERNS {
            assert!(file.built.is_some(), "{} is built", file.name);
        }
        let built = RuleSet::embedded().expect("embedded rules");
        let from_toml = RuleSet::from_sources(&RuleSet::embedded_sources())
            .expect("embedded rule files pass every check");
        assert_eq!(built.rules.len(), from_toml.rules.len());
        for (built, toml) in built.rules.iter().zip(&from_toml.rules) {
            assert_eq!(format!("{:?}", built.spec), format!("{:?}", toml.spec));
        }
        assert_eq!(
            format!("{:?}", built.settings),
            format!("{:?}", from_toml.settings)
        );
    }
}
