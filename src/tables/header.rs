//! Column headers rebuilt from flattened header rows.
//!
//! A flattened multi-row header has lost its spans: `行政复议 | 行政诉讼` over
//! `结果维持 | … | 总计 | 未经复议直接起诉 | …` does not say which cell sits
//! over which. Every reading of the spans is tried (a cell of one row is a
//! leaf, or the parent of one or more neighbouring cells of the next row,
//! until there are exactly as many leaves as value columns), and a column gets
//! a header path only when every reading agrees on it. A total (`合计`) never
//! has sub-columns, and a cell whose words come back in the row below is not
//! their parent. Of the readings, only the most regular count: those where the
//! most groups of sub-columns repeat the words of another group, as tables
//! repeat `结果维持 … 总计` under each of their groups. Readings are counted,
//! so a wide ambiguous header costs a bounded amount of work and simply gives
//! fewer columns.
//!
//! A single header row with one cell more than there are values (a header split
//! over two lines in one-cell-per-line text) is resolved the same way: the
//! headers that keep the same value wherever the split is are certain.

use super::cell::{self, Cell};

/// The place of a header cell: (row, index in the row).
pub(crate) type Ref = (usize, usize);

/// How many readings of a header are tried before giving up on it.
const BUDGET: usize = 5_000;
/// Headers wider or deeper than this are only read where a row fits the values exactly.
const MAX_WIDTH: usize = 64;
const MAX_DEPTH: usize = 6;

#[derive(Debug, Clone)]
struct Column {
    path: Vec<Ref>,
    /// Its last cell is in the row just read, so the next row may split it.
    open: bool,
}

/// The header path of each of `n` value columns under `rows` (top first), or
/// `None` for a column whose header is not certain; `None` altogether when no
/// reading of the header has `n` columns.
pub(crate) fn column_headers<'a>(
    rows: &[Vec<Cell<'a>>],
    n: usize,
) -> Option<Vec<Option<Vec<Cell<'a>>>>> {
    let rows: Vec<&Vec<Cell>> = rows.iter().filter(|r| !r.is_empty()).collect();
    let paths = column_paths(&rows, n)?;
    let cells = |path: Vec<Ref>| path.into_iter().map(|(r, i)| rows[r][i]).collect();
    Some(paths.into_iter().map(|p| p.map(cells)).collect())
}

fn column_paths(rows: &[&Vec<Cell>], n: usize) -> Option<Vec<Option<Vec<Ref>>>> {
    if rows.is_empty() || n == 0 {
        return None;
    }
    if rows.iter().all(|r| r.len() == n) {
        return Some(
            (0..n)
                .map(|j| Some((0..rows.len()).map(|i| (i, j)).collect()))
                .collect(),
        );
    }
    if rows.len() > MAX_DEPTH || rows.iter().any(|r| r.len() > MAX_WIDTH) || n > MAX_WIDTH {
        return leaf_row_only(rows, n);
    }
    let mut search = Search::new(rows, n);
    let top = (0..rows[0].len())
        .map(|j| Column {
            path: vec![(0, j)],
            open: true,
        })
        .collect();
    search.walk(1, top);
    let paths = search.agreed?;
    if search.exhausted {
        // Too many readings to tell: no guess.
        return Some(vec![None; n]);
    }
    Some(
        paths
            .into_iter()
            .zip(search.same)
            .map(|(p, same)| same.then_some(p))
            .collect(),
    )
}

/// A header too wide or deep to read every way: the bottom row alone, if it fits.
fn leaf_row_only(rows: &[&Vec<Cell>], n: usize) -> Option<Vec<Option<Vec<Ref>>>> {
    let last = rows.len() - 1;
    (rows[last].len() == n).then(|| (0..n).map(|j| Some(vec![(last, j)])).collect())
}

struct Search<'r, 'a> {
    rows: &'r [&'r Vec<Cell<'a>>],
    n: usize,
    budget: usize,
    exhausted: bool,
    /// The first of the most regular complete readings, per column whether
    /// all of them agree with it, and how regular they are.
    agreed: Option<Vec<Vec<Ref>>>,
    same: Vec<bool>,
    best: usize,
}

impl<'r, 'a> Search<'r, 'a> {
    fn new(rows: &'r [&'r Vec<Cell<'a>>], n: usize) -> Self {
        Search {
            rows,
            n,
            budget: BUDGET,
            exhausted: false,
            agreed: None,
            same: vec![true; n],
            best: 0,
        }
    }

    fn walk(&mut self, row: usize, columns: Vec<Column>) {
        if self.exhausted || columns.len() > self.n {
            return;
        }
        if row == self.rows.len() {
            if columns.len() == self.n {
                self.record(columns);
            }
            return;
        }
        let open: Vec<usize> = (0..columns.len()).filter(|&k| columns[k].open).collect();
        let can_split: Vec<bool> = open
            .iter()
            .map(|&k| self.may_have_children(columns[k].path[columns[k].path.len() - 1]))
            .collect();
        let cells = self.rows[row].len();
        let mut readings = Vec::new();
        if cells == open.len() {
            readings.push(vec![1; cells]); // the row continues each cell above it
        }
        compositions(cells, &can_split, &mut Vec::new(), &mut readings);
        if readings.len() > BUDGET {
            self.exhausted = true;
            return;
        }
        for counts in readings {
            if self.budget == 0 {
                self.exhausted = true;
                return;
            }
            self.budget -= 1;
            let next = split_columns(&columns, &open, &counts, row);
            self.walk(row + 1, next);
        }
    }

    /// A total, or a cell whose words come back in the next row, has no children.
    fn may_have_children(&self, (row, index): Ref) -> bool {
        let here = self.rows[row][index];
        let Some(next) = self.rows.get(row + 1) else {
            return false;
        };
        let name = cell::name_of(here).text;
        !cell::is_total(here) && !next.iter().any(|c| cell::name_of(*c).text == name)
    }

    /// Keep a complete reading: only the most regular readings count.
    fn record(&mut self, columns: Vec<Column>) {
        let paths: Vec<Vec<Ref>> = columns.into_iter().map(|c| c.path).collect();
        let score = self.repeated_groups(&paths);
        match &self.agreed {
            Some(first) if score == self.best => {
                for (same, (a, b)) in self.same.iter_mut().zip(first.iter().zip(&paths)) {
                    *same &= a == b;
                }
            }
            Some(_) if score < self.best => {}
            _ => {
                self.best = score;
                self.agreed = Some(paths);
                self.same = vec![true; self.n];
            }
        }
    }

    /// How many groups of sub-columns repeat the words of another group: a
    /// table repeats the same sub-headers under each of its groups
    /// (`结果维持 … 总计` under 行政复议 and under each kind of 行政诉讼).
    fn repeated_groups(&self, paths: &[Vec<Ref>]) -> usize {
        let mut groups: Vec<(&[Ref], Vec<Ref>)> = Vec::new();
        for path in paths {
            for depth in 1..path.len() {
                let (parent, child) = (&path[..depth], path[depth]);
                match groups.iter_mut().find(|(p, _)| *p == parent) {
                    Some((_, children)) if children.last() == Some(&child) => {}
                    Some((_, children)) => children.push(child),
                    None => groups.push((parent, vec![child])),
                }
            }
        }
        let words = |children: &[Ref]| -> Vec<&str> {
            children
                .iter()
                .map(|&(r, i)| cell::name_of(self.rows[r][i]).text)
                .collect()
        };
        let names: Vec<Vec<&str>> = groups.iter().map(|(_, c)| words(c)).collect();
        names
            .iter()
            .filter(|a| names.iter().filter(|b| b == a).count() > 1)
            .count()
    }
}

/// Every way to hand `cells` children, in order, to the open columns: each gets
/// none or at least two (one child each is the separate continuation reading).
fn compositions(
    cells: usize,
    can_split: &[bool],
    prefix: &mut Vec<usize>,
    out: &mut Vec<Vec<usize>>,
) {
    let k = prefix.len();
    if out.len() > BUDGET || k == can_split.len() {
        return;
    }
    let max = if can_split[k] { cells } else { 0 };
    if k + 1 == can_split.len() {
        // The last open column takes whatever is left, if it can.
        if cells == 0 || (cells >= 2 && cells <= max) {
            prefix.push(cells);
            out.push(prefix.clone());
            prefix.pop();
        }
        return;
    }
    for take in (0..=max).filter(|&t| t != 1) {
        prefix.push(take);
        compositions(cells - take, can_split, prefix, out);
        prefix.pop();
    }
}

/// The columns after handing `counts[i]` cells of `row` to the open column `open[i]`.
fn split_columns(columns: &[Column], open: &[usize], counts: &[usize], row: usize) -> Vec<Column> {
    let mut next = Vec::with_capacity(columns.len() + counts.iter().sum::<usize>());
    let mut child = 0;
    let mut open_at = 0;
    for (k, column) in columns.iter().enumerate() {
        let take = if open.get(open_at) == Some(&k) {
            open_at += 1;
            counts[open_at - 1]
        } else {
            0
        };
        if take == 0 {
            next.push(Column {
                path: column.path.clone(),
                open: false,
            });
        }
        for _ in 0..take {
            let mut path = column.path.clone();
            path.push((row, child));
            child += 1;
            next.push(Column { path, open: true });
        }
    }
    next
}

/// For one header row with one cell more than `values` (a header split over
/// two cells, or a trailing label): `(header index, value index)` for every
/// header whose value is the same wherever the extra cell is.
///
/// With the extra cell at `p` (headers `p` and `p + 1` are the halves of one,
/// or `p == n`: the last cell is extra), header `i` has value `i` when `p >= i`
/// and value `i - 1` when `p < i`; so only the first and last allowed `p`
/// matter.
pub(crate) fn split_certain(headers: &[Cell<'_>], values: &[Cell<'_>]) -> Vec<(usize, usize)> {
    let n = values.len();
    if headers.len() != n + 1 {
        return Vec::new();
    }
    let allowed = |p: usize| {
        if p == n {
            return cell::unit_in(headers[n]).is_none() && !cell::is_total(headers[n]);
        }
        !cell::is_closed(headers[p])
            && !cell::is_total(headers[p])
            && !cell::is_total(headers[p + 1])
    };
    let (Some(first), Some(last)) = (
        (0..=n).find(|&p| allowed(p)),
        (0..=n).rev().find(|&p| allowed(p)),
    ) else {
        return Vec::new();
    };
    (0..=n)
        .filter_map(|i| {
            if i == n && last == n {
                return None; // the last cell may be the extra one
            }
            let own = (last >= i).then_some(i);
            let shifted = (first < i).then(|| i - 1);
            match (own, shifted) {
                (Some(a), Some(b)) if values[a].text == values[b].text => Some((i, a)),
                (Some(a), None) | (None, Some(a)) => Some((i, a)),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(words: &[&'static str]) -> Vec<Cell<'static>> {
        words.iter().map(|w| Cell::new(w, 0)).collect()
    }

    fn names(path: &Option<Vec<Cell>>) -> Option<String> {
        path.as_ref()
            .map(|p| p.iter().map(|c| c.text).collect::<Vec<_>>().join("/"))
    }

    fn column_paths(rows: &[Vec<Cell<'static>>], n: usize) -> Vec<Option<Vec<Cell<'static>>>> {
        column_headers(rows, n).unwrap_or_else(|| vec![None; n])
    }

    #[test]
    fn one_row_that_fits_gives_every_column() {
        let rows = vec![row(&["甲", "乙"])];
        let paths = column_paths(&rows, 2);
        assert_eq!(names(&paths[1]).as_deref(), Some("乙"));
        assert!(column_paths(&rows, 3).iter().all(Option::is_none));
    }

    #[test]
    fn a_total_beside_a_group_is_certain_the_group_is_not() {
        let rows = vec![
            row(&["申请人情况"]),
            row(&["自然人", "法人或其他组织", "总计"]),
            row(&["商业企业", "科研机构", "其他"]),
        ];
        let paths = column_paths(&rows, 5);
        assert_eq!(names(&paths[4]).as_deref(), Some("申请人情况/总计"));
        assert_eq!(paths[0], None);
    }

    #[test]
    fn even_groups_under_two_parents() {
        let rows = vec![
            row(&["甲类", "乙类"]),
            row(&["数量", "金额", "数量", "金额"]),
        ];
        let paths = column_paths(&rows, 4);
        assert_eq!(names(&paths[0]).as_deref(), Some("甲类/数量"));
        assert_eq!(names(&paths[3]).as_deref(), Some("乙类/金额"));
    }

    #[test]
    fn a_second_line_continuing_each_cell() {
        let rows = vec![row(&["本年新", "对外公开"]), row(&["制作数量", "总数量"])];
        let paths = column_paths(&rows, 2);
        assert_eq!(names(&paths[0]).as_deref(), Some("本年新/制作数量"));
    }

    #[test]
    fn repeated_sub_headers_settle_the_groups() {
        let rows = vec![
            row(&["行政复议", "行政诉讼"]),
            row(&[
                "结果维持",
                "尚未审结",
                "总计",
                "未经复议直接起诉",
                "复议后起诉",
            ]),
            row(&[
                "结果维持",
                "尚未审结",
                "总计",
                "结果维持",
                "尚未审结",
                "总计",
            ]),
        ];
        let paths = column_paths(&rows, 9);
        let all: Vec<Option<String>> = paths.iter().map(names).collect();
        assert_eq!(all[2].as_deref(), Some("行政复议/总计"));
        assert_eq!(all[5].as_deref(), Some("行政诉讼/未经复议直接起诉/总计"));
        assert_eq!(all[8].as_deref(), Some("行政诉讼/复议后起诉/总计"));
        assert!(all.iter().all(Option::is_some));
    }

    #[test]
    fn a_huge_ambiguous_header_gives_up_quickly() {
        let wide: Vec<&'static str> = (0..60).map(|_| "项").collect();
        let rows = vec![row(&["甲", "乙", "丙", "丁", "戊"]), row(&wide)];
        let paths = column_paths(&rows, 62);
        assert_eq!(paths.len(), 62);
    }

    #[test]
    fn split_header_keeps_only_certain_values() {
        let headers = row(&["警告", "罚款", "没收违法", "所得", "吊销", "合计(宗)"]);
        let values = row(&["0", "7", "0", "0", "7"]);
        let pairs = split_certain(&headers, &values);
        // 警告 is always first and 合计 always last; 吊销 is 0 either way.
        assert!(pairs.contains(&(0, 0)));
        assert!(pairs.contains(&(5, 4)));
        assert!(pairs.contains(&(4, 3)));
        // 罚款 is 7 or 0 depending on where the split is.
        assert!(!pairs.iter().any(|&(h, _)| h == 1));
    }
}
