//! The rule-file format: what a `patterns/*.toml` file may say, as serde types.
//!
//! A file holds `[[rule]]` tables and at most one `[settings]` table:
//!
//! ```toml
//! [[rule]]
//! id = "fines.amount"
//! indicator = "fines"
//! triggers = ["罚款", "罚款金额"]
//! accepts = ["money"]
//! refuses = ["平均"]
//! examples = [{ text = "共罚款3.5万元。", gives = ["fines||35000"] }]
//! negatives = ["案件平均罚款金额2万元。"]
//! ```

use std::fmt;
use std::ops::Deref;

use once_cell::sync::OnceCell;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::words::Words;

/// Where a rule looks for the context words it needs or refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Window {
    /// The clause of the number (between `，；。：`), up to the number's end.
    Clause,
    /// The whole sentence.
    #[default]
    Sentence,
    /// Every sentence of the paragraph.
    Paragraph,
    /// The paragraph and the headings above it.
    Section,
}

/// On which side of the number the trigger may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Look {
    /// Trigger before the number: `罚款3万元`.
    #[default]
    Right,
    /// Trigger after the number: `对40家单位进行监督检查`.
    Left,
    /// Either side.
    Both,
}

/// How a row's category is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CategoryFrom {
    /// The words between trigger and number (`检查医疗机构9家` → 医疗机构).
    #[default]
    Gap,
    /// The clause's words up to and including the trigger (`投诉举报查处率`).
    Label,
    /// The trigger's own words, cleaned (`优秀案卷` → 优秀).
    Trigger,
    /// Always empty.
    None,
}

/// One rule as written in a file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub indicator: String,
    pub triggers: Vec<String>,
    /// Kinds (`money`, `rate`, `count`, `number`) or measure words (`件`, `家次`).
    pub accepts: Vec<String>,
    #[serde(default)]
    pub look: Look,
    /// At most this many characters between trigger and number.
    #[serde(default)]
    pub max_gap: Option<usize>,
    /// At least one of these words must stand in `needs_in`.
    #[serde(default)]
    pub needs: Words,
    #[serde(default)]
    pub needs_in: Window,
    /// None of these words may stand in `refuses_in`.
    #[serde(default)]
    pub refuses: Words,
    #[serde(default = "default_refuses_in")]
    pub refuses_in: Window,
    #[serde(default)]
    pub category: CategoryFrom,
    /// Context words that become the category when the gap gives none
    /// (`双随机`, `医疗纠纷`), looked for in `needs_in`.
    #[serde(default)]
    pub category_words: Words,
    /// Whether the numbers after a bound one may be its parts (`其中…`); `false`
    /// for totals whose breakdowns are no indicator (requests by channel).
    #[serde(default = "default_parts")]
    pub parts: bool,
    /// Rules sharing a trigger are tried in descending priority.
    #[serde(default)]
    pub priority: i32,
    /// What the rule is for, shown by `zhibiao patterns list`.
    #[serde(default)]
    pub about: OnDemand<String>,
    #[serde(default)]
    pub examples: OnDemand<Vec<ExampleSpec>>,
    /// Sentences that must give no row at all.
    #[serde(default)]
    pub negatives: OnDemand<Vec<String>>,
}

impl RuleSpec {
    /// Have the rule's about text, examples and negatives read from their
    /// JSON (`null` for none) on first use.
    pub(crate) fn docs_from_json(&mut self, [about, examples, negatives]: [&'static str; 3]) {
        self.about = OnDemand::from_json(about);
        self.examples = OnDemand::from_json(examples);
        self.negatives = OnDemand::from_json(negatives);
    }
}

/// A part of a rule that only `zhibiao patterns` and the tests read (what the
/// rule is for, its examples and negatives). A user's rule file gives it at
/// once; an embedded one keeps it as the JSON the build made and reads it on
/// first use, so that a run does not pay at every start for the examples of
/// every rule (the tests check that they read).
#[derive(Clone)]
pub struct OnDemand<T> {
    value: OnceCell<T>,
    /// The value's JSON, `null` for the default, read on first use.
    json: &'static str,
}

impl<T> OnDemand<T> {
    fn from_json(json: &'static str) -> OnDemand<T> {
        OnDemand {
            value: OnceCell::new(),
            json,
        }
    }

    fn given(value: T) -> OnDemand<T> {
        OnDemand {
            value: OnceCell::with_value(value),
            json: "null",
        }
    }
}

impl<T: Default> Default for OnDemand<T> {
    fn default() -> OnDemand<T> {
        OnDemand::given(T::default())
    }
}

impl<T: DeserializeOwned + Default> Deref for OnDemand<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value.get_or_init(|| {
            serde_json::from_str::<Option<T>>(self.json)
                .expect("the tests read every embedded rule's examples")
                .unwrap_or_default()
        })
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OnDemand<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(OnDemand::given)
    }
}

impl<T: DeserializeOwned + Default + fmt::Debug> fmt::Debug for OnDemand<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: DeserializeOwned + Default + fmt::Display> fmt::Display for OnDemand<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

fn default_parts() -> bool {
    true
}

fn default_refuses_in() -> Window {
    Window::Clause
}

/// A sentence and the rows (`indicator|category|value`) it must give.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub text: String,
    pub gives: Vec<String>,
}

/// Words the engine uses for every rule.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SettingsSpec {
    /// Words before a number in its clause that put it in another period or
    /// make it a plan, a target or a change (`同比`, `去年`, `计划`).
    #[serde(default)]
    pub other_period: Words,
    /// Words that say a plan was carried out, so its figure is an actual one.
    #[serde(default)]
    pub plan_done: Words,
    /// Plan words, refused unless the sentence has a `plan_done` word.
    #[serde(default)]
    pub plan: Words,
    /// Words before a rate that make it a change, not a level (`增长`).
    #[serde(default)]
    pub change: Words,
    /// Words that open an explicit breakdown (`其中`).
    #[serde(default)]
    pub breakdown: Words,
    /// Words before a number that bind it to every trigger of a list (`均为`).
    #[serde(default)]
    pub shared: Words,
    /// Words before a list of numbers that bind them to a list of triggers in order.
    #[serde(default)]
    pub respective: Words,
    /// Words that join triggers into a list (`、`, `和`).
    #[serde(default)]
    pub joiners: Words,
    /// Words stripped from the ends of a category (`共`, `案件`).
    #[serde(default)]
    pub category_noise: Words,
    /// Words after a number that end the words it can govern as a category.
    #[serde(default)]
    pub not_a_category: Words,
    /// Words that open a list in the clause after a trigger's (`涉及`, `包括`).
    #[serde(default)]
    pub list_openers: Words,
    /// Whole categories too generic to keep (`单位`, `企业`): the row gets none.
    #[serde(default)]
    pub generic_category: Words,
}

/// A whole rule file.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
    #[serde(default)]
    pub settings: Option<SettingsSpec>,
}
