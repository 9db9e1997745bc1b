//! Reading validation files' results: `PASS: …` / `FAIL: …` notices and the closing
//! `RESULT: N passed, M failed` line.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub passed: bool,
    pub name: String,
    /// Line of the statement that raised it.
    pub line: usize,
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
}

impl ValidationResult {
    /// Feed one notice message raised by a statement at `line`.
    pub fn observe(&mut self, message: &str, line: usize) {
        let m = message.trim();
        if let Some(rest) = strip_prefix_ci(m, "PASS") {
            self.passed += 1;
            self.checks.push(Check { passed: true, name: rest.to_string(), line });
        } else if let Some(rest) = strip_prefix_ci(m, "FAIL") {
            self.failed += 1;
            self.checks.push(Check { passed: false, name: rest.to_string(), line });
        } else if strip_prefix_ci(m, "RESULT").is_some() {
            self.result_line = Some(m.to_string());
            self.reported = parse_result(m);
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
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix(" -")).or_else(|| rest.strip_prefix(" :"))?;
    Some(rest.trim())
}

/// `RESULT: 12 passed, 1 failed` (order and extra words tolerated).
fn parse_result(line: &str) -> Option<(usize, usize)> {
    let lower = line.to_ascii_lowercase();
    let num_before = |word: &str| -> Option<usize> {
        let i = lower.find(word)?;
        lower[..i].split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).last()?.parse().ok()
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
        assert_eq!(v.checks[1], Check { passed: false, name: "profiles.organization_id has NULLs".into(), line: 9 });
        assert_eq!(v.reported, Some((2, 1)));
        assert!(!v.mismatch());
        v.observe("RESULT: 5 passed, 0 failed", 21);
        assert!(v.mismatch());
    }
}
