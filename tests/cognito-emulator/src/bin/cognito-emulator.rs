//! Runs the emulator in the foreground with one signed-in user and three devices, and prints
//! the environment the `list_devices` example reads. The token is a fake one, minted by the
//! emulator for this run only.

use std::time::Duration;

use cognito_emulator::Emulator;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), cognito_emulator::Error> {
    let emulator = Emulator::start().await?;
    let user = emulator
        .create_user_with_token("demo", "Passw0rd!23")
        .await?;
    for (i, name) in ["phone", "laptop", "tablet"].iter().enumerate() {
        let key = format!("us-east-1_00000000-0000-4000-8000-00000000000{}", i + 1);
        emulator
            .confirm_device(&user.access_token, &key, name)
            .await?;
    }
    println!("export COGNITO_ENDPOINT={}", emulator.endpoint());
    println!("export COGNITO_ACCESS_TOKEN={}", user.access_token);
    eprintln!("emulator running; press Ctrl-C to stop");
    loop {
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}
