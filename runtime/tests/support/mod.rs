//! Test support: loading rule sets and their test cases from AWS's JSON models.

// Each test binary uses part of the support code.
#![allow(dead_code)]

pub mod cases;
pub mod rules_json;
