//! A line writer with indentation, documentation wrapping and the few layout rules of
//! rustfmt the generated code needs, so that its output is already formatted.

/// rustfmt's `max_width`.
pub const MAX_WIDTH: usize = 100;

/// Text being written, one line at a time.
#[derive(Default)]
pub struct Writer {
    out: String,
    indent: usize,
}

impl Writer {
    /// A line at the current indentation (an empty one stays empty).
    pub fn line(&mut self, text: impl AsRef<str>) {
        let text = text.as_ref();
        if !text.is_empty() {
            for _ in 0..self.indent {
                self.out.push_str("    ");
            }
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// A line, then one more level of indentation.
    pub fn open(&mut self, text: impl AsRef<str>) {
        self.line(text);
        self.indent += 1;
    }

    /// One less level of indentation, then a line.
    pub fn close(&mut self, text: impl AsRef<str>) {
        self.indent -= 1;
        self.line(text);
    }

    /// One more level of indentation (for continuation lines).
    pub fn indent(&mut self) {
        self.indent += 1;
    }

    /// One less level of indentation.
    pub fn dedent(&mut self) {
        self.indent -= 1;
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Columns left on a line at the current indentation.
    pub fn room(&self) -> usize {
        MAX_WIDTH - 4 * self.indent
    }

    /// `///` documentation, wrapped; nothing for an empty text.
    pub fn doc(&mut self, text: &str) {
        self.comment("/// ", text);
    }

    /// `//!` documentation, wrapped.
    pub fn inner_doc(&mut self, text: &str) {
        self.comment("//! ", text);
    }

    /// A comment with `prefix` on each line, wrapped at the line width; paragraphs of
    /// the text (split at empty lines) are kept, other line breaks and indentation are
    /// not (a spec's indentation would make Markdown code blocks).
    pub fn comment(&mut self, prefix: &str, text: &str) {
        let room = self.room() - prefix.len();
        let mut first = true;
        for paragraph in paragraphs(text) {
            if !first {
                self.line(prefix.trim_end());
            }
            first = false;
            let mut current = String::new();
            for word in paragraph.split_whitespace() {
                let word = escape_markdown(word);
                if !current.is_empty() && current.len() + 1 + word.len() > room {
                    self.line(format!("{prefix}{current}"));
                    current.clear();
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&word);
            }
            if !current.is_empty() {
                self.line(format!("{prefix}{current}"));
            }
        }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }
}

/// The paragraphs of a text, each as one line.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line.trim());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Keeps rustdoc from reading spec prose as links or HTML.
fn escape_markdown(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A string literal for `text`.
pub fn string_literal(text: &str) -> String {
    format!("{text:?}")
}

/// A documentation text for an item without one: its spec name and kind.
pub fn or_default(doc: &str, fallback: impl FnOnce() -> String) -> String {
    if doc.trim().is_empty() {
        fallback()
    } else {
        doc.to_owned()
    }
}

/// An expression for [`Writer::expr`], laid out as rustfmt would.
#[derive(Debug, Clone)]
pub enum Expr {
    /// Text that is written as it is.
    Atom(String),
    /// `&expr`.
    Ref(Box<Expr>),
    /// `[a, b, c]`.
    Array(Vec<Expr>),
    /// `Name { field: value, ... }`.
    Struct(String, Vec<(String, Expr)>),
    /// `f(a, b)`.
    Call(String, Vec<Expr>),
}

impl Expr {
    /// An atom.
    pub fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

    /// `&[items]`.
    pub fn slice(items: Vec<Expr>) -> Expr {
        Expr::Ref(Box::new(Expr::Array(items)))
    }

    /// The expression on one line, if rustfmt would keep it on one line.
    fn one_line(&self) -> Option<String> {
        match self {
            Expr::Atom(s) => Some(s.clone()),
            Expr::Ref(e) => e.one_line().map(|s| format!("&{s}")),
            Expr::Array(items) => {
                let parts: Option<Vec<String>> = items.iter().map(Expr::one_line).collect();
                let body = parts?.join(", ");
                // rustfmt's `array_width`.
                (body.len() <= 60).then(|| format!("[{body}]"))
            }
            Expr::Struct(name, fields) => {
                if fields.is_empty() {
                    return Some(format!("{name} {{}}"));
                }
                let parts: Option<Vec<String>> = fields
                    .iter()
                    .map(|(k, v)| v.one_line().map(|v| format!("{k}: {v}")))
                    .collect();
                let body = parts?.join(", ");
                // rustfmt's `struct_lit_width`.
                (body.len() <= 18).then(|| format!("{name} {{ {body} }}"))
            }
            Expr::Call(f, args) => {
                let parts: Option<Vec<String>> = args.iter().map(Expr::one_line).collect();
                let body = parts?.join(", ");
                // rustfmt's `fn_call_width`.
                (body.len() <= 60).then(|| format!("{f}({body})"))
            }
        }
    }

    /// Whether rustfmt lets the expression hug the brackets around it.
    fn hugs(&self) -> bool {
        matches!(self, Expr::Struct(_, f) if !f.is_empty())
    }
}

impl Writer {
    /// `prefix`, the expression, `suffix`: on one line when rustfmt would keep it there,
    /// otherwise broken up the way rustfmt breaks it.
    pub fn expr(&mut self, prefix: &str, e: &Expr, suffix: &str) {
        if let Some(one) = e.one_line() {
            if prefix.len() + one.len() + suffix.len() <= self.room() {
                self.line(format!("{prefix}{one}{suffix}"));
                return;
            }
        }
        match e {
            Expr::Atom(s) => self.line(format!("{prefix}{s}{suffix}")),
            Expr::Ref(inner) => self.expr(&format!("{prefix}&"), inner, suffix),
            Expr::Array(items) if items.len() == 1 && items[0].hugs() => {
                self.expr(&format!("{prefix}["), &items[0], &format!("]{suffix}"));
            }
            Expr::Array(items) => {
                self.open(format!("{prefix}["));
                for item in items {
                    self.expr("", item, ",");
                }
                self.close(format!("]{suffix}"));
            }
            Expr::Struct(name, fields) => {
                self.open(format!("{prefix}{name} {{"));
                for (k, v) in fields {
                    self.expr(&format!("{k}: "), v, ",");
                }
                self.close(format!("}}{suffix}"));
            }
            Expr::Call(f, args) if args.len() == 1 && args[0].hugs() => {
                self.expr(&format!("{prefix}{f}("), &args[0], &format!("){suffix}"));
            }
            Expr::Call(f, args) => {
                self.open(format!("{prefix}{f}("));
                for a in args {
                    self.expr("", a, ",");
                }
                self.close(format!("){suffix}"));
            }
        }
    }

    /// `base.m1().m2()suffix` as rustfmt lays out a method chain: one line when it has
    /// one call and fits the line, or several that fit in `chain_width` (60); one call
    /// per line otherwise.
    pub fn chain(&mut self, base: &str, calls: &[String], suffix: &str) {
        let one = format!("{base}{}", calls.concat());
        let fits = one.len() + suffix.len() <= self.room();
        if calls.is_empty() || (fits && (calls.len() == 1 || one.len() <= 60)) {
            self.line(format!("{one}{suffix}"));
        } else {
            self.line(base);
            self.indent();
            for (i, c) in calls.iter().enumerate() {
                let end = if i + 1 == calls.len() { suffix } else { "" };
                self.line(format!("{c}{end}"));
            }
            self.dedent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_wrap_and_escape() {
        let mut w = Writer::default();
        w.doc("Uses [brackets] and <tags>.\n\n  Second   paragraph\n  continues.");
        assert_eq!(
            w.finish(),
            "/// Uses \\[brackets\\] and \\<tags\\>.\n///\n/// Second paragraph continues.\n"
        );
    }
}
