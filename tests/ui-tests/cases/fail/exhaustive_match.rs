// The error enum is #[non_exhaustive]: a match without a wildcard arm does not compile, so
// an error added to the model later cannot break users silently.
use cognito_identity_provider::operation::list_devices::ListDevicesError;

fn code(err: &ListDevicesError) -> &'static str {
    match err {
        ListDevicesError::ForbiddenException(_) => "a",
        ListDevicesError::InternalErrorException(_) => "b",
        ListDevicesError::InvalidParameterException(_) => "c",
        ListDevicesError::InvalidUserPoolConfigurationException(_) => "d",
        ListDevicesError::NotAuthorizedException(_) => "e",
        ListDevicesError::PasswordResetRequiredException(_) => "f",
        ListDevicesError::ResourceNotFoundException(_) => "g",
        ListDevicesError::TooManyRequestsException(_) => "h",
        ListDevicesError::UserNotConfirmedException(_) => "i",
        ListDevicesError::UserNotFoundException(_) => "j",
        ListDevicesError::Unhandled(_) => "k",
    }
}

fn main() {
    let _ = code;
}
