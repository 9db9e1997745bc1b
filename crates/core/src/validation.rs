//! Reading validation files' results: `PASS: …` / `FAIL: …` notices and the closing
//! `RESULT: N passed, M failed` line, and pgTAP's output (`ok N - …` / `not ok N - …` rows, the
//! `1..N` plan and finish()'s summary) as our pgTAP implementation raises it (see `pgtap`).

use crate::pgtap::TapLine;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub passed: bool,
    pub name: String,
    /// Line of the statement that raised it.
    pub line: usize,
    /// pgTAP: the `#` diagnostics under a failed test (have/want, caught/wanted …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<String>,
}

/// What a pgTAP file planned and ran.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TapRun {
    /// `plan(N)`'s N; `None` for `no_plan()` or no plan seen.
    pub planned: Option<usize>,
    /// Line of the statement that printed the plan.
    pub plan_line: usize,
    /// Test rows seen.
    pub ran: usize,
    /// finish()'s closing lines (`# Looks like you failed 1 test of 3`, …), as printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ValidationResult {
    pub passed: usize,
    pub failed: usize,
    /// The `RESULT: …` line as the file printed it, if it did.
    pub result_line: Option<String>,
    /// The numbers the RESULT line claims, when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<(usize, usize)>,
    pub checks: Vec<Check>,
    /// Set when the file printed pgTAP output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tap: Option<TapRun>,
}

impl ValidationResult {
    /// Feed one notice message raised by a statement at `line`.
    pub fn observe(&mut self, message: &str, line: usize) {
        let tap = TapLine::parse_all(message);
        if !tap.is_empty() {
            for t in tap {
                self.observe_tap(t, line);
            }
            return;
        }
        let m = message.trim();
        if let Some(rest) = strip_prefix_ci(m, "PASS") {
            self.passed += 1;
            self.checks.push(Check {
                passed: true,
                name: rest.to_string(),
                line,
                diagnostics: Vec::new(),
            });
        } else if let Some(rest) = strip_prefix_ci(m, "FAIL") {
            self.failed += 1;
            self.checks.push(Check {
                passed: false,
                name: rest.to_string(),
                line,
                diagnostics: Vec::new(),
            });
        } else if strip_prefix_ci(m, "RESULT").is_some() {
            self.result_line = Some(m.to_string());
            self.reported = parse_result(m);
        }
    }

    fn observe_tap(&mut self, t: TapLine, line: usize) {
        let passed = t.passes();
        let tap = self.tap.get_or_insert_with(TapRun::default);
        match t {
            TapLine::Plan(n) => {
                tap.planned = Some(n);
                tap.plan_line = line;
            }
            TapLine::Comment(c) => {
                if c.starts_with("# Looks like") || c.starts_with("# No tests run") {
                    tap.summary.push(c);
                }
            }
            TapLine::Test { number, description, directive, diagnostics, .. } => {
                tap.ran += 1;
                let mut name =
                    if description.is_empty() { format!("test {number}") } else { description };
                if let Some(d) = directive {
                    name = format!("{name} # {d}");
                }
                if passed {
                    self.passed += 1;
                } else {
                    self.failed += 1;
                }
                self.checks.push(Check { passed, name, line, diagnostics });
            }
        }
    }

    /// After the file's last statement: a pgTAP plan that was not met is a failure, as a TAP
    /// harness counts it (whether or not finish() ran, and whatever stopped the file).
    pub fn end_of_file(&mut self) {
        let Some(tap) = &self.tap else { return };
        if let Some(n) = tap.planned {
            if tap.ran != n {
                let (ran, line) = (tap.ran, tap.plan_line);
                self.failed += 1;
                self.checks.push(Check {
                    passed: false,
                    name: format!(
                        "planned {n} test{} but ran {ran}",
                        if n == 1 { "" } else { "s" }
                    ),
                    line,
                    diagnostics: Vec::new(),
                });
            }
        }
    }

    /// The RESULT line disagrees with the checks counted.
    pub fn mismatch(&self) -> bool {
        self.reported.is_some_and(|r| r != (self.passed, self.failed))
    }
}

/// `PASS: x`, `PASS - x`, `pass: x` → `x`.
fn strip_prefix_ci<'a>(m: &'a str, word: &str) -> Option<&'a str> {
    let head = m.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &m[word.len()..];
    let rest = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix(" -"))
        .or_else(|| rest.strip_prefix(" :"))?;
    Some(rest.trim())
}

/// `RESULT: 12 passed, 1 failed` (order and extra words tolerated).
fn parse_result(line: &str) -> Option<(usize, usize)> {
    let lower = line.to_ascii_lowercase();
    let num_before = |word: &str| -> Option<usize> {
        let i = lower.find(word)?;
        lower[..i].split(|c: char| !c.is_ascii_digit()).rfind(|s| !s.is_empty())?.parse().ok()
    };
    Some((num_before("passed")?, num_before("failed")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pass_fail_and_reads_result() {
        let mut v = ValidationResult::default();
        v.observe("PASS: organizations table exists", 3);
        v.observe("FAIL: profiles.organization_id has NULLs", 9);
        v.observe("pass - lowercase works", 10);
        v.observe("passing remark, not a check", 11);
        v.observe("RESULT: 2 passed, 1 failed", 20);
        assert_eq!((v.passed, v.failed), (2, 1));
        assert_eq!(
            v.checks[1],
            Check {
                passed: false,
                name: "profiles.organization_id has NULLs".into(),
                line: 9,
                diagnostics: vec![]
            }
        );
        assert_eq!(v.reported, Some((2, 1)));
        assert!(!v.mismatch());
        v.observe("RESULT: 5 passed, 0 failed", 21);
        assert!(v.mismatch());
    }

    #[test]
    fn reads_pgtap_rows_and_counts_an_unmet_plan_as_a_failure() {
        let mut v = ValidationResult::default();
        v.observe("1..4", 2);
        v.observe("ok 1 - owners see their tenant", 5);
        v.observe("not ok 2 - strangers see nothing\n# Failed test 2: \"strangers see nothing\"\n#         have: 3\n#         want: 0", 9);
        v.observe("not ok 3 - later # TODO not built", 12);
        v.observe("# Looks like you planned 4 tests but ran 3", 14);
        v.end_of_file();
        assert_eq!((v.passed, v.failed), (2, 2));
        assert_eq!(
            v.checks[1],
            Check {
                passed: false,
                name: "strangers see nothing".into(),
                line: 9,
                diagnostics: vec![
                    "Failed test 2: \"strangers see nothing\"".into(),
                    "        have: 3".into(),
                    "        want: 0".into()
                ]
            }
        );
        assert_eq!(v.checks[2].name, "later # TODO not built");
        assert_eq!(
            v.checks[3],
            Check {
                passed: false,
                name: "planned 4 tests but ran 3".into(),
                line: 2,
                diagnostics: vec![]
            }
        );
        let tap = v.tap.as_ref().unwrap();
        assert_eq!((tap.planned, tap.ran), (Some(4), 3));
        assert_eq!(tap.summary, vec!["# Looks like you planned 4 tests but ran 3".to_string()]);
        let mut plain = ValidationResult::default();
        plain.observe("PASS: x", 1);
        plain.end_of_file();
        assert_eq!((plain.passed, plain.failed, plain.tap.is_none()), (1, 0, true));
    }
}
