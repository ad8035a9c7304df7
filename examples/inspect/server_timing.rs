//! `--kind server-timing`: the `trace` metric among the metrics of all
//! `server-timing` fields of a response (ST-05..ST-14).

use crate::output::{Failure, Outcome};
use serde_json::json;
use tracewire::ServerTiming;

/// Inspects the `server-timing` fields of one response. No `trace` metric is
/// "absent"; a metric without a valid desc is invalid, with the reason.
pub fn inspect(fields: &[Vec<u8>]) -> Outcome {
    match ServerTiming::find(fields.iter().map(Vec::as_slice)) {
        Ok(None) => Outcome::invalid(Failure::Absent),
        Ok(Some(metric)) => {
            let tp = metric.context();
            Outcome::valid(vec![
                ("version", json!(format!("{:02x}", tp.version()))),
                ("trace_id", json!(tp.trace_id().to_string())),
                ("parent_id", json!(tp.parent_id().to_string())),
                ("flags", json!(tp.flags().to_string())),
                ("sampled", json!(tp.is_sampled())),
                ("random", json!(tp.is_random())),
                ("encoded", json!(metric.encode().as_str())),
            ])
        }
        Err(error) => Outcome::parse_error(error, fields),
    }
}
