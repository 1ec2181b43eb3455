//! (being written by a helper) number/string conversions.

/// Placeholder until the helper's module lands.
pub fn number_to_string(value: f64) -> String {
    let mut b = ryu_js::Buffer::new();
    b.format(value).to_string()
}
/// Placeholder.
pub fn string_to_number(units: &[u16]) -> f64 {
    String::from_utf16_lossy(units).trim().parse().unwrap_or(f64::NAN)
}
/// Placeholder.
pub fn parse_int(units: &[u16], _radix: i32) -> f64 {
    string_to_number(units).trunc()
}
/// Placeholder.
pub fn parse_float(units: &[u16]) -> f64 {
    string_to_number(units)
}
