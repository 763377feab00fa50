/// Escapes text for XML 1.0, so that any string (a hostile tool output, a check message quoting
/// one) reads back unchanged, or as close as XML 1.0 allows.
///
/// - `&`, `<` and `>` are always entities; in attributes `"` and `'` too.
/// - Characters XML 1.0 cannot hold at all, even as character references (C0 controls other than
///   tab, newline and carriage return, and U+FFFE/U+FFFF; Swift strings never hold lone
///   surrogates), become U+FFFD.
/// - Characters XML 1.0 allows but parsers rewrite or that readers choke on are character
///   references, so they survive a round trip: in attributes tab, newline and carriage return
///   (attribute-value normalization would turn them into spaces); in text carriage return (line-end
///   normalization would turn it into a newline); everywhere DEL and the C1 controls U+0080–U+009F
///   (legal in XML 1.0, illegal as literals in XML 1.1, discouraged by both).
enum XMLText {
    /// For an attribute value between double quotes.
    static func attribute(_ text: String) -> String {
        escape(text, inAttribute: true)
    }

    /// For character data (an element's text).
    static func text(_ text: String) -> String {
        escape(text, inAttribute: false)
    }

    /// Whether XML 1.0 can hold `scalar` at all (its `Char` production).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// `text` as XML 1.0 can hold it: every disallowed character replaced by U+FFFD. What a parser
    /// reads back from `attribute(text)` or `text(text)`.
    static func legal(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { output.append(isAllowed(scalar) ? scalar : "\u{FFFD}") }
        return String(output)
    }

    private static func escape(_ text: String, inAttribute: Bool) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where inAttribute: output += "&quot;"
            case "'" where inAttribute: output += "&apos;"
            case "\t" where inAttribute: output += "&#9;"
            case "\n" where inAttribute: output += "&#10;"
            case "\r": output += "&#13;"
            default:
                let value = scalar.value
                if !isAllowed(scalar) {
                    output += "\u{FFFD}"
                } else if value == 0x7F || (0x80...0x9F).contains(value) {
                    output += "&#\(value);"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }
}
