//! A file's role and the default order, as the conventions give them. These are methods and
//! functions on `files`' types written here, so that `files` stays a leaf of the core.

use super::{detect_file, order};
use crate::files::{Order, Role, SqlFile};

impl SqlFile {
    /// The user's choice, else what [`SqlFile::detected_role`] says.
    pub fn role(&self) -> Role {
        self.role_override.unwrap_or_else(|| self.detected_role())
    }

    /// The role its convention, name and content give it (the user's choice left aside).
    pub fn detected_role(&self) -> Role {
        detect_file(&self.name, &self.text).role
    }
}

/// The role a file name suggests, before its content is known (see [`SqlFile::detected_role`]).
pub fn detect_role(name: &str) -> Role {
    detect_file(name, "").role
}

/// Default order, for files alone (no sqitch.plan): baseline, seed, up, validation, each in its
/// convention's order (numbers compared as numbers, then names); rollback files newest first.
pub fn default_order(files: &[SqlFile]) -> Order {
    order(files, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{Role, SqlFile};

    fn roles(names: &[&str]) -> Vec<(String, Role)> {
        names.iter().map(|n| (n.to_string(), detect_role(n))).collect()
    }

    #[test]
    fn detects_roles_from_words() {
        let r = roles(&[
            "20250102_organizational_model_rollback.sql",
            "056_create_org_tables_down.sql",
            "rollback-002.sql",
            "validate_organizational_model.sql",
            "test.sql",
            "002_TESTING.sql",
            "000_baseline.sql",
            "seed.sql",
            "001_seeds.SQL",
            "breakdown.sql",
            "downgrade.sql",
            "20250102_organizational_model.sql",
            "tests/001_x.sql",
        ]);
        let want = [
            Role::Rollback,
            Role::Rollback,
            Role::Rollback,
            Role::Validate,
            Role::Validate,
            Role::Validate, // TESTING: the testing words count in any case
            Role::Baseline,
            Role::Seed,
            Role::Seed,
            Role::Up, // "down" only as a whole word
            Role::Up,
            Role::Up,
            Role::Up, // folder names do not count
        ];
        for ((name, got), want) in r.iter().zip(want) {
            assert_eq!(*got, want, "{name}");
        }
    }

    #[test]
    fn orders_by_role_then_number_and_rollback_reversed() {
        let names = [
            "057_migrate_down.sql",
            "002_instructor.sql",
            "validate.sql",
            "002_TESTING.sql",
            "seed.sql",
            "056_tables_down.sql",
            "baseline.sql",
            "001_init.sql",
            "10_y.sql",
            "9_x.sql",
        ];
        let files: Vec<SqlFile> = names.iter().map(|n| SqlFile::new(*n, "")).collect();
        let o = default_order(&files);
        let n = |v: &[usize]| v.iter().map(|&i| files[i].name.as_str()).collect::<Vec<_>>();
        assert_eq!(
            n(&o.apply),
            [
                "baseline.sql",
                "seed.sql",
                "001_init.sql",
                "002_instructor.sql",
                "9_x.sql",
                "10_y.sql",
                "002_TESTING.sql",
                "validate.sql"
            ]
        );
        assert_eq!(n(&o.rollback), ["057_migrate_down.sql", "056_tables_down.sql"]);
    }
}
