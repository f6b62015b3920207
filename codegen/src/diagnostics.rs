//! Problems found in a spec, each tied to the place in the spec where it occurs.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in a spec: where it is, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer of the offending element, such as `/paths/~1pets/get`.
    pub pointer: String,
    /// One-based line and column, when the YAML loader reports them.
    pub location: Option<(usize, usize)>,
    /// What is wrong, in lowercase without a trailing period.
    pub message: String,
    /// What to do about it, when there is something to suggest.
    pub help: Option<String>,
}

impl Diagnostic {
    /// Creates a diagnostic at a JSON pointer.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a suggestion for fixing the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the one-based line and column of the problem.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.location = Some((line, column));
        self
    }
}

/// Every problem found in one spec file, in the order they were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The spec file the problems belong to.
    pub file: PathBuf,
    /// The problems; never empty when returned as an error.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Creates an empty list for a spec file.
    pub fn new(file: &Path) -> Self {
        Self {
            file: file.to_path_buf(),
            items: Vec::new(),
        }
    }

    /// Creates a list with one problem.
    pub fn single(file: &Path, diagnostic: Diagnostic) -> Self {
        let mut diagnostics = Self::new(file);
        diagnostics.items.push(diagnostic);
        diagnostics
    }
}

impl Diagnostics {
    /// Formats every item as `severity: message` with its location and help, then a count,
    /// such as `2 warnings in spec.yaml`.
    pub fn render(&self, severity: &str) -> String {
        let file = self.file.display();
        let mut out = String::new();
        for item in &self.items {
            let location = match item.location {
                Some((line, column)) => format!("{file}:{line}:{column}"),
                None => file.to_string(),
            };
            let pointer = if item.pointer.is_empty() { "/" } else { &item.pointer };
            out.push_str(&format!("{severity}: {}\n", item.message));
            out.push_str(&format!("  --> {location} at #{pointer}\n"));
            if let Some(help) = &item.help {
                out.push_str(&format!("  help: {help}\n"));
            }
        }
        let count = self.items.len();
        let plural = if count == 1 { "" } else { "s" };
        out.push_str(&format!("{count} {severity}{plural} in {file}"));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("error"))
    }
}

impl std::error::Error for Diagnostics {}

/// Builds a JSON pointer from reference tokens, escaping `~` and `/` as RFC 6901 requires.
pub fn pointer<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    tokens
        .into_iter()
        .map(|token| format!("/{}", token.as_ref().replace('~', "~0").replace('/', "~1")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        assert_eq!(pointer(["paths", "/a/{b}", "get"]), "/paths/~1a~1{b}/get");
        assert_eq!(pointer(["x~y"]), "/x~0y");
    }

    #[test]
    fn display_lists_every_problem_and_count() {
        let mut diagnostics = Diagnostics::new(Path::new("spec.yaml"));
        diagnostics
            .items
            .push(Diagnostic::new("/a", "first problem").with_help("do this"));
        diagnostics.items.push(Diagnostic::new("/b", "second problem").at(3, 4));
        let text = diagnostics.to_string();
        assert!(text.contains("error: first problem\n  --> spec.yaml at #/a\n  help: do this"));
        assert!(text.contains("error: second problem\n  --> spec.yaml:3:4 at #/b"));
        assert!(text.ends_with("2 errors in spec.yaml"));
    }

    #[test]
    fn render_names_the_severity() {
        let diagnostics = Diagnostics::single(Path::new("spec.yaml"), Diagnostic::new("/a", "odd"));
        assert_eq!(diagnostics.render("warning"), "warning: odd\n  --> spec.yaml at #/a\n1 warning in spec.yaml");
    }
}
