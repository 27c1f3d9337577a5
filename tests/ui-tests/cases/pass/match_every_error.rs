// Every modeled error has a variant carrying a typed struct; unknown codes land in Unhandled.
use cognito_identity_provider::operation::list_devices::ListDevicesError;

fn describe(err: &ListDevicesError) -> &'static str {
    match err {
        ListDevicesError::ForbiddenException(_) => "forbidden",
        ListDevicesError::InternalErrorException(_) => "internal",
        ListDevicesError::InvalidParameterException(e) => {
            let _reason: Option<&String> = e.reason_code.as_ref();
            "invalid parameter"
        }
        ListDevicesError::InvalidUserPoolConfigurationException(_) => "pool configuration",
        ListDevicesError::NotAuthorizedException(e) => {
            let _message: Option<&str> = e.message();
            "not authorized"
        }
        ListDevicesError::PasswordResetRequiredException(_) => "password reset",
        ListDevicesError::ResourceNotFoundException(_) => "resource not found",
        ListDevicesError::TooManyRequestsException(_) => "too many requests",
        ListDevicesError::UserNotConfirmedException(_) => "user not confirmed",
        ListDevicesError::UserNotFoundException(_) => "user not found",
        ListDevicesError::Unhandled(u) => {
            let _status: u16 = u.status();
            "unhandled"
        }
        // Services add errors over time: the enum is non-exhaustive.
        _ => "newer error",
    }
}

fn main() {
    let codes = [
        ("ForbiddenException", "forbidden"),
        ("InternalErrorException", "internal"),
        ("InvalidParameterException", "invalid parameter"),
        ("InvalidUserPoolConfigurationException", "pool configuration"),
        ("NotAuthorizedException", "not authorized"),
        ("PasswordResetRequiredException", "password reset"),
        ("ResourceNotFoundException", "resource not found"),
        ("TooManyRequestsException", "too many requests"),
        ("UserNotConfirmedException", "user not confirmed"),
        ("UserNotFoundException", "user not found"),
        ("SomethingElse", "unhandled"),
    ];
    for (code, want) in codes {
        let body = format!(r#"{{"__type": "{code}", "message": "m"}}"#);
        let err = ListDevicesError::from_response(400, &(), body.as_bytes());
        assert_eq!(describe(&err), want, "{code}");
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.message(), Some("m"));
        let _: &dyn std::error::Error = &err;
    }
}
