import Foundation

/// What a report's screenshot shows, decoded by python3's zlib (the PNG format itself, no
/// imaging library): its size, how much of it is not white, how many colours it has, and
/// how many pixels are close to each of the chart's colours (the mark line's blue, the
/// liquidation line's red, the margin markers' green).
public struct ScreenshotProbe: Sendable, CustomStringConvertible {
    public let width: Int
    public let height: Int
    /// The share of pixels that are not pure white.
    public let nonWhite: Double
    public let colours: Int
    /// "blue", "red", "green" -> pixels within 60 (sum of channel differences) of that colour.
    public let near: [String: Int]

    public var description: String {
        "\(width)x\(height), \(nonWhite) non-white, \(colours) colours, near: \(near.sorted { $0.key < $1.key })"
    }

    /// What is wrong with this screenshot as a report with its charts drawn; empty when nothing.
    /// The one check every Chromium test makes, so the thresholds live in one place.
    ///
    /// Green counts triangles: the legend's is 60 pixels, each margin-added marker about 67
    /// more (adds at the same time share one marker). The default, 200, asks for the legend
    /// and at least three markers; a report with fewer distinct add times passes a lower
    /// `minimumGreen`, always above what the legend alone reaches.
    public func chartDefects(minimumGreen: Int = 200) -> [String] {
        var defects: [String] = []
        if width != 1200 || height != 900 { defects.append("the screenshot is not 1200x900") }
        if nonWhite <= 0.02 { defects.append("the page looks blank") }
        if colours <= 20 { defects.append("20 colours or fewer: nothing was drawn") }
        if near["blue", default: 0] <= 400 { defects.append("the mark price line (blue) is missing") }
        if near["red", default: 0] <= 200 { defects.append("the liquidation price line (red) is missing") }
        if near["green", default: 0] <= minimumGreen { defects.append("the margin-added markers (green) are missing") }
        return defects
    }

    /// Decodes `png` (8-bit RGB/RGBA), writing the decoder into `scratch`.
    public static func decode(_ png: URL, scratch: URL) async throws -> ScreenshotProbe {
        let script = scratch.appendingPathComponent("png-probe.py")
        try pngProbe.write(to: script, atomically: true, encoding: .utf8)
        let decoded = try await HeadlessChromium.run("/usr/bin/env", ["python3", script.path, png.path])
        guard decoded.status == 0,
            let json = try? JSONSerialization.jsonObject(with: Data(decoded.output.utf8)) as? [String: Any],
            let width = json["width"] as? Int, let height = json["height"] as? Int
        else { throw BrowserSupportError("the screenshot could not be decoded: \(decoded.output)") }
        return ScreenshotProbe(
            width: width, height: height, nonWhite: json["nonwhite"] as? Double ?? 0,
            colours: json["colours"] as? Int ?? 0, near: json["near"] as? [String: Int] ?? [:])
    }

    /// Decodes an 8-bit RGB/RGBA PNG (all five scanline filters) and prints, as JSON, its size,
    /// the share of non-white pixels, the number of distinct colours, and how many pixels are
    /// close to each of the chart's colours.
    static let pngProbe = #"""
        import json, struct, sys, zlib
        data = open(sys.argv[1], "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
        pos, idat = 8, b""
        while pos < len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b"IHDR": width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if kind == b"IDAT": idat += body
            pos += 12 + length
        assert depth == 8 and colour in (2, 6), (depth, colour)
        bpp = 3 if colour == 2 else 4
        raw, stride = zlib.decompress(idat), width * bpp
        rows, prev, i = [], bytearray(stride), 0
        for _ in range(height):
            f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
            for x in range(stride if f else 0):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line); prev = line
        counts = {}
        for line in rows:
            for px in zip(line[0::bpp], line[1::bpp], line[2::bpp]): counts[px] = counts.get(px, 0) + 1
        targets = {"blue": (9, 105, 218), "red": (209, 36, 47), "green": (26, 127, 55)}
        near = {k: sum(n for px, n in counts.items() if sum(abs(px[j] - t[j]) for j in range(3)) <= 60)
                for k, t in targets.items()}
        nonwhite = width * height - counts.get((255, 255, 255), 0)
        print(json.dumps({"width": width, "height": height, "nonwhite": nonwhite / (width * height),
                          "colours": len(counts), "near": near}))
        """#
}
