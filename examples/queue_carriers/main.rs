//! Trace context through message queues: MQTT v5 user properties and Kafka
//! record headers, each modelled as the `(name, value)` list its client
//! library hands you. A consumer continues the producer's trace and
//! publishes onward with its own span id.
//!
//! ```sh
//! cargo run --example queue_carriers --features std,rand_core
//! ```

mod relay;

use relay::{kafka_relay, mqtt_relay};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = rand::rng();

    // MQTT v5: a PUBLISH arrives with user properties (CAR-13, CAR-14).
    let incoming = vec![
        ("unit".to_owned(), b"celsius".to_vec()),
        (
            "traceparent".to_owned(),
            b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_vec(),
        ),
        ("tracestate".to_owned(), b"congo=t61rcWkgMzE".to_vec()),
        ("baggage".to_owned(), b"site=plant-7".to_vec()),
    ];
    let outgoing = mqtt_relay(&incoming, &mut rng)?;
    println!("MQTT user properties out:");
    for (name, value) in &outgoing {
        println!("  {name}: {}", String::from_utf8_lossy(value));
    }

    // Kafka: record headers, last occurrence wins, null = missing (CAR-26).
    let record: Vec<(String, Option<Vec<u8>>)> = vec![
        (
            "traceparent".to_owned(),
            Some(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02".to_vec()),
        ),
        ("retry".to_owned(), Some(b"1".to_vec())),
        ("baggage".to_owned(), None),
    ];
    let headers = kafka_relay(&record, &mut rng)?;
    println!("Kafka record headers out:");
    for (name, value) in &headers {
        match value {
            Some(value) => println!("  {name}: {}", String::from_utf8_lossy(value)),
            None => println!("  {name}: (null)"),
        }
    }
    Ok(())
}
