// The suite's Rust tasks: a mean whose sum helper in another module skips the first value, and a config reader
// whose pair-splitting helper splits at the last `=` (bug report only).

import type { RepoTaskSource } from "./RepoTaskSource.js";

const cargoToml = (name: string) =>
    `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n`;

const totalBefore = `pub fn total(values: &[f64]) -> f64 {
    values.iter().skip(1).sum()
}
`;

const mean: RepoTaskSource = {
    instance_id: "rust-mean-total",
    language: "rust",
    problem_statement: "mean(&[1.0, 2.0, 3.0]) returns Some(1.666…) instead of Some(2.0).",
    files: {
        "Cargo.toml": cargoToml("scores"),
        "src/lib.rs": "pub mod stats;\npub mod sum;\n",
        "src/sum.rs": `/// The sum of the values.
${totalBefore}`,
        "src/stats.rs": `use crate::sum::total;

/// The arithmetic mean, or None for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(total(values) / values.len() as f64)
}
`,
        "tests/stats.rs": `use scores::stats::mean;

#[test]
fn empty_has_no_mean() {
    assert_eq!(mean(&[]), None);
}

#[test]
fn mean_of_three() {
    assert_eq!(mean(&[1.0, 2.0, 3.0]), Some(2.0));
}
`
    },
    hidden: {
        "tests/sum_hidden.rs": `use scores::sum::total;

#[test]
fn total_adds_every_value() {
    assert_eq!(total(&[1.0, 2.0]), 3.0);
}

#[test]
fn total_of_nothing_is_zero() {
    assert_eq!(total(&[]), 0.0);
}
`
    },
    FAIL_TO_PASS: ["tests/stats.rs::mean_of_three", "tests/sum_hidden.rs::total_adds_every_value"],
    PASS_TO_PASS: ["tests/stats.rs::empty_has_no_mean", "tests/sum_hidden.rs::total_of_nothing_is_zero"],
    failing_tests: ["tests/stats.rs::mean_of_three"],
    fixes: [
        {
            file: "src/sum.rs",
            function: "total",
            before: totalBefore,
            after: totalBefore.replace("values.iter().skip(1).sum()", "values.iter().sum()")
        }
    ]
};

const splitBefore = `pub fn split_pair(line: &str) -> Option<(&str, &str)> {
    let at = line.rfind('=')?;
    Some((line[..at].trim(), line[at + 1..].trim()))
}
`;

const config: RepoTaskSource = {
    instance_id: "rust-config-equals",
    language: "rust",
    problem_statement:
        'A value that contains "=" is cut: parse_config("url = a=b") gives the key "url = a" and the value "b"; ' +
        'the key should be "url" and the value "a=b".',
    files: {
        "Cargo.toml": cargoToml("settings"),
        "src/lib.rs": "pub mod config;\npub mod split;\n",
        "src/split.rs": `/// Splits \`key=value\` at its first \`=\`; None without one.
${splitBefore}`,
        "src/config.rs": `use crate::split::split_pair;
use std::collections::BTreeMap;

/// Reads \`key = value\` lines; lines without \`=\` are skipped.
pub fn parse_config(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(split_pair)
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}
`,
        "tests/config.rs": `use settings::config::parse_config;

#[test]
fn simple_pair() {
    let config = parse_config("name = ponder\\nno equals here");
    assert_eq!(config.get("name").map(String::as_str), Some("ponder"));
    assert_eq!(config.len(), 1);
}
`
    },
    hidden: {
        "tests/config_hidden.rs": `use settings::config::parse_config;

#[test]
fn value_keeps_equals() {
    let config = parse_config("url = a=b");
    assert_eq!(config.get("url").map(String::as_str), Some("a=b"));
}

#[test]
fn two_pairs() {
    let config = parse_config("a = 1\\nb = 2");
    assert_eq!(config.len(), 2);
}
`
    },
    FAIL_TO_PASS: ["tests/config_hidden.rs::value_keeps_equals"],
    PASS_TO_PASS: ["tests/config.rs::simple_pair", "tests/config_hidden.rs::two_pairs"],
    fixes: [
        {
            file: "src/split.rs",
            function: "split_pair",
            before: splitBefore,
            after: splitBefore.replace("line.rfind('=')?", "line.find('=')?")
        }
    ]
};

export const rustRepoTasks: RepoTaskSource[] = [mean, config];
