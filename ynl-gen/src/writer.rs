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

/// A struct literal laid out as rustfmt lays it out: on one line when its fields take
/// at most 18 columns (`struct_lit_width`) and the line fits, one field per line
/// otherwise. `prefix` and `suffix` surround it on its first and last line.
pub fn struct_literal(w: &mut Writer, prefix: &str, name: &str, fields: &[(String, String)], suffix: &str) {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let one = format!("{prefix}{name} {{ {body} }}{suffix}");
    if fields.is_empty() {
        w.line(format!("{prefix}{name} {{}}{suffix}"));
    } else if body.len() <= 18 && one.len() <= w.room() && !body.contains('\n') {
        w.line(one);
    } else {
        w.open(format!("{prefix}{name} {{"));
        for (k, v) in fields {
            let text = format!("{k}: {v},");
            if v.contains('\n') {
                // A value that is itself laid out over several lines, already indented
                // relative to this field.
                let mut lines = text.lines();
                w.line(lines.next().unwrap_or_default());
                for l in lines {
                    w.line(l);
                }
            } else {
                w.line(text);
            }
        }
        w.close(format!("}}{suffix}"));
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
