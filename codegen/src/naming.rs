//! The one place where model names become Rust identifiers: [`sanitize`] handles keywords,
//! leading digits and case conventions, and the table test below pins the mapping. Which
//! name each item gets (collisions, reserved methods) is the IR's naming pass,
//! [`crate::ir::names`].

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The identifier convention wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `snake_case`: fields, methods, modules.
    Snake,
    /// `UpperCamelCase`: types, variants, traits.
    Pascal,
}

/// Strict and reserved keywords of every edition up to 2024, plus weak ones that cannot be
/// used unescaped in some positions.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is an error), so they get a suffix.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Converts a Smithy name to a Rust identifier in the given case. The result is a valid
/// identifier: raw (`r#type`) for keywords that allow it, suffixed with `_` for those that
/// do not, and prefixed with `_` when it would start with a digit.
pub fn sanitize(name: &str, case: Case) -> String {
    let converted = match case {
        Case::Snake => name.to_snake_case(),
        Case::Pascal => name.to_upper_camel_case(),
    };
    let mut ident = if converted.is_empty() {
        // Names made only of underscores or symbols convert to nothing.
        "_unnamed".to_string()
    } else {
        converted
    };
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if NOT_RAW.contains(&ident.as_str()) {
        ident.push('_');
    } else if KEYWORDS.contains(&ident.as_str()) {
        ident.insert_str(0, "r#");
    }
    ident
}

/// Builds a `proc_macro2::Ident`, raw where the sanitized name says so.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("AccessToken", Case::Snake, "access_token"),
            ("PaginationToken", Case::Snake, "pagination_token"),
            ("DeviceType", Case::Pascal, "DeviceType"),
            ("deviceType", Case::Pascal, "DeviceType"),
            ("message", Case::Snake, "message"),
            ("reasonCode", Case::Snake, "reason_code"),
            ("type", Case::Snake, "r#type"),
            ("Type", Case::Snake, "r#type"),
            ("match", Case::Snake, "r#match"),
            ("async", Case::Snake, "r#async"),
            ("gen", Case::Snake, "r#gen"),
            ("self", Case::Snake, "self_"),
            ("Self", Case::Pascal, "Self_"),
            ("super", Case::Snake, "super_"),
            ("crate", Case::Snake, "crate_"),
            ("1stPlace", Case::Snake, "_1st_place"),
            ("2fa", Case::Pascal, "_2fa"),
            ("__", Case::Snake, "_unnamed"),
            ("SMSMfaSettings", Case::Snake, "sms_mfa_settings"),
            ("IdPIdentifiers", Case::Snake, "id_p_identifiers"),
            ("UserPoolId", Case::Snake, "user_pool_id"),
            ("ARN", Case::Pascal, "Arn"),
            ("_leading", Case::Snake, "leading"),
        ];
        for (input, case, want) in cases {
            assert_eq!(sanitize(input, case), want, "{input} as {case:?}");
        }
    }

    #[test]
    fn every_sanitized_name_is_an_identifier() {
        for input in [
            "type", "self", "1x", "a-b", "Unit", "Option", "r#x", "loop", "_",
        ] {
            for case in [Case::Snake, Case::Pascal] {
                let name = sanitize(input, case);
                let ident = ident(&name);
                syn::parse_str::<syn::Ident>(&ident.to_string())
                    .unwrap_or_else(|e| panic!("{input} -> {name}: {e}"));
            }
        }
    }
}
