//! `scripts/bench-compare`: several module builds measured by `genltest bench` in turns in
//! one VM boot, put side by side.
//!
//! The guest prints each bench run as a marker line, `GENLTEST-BENCH-RUN <build> <round>`,
//! followed by the run's JSON report (`genltest bench --json-out`) on one line. Each row
//! of the reports (a round-trip row, keyed by protocol, request, payload and depth, or a
//! fan-out row, keyed by its listener count) gets one figure per build: the median over
//! the rounds of that build's figure (round trips per second, or deliveries per second;
//! each already the median of the bench's own timed runs). A ratio of two builds is the
//! median over the rounds of the ratio within each round, so that a slow stretch of the
//! machine, which touches the builds of one round alike, cancels out; its minimum and
//! maximum show how far the rounds disagree.
//!
//! A round lasts minutes, and on a shared machine the load changes faster than that. So
//! each echo row is also compared *relative to nlctrl*: the bench measures `nlctrl`'s
//! `GETFAMILY` in turns with every row, 150 ms each, and reports each row's time over
//! its time (`vs_baseline`); its inverse (round trips per `GETFAMILY` round trip) moves
//! far less with the load. scripts/bench-compare makes that `GETFAMILY` ask about
//! `nlctrl` itself (`--baseline-family nlctrl`): asked about `genltest`, its reply would
//! describe the loaded module's family (one operation in the C baseline, five in
//! genltest), and the yardstick would differ between the builds.

use std::collections::BTreeMap;

use serde_json::Value;

/// The marker line before each run's JSON report.
pub const RUN_MARKER: &str = "GENLTEST-BENCH-RUN";

/// One bench run of one build in one round.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The build's label.
    pub build: String,
    /// The round, from 1.
    pub round: u32,
    /// Each row's figure in this run, in report order.
    pub figures: Vec<(RowKey, f64)>,
    /// Each echo row's round trips per nlctrl round trip in this run (the inverse of its
    /// `vs_baseline`), nlctrl's own rows left out.
    pub relative: Vec<(RowKey, f64)>,
}

/// What a row measures.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowKey {
    /// A round-trip row: round trips per second.
    Echo {
        /// `genl`, `classic` or `nlctrl`.
        protocol: String,
        /// `echo` or `getfamily`.
        request: String,
        /// Payload bytes (0 for nlctrl).
        payload: u64,
        /// Requests per `sendmsg`.
        depth: u64,
    },
    /// A fan-out row: notifications delivered per second.
    Fanout {
        /// Listener sockets.
        listeners: u64,
    },
}

impl RowKey {
    /// The row's name in the table.
    pub fn label(&self) -> String {
        match self {
            RowKey::Echo {
                protocol,
                request,
                depth,
                ..
            } if protocol == "nlctrl" => format!("{protocol} {request} depth {depth}"),
            RowKey::Echo {
                protocol,
                request,
                payload,
                depth,
            } => format!("{protocol} {request} {payload} B depth {depth}"),
            RowKey::Fanout { listeners } => format!("fan-out to {listeners} listeners"),
        }
    }

    /// The unit of the row's figure.
    pub fn unit(&self) -> &'static str {
        match self {
            RowKey::Echo { .. } => "rt/s",
            RowKey::Fanout { .. } => "deliveries/s",
        }
    }
}

fn field<'a>(v: &'a Value, name: &str, what: &str) -> Result<&'a Value, String> {
    v.get(name)
        .ok_or_else(|| format!("{what}: no field {name:?}"))
}

fn number_field(v: &Value, name: &str, what: &str) -> Result<f64, String> {
    field(v, name, what)?
        .as_f64()
        .ok_or_else(|| format!("{what}: {name:?} is not a number"))
}

fn u64_field(v: &Value, name: &str, what: &str) -> Result<u64, String> {
    field(v, name, what)?
        .as_u64()
        .ok_or_else(|| format!("{what}: {name:?} is not a whole number"))
}

fn str_field(v: &Value, name: &str, what: &str) -> Result<String, String> {
    field(v, name, what)?
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("{what}: {name:?} is not a string"))
}

/// A figure must be a positive, finite rate: anything else is a broken report.
fn rate(x: f64, what: &str) -> Result<f64, String> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(format!("{what}: {x} is not a positive rate"))
    }
}

/// Each row's figure, and each echo row's figure relative to nlctrl's.
pub type Figures = (Vec<(RowKey, f64)>, Vec<(RowKey, f64)>);

/// The figures of one `genltest bench` JSON report, in report order: each row's rate,
/// and each echo row's rate relative to nlctrl's (see [`Run::relative`]).
pub fn report_figures(report: &Value, what: &str) -> Result<Figures, String> {
    let mut figures = Vec::new();
    let mut relative = Vec::new();
    let echo = field(report, "echo", what)?
        .as_array()
        .ok_or_else(|| format!("{what}: \"echo\" is not a list"))?;
    for (i, row) in echo.iter().enumerate() {
        let w = format!("{what}: echo row {i}");
        let key = RowKey::Echo {
            protocol: str_field(row, "protocol", &w)?,
            request: str_field(row, "request", &w)?,
            payload: u64_field(row, "payload", &w)?,
            depth: u64_field(row, "depth", &w)?,
        };
        if !matches!(&key, RowKey::Echo { protocol, .. } if protocol == "nlctrl") {
            let vs = rate(number_field(row, "vs_baseline", &w)?, &w)?;
            relative.push((key.clone(), 1.0 / vs));
        }
        figures.push((key, rate(number_field(row, "ops_per_sec", &w)?, &w)?));
    }
    let fanout = field(report, "fanout", what)?
        .as_array()
        .ok_or_else(|| format!("{what}: \"fanout\" is not a list"))?;
    for (i, row) in fanout.iter().enumerate() {
        let w = format!("{what}: fan-out row {i}");
        let key = RowKey::Fanout {
            listeners: u64_field(row, "listeners", &w)?,
        };
        let per_sec = field(row, "deliveries_per_sec", &w)?;
        figures.push((key, rate(number_field(per_sec, "median", &w)?, &w)?));
    }
    let mut seen = std::collections::HashSet::new();
    for (key, _) in &figures {
        if !seen.insert(key) {
            return Err(format!("{what}: row {} appears twice", key.label()));
        }
    }
    Ok((figures, relative))
}

/// The runs in the guest's output: each marker line and the JSON line after it. Other
/// lines (progress, the shell's own) are skipped.
pub fn parse_runs(output: &str) -> Result<Vec<Run>, String> {
    let mut runs = Vec::new();
    let mut lines = output.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let Some(rest) = line.strip_prefix(RUN_MARKER) else {
            continue;
        };
        let what = format!("line {}", n + 1);
        let words: Vec<&str> = rest.split_whitespace().collect();
        let [build, round] = words[..] else {
            return Err(format!(
                "{what}: {RUN_MARKER} wants a build and a round: {line:?}"
            ));
        };
        let round: u32 = round
            .parse()
            .ok()
            .filter(|r| *r >= 1)
            .ok_or_else(|| format!("{what}: round {round:?} is not a number from 1"))?;
        let what = format!("{what}: {build}, round {round}");
        let (_, json) = lines
            .next()
            .ok_or_else(|| format!("{what}: the output ends before the report"))?;
        let report: Value =
            serde_json::from_str(json).map_err(|e| format!("{what}: not a JSON report: {e}"))?;
        if runs
            .iter()
            .any(|r: &Run| r.build == build && r.round == round)
        {
            return Err(format!("{what}: reported twice"));
        }
        let (figures, relative) = report_figures(&report, &what)?;
        runs.push(Run {
            build: build.to_owned(),
            round,
            figures,
            relative,
        });
    }
    Ok(runs)
}

/// The median of `xs` (the mean of the middle two for an even count); `None` if empty.
pub fn median(xs: &[f64]) -> Option<f64> {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    let mid = s.len() / 2;
    match s.len() {
        0 => None,
        n if n % 2 == 1 => Some(s[mid]),
        _ => Some((s[mid - 1] + s[mid]) / 2.0),
    }
}

/// A ratio of two builds over the rounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio {
    /// The median of the per-round ratios.
    pub median: f64,
    /// The smallest per-round ratio.
    pub min: f64,
    /// The largest.
    pub max: f64,
}

/// One row of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What it measures.
    pub key: RowKey,
    /// Each build's median figure over the rounds, in the order of the builds (`None`
    /// where a build's reports do not have this row).
    pub medians: Vec<Option<f64>>,
    /// After over before: the median, minimum and maximum over the rounds of the ratio
    /// within a round (above 1: after is faster).
    pub after_before: Option<Ratio>,
    /// After over the baseline, the same way.
    pub after_baseline: Option<Ratio>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The builds' labels: before, after, then the baseline if there is one.
    pub builds: Vec<String>,
    /// Rounds per build.
    pub rounds: u32,
    /// The rows, in the order of the first report that has them (after's first).
    pub rows: Vec<Row>,
    /// The echo rows again, each figure relative to nlctrl's in the same run.
    pub relative: Vec<Row>,
}

/// Which figures of a run a table is made of.
type Pick = fn(&Run) -> &[(RowKey, f64)];

/// The figure of `key` in `build`'s run of `round`.
fn figure(runs: &[Run], pick: Pick, build: &str, round: u32, key: &RowKey) -> Option<f64> {
    pick(runs.iter().find(|r| r.build == build && r.round == round)?)
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, x)| *x)
}

/// Per-round ratios of `num` over `den` for `key`, over the rounds where both have it.
fn ratio(
    runs: &[Run],
    pick: Pick,
    rounds: u32,
    num: &str,
    den: &str,
    key: &RowKey,
) -> Option<Ratio> {
    let per_round: Vec<f64> = (1..=rounds)
        .filter_map(|round| {
            Some(figure(runs, pick, num, round, key)? / figure(runs, pick, den, round, key)?)
        })
        .collect();
    Some(Ratio {
        median: median(&per_round)?,
        min: per_round.iter().copied().fold(f64::INFINITY, f64::min),
        max: per_round.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    })
}

/// Compares `after` with `before` and with `baseline` (if given) over `runs`.
///
/// Every build must have run in every round 1..=N and in no other round; a build of the
/// runs that is not named is an error too (a typo would otherwise drop it silently).
pub fn compare(
    runs: &[Run],
    before: &str,
    after: &str,
    baseline: Option<&str>,
) -> Result<Comparison, String> {
    let mut builds = vec![before.to_owned(), after.to_owned()];
    builds.extend(baseline.map(str::to_owned));
    let mut rounds_of: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for r in runs {
        if !builds.contains(&r.build) {
            return Err(format!(
                "a run of build {:?}, which is not compared",
                r.build
            ));
        }
        rounds_of.entry(&r.build).or_default().push(r.round);
    }
    let rounds = runs.iter().map(|r| r.round).max().unwrap_or(0);
    for b in &builds {
        let mut got = rounds_of.get(b.as_str()).cloned().unwrap_or_default();
        got.sort_unstable();
        if got.is_empty() {
            return Err(format!("no run of build {b:?}"));
        }
        if got != (1..=rounds).collect::<Vec<_>>() {
            return Err(format!(
                "build {b:?} ran in rounds {got:?}, not in each of 1 to {rounds}"
            ));
        }
    }
    let rows = rows_of(runs, |r| &r.figures, &builds, rounds);
    let relative = rows_of(runs, |r| &r.relative, &builds, rounds);
    Ok(Comparison {
        builds,
        rounds,
        rows,
        relative,
    })
}

/// The rows of the figures `pick` chooses: `builds` are before, after and the baseline.
fn rows_of(runs: &[Run], pick: Pick, builds: &[String], rounds: u32) -> Vec<Row> {
    let (before, after, baseline) = (&builds[0], &builds[1], builds.get(2));
    let mut keys: Vec<RowKey> = Vec::new();
    for b in [after, before].into_iter().chain(baseline) {
        for r in runs.iter().filter(|r| &r.build == b) {
            for (k, _) in pick(r) {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
    }
    keys.into_iter()
        .map(|key| Row {
            medians: builds
                .iter()
                .map(|b| {
                    let xs: Vec<f64> = (1..=rounds)
                        .filter_map(|round| figure(runs, pick, b, round, &key))
                        .collect();
                    median(&xs)
                })
                .collect(),
            after_before: ratio(runs, pick, rounds, after, before, &key),
            after_baseline: baseline.and_then(|c| ratio(runs, pick, rounds, after, c, &key)),
            key,
        })
        .collect()
}

fn ratio_text(r: Option<Ratio>) -> String {
    r.map_or_else(
        || "-".to_owned(),
        |r| format!("{:.2} [{:.2} - {:.2}]", r.median, r.min, r.max),
    )
}

impl Comparison {
    /// The comparison as text: the absolute table, then the table relative to nlctrl.
    pub fn table(&self) -> String {
        let (before, after) = (&self.builds[0], &self.builds[1]);
        let mut s = format!(
            "Each build's figure: the median over {} rounds of its bench median (rt/s: round \
             trips per second; fan-out: deliveries per second). Ratios: median [min - max] \
             over the rounds of the ratio within a round; above 1, {after} is faster than \
             {before}.\n\n",
            self.rounds
        );
        s += &self.section(&self.rows, None, |x| format!("{x:.0}"));
        s += "\nRelative to nlctrl: each echo row's round trips per nlctrl GETFAMILY round trip \
              in the same bench run (measured in turns, 150 ms each), so that the machine's \
              load cancels out; medians and ratios as above.\n\n";
        s += &self.section(&self.relative, Some("x nlctrl rate"), |x| format!("{x:.3}"));
        s
    }

    /// One table: a row per figure, a column per build, then the ratios; `unit` replaces
    /// the rows' own.
    fn section(&self, rows: &[Row], unit: Option<&str>, show: fn(f64) -> String) -> String {
        let (before, after) = (&self.builds[0], &self.builds[1]);
        let labels: Vec<String> = rows
            .iter()
            .map(|r| format!("{} ({})", r.key.label(), unit.unwrap_or(r.key.unit())))
            .collect();
        let width = labels.iter().map(String::len).max().unwrap_or(0).max(3);
        let mut s = format!("{:<width$}", "row");
        for b in &self.builds {
            s += &format!(" {b:>12}");
        }
        s += &format!(" {:>22}", format!("{after}/{before}"));
        if let Some(c) = self.builds.get(2) {
            s += &format!(" {:>22}", format!("{after}/{c}"));
        }
        s += "\n";
        for (row, label) in rows.iter().zip(&labels) {
            s += &format!("{label:<width$}");
            for m in &row.medians {
                s += &format!(" {:>12}", m.map_or_else(|| "-".to_owned(), show));
            }
            s += &format!(" {:>22}", ratio_text(row.after_before));
            if self.builds.len() > 2 {
                s += &format!(" {:>22}", ratio_text(row.after_baseline));
            }
            s += "\n";
        }
        s
    }
}
