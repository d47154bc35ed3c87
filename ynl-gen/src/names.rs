//! Rust identifiers from spec names (`get-stats` → `GetStats`, `get_stats`, `GET_STATS`).

/// Words Rust reserves: a field or function named after one gets a trailing `_`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(['-', '_', ' ']).filter(|w| !w.is_empty())
}

/// `get-stats` → `GetStats` (types and enum variants).
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    for word in words(name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(&chars.as_str().to_ascii_lowercase());
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// `get-stats` → `get_stats` (fields and functions); keywords get a trailing `_`.
pub fn snake(name: &str) -> String {
    let mut out = words(name)
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("_");
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// `get-stats` → `GET_STATS` (constants and statics).
pub fn upper(name: &str) -> String {
    let mut out = words(name)
        .map(str::to_ascii_uppercase)
        .collect::<Vec<_>>()
        .join("_");
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The variant of a notification in the `Ntf` enum: `dev-add-ntf` → `DevAdd` (the enum
/// says it is a notification).
pub fn ntf_variant(name: &str) -> String {
    match name.strip_suffix("-ntf") {
        Some(base) if !base.is_empty() => camel(base),
        _ => camel(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rust_conventions() {
        assert_eq!(camel("get-stats"), "GetStats");
        assert_eq!(camel("x509"), "X509");
        assert_eq!(camel("6lowpan"), "N6lowpan");
        assert_eq!(snake("notify-no-listener"), "notify_no_listener");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("do"), "do_");
        assert_eq!(upper("echo-requests"), "ECHO_REQUESTS");
    }
}
