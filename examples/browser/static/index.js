// Loads the wasm-bindgen output (`--target web` into pkg/); its start function runs the page.
import init from "./pkg/cognito_browser_example.js";

init().catch((error) => {
  const status = document.getElementById("status");
  status.dataset.state = "error";
  status.textContent = `the wasm module failed to load: ${error}`;
  const srp = document.getElementById("srp-ms");
  srp.dataset.state = "error";
  srp.textContent = "not measured: no wasm module";
});
