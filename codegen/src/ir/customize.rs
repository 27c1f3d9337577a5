//! AWS SDK customizations: what a few services require of every client although no trait of
//! their model says so, which every AWS SDK hard-codes per service (Smithy's compliance suite
//! tests them, as `ApiGatewayAccept` and the `Glacier*` cases). Each is decided here once, from
//! the service's `sdkId` (its `aws.api#service` trait, which names the service whatever its
//! shape id) and the model, and enters the IR as plain data — a header, a member default, a
//! checksum — that the emitters print like any other. Like [`super::ENDPOINT_MEMBERS`], this
//! is the one table of such rules.
//!
//! - API Gateway: every request says `Accept: application/json`.
//! - Glacier: every request carries `x-amz-glacier-version`, the service's API version; an
//!   input's `accountId` label left unset or empty is sent as `-`, the account of the
//!   credentials; `UploadArchive` and `UploadMultipartPart` send the body's SHA-256 tree hash
//!   (`x-amz-sha256-tree-hash`) and its signed SHA-256 (`x-amz-content-sha256`).

use std::collections::{BTreeMap, BTreeSet};

use super::http::HTTP_LABEL;
use crate::model::{Kind, Model, Shape, trait_str, traits};

const API_GATEWAY: &str = "API Gateway";
const GLACIER: &str = "Glacier";
/// Glacier's input member for the account, the text that stands for it unset, and what that
/// text means.
const GLACIER_ACCOUNT_ID: (&str, &str, &str) = ("accountId", "-", "the account of the credentials");
/// Glacier's uploads, which must carry the tree hash of their body.
const GLACIER_TREE_HASH_OPERATIONS: &[&str] = &["UploadArchive", "UploadMultipartPart"];

/// A header every request to the service carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceHeader {
    pub name: String,
    pub value: String,
    /// Why, for the crate's docs.
    pub reason: String,
}

/// The text a label member is sent as when it is unset or empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelDefault {
    pub text: String,
    /// What the text means to the service, for the member's docs.
    pub meaning: String,
}

impl LabelDefault {
    /// The line the member's docs end with.
    pub fn doc(&self) -> String {
        format!(
            "Unset or empty, it is sent as `{}`: {} (a customization every AWS SDK makes).",
            self.text, self.meaning
        )
    }
}

/// The customizations of one service, for the operations generated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Customizations {
    /// Headers every request carries.
    pub headers: Vec<ServiceHeader>,
    /// Input members bound to a URI label, by member id (`ns#Input$accountId`), and what
    /// stands for them when unset or empty.
    pub label_defaults: BTreeMap<String, LabelDefault>,
    /// Operations, by id, that send Glacier's tree hash of the body and a signed
    /// `x-amz-content-sha256`.
    pub tree_hash: BTreeSet<String>,
}

impl Customizations {
    /// What `service` needs, for the `operations` (ids) generated; nothing for a service no
    /// rule names.
    pub fn of<'a>(
        model: &Model,
        service: &Shape,
        operations: impl IntoIterator<Item = &'a String>,
    ) -> Customizations {
        let mut custom = Customizations::default();
        match trait_str(&service.traits, traits::AWS_SERVICE, "sdkId") {
            Some(API_GATEWAY) => custom.headers.push(ServiceHeader {
                name: "Accept".into(),
                value: "application/json".into(),
                reason: "API Gateway answers in JSON only when asked to".into(),
            }),
            Some(GLACIER) => {
                if let Some(version) = &service.version {
                    custom.headers.push(ServiceHeader {
                        name: "x-amz-glacier-version".into(),
                        value: version.clone(),
                        reason: "Glacier requires its API version on every request".into(),
                    });
                }
                let (member, text, meaning) = GLACIER_ACCOUNT_ID;
                for op in operations
                    .into_iter()
                    .filter_map(|id| model.get(id))
                    .filter(|op| op.kind == Kind::Operation)
                {
                    if GLACIER_TREE_HASH_OPERATIONS.contains(&op.name()) {
                        custom.tree_hash.insert(op.id.clone());
                    }
                    let Some(input) = op.input.as_deref() else {
                        continue;
                    };
                    let labelled = model
                        .get(input)
                        .and_then(|i| i.members.get(member))
                        .is_some_and(|m| m.traits.contains_key(HTTP_LABEL));
                    if labelled {
                        custom.label_defaults.insert(
                            format!("{input}${member}"),
                            LabelDefault {
                                text: text.into(),
                                meaning: meaning.into(),
                            },
                        );
                    }
                }
            }
            _ => {}
        }
        custom
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(sdk_id: &str) -> Model {
        let json = serde_json::json!({
            "smithy": "2.0",
            "shapes": {
                "a#Svc": {
                    "type": "service",
                    "version": "2012-06-01",
                    "operations": [{"target": "a#UploadArchive"}, {"target": "a#ListVaults"}],
                    "traits": {"aws.api#service": {"sdkId": sdk_id}, "aws.protocols#restJson1": {}}
                },
                "a#UploadArchive": {"type": "operation", "input": {"target": "a#UploadIn"}},
                "a#ListVaults": {"type": "operation", "input": {"target": "a#ListIn"}},
                "a#UploadIn": {"type": "structure", "members": {
                    "accountId": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}
                }},
                "a#ListIn": {"type": "structure", "members": {
                    "accountId": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "a"}}
                }}
            }
        });
        crate::model::load_strs(&[("customize-test", &json.to_string())]).expect("model")
    }

    fn of(sdk_id: &str) -> Customizations {
        let model = model(sdk_id);
        let service = model.get("a#Svc").expect("service");
        let ops = ["a#UploadArchive".to_string(), "a#ListVaults".to_string()];
        Customizations::of(&model, service, &ops)
    }

    #[test]
    fn services_are_known_by_sdk_id() {
        let glacier = of("Glacier");
        assert_eq!(
            glacier.headers,
            [ServiceHeader {
                name: "x-amz-glacier-version".into(),
                value: "2012-06-01".into(),
                reason: "Glacier requires its API version on every request".into(),
            }]
        );
        // Only a label is defaulted: `-` means nothing in a query string.
        assert_eq!(
            glacier.label_defaults,
            BTreeMap::from([(
                "a#UploadIn$accountId".to_string(),
                LabelDefault {
                    text: "-".into(),
                    meaning: "the account of the credentials".into()
                }
            )])
        );
        assert_eq!(
            glacier.tree_hash,
            BTreeSet::from(["a#UploadArchive".to_string()])
        );
        let api_gateway = of("API Gateway");
        assert_eq!(api_gateway.headers.len(), 1);
        assert_eq!(
            (
                &*api_gateway.headers[0].name,
                &*api_gateway.headers[0].value
            ),
            ("Accept", "application/json")
        );
        assert!(api_gateway.label_defaults.is_empty() && api_gateway.tree_hash.is_empty());
        assert_eq!(of("Other"), Customizations::default());
    }
}
