/// Whether `actual` is present and within `absolute` or `relative` (of `expected`) of `expected`.
/// Exact equality always counts, so infinities and exact zeros compare as themselves.
func isClose(_ actual: Double?, to expected: Double, absolute: Double = 0, relative: Double = 0) -> Bool {
    guard let actual else { return false }
    if actual == expected { return true }
    let difference = abs(actual - expected)
    return difference <= absolute || difference <= relative * abs(expected)
}
