//! The pool name SRP hashes: the user pool id without its region.

use super::error::SrpError;

/// The longest user pool id (the JavaScript's `USER_POOL_ID_MAX_LENGTH`, Cognito's limit).
const MAX_POOL_ID_LEN: usize = 55;

/// The name part of a user pool id, which the password verifier and the claim signature
/// hash: `"us-east-1_AbC123"` gives `"AbC123"`.
///
/// Checked as `CognitoUserPool` checks it (at most 55 characters matching
/// `^[\w-]+_[0-9a-zA-Z]+$`), then taken as its `getUserPoolName` does: the text between the
/// first and the second `_`. For every real pool id (regions have no `_`) that is all that
/// follows the `_`.
///
/// ```
/// use cognito_auth::srp::user_pool_name;
/// assert_eq!(user_pool_name("eu-west-1_AbC123").unwrap(), "AbC123");
/// assert!(user_pool_name("AbC123").is_err());
/// ```
pub fn user_pool_name(user_pool_id: &str) -> Result<&str, SrpError> {
    if user_pool_id.len() > MAX_POOL_ID_LEN {
        return Err(SrpError::InvalidUserPoolId);
    }
    let (prefix, suffix) = user_pool_id
        .rsplit_once('_')
        .ok_or(SrpError::InvalidUserPoolId)?;
    let word_or_dash = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if prefix.is_empty()
        || suffix.is_empty()
        || !prefix.chars().all(word_or_dash)
        || !suffix.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(SrpError::InvalidUserPoolId);
    }
    // `split('_')[1]`: present, since the id holds at least one `_`.
    Ok(user_pool_id.split('_').nth(1).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_name_of_valid_ids() {
        assert_eq!(user_pool_name("us-east-1_AbC123"), Ok("AbC123"));
        assert_eq!(user_pool_name("a_1"), Ok("1"));
        // JavaScript's quirk for ids Cognito never issues, kept: the second `_` field.
        assert_eq!(user_pool_name("us_east_1_AbC"), Ok("east"));
        assert_eq!(user_pool_name("us__AbC"), Ok(""));
        let longest = format!("{}_{}", "r".repeat(27), "n".repeat(27));
        assert_eq!(longest.len(), 55);
        assert!(user_pool_name(&longest).is_ok());
    }

    #[test]
    fn refuses_invalid_ids() {
        let too_long = format!("{}_{}", "r".repeat(27), "n".repeat(28));
        for bad in [
            "",
            "_",
            "us-east-1",
            "us-east-1_",
            "_AbC",
            "us-east-1_Ab-C",
            "us-east-1_AbC_",
            "us east_AbC",
            "us-east-1_ÄbC",
            too_long.as_str(),
        ] {
            assert_eq!(
                user_pool_name(bad),
                Err(SrpError::InvalidUserPoolId),
                "{bad:?}"
            );
        }
    }
}
