import Foundation

/// Checks of an HTML report's text that a screenshot cannot make: every inline SVG is
/// well-formed XML, and nothing on the page is fetched from the network.
public enum ReportPageChecks {
    /// Parses each `<svg>…</svg>` of `page` with python3's `xml.etree.ElementTree` (the
    /// script goes into `scratch`). Returns how many there are and why each that failed did.
    public static func svgs(of page: URL, scratch: URL) async throws -> (count: Int, errors: [String]) {
        let script = scratch.appendingPathComponent("svg-parse.py")
        try svgParse.write(to: script, atomically: true, encoding: .utf8)
        let parsed = try await HeadlessChromium.run("/usr/bin/env", ["python3", script.path, page.path])
        guard parsed.status == 0,
            let json = try? JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [String: Any],
            let count = json["count"] as? Int
        else { throw BrowserSupportError("the SVG check did not run: \(parsed.output)") }
        return (count, json["errors"] as? [String] ?? [])
    }

    /// Every reference in `html` that a browser would fetch from the network: an `http:`,
    /// `https:` or protocol-relative (`//host`) URL in a `src`/`href` attribute or a CSS
    /// `url(…)`, and any CSS `@import`. (The SVG namespace, `xmlns="http://…"`, is a name,
    /// not a fetch, and is not counted.)
    public static func networkReferences(in html: String) -> [String] {
        let pattern =
            #"(?i)\b(?:src|href|xlink:href|srcset|poster|action)\s*=\s*["']?\s*(?:https?:)?//[^"'\s>]*"#
            + #"|url\(\s*["']?\s*(?:https?:)?//[^)]*\)|@import[^;]*"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(html.startIndex..., in: html)
        return regex.matches(in: html, range: range).compactMap { Range($0.range, in: html).map { String(html[$0]) } }
    }

    static let svgParse = #"""
        import json, re, sys, xml.etree.ElementTree as ET
        text = open(sys.argv[1], encoding="utf-8").read()
        svgs = re.findall(r"<svg\b.*?</svg>", text, re.S)
        errors = []
        for n, svg in enumerate(svgs):
            try:
                root = ET.fromstring(svg)
                if not root.tag.endswith("svg"): errors.append(f"svg {n}: root is {root.tag}")
            except ET.ParseError as e:
                errors.append(f"svg {n}: {e}")
        print(json.dumps({"count": len(svgs), "errors": errors}))
        """#
}
