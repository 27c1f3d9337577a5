//! AWS partitions, the data behind `aws.partition`: which partition a region belongs to, and the
//! DNS suffixes and capabilities of that partition.
//!
//! A region is looked up in three steps, as the AWS rules-engine extension prescribes: a region
//! a partition lists by name; else the first partition whose region pattern matches (the
//! partitions table writes these as regexes of one shape, `^PREFIX\-\w+\-\d+$`, which
//! [`RegionPattern`] matches by hand); else the `aws` partition, so that a region newer than
//! this table still resolves to commercial AWS endpoints.
//!
//! The values are those of AWS's partitions table as the AWS models in `../shared` were tested
//! against: the ISO partitions and the European Sovereign Cloud do not support dual-stack yet.

/// One AWS partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// The partition's id (`aws`, `aws-cn`, ...).
    pub id: &'static str,
    /// The pattern a region of this partition follows.
    pub region_pattern: RegionPattern,
    /// The regions the partition lists by name, global pseudo-regions included.
    pub regions: &'static [&'static str],
    /// What `aws.partition` returns for the partition's regions.
    pub outputs: PartitionOutputs,
}

/// The attributes `aws.partition` exposes to rules through `getAttr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// `name`: the partition's name.
    pub name: &'static str,
    /// `dnsSuffix`: the default DNS suffix.
    pub dns_suffix: &'static str,
    /// `dualStackDnsSuffix`: the DNS suffix of dual-stack (IPv4 and IPv6) endpoints.
    pub dual_stack_dns_suffix: &'static str,
    /// `supportsFIPS`: whether FIPS endpoints exist.
    pub supports_fips: bool,
    /// `supportsDualStack`: whether dual-stack endpoints exist.
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`: the region global services of the partition sign for.
    pub implicit_global_region: &'static str,
}

/// The region regex of a partition, `^(P1|P2|...)\-\w+\-\d+$`, as its alternatives: a region
/// matches when it is one of the prefixes, a dash, one or more ASCII word characters
/// (`[A-Za-z0-9_]`), a dash and one or more ASCII digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionPattern {
    /// The alternatives before the first `\-` of the regex; a prefix may itself contain dashes
    /// (`us-gov`).
    pub prefixes: &'static [&'static str],
}

impl RegionPattern {
    /// Whether `region` matches the whole pattern.
    pub fn matches(&self, region: &str) -> bool {
        self.prefixes.iter().any(|prefix| {
            region
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(word_dash_digits)
        })
    }
}

/// `\w+\-\d+` over the whole of `rest`. `\w` takes no dash, so the dash is the only one.
fn word_dash_digits(rest: &str) -> bool {
    let Some((word, digits)) = rest.split_once('-') else {
        return false;
    };
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The result of looking a region up: its partition, and whether it was only inferred from the
/// region's pattern (or the fallback) rather than found by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionMatch {
    /// The partition.
    pub partition: &'static Partition,
    /// `inferred`: true when the region matched a pattern but is not listed by name.
    pub inferred: bool,
}

/// The partition of `region`. Never fails: an unknown region falls back to `aws`.
pub fn partition_for(region: &str) -> PartitionMatch {
    if let Some(partition) = PARTITIONS.iter().find(|p| p.regions.contains(&region)) {
        return PartitionMatch {
            partition,
            inferred: false,
        };
    }
    if let Some(partition) = PARTITIONS.iter().find(|p| p.region_pattern.matches(region)) {
        return PartitionMatch {
            partition,
            inferred: true,
        };
    }
    PartitionMatch {
        partition: &AWS,
        inferred: false,
    }
}

/// The commercial partition, also the fallback for unknown regions.
const AWS: Partition = Partition {
    id: "aws",
    region_pattern: RegionPattern {
        prefixes: &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
    },
    regions: &[
        "af-south-1",
        "ap-east-1",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-7",
        "aws-global",
        "ca-central-1",
        "ca-west-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
    ],
    outputs: PartitionOutputs {
        name: "aws",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
    },
};

/// Every partition, in the order patterns are tried. The patterns do not overlap (`\w` takes
/// no dash, so `us-gov-west-1` cannot match `aws`'s `us-\w+-\d+`), so the order only matters
/// for the fallback.
pub static PARTITIONS: &[Partition] = &[
    AWS,
    Partition {
        id: "aws-cn",
        region_pattern: RegionPattern { prefixes: &["cn"] },
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        outputs: PartitionOutputs {
            name: "aws-cn",
            dns_suffix: "amazonaws.com.cn",
            dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "cn-northwest-1",
        },
    },
    Partition {
        id: "aws-us-gov",
        region_pattern: RegionPattern {
            prefixes: &["us-gov"],
        },
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        outputs: PartitionOutputs {
            name: "aws-us-gov",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-gov-west-1",
        },
    },
    Partition {
        id: "aws-iso",
        region_pattern: RegionPattern {
            prefixes: &["us-iso"],
        },
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        outputs: PartitionOutputs {
            name: "aws-iso",
            dns_suffix: "c2s.ic.gov",
            dual_stack_dns_suffix: "c2s.ic.gov",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "us-iso-east-1",
        },
    },
    Partition {
        id: "aws-iso-b",
        region_pattern: RegionPattern {
            prefixes: &["us-isob"],
        },
        regions: &["aws-iso-b-global", "us-isob-east-1"],
        outputs: PartitionOutputs {
            name: "aws-iso-b",
            dns_suffix: "sc2s.sgov.gov",
            dual_stack_dns_suffix: "sc2s.sgov.gov",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "us-isob-east-1",
        },
    },
    Partition {
        id: "aws-iso-e",
        region_pattern: RegionPattern {
            prefixes: &["eu-isoe"],
        },
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
        outputs: PartitionOutputs {
            name: "aws-iso-e",
            dns_suffix: "cloud.adc-e.uk",
            dual_stack_dns_suffix: "cloud.adc-e.uk",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "eu-isoe-west-1",
        },
    },
    Partition {
        id: "aws-iso-f",
        region_pattern: RegionPattern {
            prefixes: &["us-isof"],
        },
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        outputs: PartitionOutputs {
            name: "aws-iso-f",
            dns_suffix: "csp.hci.ic.gov",
            dual_stack_dns_suffix: "csp.hci.ic.gov",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "us-isof-south-1",
        },
    },
    Partition {
        id: "aws-eusc",
        region_pattern: RegionPattern {
            prefixes: &["eusc-de"],
        },
        regions: &["eusc-de-east-1"],
        outputs: PartitionOutputs {
            name: "aws-eusc",
            dns_suffix: "amazonaws.eu",
            dual_stack_dns_suffix: "amazonaws.eu",
            supports_fips: true,
            supports_dual_stack: false,
            implicit_global_region: "eusc-de-east-1",
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(region: &str) -> &'static str {
        partition_for(region).partition.outputs.name
    }

    #[test]
    fn listed_regions_find_their_partition() {
        for (region, name) in [
            ("us-east-1", "aws"),
            ("aws-global", "aws"),
            ("cn-north-1", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("aws-us-gov-global", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
        ] {
            let found = partition_for(region);
            assert_eq!(found.partition.outputs.name, name, "{region}");
            assert!(!found.inferred, "{region}");
        }
    }

    #[test]
    fn unlisted_regions_are_inferred_from_the_pattern() {
        for (region, name) in [
            ("us-west-9", "aws"),
            ("mx-central-2", "aws"),
            ("cn-south-7", "aws-cn"),
            ("us-gov-central-2", "aws-us-gov"),
            ("us-iso-north-12", "aws-iso"),
            ("us-isob-west-1", "aws-iso-b"),
            ("eu-isoe-north-3", "aws-iso-e"),
            ("us-isof-west-1", "aws-iso-f"),
            ("eusc-de-west-2", "aws-eusc"),
        ] {
            let found = partition_for(region);
            assert_eq!(found.partition.outputs.name, name, "{region}");
            assert!(found.inferred, "{region}");
        }
    }

    #[test]
    fn unknown_regions_fall_back_to_aws() {
        for region in [
            "",
            "local",
            "mars-east-1",
            "us-east",
            "us-east-",
            "us-east-1a",
            "us-east-1-",
            "-us-east-1",
            "us--1",
            "eusc-fr-east-1",
            "US-EAST-1x",
            "us-ea\u{e9}st-1",
        ] {
            let found = partition_for(region);
            assert_eq!(found.partition.id, "aws", "{region:?}");
            assert!(!found.inferred, "{region:?}");
        }
        // The pattern is case-sensitive in its prefix, like the regex.
        assert_eq!(name_of("CN-north-1"), "aws");
    }

    #[test]
    fn each_listed_region_matches_its_own_pattern_and_no_other() {
        for (region, id) in [
            ("cn-north-1", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("eusc-de-east-1", "aws-eusc"),
        ] {
            let matching: Vec<&str> = PARTITIONS
                .iter()
                .filter(|p| p.region_pattern.matches(region))
                .map(|p| p.id)
                .collect();
            assert_eq!(matching, [id], "{region}");
        }
        for partition in PARTITIONS {
            for region in partition.regions.iter().filter(|r| !r.ends_with("-global")) {
                let matching: Vec<&str> = PARTITIONS
                    .iter()
                    .filter(|p| p.region_pattern.matches(region))
                    .map(|p| p.id)
                    .collect();
                assert_eq!(matching, [partition.id], "{region}");
            }
        }
    }

    #[test]
    fn word_part_takes_digits_and_underscores_but_no_dash() {
        let pattern = RegionPattern { prefixes: &["us"] };
        assert!(pattern.matches("us-a_1-2"));
        assert!(pattern.matches("us-9-0"));
        assert!(!pattern.matches("us-gov-west-1"));
        assert!(!pattern.matches("us-west-x"));
        assert!(!pattern.matches("us-west-1 "));
    }

    #[test]
    fn partitions_are_listed_once_and_named_by_their_id() {
        for (index, partition) in PARTITIONS.iter().enumerate() {
            assert_eq!(partition.id, partition.outputs.name);
            assert!(PARTITIONS[..index].iter().all(|p| p.id != partition.id));
            for region in partition.regions {
                let owners = PARTITIONS
                    .iter()
                    .filter(|p| p.regions.contains(region))
                    .count();
                assert_eq!(owners, 1, "{region}");
            }
        }
    }
}
