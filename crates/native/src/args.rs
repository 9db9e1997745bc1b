//! The command line's arguments, as `check`, `plan` and `diff` read them: `--opt value` or
//! `--opt=value`, flags, and positional arguments, in any order.

/// The arguments after the command, read one at a time.
pub struct Args<'a> {
    it: std::slice::Iter<'a, String>,
}

/// One argument: its option name (`--format` of `--format=json`) or the positional text.
pub struct Arg<'a> {
    pub name: &'a str,
    /// The argument as given (for messages and positional values).
    pub text: &'a str,
    inline: Option<&'a str>,
}

impl<'a> Args<'a> {
    pub fn new(args: &'a [String]) -> Args<'a> {
        Args { it: args.iter() }
    }

    #[allow(clippy::should_implement_trait)] // `value` needs `&mut self` between items
    pub fn next(&mut self) -> Option<Arg<'a>> {
        let a = self.it.next()?;
        Some(match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => Arg { name: n, text: a, inline: Some(v) },
            _ => Arg { name: a, text: a, inline: None },
        })
    }

    /// The option's value: after `=`, or the next argument.
    pub fn value(&mut self, arg: &Arg) -> Result<String, String> {
        arg.inline
            .map(str::to_string)
            .or_else(|| self.it.next().cloned())
            .ok_or_else(|| format!("{} needs a value", arg.name))
    }
}

impl Arg<'_> {
    /// Given without `=value` (a flag such as `--continue`).
    pub fn bare(&self) -> bool {
        self.inline.is_none()
    }

    /// An option (`-x`, `--x`), not a positional argument (`-` alone is positional).
    pub fn is_option(&self) -> bool {
        self.name.starts_with('-') && self.name != "-"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_inline_or_next_flags_and_positionals() {
        let v: Vec<String> =
            ["--format=json", "dir", "--fail-on", "leak", "--continue", "--link-base"]
                .map(String::from)
                .into();
        let mut a = Args::new(&v);
        let f = a.next().unwrap();
        assert_eq!((f.name, a.value(&f).unwrap()), ("--format", "json".into()));
        let d = a.next().unwrap();
        assert!(!d.is_option() && d.text == "dir");
        let f = a.next().unwrap();
        assert_eq!(a.value(&f).unwrap(), "leak");
        let c = a.next().unwrap();
        assert!(c.is_option() && c.bare());
        let l = a.next().unwrap();
        assert_eq!(a.value(&l).unwrap_err(), "--link-base needs a value");
        assert!(a.next().is_none());
    }
}
